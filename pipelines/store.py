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
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from opportunities.crawl import log_format
from opportunities.items import Listing, Reject
from opportunities.redact import redact_arguments
from pipelines.checks import Thresholds, run_checks, run_status, suspect_problem
from pipelines.stage import json_safe
from store.db import get_engine, masked
from store.expiry import expire, find_expired
from store.listings import UpsertResult, jsonable, touch_listings, upsert_listings
from store.migrate import ensure_current
from store.runs import (
    add_rejects,
    add_to_counts,
    board_baseline,
    close_dead_runs,
    finish_run,
    set_log_path,
    start_run,
    update_counts,
)

logger = logging.getLogger(__name__)

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
        self.thresholds = Thresholds(
            suspect_drop_ratio=settings.getfloat("SUSPECT_DROP_RATIO", 0.5),
            suspect_min_baseline=settings.getfloat("SUSPECT_MIN_BASELINE", 4),
            description_coverage=getattr(
                crawler.spidercls, "description_coverage",
                settings.getfloat("DESCRIPTION_COVERAGE_FLOOR", 0.95),
            ),
            max_retry_ratio=settings.getfloat("MAX_RETRY_RATIO", 0.2),
        )  # fmt: skip
        self.with_description = 0
        self.log_handler: logging.Handler | None = None
        # Rejected postings whose id we know (their listings count as seen), and per board how
        # many rejects could not be tied to a listing.
        self.seen_rejected: dict[str, set[str]] = {}
        self.unidentified_rejects: dict[str, int] = {}
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
            set_log_path(connection, self.run_id, self._open_log(spider.name))
        self.crawler.stats.set_value("opportunities/run_id", self.run_id)
        logger.info("crawl run %s started, storing into %s", self.run_id, masked(self.database_url))

    def process_item(self, item: Any) -> Any:
        self.scraped += 1
        if isinstance(item, Reject):
            self._reject(item)
        elif isinstance(item, Listing):
            self.listings.append(dataclasses.asdict(item))
            self.items_by_board[item.board] = self.items_by_board.get(item.board, 0) + 1
            self.with_description += bool(item.description_text)
        else:
            raise TypeError(f"unexpected item type {type(item).__name__}")
        if len(self.listings) + len(self.rejects) >= self.batch_size:
            self.flush()
        return item

    def _reject(self, reject: Reject) -> None:
        """Keep a reject. One with the posting's id keeps that posting's stored listing alive;
        one without leaves its board unproven (`incomplete`): nothing of it may expire."""
        logger.warning(
            "rejected %s item from %s: %s", reject.source, reject.url or "?", reject.reason[:500]
        )
        self.rejects.append(dataclasses.asdict(reject) | {"payload": json_safe(reject.payload)})
        self.rejected += 1
        if reject.source_id:
            self.seen_rejected.setdefault(reject.source, set()).add(reject.source_id)
        elif not reject.whole_page:
            self.unidentified_rejects[reject.board] = (
                self.unidentified_rejects.get(reject.board, 0) + 1
            )

    def flush(self) -> None:
        if not self.listings and not self.rejects:
            return
        listings, rejects = list(self.listings), list(self.rejects)
        self.listings.clear()
        self.rejects.clear()
        try:
            self._write(listings, rejects)
        except SQLAlchemyError as error:
            # One bad value must not cost the whole batch: write what can be written, one by
            # one, and keep what cannot as a reject saying why.
            logger.error("a batch of %d listings failed (%s); writing them one by one",
                         len(listings), str(error).splitlines()[0][:300])  # fmt: skip
            for row in listings:
                try:
                    self._write([row], [])
                except SQLAlchemyError as row_error:
                    self._unstored(row, row_error)
            for reject in rejects:
                try:
                    self._write([], [reject])
                except SQLAlchemyError as reject_error:
                    logger.error("reject from %s could not be stored: %s", reject.get("url"),
                                 str(reject_error).splitlines()[0][:300])  # fmt: skip
            self._write([], self.rejects)
            self.rejects.clear()

    def _write(self, listings: list[dict[str, Any]], rejects: list[dict[str, Any]]) -> None:
        with self.engine.begin() as connection:
            self.counts += upsert_listings(connection, listings, run_id=self.run_id)
            add_rejects(connection, self.run_id, rejects)
            for source, source_ids in self.seen_rejected.items():
                touch_listings(connection, source, source_ids, run_id=self.run_id)
            self.seen_rejected.clear()
            if self.run_id is not None:  # progress for `crawl` and `runs` while it runs
                update_counts(connection, self.run_id, self._counts())

    def _unstored(self, row: dict[str, Any], error: SQLAlchemyError) -> None:
        logger.error("listing %s could not be stored: %s", row.get("url"),
                     str(error).splitlines()[0][:300])  # fmt: skip
        self.items_by_board[row["board"]] -= 1
        self.unidentified_rejects[row["board"]] = self.unidentified_rejects.get(row["board"], 0) + 1
        self.rejects.append(
            {"source": row["source"], "board": row["board"], "url": row.get("url"),
             "reason": f"could not store: {str(error).splitlines()[0][:500]}",
             "payload": json_safe(row.get("raw"))}
        )  # fmt: skip
        self.rejected += 1

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
        for board, count in self.unidentified_rejects.items():
            report = boards.setdefault(board, {"status": "complete"})
            if report["status"] == "complete":
                report["status"] = "incomplete"
            report.setdefault("problems", []).append(
                f"{count} posting(s) could not be read or stored: nothing of this board expires"
            )
        counts = self._counts()
        kept = {
            key: jsonable(value)
            for key, value in stats.get_stats().items()
            if value and (key in KEPT_STATS or key.startswith(f"{spider.name}/"))
        }
        with self.engine.begin() as connection:
            for board, report in boards.items():
                if report["status"] != "complete":
                    continue
                baseline = board_baseline(connection, spider.name, board, before=self.run_id)
                if problem := suspect_problem(report.get("listings", 0), baseline, self.thresholds):
                    report |= {"status": "suspect", "problems": [problem]}
            status, finish_reason = run_status(reason, boards)
            checks = run_checks(
                reason=reason,
                boards=boards,
                listings=sum(self.items_by_board.values()),
                with_description=self.with_description,
                errors=counts["errors"],
                requests=stats.get_value("downloader/request_count", 0),
                retries=stats.get_value("retry/count", 0),
                thresholds=self.thresholds,
            )
            finish_run(
                connection,
                self.run_id,
                status=status,
                finish_reason=finish_reason,
                counts=counts,
                boards=boards,
                stats=kept,
                checks=checks,
            )
            expired = self._expire(connection, spider.name, boards) if status == "finished" else 0
        counts["items_expired"] = expired
        stats.set_value("opportunities/status", status)
        failing = [c["check"] for c in checks if not c["ok"]]
        logger.info(
            "crawl run %s %s (%s): %s%s", self.run_id, status, finish_reason,
            ", ".join(f"{k.removeprefix('items_')} {v}" for k, v in counts.items()),
            f"; failing checks: {', '.join(failing)}" if failing else "",
        )  # fmt: skip
        if self.log_handler is not None:
            logging.getLogger().removeHandler(self.log_handler)
            self.log_handler.close()

    def _counts(self) -> dict[str, int]:
        return {
            "items_scraped": self.scraped,
            "items_new": self.counts.new,
            "items_updated": self.counts.updated,
            "items_unchanged": self.counts.unchanged,
            "items_rejected": self.rejected,
            "errors": self.crawler.stats.get_value("log_count/ERROR", 0),
        }

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
        if expired and self.run_id is not None:
            add_to_counts(connection, self.run_id, items_expired=expired)
        return expired

    def _open_log(self, spider: str) -> str:
        """The run's own log file: Scrapy's LOG_FILE when the runner set one, else a file next to
        the other runs of the spider, fed from the root logger for the crawl's lifetime."""
        settings = self.crawler.settings
        if settings.get("LOG_FILE"):
            return str(settings["LOG_FILE"])
        path = Path(settings.get("LOG_DIR") or "logs") / spider / f"run-{self.run_id}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.log_handler = logging.FileHandler(path, encoding="utf-8")
        self.log_handler.setFormatter(logging.Formatter(log_format(spider)))
        self.log_handler.setLevel(settings.get("LOG_LEVEL", "INFO"))
        logging.getLogger().addHandler(self.log_handler)
        return str(path)
