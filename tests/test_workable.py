"""Workable: the pure parser on the real sample (one job repeated for two countries) and a whole
crawl against a local server."""

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
from spiders.workable import account_url, parse_account
from tests.support import CASSETTES, SAMPLES, LocalServer, crawl, table_rows

SAMPLE = SAMPLES / "workable" / "zaelab-widget-accounts-telecommuting.json"
ACCOUNT_PATH = "/api/v1/widget/accounts/zaelab"


@pytest.fixture
def payload() -> dict:
    return json.loads(SAMPLE.read_text())


def test_a_job_repeated_per_country_is_one_listing(payload: dict) -> None:
    (listing,) = [clean_listing(item) for item in parse_account(payload, board="zaelab")]

    assert listing.source_id == "DD136DD7E7"
    assert listing.title == "Business Analyst - Spanish Speaking"
    assert listing.url == "https://apply.workable.com/j/DD136DD7E7"
    assert listing.company == "Zaelab"
    assert listing.location_text == "Spain | Portugal"
    assert listing.posted_raw == "2026-08-05"
    assert listing.posted_at == datetime(2026, 8, 5, tzinfo=UTC)
    assert listing.employment_type_raw is None
    assert listing.hints == {"remote": "remote"}  # telecommuting: true
    # The sample was trimmed by its publisher: no description.
    assert listing.description_html is None and listing.description_text is None
    first, repeat = payload["jobs"]
    assert listing.raw == first | {"repeats": [repeat]}
    assert listing_problems(listing) == []


def test_details_fields_are_mapped(payload: dict) -> None:
    # `details=true` adds these documented fields; the sample has them trimmed away.
    job = payload["jobs"][0] | {
        "description": "<p>Join our <strong>Business Consulting</strong> team.</p>",
        "employment_type": "Full-time",
        "application_url": "https://apply.workable.com/j/DD136DD7E7/apply",
        "telecommuting": False,
    }
    (listing,) = (clean_listing(item) for item in parse_account({"jobs": [job]}, board="zaelab"))

    assert listing.description_text == "Join our Business Consulting team."
    assert listing.employment_type_raw == "Full-time"
    assert listing.apply_url == "https://apply.workable.com/j/DD136DD7E7/apply"
    assert listing.hints == {"employment_types": ["FULL_TIME"]}  # telecommuting false: unknown
    assert listing.company is None  # the account name is missing from this response


def test_an_empty_employment_type_says_nothing(payload: dict) -> None:
    (listing,) = parse_account({"jobs": [payload["jobs"][0] | {"employment_type": ""}]}, board="z")

    assert listing.employment_type_raw is None
    assert listing.hints == {"remote": "remote"}


def test_locations_hidden_or_missing(payload: dict) -> None:
    spain, portugal = payload["jobs"]
    hidden = portugal | {"locations": [portugal["locations"][0] | {"hidden": True}]}
    city = spain | {"shortcode": "AB12", "city": "Madrid", "state": "", "locations": []}
    listings = list(parse_account({"jobs": [spain, hidden, city]}, board="zaelab"))

    assert [item.location_raw for item in listings] == ["Spain", "Madrid, Spain"]


def test_the_cassette_answers_the_spiders_request() -> None:
    recorded = find_response(
        load_cassettes(CASSETTES / "workable"), VcrRequest("GET", account_url("zaelab"), None, {})
    )

    assert recorded is not None and recorded["body"]["string"] == SAMPLE.read_bytes()


def test_a_job_of_the_wrong_type_is_a_reject_not_a_crash(payload: dict) -> None:
    broken = payload["jobs"][0] | {"shortcode": "XY99", "locations": "Spain"}
    items = list(parse_account({"jobs": ["not a job", broken, *payload["jobs"]]}, board="z"))

    assert [type(item) for item in items] == [Reject, Reject, Listing]
    assert items[1].reason.startswith("unusable posting: AttributeError")
    assert items[1].url == "https://apply.workable.com/j/DD136DD7E7"


@pytest.mark.parametrize("data", [[], {"name": "Zaelab"}, {"jobs": {"DD136DD7E7": {}}}])
def test_a_response_of_the_wrong_shape_is_a_payload_error(data: object) -> None:
    with pytest.raises(PayloadError, match="jobs"):
        list(parse_account(data, board="zaelab"))


def test_crawl_against_a_local_server_stores_one_listing_per_job(
    server: LocalServer, database_url: str
) -> None:
    server.add(ACCOUNT_PATH, SAMPLE.read_bytes())

    result = crawl("workable", "board=zaelab", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    (row,) = table_rows(database_url, "listings")
    assert (row["source_id"], row["board"], row["company"]) == ("DD136DD7E7", "zaelab", "Zaelab")
    assert row["title"] == "Business Analyst - Spanish Speaking"
    assert row["url"] == "https://apply.workable.com/j/DD136DD7E7"
    assert row["location_text"] == "Spain | Portugal"
    assert row["posted_at"] == datetime(2026, 8, 5, tzinfo=UTC)
    assert row["hints"] == {"remote": "remote"}
    assert [entry["country"] for entry in [row["raw"], *row["raw"]["repeats"]]] == [
        "Spain",
        "Portugal",
    ]
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "finished"
    assert (run["items_scraped"], run["items_new"], run["items_rejected"]) == (1, 1, 0)
    assert run["boards"] == {"zaelab": {"status": "complete", "listings": 1}}
    assert ("GET", f"{ACCOUNT_PATH}?details=true", b"") in server.requests
