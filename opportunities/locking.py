"""The crawl-level guard: a Scrapy extension that takes the source's lock before anything runs
and gives it back when the engine stops (store/locks.py does the database work)."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from store.locks import SourceLock
from store.migrate import ensure_current

logger = logging.getLogger(__name__)


class SourceLockExtension:
    def __init__(self, lock: SourceLock):
        self.lock = lock

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceLockExtension:
        settings = crawler.settings
        if not settings.getbool("SOURCE_LOCKS_ENABLED", True) or crawler.spidercls is None:
            raise NotConfigured
        url = settings["DATABASE_URL"]
        ensure_current(url, auto_upgrade=settings.getbool("DATABASE_AUTO_UPGRADE", True))
        lock = SourceLock(url, crawler.spidercls.name)
        lock.acquire()  # SourceLocked stops the crawl before it starts
        logger.info("holding the %s source lock", crawler.spidercls.name)
        extension = cls(lock)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        self.lock.release()
