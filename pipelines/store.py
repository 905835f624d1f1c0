"""Store: batched upserts of listings, rejects kept, and the crawl_runs row of the crawl.

The row is opened when the spider opens and closed on `spider_closed`, whatever the reason, with
the counts, the per-board outcome and a status: `finished`, `failed` (a board's first page failed,
or the crawl stopped abnormally, e.g. on its error budget), `interrupted` (shut down by a signal)
or `suspect` (a board's listing count collapsed against its recent good runs). Only a `finished`
run expires listings, and only of its `complete` boards (store/expiry.py).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy import Connection

from opportunities.items import Listing, Reject
from opportunities.redact import redact_arguments
from store.db import get_engine, masked
from store.expiry import expire, find_expired
from store.listings import UpsertResult, jsonable, upsert_listings
from store.migrate import ensure_current
from store.runs import (
    add_rejects,
    add_to_counts,
    board_baseline,
    close_dead_runs,
    finish_run,
    start_run,
)

logger = logging.getLogger(__name__)

INTERRUPTED_REASONS = frozenset({"shutdown"})
KEPT_STATS = (
    "downloader/request_count", "downloader/response_count", "item_scraped_count",
    "response_received_count", "retry/count", "retry/max_reached", "elapsed_time_seconds",
    "log_count/ERROR", "log_count/WARNING", "robotstxt/forbidden", "replay/hits", "replay/misses",
)  # fmt: skip


class StorePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.database_url: str = settings["DATABASE_URL"]
        self.batch_size = settings.getint("STORE_BATCH_SIZE", 100)
        self.auto_upgrade = settings.getbool("DATABASE_AUTO_UPGRADE", True)
        self.expire_after_runs = settings.getint("EXPIRE_AFTER_RUNS", 2)
        self.expire_min_age_hours = settings.getfloat("EXPIRE_MIN_AGE_HOURS", 24.0)
        self.suspect_drop_ratio = settings.getfloat("SUSPECT_DROP_RATIO", 0.5)
        self.suspect_min_baseline = settings.getfloat("SUSPECT_MIN_BASELINE", 4)
        self.engine = get_engine(self.database_url)
        self.run_id: int | None = None
        self.listings: list[dict[str, Any]] = []
        self.rejects: list[dict[str, Any]] = []
        self.counts = UpsertResult()
        self.scraped = 0
        self.rejected = 0
        self.items_by_board: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        ensure_current(self.database_url, auto_upgrade=self.auto_upgrade)
        spider = self.crawler.spider
        assert spider is not None
        arguments = redact_arguments(
            {key: getattr(spider, key) for key in getattr(spider, "arguments", ())
             if getattr(spider, key, None) is not None}
            | {"boards": list(getattr(spider, "boards", ()))}
        )  # fmt: skip
        with self.engine.begin() as connection:
            if dead := close_dead_runs(connection):
                logger.warning("closed crawl run(s) %s as interrupted: their process died", dead)
            self.run_id = start_run(connection, spider.name, arguments)
        self.crawler.stats.set_value("opportunities/run_id", self.run_id)
        logger.info("crawl run %s started, storing into %s", self.run_id, masked(self.database_url))

    def process_item(self, item: Any) -> Any:
        self.scraped += 1
        if isinstance(item, Reject):
            logger.warning(
                "rejected %s item from %s: %s", item.source, item.url or "?", item.reason[:500]
            )
            self.rejects.append(dataclasses.asdict(item))
            self.rejected += 1
        elif isinstance(item, Listing):
            row = dataclasses.asdict(item)
            row["raw"] = jsonable(row["raw"])
            self.listings.append(row)
            self.items_by_board[item.board] = self.items_by_board.get(item.board, 0) + 1
        else:
            raise TypeError(f"unexpected item type {type(item).__name__}")
        if len(self.listings) + len(self.rejects) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        if not self.listings and not self.rejects:
            return
        with self.engine.begin() as connection:
            self.counts += upsert_listings(connection, self.listings, run_id=self.run_id)
            add_rejects(connection, self.run_id, self.rejects)
        self.listings.clear()
        self.rejects.clear()

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        stats = self.crawler.stats
        boards: dict[str, dict[str, Any]] = (
            spider.board_report() if hasattr(spider, "board_report") else {}
        )
        for board, count in self.items_by_board.items():
            boards.setdefault(board, {"status": "complete"})["listings"] = count
        counts = {
            "items_scraped": self.scraped,
            "items_new": self.counts.new,
            "items_updated": self.counts.updated,
            "items_unchanged": self.counts.unchanged,
            "items_rejected": self.rejected,
            "errors": stats.get_value("log_count/ERROR", 0),
        }
        kept = {
            key: jsonable(value)
            for key, value in stats.get_stats().items()
            if value and (key in KEPT_STATS or key.startswith(f"{spider.name}/"))
        }
        with self.engine.begin() as connection:
            self._mark_suspect_boards(connection, spider.name, boards)
            status, finish_reason = run_status(reason, boards)
            finish_run(
                connection,
                self.run_id,
                status=status,
                finish_reason=finish_reason,
                counts=counts,
                boards=boards,
                stats=kept,
            )
            expired = self._expire(connection, spider.name, boards) if status == "finished" else 0
        counts["items_expired"] = expired
        stats.set_value("opportunities/status", status)
        logger.info(
            "crawl run %s %s (%s): %s", self.run_id, status, finish_reason,
            ", ".join(f"{k.removeprefix('items_')} {v}" for k, v in counts.items()),
        )  # fmt: skip

    def _mark_suspect_boards(
        self, connection: Connection, spider: str, boards: dict[str, dict[str, Any]]
    ) -> None:
        """A complete board whose listing count collapsed against its recent good runs is
        `suspect`: the source probably changed or hid postings, so the run proves nothing."""
        for board, report in boards.items():
            if report["status"] != "complete":
                continue
            baseline = board_baseline(connection, spider, board, before=self.run_id)
            count = report.get("listings", 0)
            if (
                baseline is not None
                and baseline >= self.suspect_min_baseline
                and (count < baseline * self.suspect_drop_ratio)
            ):
                report["status"] = "suspect"
                report["problems"] = [
                    f"{count} listings against a median of {baseline:g} in recent good runs"
                ]

    def _expire(
        self, connection: Connection, spider: str, boards: dict[str, dict[str, Any]]
    ) -> int:
        if self.expire_after_runs < 1:
            return 0
        complete = [(spider, board) for board, report in boards.items()
                    if report["status"] == "complete"]  # fmt: skip
        expiries = find_expired(
            connection,
            after_runs=self.expire_after_runs,
            min_age_hours=self.expire_min_age_hours,
            sources=complete,
        )
        expired = expire(connection, expiries, run_id=self.run_id)
        if expired:
            add_to_counts(connection, self.run_id, items_expired=expired)
        return expired


def run_status(reason: str, boards: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """The run's status and finish reason from Scrapy's close reason and the board outcomes."""
    failed = sorted(board for board, report in boards.items() if report["status"] == "failed")
    suspect = sorted(board for board, report in boards.items() if report["status"] == "suspect")
    if reason in INTERRUPTED_REASONS:
        status = "interrupted"
    elif reason != "finished" or failed:
        status = "failed"
    elif suspect:
        status = "suspect"
    else:
        status = "finished"
    details = []
    if failed:
        failures = "; ".join(f"{b}: {boards[b].get('failure', '?')}" for b in failed[:5])
        details.append(f"{len(failed)} of {len(boards)} board(s) failed: {failures}")
    if suspect:
        problems = "; ".join(f"{b}: {boards[b]['problems'][0]}" for b in suspect[:5])
        details.append(f"{len(suspect)} board(s) suspect: {problems}")
    return status, "; ".join([reason, *details])
