"""Arbeitnow: the pure parser on the real 100-posting page, `links.next` pagination, and a whole
crawl against a local server.

The real sample is one page without its `links` envelope; the pagination test splits its postings,
verbatim, into three pages chained by `links.next` as the API does.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from spiders._payload import PayloadError
from spiders.arbeitnow import next_page, parse_job_board
from tests.support import SAMPLES, LocalServer, crawl, table_rows

SAMPLE = SAMPLES / "arbeitnow" / "job-board-api-100-jobs-bronze.json"
API = "https://www.arbeitnow.com/api/job-board-api"


@pytest.fixture
def jobs() -> list[dict[str, Any]]:
    return json.loads(SAMPLE.read_text())["data"]


def listing(job: dict[str, Any]) -> Listing:
    (item,) = parse_job_board({"data": [job]})
    assert isinstance(item, Listing)
    return clean_listing(item)


def test_parse_job_board_maps_every_posting(jobs: list[dict[str, Any]]) -> None:
    listings = [clean_listing(item) for item in parse_job_board({"data": jobs})]

    assert len(listings) == 100 and all(isinstance(item, Listing) for item in listings)
    assert len({item.source_id for item in listings}) == 100
    first = listings[0]
    assert first.source_id == "recruiting-partner-projektbasis-remote-wutoschingen-469876"
    assert first.title == "Recruiting Partner (m/w/d) - Projektbasis (Remote)"
    assert first.company == "Global Treats GmbH"
    assert first.url == (
        "https://www.arbeitnow.com/jobs/companies/global-treats-gmbh/"
        "recruiting-partner-projektbasis-remote-wutoschingen-469876"
    )
    assert first.location_raw == "Wutöschingen"
    assert first.posted_raw == "1771162285"
    assert first.posted_at == datetime(2026, 2, 15, 13, 31, 25, tzinfo=UTC)
    assert first.employment_type_raw == "geschäftsleitung"
    assert first.hints == {"remote": "remote"}  # a seniority word is no employment type
    assert first.description_text.startswith("Vernasche die Welt ist die angesagte Marke")


@pytest.mark.parametrize(
    ("index", "types_raw", "hints"),
    [
        (58, "Working student", {"employment_types": ["PART_TIME"]}),
        (71, "Internship, hilfstätigkeit / student", {"employment_types": ["INTERN"]}),
        (19, "Freelance, berufserfahren",
         {"employment_types": ["CONTRACTOR"], "remote": "remote"}),
        (39, "Full-time permanent, mid",
         {"employment_types": ["FULL_TIME"], "duration_class": "open_ended"}),
        (57, "Contract", {"employment_types": ["CONTRACTOR"]}),
    ],
)  # fmt: skip
def test_job_types_and_the_remote_flag_become_hints(
    jobs: list[dict[str, Any]], index: int, types_raw: str, hints: dict[str, Any]
) -> None:
    item = listing(jobs[index])

    assert (item.employment_type_raw, item.hints) == (types_raw, hints)


def test_an_entity_encoded_description_is_decoded_once(jobs: list[dict[str, Any]]) -> None:
    # As ~10 % of real postings arrive: this real posting with its description escaped once.
    job = jobs[22] | {"description": html.escape(jobs[22]["description"])}

    item = listing(job)

    assert item.description_html == listing(jobs[22]).description_html
    assert item.description_html.startswith("<p>")


def test_a_bad_posting_is_a_reject_and_a_wrong_shape_a_payload_error(
    jobs: list[dict[str, Any]],
) -> None:
    items = list(parse_job_board({"data": [None, jobs[0]]}))

    assert isinstance(items[0], Reject) and isinstance(items[1], Listing)
    with pytest.raises(PayloadError, match="data"):
        list(parse_job_board({"message": "Too Many Attempts."}))


def test_next_page_is_links_next_until_null() -> None:
    assert next_page({"links": {"next": f"{API}?page=3"}}) == f"{API}?page=3"
    assert next_page({"links": {"next": None}}) is None
    assert next_page({"data": []}) is None


def paged(jobs: list[dict[str, Any]], sizes: list[int]) -> list[dict[str, Any]]:
    """The postings split into pages with the API's `links`/`meta` envelope."""
    pages, start = [], 0
    for number, size in enumerate(sizes, start=1):
        last = number == len(sizes)
        pages.append({
            "data": jobs[start:start + size],
            "links": {"first": f"{API}?page=1", "last": None,
                      "prev": f"{API}?page={number - 1}" if number > 1 else None,
                      "next": None if last else f"{API}?page={number + 1}"},
            "meta": {"current_page": number, "from": start + 1, "path": API, "per_page": 40,
                     "to": start + size},
        })  # fmt: skip
        start += size
    return pages


def test_crawl_follows_links_next_to_the_end(
    server: LocalServer, database_url: str, jobs: list[dict[str, Any]]
) -> None:
    for number, page in enumerate(paged(jobs, [40, 40, 20]), start=1):
        server.add(f"/api/job-board-api?page={number}", page)

    result = crawl("arbeitnow", f"api_base={server.base}", database_url=database_url)

    assert result.returncode == 0, result.stderr[-3000:]
    assert [path for _, path, _ in server.requests if path.startswith("/api/")] == [
        "/api/job-board-api?page=1", "/api/job-board-api?page=2", "/api/job-board-api?page=3",
    ]  # fmt: skip
    rows = {row["source_id"]: row for row in table_rows(database_url, "listings")}
    assert len(rows) == 100
    student = rows["working-student-it-security-hamburg-320005"]
    assert (student["title"], student["company"], student["location_text"]) == (
        "Working Student (f/m/d)* IT Security", "Engel & Völkers Holding GmbH", "Hamburg",
    )  # fmt: skip
    assert student["hints"] == {"employment_types": ["PART_TIME"]}
    assert student["posted_at"] == datetime(2026, 2, 13, 19, 31, 55, tzinfo=UTC)
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert (crawl_run["status"], crawl_run["items_new"]) == ("finished", 100)
    assert crawl_run["boards"] == {"": {"status": "complete", "listings": 100}}
