"""Working Nomads: the exposed_jobs parser on the real sample and whole crawls."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._payload import PayloadError
from spiders.workingnomads import parse_jobs
from tests.support import SAMPLES, LocalServer, crawl, run, table_rows

SAMPLE = SAMPLES / "workingnomads" / "exposed-jobs-api.json"
JOBS_PATH = "/api/exposed_jobs/"


@pytest.fixture
def jobs() -> list[dict[str, Any]]:
    return json.loads(SAMPLE.read_text())


def test_parse_jobs_maps_every_job(jobs: list) -> None:
    listings = [clean_listing(item) for item in parse_jobs(jobs)]

    assert all(isinstance(item, Listing) and not listing_problems(item) for item in listings)
    assert [item.source_id for item in listings] == ["1719512", "1719508", "1713292", "1712616"]
    first = listings[0]
    assert first.url == "https://www.workingnomads.com/job/go/1719512/"
    assert (first.title, first.company) == (
        "AI Content Analyst (No Experience Required)",
        "Peroptyx",
    )
    assert [item.location_text for item in listings] == [
        "Australia", "Canada", "Global", "Japan - Remote",
    ]  # fmt: skip
    assert first.posted_at == datetime(2026, 7, 10, 13, 24, 39, tzinfo=UTC)
    assert first.hints == {"remote": "remote"}  # a remote-only board
    assert first.description_text.startswith("Help Shape the Future of AI — From Anywhere")
    assert first.raw["tags"] == "analyst,english,media,researcher"


def test_a_bad_job_is_a_reject_and_a_wrong_shape_a_payload_error(jobs: list) -> None:
    items = list(parse_jobs(["oops", jobs[0] | {"title": 7}]))
    assert isinstance(items[0], Reject)
    assert isinstance(items[1], Listing) and listing_problems(items[1]) == ["title is required"]
    with pytest.raises(PayloadError, match="array"):
        list(parse_jobs({"jobs": jobs}))


def test_crawl_stores_every_job(server: LocalServer, database_url: str) -> None:
    server.add(JOBS_PATH, SAMPLE.read_bytes())

    result = crawl("workingnomads", f"api_base={server.base}", database_url=database_url)

    assert result.returncode == 0, result.stderr[-3000:]
    rows = table_rows(database_url, "listings", order_by="source_id")
    assert [row["source_id"] for row in rows] == ["1712616", "1713292", "1719508", "1719512"]
    assert rows[1]["title"] == "Email + SMS Marketing Strategist"
    assert rows[1]["company"] == "Bebonia"
    assert all(row["hints"] == {"remote": "remote"} for row in rows)
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert crawl_run["status"] == "finished"
    assert crawl_run["boards"] == {"": {"status": "complete", "listings": 4}}


def test_replay_from_the_cassette(sqlite_url: str) -> None:
    result = run("opportunities", "crawl", "workingnomads", "--replay", database_url=sqlite_url)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len(table_rows(sqlite_url, "listings")) == 4
