"""Recruitee: the pure parser on the real sample (string salaries, weekly hours, hybrid flag) and a
whole crawl against a local server."""

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
from spiders.recruitee import offers_url, parse_offers, recruitee_time
from tests.support import CASSETTES, SAMPLES, LocalServer, crawl, table_rows

SAMPLE = SAMPLES / "recruitee" / "channable-offers-trimmed-salary-hours.json"
OFFERS_PATH = "/api/offers/"
HYBRID_FULL_TIME = {
    "hours_per_week_min": 32.0, "hours_per_week_max": 40.0, "remote": "hybrid",
    "employment_types": ["FULL_TIME"], "duration_class": "open_ended",
}  # fmt: skip
CSM_HINTS = {
    "pay_status": "paid", "pay_min": 3750.0, "pay_max": 5250.0, "pay_currency": "EUR",
    "pay_period": "month", **HYBRID_FULL_TIME,
}  # fmt: skip
HEAD_HINTS = {
    "pay_status": "paid", "pay_min": 115000.0, "pay_max": 130000.0, "pay_currency": "EUR",
    "pay_period": "year", **HYBRID_FULL_TIME,
}  # fmt: skip


@pytest.fixture
def payload() -> dict:
    return json.loads(SAMPLE.read_text())


def test_parse_offers_maps_every_offer(payload: dict) -> None:
    listings = [clean_listing(item) for item in parse_offers(payload, board="channable")]

    assert [listing.source_id for listing in listings] == ["2751915", "2743511"]
    csm, head = listings
    assert [csm.title, head.title] == [
        "Customer Success Manager Benelux - Dutch speaking",
        "Head of People & Culture",
    ]
    assert head.url == "https://jobs.channable.com/o/head-of-people-culture"
    assert head.apply_url == "https://jobs.channable.com/o/head-of-people-culture/c/new"
    assert head.company == "Channable"
    assert head.location_text == "Utrecht, Utrecht, Netherlands"
    assert head.language == "en"
    assert head.posted_raw == "2026-09-11 15:16:33 UTC"
    assert head.posted_at == datetime(2026, 9, 11, 15, 16, 33, tzinfo=UTC)
    assert head.employment_type_raw == "fulltime_permanent"
    assert [csm.pay_raw, head.pay_raw] == ["3750–5250 EUR (month)", "115000–130000 EUR (year)"]
    assert [csm.hints, head.hints] == [CSM_HINTS, HEAD_HINTS]
    assert head.raw == payload["offers"][1]
    assert listing_problems(head) == []


def test_the_description_is_description_then_requirements(payload: dict) -> None:
    csm = clean_listing(next(parse_offers(payload, board="channable")))

    text = csm.description_text
    assert text.startswith("Channable is a fast-growing B2B SaaS platform")
    assert text.index("As the market leader in the Benelux") < text.index("Your role\n\n•")
    assert "Portfolio & client management: customer retention" in text


def test_close_at_is_the_valid_through_hint(payload: dict) -> None:
    offer = payload["offers"][0] | {"close_at": "2026-10-31 22:59:59 UTC"}
    (listing,) = parse_offers({"offers": [offer]}, board="channable")

    assert listing.hints == CSM_HINTS | {"valid_through": "2026-10-31"}


def test_created_at_when_never_published(payload: dict) -> None:
    offer = payload["offers"][0] | {"published_at": None}
    (listing,) = parse_offers({"offers": [offer]}, board="channable")

    assert listing.posted_raw == "2026-09-18 12:55:59 UTC"
    assert listing.posted_at == datetime(2026, 9, 18, 12, 55, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-09-18 12:55:59 UTC", datetime(2026, 9, 18, 12, 55, 59, tzinfo=UTC)),
        ("2026-09-18T12:55:59Z", datetime(2026, 9, 18, 12, 55, 59, tzinfo=UTC)),
        ("soon", None),
        (None, None),
    ],
)
def test_recruitee_time(value: object, expected: datetime | None) -> None:
    assert recruitee_time(value) == expected


def test_several_locations_are_joined(payload: dict) -> None:
    utrecht = payload["offers"][0]["locations"][0]
    amsterdam = utrecht | {"city": "Amsterdam", "state": "North Holland", "name": "Amsterdam"}
    offer = payload["offers"][0] | {"locations": [utrecht, amsterdam]}
    (listing,) = parse_offers({"offers": [offer]}, board="channable")

    assert (
        listing.location_raw
        == "Utrecht, Utrecht, Netherlands | Amsterdam, North Holland, Netherlands"
    )


def test_the_cassette_answers_the_spiders_request() -> None:
    recorded = find_response(
        load_cassettes(CASSETTES / "recruitee"),
        VcrRequest("GET", offers_url("channable"), None, {}),
    )

    assert recorded is not None and recorded["body"]["string"] == SAMPLE.read_bytes()


def test_an_offer_of_the_wrong_type_is_a_reject_not_a_crash(payload: dict) -> None:
    broken = payload["offers"][1] | {"salary": "115000"}
    items = list(parse_offers({"offers": [42, broken, payload["offers"][0]]}, board="c"))

    assert [type(item) for item in items] == [Reject, Reject, Listing]
    assert items[1].url == "https://jobs.channable.com/o/head-of-people-culture"
    assert items[1].reason.startswith("unusable posting: AttributeError")


@pytest.mark.parametrize("data", [[], {"offers": None}, {"error": "Not found"}])
def test_a_response_of_the_wrong_shape_is_a_payload_error(data: object) -> None:
    with pytest.raises(PayloadError, match="offers"):
        list(parse_offers(data, board="channable"))


def test_crawl_against_a_local_server_stores_every_offer(
    server: LocalServer, database_url: str
) -> None:
    server.add(OFFERS_PATH, SAMPLE.read_bytes())

    result = crawl("recruitee", "board=channable", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    listings = table_rows(database_url, "listings", order_by="source_id")
    assert [row["source_id"] for row in listings] == ["2743511", "2751915"]
    assert [row["title"] for row in listings] == [
        "Head of People & Culture",
        "Customer Success Manager Benelux - Dutch speaking",
    ]
    assert [row["url"] for row in listings] == [
        "https://jobs.channable.com/o/head-of-people-culture",
        "https://jobs.channable.com/o/customer-success-manager-benelux-dutch-speaking-3",
    ]
    assert all(row["company"] == "Channable" for row in listings)
    assert all(row["location_text"] == "Utrecht, Utrecht, Netherlands" for row in listings)
    assert [row["posted_at"] for row in listings] == [
        datetime(2026, 9, 11, 15, 16, 33, tzinfo=UTC),
        datetime(2026, 9, 18, 13, 27, 28, tzinfo=UTC),
    ]
    assert listings[0]["description_text"].startswith("You will be the driving force")
    assert [row["hints"] for row in listings] == [HEAD_HINTS, CSM_HINTS]
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "finished"
    assert (run["items_scraped"], run["items_new"], run["items_rejected"]) == (2, 2, 0)
    assert run["boards"] == {"channable": {"status": "complete", "listings": 2}}
    assert ("GET", OFFERS_PATH, b"") in server.requests
