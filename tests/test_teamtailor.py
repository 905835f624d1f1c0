"""Teamtailor: the jobs.json feed (real sample), its embedded JobPosting, paging, the posting-page
fallback for descriptions, and whole crawls.

The sample's items carry no description. No Teamtailor posting page was saved: the pages served
here (and in the cassette) are built from each item's own `_jobposting` block as JSON-LD, once
with a description taken from the We Work Remotely sample (to show it being picked up) and once
without.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._payload import PayloadError
from spiders.teamtailor import jobs_url, next_url, parse_feed, site_host
from tests.support import SAMPLES, LocalServer, crawl, run, table_rows

SAMPLE = SAMPLES / "teamtailor" / "teamtailor-jobs-jsonfeed-with-jobposting.json"
BOARD = "career.teamtailor.com"
FIRST_ID = "20fafb7d-f013-4061-b6de-2894b3e0838b"
SECOND_ID = "a52c9a45-1132-44c9-9696-76974817ae6e"


@pytest.fixture
def feed() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text())


def posting_page(item: dict[str, Any], description: str | None = None) -> str:
    posting = item["_jobposting"] | ({"description": description} if description else {})
    return (
        f"<!doctype html><html><head><title>{html.escape(item['title'])}</title>"
        f'<script type="application/ld+json">{json.dumps(posting)}</script></head></html>'
    )


def test_boards_are_career_site_hosts() -> None:
    assert site_host("https://career.teamtailor.com/jobs") == BOARD
    assert jobs_url(BOARD) == "https://career.teamtailor.com/jobs.json"


def test_parse_feed_maps_items_and_their_jobposting(feed: dict) -> None:
    items = [clean_listing(item) for item in parse_feed(feed, board=BOARD)]

    assert all(isinstance(item, Listing) for item in items)
    first, second = items
    assert (first.source_id, second.source_id) == (FIRST_ID, SECOND_ID)
    assert (
        first.url
        == "https://career.teamtailor.com/jobs/7167985-account-executive-italy-madrid-based"
    )
    assert first.title == "Account Executive - Italy (Madrid based)"
    assert first.company == "Teamtailor"  # the feed's title: the posting names no organisation
    assert first.location_text == "Madrid, Europe, ES"
    assert second.location_text == "Stockholm, Sweden, SE | København, Europe, DK"
    assert first.posted_raw == "2026-02-04T09:26:20+01:00"
    assert first.posted_at == datetime(2026, 2, 4, 8, 26, 20, tzinfo=UTC)
    assert first.raw["_jobposting"]["identifier"]["value"] == 7167985
    assert first.description_html is None  # the sample has none: the spider fetches the page
    assert listing_problems(first) == []


def test_content_html_is_the_description(feed: dict) -> None:
    item = feed["items"][0] | {"content_html": "<p>Join our Madrid office.</p>"}
    (listing,) = parse_feed({"items": [item]}, board=BOARD)
    assert listing.description_html == "<p>Join our Madrid office.</p>"


def test_bad_items_are_rejects_and_wrong_shapes_payload_errors(feed: dict) -> None:
    items = list(parse_feed({"items": ["oops", feed["items"][0]]}, board=BOARD))
    assert isinstance(items[0], Reject) and isinstance(items[1], Listing)
    with pytest.raises(PayloadError, match="items"):
        list(parse_feed({"jobs": []}, board=BOARD))


def test_next_url_is_followed_from_the_feed() -> None:
    current = "https://career.teamtailor.com/jobs.json"
    assert next_url({"next_url": "/jobs.json?page=2"}, current=current) == (
        "https://career.teamtailor.com/jobs.json?page=2"
    )
    assert next_url({"items": []}, current=current) is None


def test_crawl_pages_the_feed_and_fetches_missing_descriptions(
    server: LocalServer, database_url: str, feed: dict
) -> None:
    first, second = feed["items"]
    # The real feed split in two pages joined by next_url (items verbatim).
    next_page = "https://career.teamtailor.com/jobs.json?page=2"  # api_base applies to it too
    server.add("/jobs.json", feed | {"items": [first], "next_url": next_page})
    server.add("/jobs.json?page=2", feed | {"items": [second]})
    wwr_description = (
        "<p>Pay is £75 per hour for sessions and £40 per hour for additional work.</p>"
    )
    server.add("/jobs/7167985-account-executive-italy-madrid-based",
               posting_page(first, wwr_description), content_type="text/html")  # fmt: skip
    # The second posting page is missing (404): the listing is kept without a description.

    result = crawl("teamtailor", f"board={BOARD}", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    listings = {row["source_id"]: row for row in table_rows(database_url, "listings")}
    assert set(listings) == {FIRST_ID, SECOND_ID}
    assert "Pay is £75 per hour" in listings[FIRST_ID]["description_text"]
    assert listings[SECOND_ID]["description_text"] is None
    assert listings[SECOND_ID]["title"] == "Mid-Market Account Executive - Copenhagen"
    assert listings[FIRST_ID]["company"] == "Teamtailor"
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert crawl_run["status"] == "finished"
    report = crawl_run["boards"][BOARD]
    assert (report["status"], report["listings"]) == ("incomplete", 2)
    assert report["problems"] == [
        "HTTP 404 (https://career.teamtailor.com/jobs/7069633-mid-market-account-executive-copenhagen)"
    ]
    assert crawl_run["errors"] >= 1


def test_replay_from_the_cassette(sqlite_url: str) -> None:
    result = run("opportunities", "crawl", "teamtailor", "--replay", database_url=sqlite_url)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len(table_rows(sqlite_url, "listings")) == 2
    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    # The recorded posting pages have no description either.
    assert crawl_run["boards"][BOARD]["status"] == "incomplete"
    assert crawl_run["errors"] == 0
