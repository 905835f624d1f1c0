"""Item pipelines: clean → validate → store (settings.ITEM_PIPELINES).

Each stage's logic is a pure function beside its thin Scrapy class, so it is testable without a
crawl. Rejects pass through untouched and are stored by the last stage.
"""
