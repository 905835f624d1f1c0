"""Ashby: the pure parser on the real sample (workplaceType over isRemote, CAD pay tiers, unlisted
postings) and a whole crawl against a local server."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from vcr.request import Request as VcrRequest

from opportunities.items import Listing, Reject
from opportunities.replay import find_response, load_cassettes
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._payload import PayloadError
from spiders.ashby import job_board_url, parse_job_board
from tests.support import CASSETTES, SAMPLES, LocalServer, crawl, table_rows

SAMPLE = SAMPLES / "ashby" / "highlightta-job-board-compensation.json"
BOARD_PATH = "/posting-api/job-board/HighlightTA"
RECRUITER, SRE = "90fb3621-899e-4b59-925d-25080ec91e18", "fc2f1f85-46a0-4a31-b165-683e39c07c04"
RECRUITER_HINTS = {"remote": "remote", "employment_types": ["FULL_TIME"]}
SRE_HINTS = {
    "pay_status": "paid", "pay_min": 102800.0, "pay_max": 137000.0, "pay_currency": "CAD",
    "pay_period": "year", "remote": "hybrid", "employment_types": ["FULL_TIME"],
}  # fmt: skip


@pytest.fixture
def payload() -> dict:
    return json.loads(SAMPLE.read_text())


def test_parse_job_board_maps_every_posting(payload: dict) -> None:
    listings = [clean_listing(item) for item in parse_job_board(payload, board="HighlightTA")]

    assert [listing.source_id for listing in listings] == [RECRUITER, SRE]
    recruiter, sre = listings
    assert [recruiter.title, sre.title] == [
        "Senior Technical Recruiter",
        "Senior Site Reliability Engineer",  # the source's trailing space is gone
    ]
    assert sre.url == f"https://jobs.ashbyhq.com/HighlightTA/{SRE}"
    assert sre.apply_url == f"https://jobs.ashbyhq.com/HighlightTA/{SRE}/application"
    assert sre.company == "HighlightTA"  # the API does not name the employer: the board does
    assert [recruiter.location_text, sre.location_text] == ["Canada", "Toronto, Ontario"]
    assert sre.posted_raw == "2026-07-08T19:48:19.767+00:00"
    assert sre.posted_at == datetime(2026, 7, 8, 19, 48, 19, 767000, tzinfo=UTC)
    assert sre.employment_type_raw == "FullTime"
    assert [recruiter.pay_raw, sre.pay_raw] == [None, "CA$102.8K – CA$137K"]
    assert sre.description_text.startswith("Company Overview\n\nOur client is a fast-growing SaaS")
    assert "<h2><strong>Company Overview</strong></h2>" in sre.description_html
    assert sre.raw == payload["jobs"][1]
    assert listing_problems(sre) == []


def test_workplace_type_wins_over_is_remote(payload: dict) -> None:
    recruiter, sre = parse_job_board(payload, board="HighlightTA")

    assert sre.raw["isRemote"] is True and sre.raw["workplaceType"] == "Hybrid"
    assert [recruiter.hints, sre.hints] == [RECRUITER_HINTS, SRE_HINTS]


def test_unlisted_postings_are_left_out(payload: dict) -> None:
    recruiter, sre = payload["jobs"]
    jobs = [recruiter | {"isListed": False}, sre]

    assert [item.source_id for item in parse_job_board({"jobs": jobs}, board="h")] == [SRE]


def test_secondary_locations_are_joined(payload: dict) -> None:
    second = {"location": "Vancouver, British Columbia", "address": {"postalAddress": {}}}
    job = payload["jobs"][1] | {"secondaryLocations": [second]}
    (listing,) = parse_job_board({"jobs": [job]}, board="HighlightTA")

    assert listing.location_raw == "Toronto, Ontario | Vancouver, British Columbia"


def test_the_cassette_answers_the_spiders_request() -> None:
    recorded = find_response(
        load_cassettes(CASSETTES / "ashby"),
        VcrRequest("GET", job_board_url("HighlightTA"), None, {}),
    )

    assert recorded is not None and recorded["body"]["string"] == SAMPLE.read_bytes()


def test_a_posting_of_the_wrong_type_is_a_reject_not_a_crash(payload: dict) -> None:
    broken = payload["jobs"][1] | {"compensation": "CA$102.8K"}
    items = list(parse_job_board({"jobs": [None, broken, payload["jobs"][0]]}, board="h"))

    assert [type(item) for item in items] == [Reject, Reject, Listing]
    assert items[1].url == payload["jobs"][1]["jobUrl"]
    assert items[1].reason.startswith("unusable posting: AttributeError")


@pytest.mark.parametrize("data", [[], {"jobs": None}, {"success": False, "errors": ["no board"]}])
def test_a_response_of_the_wrong_shape_is_a_payload_error(data: object) -> None:
    with pytest.raises(PayloadError, match="jobs"):
        list(parse_job_board(data, board="HighlightTA"))


def test_crawl_against_a_local_server_stores_every_posting(
    server: LocalServer, database_url: str
) -> None:
    server.add(BOARD_PATH, SAMPLE.read_bytes())

    result = crawl("ashby", "board=HighlightTA", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    listings = table_rows(database_url, "listings", order_by="posted_at")
    assert [row["source_id"] for row in listings] == [RECRUITER, SRE]
    assert [row["title"] for row in listings] == [
        "Senior Technical Recruiter",
        "Senior Site Reliability Engineer",
    ]
    assert [row["url"] for row in listings] == [
        f"https://jobs.ashbyhq.com/HighlightTA/{RECRUITER}",
        f"https://jobs.ashbyhq.com/HighlightTA/{SRE}",
    ]
    assert [row["location_text"] for row in listings] == ["Canada", "Toronto, Ontario"]
    assert [row["posted_at"] for row in listings] == [
        datetime(2026, 4, 20, 22, 43, 56, 531000, tzinfo=UTC),
        datetime(2026, 7, 8, 19, 48, 19, 767000, tzinfo=UTC),
    ]
    assert all(row["company"] == "HighlightTA" for row in listings)
    assert listings[0]["description_text"].startswith("About HighlightTA\n\nHighlightTA is")
    assert [row["hints"] for row in listings] == [RECRUITER_HINTS, SRE_HINTS]
    assert listings[1]["pay_raw"] == "CA$102.8K – CA$137K"
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "finished"
    assert (run["items_scraped"], run["items_new"], run["items_rejected"]) == (2, 2, 0)
    assert run["boards"] == {"HighlightTA": {"status": "complete", "listings": 2}}
    assert ("GET", f"{BOARD_PATH}?includeCompensation=true", b"") in server.requests
