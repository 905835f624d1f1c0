"""Remotive: the pure parser on the real sample, the daily fetch budget, and whole crawls against
a local server."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from spiders._payload import PayloadError
from spiders.remotive import jobs_url, parse_remote_jobs
from store.db import get_engine
from store.quota import fetches_since
from store.runs import RUNS, finish_run, start_run
from tests.support import SAMPLES, LocalServer, crawl, run, table_rows

SAMPLE = SAMPLES / "remotive" / "remote-jobs-2026-07-legal-notice.json"
JOBS_PATH = "/api/remote-jobs"


@pytest.fixture
def payload() -> dict:
    return json.loads(SAMPLE.read_text())


def logged_stat(result: subprocess.CompletedProcess[str], key: str) -> Any:
    """One value of the Scrapy stats the crawl dumped into its log (None when absent)."""
    match = re.search(rf"'{re.escape(key)}': ([^,\n]+)", result.stderr)
    return None if match is None else json.loads(match.group(1).replace("True", "true"))


def test_parse_remote_jobs_maps_every_posting(payload: dict) -> None:
    listings = [clean_listing(item) for item in parse_remote_jobs(payload, board="")]

    assert [type(item) for item in listings] == [Listing] * 4
    assert [item.source_id for item in listings] == ["2091048", "2086540", "2090949", "2091047"]
    first = listings[0]
    assert first.title == "Product Sales Specialist - Pet Health"
    assert first.company == "Tribe Wellness"
    assert first.url == (
        "https://remotive.com/remote-jobs/sales/product-sales-specialist-pet-health-2091048"
    )
    assert first.location_raw == "USA, CST (UTC-6)"
    assert first.posted_raw == "2026-07-09T08:01:56"
    assert first.posted_at == datetime(2026, 7, 9, 8, 1, 56, tzinfo=UTC)  # no zone given: UTC
    assert first.employment_type_raw == "full_time"
    assert first.pay_raw == "$55k - $100k"
    assert first.hints == {"employment_types": ["FULL_TIME"], "remote": "remote"}
    assert first.attribution == f"Job listing from Remotive — {first.url}"
    assert first.description_text.startswith("Must Love Dogs!!")
    assert first.raw["tags"] == ["excel", "salesforce", "video", "spark"]
    telus = listings[3]
    assert (telus.company, telus.location_raw) == ("TELUS Digital", "Canada")
    assert telus.pay_raw is None  # "salary": ""
    assert telus.hints == {"employment_types": ["PART_TIME"], "remote": "remote"}


def test_a_bad_posting_is_a_reject_and_a_wrong_shape_a_payload_error(payload: dict) -> None:
    items = list(parse_remote_jobs({"jobs": [42, payload["jobs"][0]]}, board=""))

    assert isinstance(items[0], Reject) and "unusable posting" in items[0].reason
    assert isinstance(items[1], Listing)
    with pytest.raises(PayloadError, match="jobs"):
        list(parse_remote_jobs({"0-legal-notice": "…"}, board=""))


def test_boards_are_categories_and_search_is_passed_on() -> None:
    assert jobs_url("") == "https://remotive.com/api/remote-jobs"
    assert jobs_url("software-dev", search="data analyst") == (
        "https://remotive.com/api/remote-jobs?category=software-dev&search=data%20analyst"
    )


def add_run(
    url: str, *, hours_ago: float, boards: list[str], stats: dict[str, Any], running: bool = False
) -> None:
    with get_engine(url).begin() as connection:
        run_id = start_run(connection, "remotive", {"boards": boards})
        if not running:
            finish_run(connection, run_id, status="finished", finish_reason="finished",
                       counts={}, stats=stats)  # fmt: skip
        started = datetime.now(UTC) - timedelta(hours=hours_ago)
        connection.execute(update(RUNS).where(RUNS.c.id == run_id).values(started_at=started))


def test_the_budget_counts_live_fetches_of_the_last_24_hours(database_url: str) -> None:
    fetched = {"downloader/request_count": 2}
    add_run(database_url, hours_ago=1, boards=[""], stats=fetched)
    add_run(database_url, hours_ago=2, boards=["software-dev", "sales"], stats=fetched)
    add_run(database_url, hours_ago=3, boards=[""], stats=fetched | {"replay/hits": 1})
    add_run(database_url, hours_ago=4, boards=[""], stats={})  # closed before any request
    add_run(database_url, hours_ago=5, boards=[""], stats={}, running=True)  # may have fetched
    add_run(database_url, hours_ago=25, boards=[""], stats=fetched)

    since = datetime.now(UTC) - timedelta(hours=24)
    assert fetches_since(database_url, "remotive", since) == 4
    assert fetches_since(database_url, "remoteok", since) == 0


def test_crawl_against_a_local_server_stores_every_posting(
    server: LocalServer, database_url: str
) -> None:
    server.add(JOBS_PATH, SAMPLE.read_bytes())

    result = crawl("remotive", "search=sales", f"api_base={server.base}", database_url=database_url)

    assert result.returncode == 0, result.stderr[-3000:]
    assert ("GET", "/api/remote-jobs?search=sales", b"") in server.requests
    listings = table_rows(database_url, "listings", order_by="source_id")
    assert [row["source_id"] for row in listings] == ["2086540", "2090949", "2091047", "2091048"]
    assert [row["company"] for row in listings] == [
        "Credit Wellness, LLC", "FSE LLC", "TELUS Digital", "Tribe Wellness",
    ]  # fmt: skip
    assert all(row["attribution"] == f"Job listing from Remotive — {row['url']}"
               for row in listings)  # fmt: skip
    assert listings[0]["hints"] == {"employment_types": ["FULL_TIME"], "remote": "remote"}
    assert listings[0]["posted_at"] == datetime(2026, 7, 8, 21, 48, 18, tzinfo=UTC)
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert (crawl_run["status"], crawl_run["items_new"]) == ("finished", 4)
    assert crawl_run["arguments"]["search"] == "sales"
    assert logged_stat(result, "remotive/daily_budget") == 4
    assert logged_stat(result, "remotive/daily_budget_used") == 0
    assert logged_stat(result, "remotive/daily_budget_remaining") == 3


def test_a_spent_daily_budget_closes_the_spider_before_any_request(
    server: LocalServer, sqlite_url: str
) -> None:
    server.add(JOBS_PATH, SAMPLE.read_bytes())
    add_run(sqlite_url, hours_ago=2, boards=["", "sales", "devops"],
            stats={"downloader/request_count": 3})  # fmt: skip

    result = crawl("remotive", "board=software-dev,sales", f"api_base={server.base}",
                   database_url=sqlite_url)  # fmt: skip

    assert server.requests == []
    assert "Remotive daily budget spent: 3 of 4 fetches used" in result.stderr
    assert logged_stat(result, "remotive/daily_budget_remaining") == 1
    runs = table_rows(sqlite_url, "crawl_runs")
    assert runs[-1]["finish_reason"] == "remotive_daily_budget_spent"
    assert runs[-1]["items_scraped"] == 0
    assert table_rows(sqlite_url, "listings") == []


def test_a_replay_sends_nothing_to_remotive_so_the_budget_does_not_apply(
    sqlite_url: str,
) -> None:
    add_run(sqlite_url, hours_ago=1, boards=["", "a", "b", "c"],
            stats={"downloader/request_count": 4})  # fmt: skip

    result = run("opportunities", "crawl", "remotive", "--replay", database_url=sqlite_url)

    assert result.returncode == 0, result.stderr[-3000:]
    assert logged_stat(result, "remotive/daily_budget_used") is None
    latest = table_rows(sqlite_url, "crawl_runs")[-1]
    assert (latest["status"], latest["items_new"]) == ("finished", 4)
