"""The Muse: the pure parser, paging by `page_count`, and whole crawls against a local server.

No real response of The Muse's API was available: fixtures/cassettes/themuse/jobs.yaml was built
from the documented field list (`page`, `page_count`, `results[]` with `id`, `name`, `contents`,
`publication_date`, `refs.landing_page`, `company.name`, `locations[].name`, `levels[].name`)
with constructed postings; these tests read their payloads from that cassette.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from vcr.request import Request as VcrRequest

from opportunities.items import Listing, Reject
from opportunities.replay import find_response, load_cassettes
from pipelines.clean import clean_listing
from spiders._payload import PayloadError
from spiders.themuse import jobs_url, next_page, parse_jobs
from tests.support import CASSETTES, LocalServer, crawl, run, table_rows

INTERNSHIP_0 = "https://www.themuse.com/api/public/jobs?page=0&level=Internship"
INTERNSHIP_1 = "https://www.themuse.com/api/public/jobs?page=1&level=Internship"
ENTRY_LEVEL_0 = "https://www.themuse.com/api/public/jobs?page=0&level=Entry%20Level"


def recorded(url: str) -> bytes:
    response = find_response(
        load_cassettes(CASSETTES / "themuse"), VcrRequest("GET", url, None, {})
    )
    assert response is not None, url
    body = response["body"]["string"]
    return body.encode() if isinstance(body, str) else body


def page(url: str) -> dict[str, Any]:
    return json.loads(recorded(url))


def test_parse_jobs_maps_every_posting() -> None:
    listings = [clean_listing(item) for item in parse_jobs(page(INTERNSHIP_0), board="Internship")]

    assert [item.source_id for item in listings] == ["13250745", "13261190"]
    analyst = listings[0]
    assert analyst.board == "Internship"
    assert analyst.title == "Data Analyst Intern (Summer 2026)"
    assert analyst.company == "Contoso"
    assert analyst.url == "https://www.themuse.com/jobs/contoso/data-analyst-intern-summer-2026"
    assert analyst.location_raw == "New York, NY | Boston, MA"
    assert analyst.posted_at == datetime(2026, 7, 8, 17, 42, 31, tzinfo=UTC)
    assert analyst.employment_type_raw == "Internship"
    assert analyst.hints == {"employment_types": ["INTERN"]}
    assert analyst.description_text.startswith("About the internship\n\nA 10-week paid summer")
    remote = listings[1]
    assert remote.location_raw == "Flexible / Remote"
    assert remote.hints == {"employment_types": ["INTERN"], "remote": "remote"}


def test_entry_level_is_seniority_not_an_employment_type() -> None:
    (item,) = parse_jobs(page(ENTRY_LEVEL_0), board="Entry Level")

    assert isinstance(item, Listing)
    assert item.employment_type_raw == "Entry Level"
    assert item.hints == {"remote": "remote"}  # "Flexible / Remote" among its locations
    assert clean_listing(item).posted_at == datetime(2026, 7, 9, 9, 15, 2, 418000, tzinfo=UTC)


def test_a_bad_posting_is_a_reject_and_a_wrong_shape_a_payload_error() -> None:
    good = page(INTERNSHIP_1)["results"][0]
    items = list(parse_jobs({"results": [good | {"company": "Fabrikam"}, good]}, board="x"))

    assert isinstance(items[0], Reject) and items[0].url == good["refs"]["landing_page"]
    assert isinstance(items[1], Listing)
    with pytest.raises(PayloadError, match="results"):
        list(parse_jobs({"code": 400, "error": "invalid level"}, board="x"))


def test_pages_are_followed_until_page_count() -> None:
    assert jobs_url("Entry Level", 3) == (
        "https://www.themuse.com/api/public/jobs?page=3&level=Entry%20Level"
    )
    assert next_page(page(INTERNSHIP_0), page=0) == 1
    assert next_page(page(INTERNSHIP_1), page=1) is None
    assert next_page({"results": [], "page_count": 5}, page=0) is None


def test_crawl_of_the_default_levels_follows_every_page(
    server: LocalServer, database_url: str
) -> None:
    for url in (INTERNSHIP_0, INTERNSHIP_1, ENTRY_LEVEL_0):
        server.add(url.removeprefix("https://www.themuse.com"), recorded(url))

    result = crawl("themuse", f"api_base={server.base}", database_url=database_url)

    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(path for _, path, _ in server.requests if path.startswith("/api/")) == [
        "/api/public/jobs?page=0&level=Entry%20Level",
        "/api/public/jobs?page=0&level=Internship",
        "/api/public/jobs?page=1&level=Internship",
    ]
    rows = table_rows(database_url, "listings", order_by="source_id")
    assert [(row["source_id"], row["board"]) for row in rows] == [
        ("13198852", "Internship"), ("13250745", "Internship"), ("13261190", "Internship"),
        ("13266004", "Entry Level"),
    ]  # fmt: skip
    assert rows[0]["title"] == "Software Engineering Co-op"
    assert rows[0]["company"] == "Fabrikam"
    assert rows[3]["location_text"] == "Denver, CO | Flexible / Remote"
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert crawl_run["status"] == "finished"
    assert crawl_run["boards"] == {
        "Internship": {"status": "complete", "listings": 3},
        "Entry Level": {"status": "complete", "listings": 1},
    }


def test_replay_from_the_cassette(sqlite_url: str) -> None:
    result = run("opportunities", "crawl", "themuse", "--replay", database_url=sqlite_url)

    assert result.returncode == 0, result.stderr[-3000:]
    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    assert (crawl_run["status"], crawl_run["items_new"], crawl_run["errors"]) == ("finished", 4, 0)
