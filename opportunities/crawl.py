"""Running crawls in this process: the same settings, pipelines and crawl_runs rows as
`scrapy crawl`, for one spider or all of them at once."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "opportunities.settings")

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from twisted.python.failure import Failure

from opportunities.sources import load_sources


@dataclass
class CrawlResult:
    spider: str
    run_id: int | None
    error: str | None = None


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    settings = get_project_settings()
    settings.setdict(dict(overrides or {}), priority="cmdline")
    return settings


def spider_names(settings: Settings) -> list[str]:
    from scrapy.spiderloader import get_spider_loader

    return sorted(get_spider_loader(settings).list())


def configured_spiders() -> list[str]:
    """Spiders with an enabled `sources.toml` entry: what `--all` crawls."""
    return [name for name, config in load_sources().items() if config.enabled]


def run_crawls(
    names: Iterable[str],
    *,
    spider_arguments: Mapping[str, str] | None = None,
    settings: Settings,
) -> list[CrawlResult]:
    """Run the spiders concurrently in one reactor and return what became of each."""
    process = CrawlerProcess(settings)
    results: list[tuple[Crawler, CrawlResult]] = []
    for name in names:
        crawler = process.create_crawler(name)
        result = CrawlResult(spider=name, run_id=None)
        results.append((crawler, result))
        deferred = process.crawl(crawler, **dict(spider_arguments or {}))
        deferred.addErrback(_remember_error, result)
    process.start()
    for crawler, result in results:
        if crawler.stats is not None:
            result.run_id = crawler.stats.get_value("opportunities/run_id")
    return [result for _, result in results]


def _remember_error(failure: Failure, result: CrawlResult) -> None:
    result.error = f"{type(failure.value).__name__}: {failure.value}"
