"""One module per source family. Scrapy finds every spider here (SPIDER_MODULES = ["spiders"])."""
