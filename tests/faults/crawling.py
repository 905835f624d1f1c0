"""Crawls against the fault server, the payloads it serves, and reads of what they stored."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from tests.faults.server import FaultServer
from tests.support import ROOT, SAMPLES, run, table_rows

GREENHOUSE_SAMPLE = SAMPLES / "greenhouse" / "amplitude-jobs-content-full.json"
ARBEITNOW_SAMPLE = SAMPLES / "arbeitnow" / "job-board-api-100-jobs-bronze.json"
GREENHOUSE_JOBS = "/v1/boards/amplitude/jobs"
ARBEITNOW_PAGES = "/api/job-board-api"
ARBEITNOW_FIRST_PAGE_SIZE = 60

# Tiny waits: the whole matrix must run in minutes, and no test may hang on a stalled socket.
FAST_SETTINGS = {
    "RETRY_TIMES": "2",
    "RETRY_BACKOFF_BASE": "0.05",
    "RETRY_BACKOFF_MAX": "0.2",
    "AUTOTHROTTLE_ENABLED": "False",
}
FAST_ENV = {"OPPORTUNITIES_DOWNLOAD_TIMEOUT": "5"}
# A faulty run with the most eager expiry: were it counted as good, it would expire every
# listing it did not see.
EAGER_EXPIRY = {"EXPIRE_AFTER_RUNS": "1", "EXPIRE_MIN_AGE_HOURS": "0"}
DEFAULT_ARGUMENTS = {"greenhouse": {"board": "amplitude"}}
SEEDED_SOURCES = '[greenhouse]\nboards = ["amplitude"]\n\n[arbeitnow]\n'


@cache
def _greenhouse_sample() -> dict[str, Any]:
    return json.loads(GREENHOUSE_SAMPLE.read_text(encoding="utf-8"))


@cache
def _arbeitnow_sample() -> dict[str, Any]:
    return json.loads(ARBEITNOW_SAMPLE.read_text(encoding="utf-8"))


def greenhouse_jobs(count: int | None = None) -> list[dict[str, Any]]:
    """The real Amplitude postings; with `count`, more made from them (new ids and URLs)."""
    real = _greenhouse_sample()["jobs"]
    if count is None:
        return copy.deepcopy(real)
    jobs = []
    for index in range(count):
        job = copy.deepcopy(real[index % len(real)])
        if index >= len(real):
            job["id"] = 9_000_000_000 + index
            job["absolute_url"] = f"https://job-boards.greenhouse.io/amplitude/jobs/{job['id']}"
            job["title"] = f"{job['title']} #{index}"
        jobs.append(job)
    return jobs


def greenhouse_board(jobs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    jobs = greenhouse_jobs() if jobs is None else jobs
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


def greenhouse_body(jobs: list[dict[str, Any]] | None = None) -> bytes:
    """The board as Greenhouse sends it (indented JSON, non-ASCII as is)."""
    return json.dumps(greenhouse_board(jobs), indent=1, ensure_ascii=False).encode("utf-8")


def arbeitnow_jobs() -> list[dict[str, Any]]:
    return copy.deepcopy(_arbeitnow_sample()["data"])


def arbeitnow_page(page: int) -> dict[str, Any]:
    """The real 100 postings on two pages (60 + 40) linked by `links.next`."""
    jobs = arbeitnow_jobs()
    if page == 1:
        following = "https://www.arbeitnow.com/api/job-board-api?page=2"
        return {"data": jobs[:ARBEITNOW_FIRST_PAGE_SIZE], "links": {"next": following}}
    return {"data": jobs[ARBEITNOW_FIRST_PAGE_SIZE:], "links": {"next": None}}


def _flags(
    spider: str,
    arguments: Mapping[str, str] | None,
    settings: Mapping[str, str] | None,
) -> list[str]:
    arguments = {**DEFAULT_ARGUMENTS.get(spider, {}), **(arguments or {})}
    settings = {**FAST_SETTINGS, **(settings or {})}
    flags = [flag for name, value in arguments.items() for flag in ("-a", f"{name}={value}")]
    return flags + [flag for name, value in settings.items() for flag in ("-s", f"{name}={value}")]


def crawl(
    spider: str,
    server: FaultServer | str,
    database_url: str,
    *,
    arguments: Mapping[str, str] | None = None,
    settings: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 90,
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl SPIDER` against `server` (or an api_base URL) with the fast settings."""
    base = server if isinstance(server, str) else server.base
    flags = _flags(spider, {"api_base": base, **(arguments or {})}, settings)
    return run(
        "scrapy", "crawl", spider, *flags,
        database_url=database_url, env={**FAST_ENV, **(env or {})}, timeout=timeout,
    )  # fmt: skip


def crawl_together(
    spiders: list[str],
    server: FaultServer,
    database_url: str,
    *,
    settings: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`opportunities crawl A B …`: the spiders in one process (boards from OPPORTUNITIES_SOURCES
    in `env`, since `-a` would go to every spider)."""
    flags = _flags("", {"api_base": server.base}, settings)
    return run(
        "opportunities", "crawl", *spiders, *flags,
        database_url=database_url, env={**FAST_ENV, **(env or {})},
    )  # fmt: skip


def start_crawl(
    spider: str,
    server: FaultServer,
    database_url: str,
    log: Path,
    *,
    settings: Mapping[str, str] | None = None,
) -> subprocess.Popen[str]:
    """`scrapy crawl` in the background, for tests that kill it or run two at once; its output
    goes to `log` (a pipe nobody reads would stall the crawl once full)."""
    flags = _flags(spider, {"api_base": server.base}, settings)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "OPPORTUNITIES_DOWNLOAD_DELAY": "0",
        **FAST_ENV,
    }
    with log.open("w", encoding="utf-8") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", spider, *flags],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )


# Reading what was stored ---------------------------------------------------------------------


def listings_by_key(database_url: str, source: str | None = None) -> dict[str, dict[str, Any]]:
    rows = table_rows(database_url, "listings")
    return {row["source_id"]: row for row in rows if source is None or row["source"] == source}


def runs(database_url: str, spider: str | None = None) -> list[dict[str, Any]]:
    rows = table_rows(database_url, "crawl_runs")
    return [row for row in rows if spider is None or row["spider"] == spider]


def last_run(database_url: str, spider: str) -> dict[str, Any]:
    return runs(database_url, spider)[-1]


def rejects_of(database_url: str, run_id: int) -> list[dict[str, Any]]:
    return [row for row in table_rows(database_url, "rejects") if row["crawl_run_id"] == run_id]


def assert_nothing_lost(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> None:
    """Every listing stored before is still there, live, with the same content."""
    assert set(before) <= set(after), f"listings lost: {sorted(set(before) - set(after))}"
    expired = sorted(key for key in before if after[key]["expired_at"] is not None)
    assert not expired, f"listings expired by a run that was not good: {expired}"
    changed = sorted(k for k in before if before[k]["content_hash"] != after[k]["content_hash"])
    assert not changed, f"listings changed: {changed}"
