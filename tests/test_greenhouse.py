"""Greenhouse: the pure parser on the real sample, and whole crawls against a local server."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._payload import PayloadError
from spiders.greenhouse import parse_jobs
from tests.support import SAMPLES, LocalServer, crawl, table_rows

SAMPLE = SAMPLES / "greenhouse" / "amplitude-jobs-content-full.json"
JOBS_PATH = "/v1/boards/amplitude/jobs"


@pytest.fixture
def payload() -> dict:
    return json.loads(SAMPLE.read_text())


def test_parse_jobs_maps_every_posting(payload: dict) -> None:
    listings = list(parse_jobs(payload, board="amplitude"))

    assert [type(item) for item in listings] == [Listing, Listing]
    first = clean_listing(listings[0])
    assert first.source_id == "8636903002"
    assert first.title == "Customer Data Scientist - Experimentation"
    assert first.company == "Amplitude"  # the source's trailing space is gone
    assert first.url == "https://job-boards.greenhouse.io/amplitude/jobs/8636903002"
    assert first.location_text == "London, UK"
    assert first.employment_type_raw == "Regular"  # metadata "Employment Type"
    assert first.posted_at == datetime(2026, 7, 16, 15, 55, 32, tzinfo=UTC)
    assert first.posted_raw == "2026-07-16T11:55:32-04:00"
    assert first.language == "en"
    assert first.raw["departments"][0]["name"] == "Solutions Consulting"
    # The escaped content was decoded once, then sanitised.
    assert first.description_html.startswith("<div><p>Amplitude is the leading AI analytics")
    assert "&lt;" not in first.description_html
    assert "Amplitude is the leading AI analytics platform" in first.description_text
    assert "<" not in first.description_text
    assert listing_problems(first) == []


def test_pay_input_ranges_become_hints(payload: dict) -> None:
    job = payload["jobs"][0] | {
        "pay_input_ranges": [
            {"min_cents": 12000000, "max_cents": 15000000, "currency_type": "USD",
             "title": "New York"},
            {"min_cents": 10000000, "max_cents": 13000000, "currency_type": "USD",
             "title": "Remote US"},
            {"min_cents": 9000000, "max_cents": 9500000, "currency_type": "GBP", "title": "UK"},
        ]
    }  # fmt: skip
    (listing,) = parse_jobs({"jobs": [job]}, board="amplitude")

    assert listing.hints == {
        "pay_status": "paid", "pay_currency": "USD", "pay_min": 100000.0, "pay_max": 150000.0,
    }  # fmt: skip
    assert listing.pay_raw.startswith("USD 120,000.00–150,000.00 (New York)")


def test_postings_without_id_or_title_are_invalid(payload: dict) -> None:
    no_id = {k: v for k, v in payload["jobs"][0].items() if k != "id"}
    no_title = payload["jobs"][1] | {"title": None}
    listings = [clean_listing(item) for item in parse_jobs({"jobs": [no_id, no_title]}, board="a")]

    assert listing_problems(listings[0]) == ["source_id is required"]
    assert listing_problems(listings[1]) == ["title is required"]


def test_a_posting_of_the_wrong_type_is_a_reject_not_a_crash(payload: dict) -> None:
    items = list(parse_jobs({"jobs": ["not a posting", payload["jobs"][0]]}, board="a"))

    assert isinstance(items[0], Reject) and "unusable posting" in items[0].reason
    assert isinstance(items[1], Listing)


@pytest.mark.parametrize("data", [[], {"jobs": None}, {"error": "board not found"}])
def test_a_response_of_the_wrong_shape_is_a_payload_error(data: object) -> None:
    with pytest.raises(PayloadError, match="jobs"):
        list(parse_jobs(data, board="amplitude"))


def test_crawl_against_a_local_server_stores_every_posting(
    server: LocalServer, database_url: str
) -> None:
    server.add(JOBS_PATH, SAMPLE.read_bytes())

    result = crawl("greenhouse", "board=amplitude", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    listings = table_rows(database_url, "listings", order_by="source_id")
    assert [row["source_id"] for row in listings] == ["8636903002", "8651132002"]
    assert [row["title"] for row in listings] == [
        "Customer Data Scientist - Experimentation",
        "Emerging Account Executive (India)",
    ]
    assert [row["location_text"] for row in listings] == ["London, UK", "Bangalore, India"]
    assert all(row["url"].startswith("https://job-boards.greenhouse.io/amplitude/jobs/")
               for row in listings)  # fmt: skip
    assert all(len(row["description_text"]) > 1000 for row in listings)
    assert all(row["board"] == "amplitude" and row["company"] == "Amplitude" for row in listings)
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "finished"
    assert (run["items_scraped"], run["items_new"], run["items_rejected"]) == (2, 2, 0)
    assert run["arguments"]["api_base"] == server.base
    assert run["boards"] == {"amplitude": {"status": "complete", "listings": 2}}
    # The request went to the mirror, with the real API's path and query.
    assert ("GET", "/v1/boards/amplitude/jobs?content=true&pay_transparency=true", b"") in (
        server.requests
    )
    assert listings[0]["posted_at"] == datetime(2026, 7, 16, 15, 55, 32, tzinfo=UTC)
