"""Lever: the pure parser on the real sample, paging, EU sites, and whole crawls against a local
server."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest
from scrapy.utils.test import get_crawler
from vcr.request import Request as VcrRequest

from opportunities.items import Listing, Reject
from opportunities.replay import find_response, load_cassettes
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._base import SpiderArgumentError
from spiders._payload import PayloadError
from spiders.lever import LeverSpider, parse_postings, postings_url
from tests.support import CASSETTES, SAMPLES, LocalServer, crawl, run, table_rows

SAMPLE = SAMPLES / "lever" / "idealistconsulting-postings-contract-remote.json"
POSTINGS_PATH = "/v0/postings/idealistconsulting"
FIRST, SECOND = "a24ec4e5-5caa-473d-abd4-b71f09a8167b", "5d54d69b-e940-452e-b892-1170aa60f095"
CONTRACT_REMOTE = {"remote": "remote", "employment_types": ["CONTRACTOR"]}


@pytest.fixture
def payload() -> list[dict]:
    return json.loads(SAMPLE.read_text())


def test_parse_postings_maps_every_posting(payload: list[dict]) -> None:
    listings = [clean_listing(item) for item in parse_postings(payload, board="idealistconsulting")]

    assert [listing.source_id for listing in listings] == [FIRST, SECOND]
    first = listings[0]
    assert first.title == (
        "(1099 Contract) Nonprofit Salesforce Consultant: Enterprise Project Manager"
    )
    assert first.url == f"https://jobs.lever.co/idealistconsulting/{FIRST}"
    assert first.apply_url == f"https://jobs.lever.co/idealistconsulting/{FIRST}/apply"
    assert first.company == "idealistconsulting"  # Lever's API does not name the employer
    assert [listing.location_text for listing in listings] == ["Chicago, IL", "Washington, D.C."]
    assert first.posted_raw == "1764205361939"
    assert first.posted_at == datetime(2025, 11, 27, 1, 2, 41, 939000, tzinfo=UTC)
    assert first.employment_type_raw == "Contract"
    assert first.pay_raw is None
    assert [listing.hints for listing in listings] == [CONTRACT_REMOTE, CONTRACT_REMOTE]
    assert first.raw == payload[0]
    assert listing_problems(first) == []


def test_the_description_is_the_body_then_each_list_then_additional(payload: list[dict]) -> None:
    listing = clean_listing(next(parse_postings(payload, board="idealistconsulting")))

    text = listing.description_text
    order = [
        "Are you tenacious, pragmatic",  # description
        "This is a part-time contracted 1099 position.",
        "How You'll Contribute\n\n• Guide full project life cycle",  # lists[0]: heading, items
        "Your Background Includes:\n\n• Baseline:",  # lists[1]
        "Contractor hourly rates are set based on experience",  # additional
        "Read our Commitment to Diversity",
    ]
    assert [text.index(phrase) for phrase in order] == sorted(text.index(p) for p in order)
    assert "<h3>How You'll Contribute</h3>" in listing.description_html
    assert "<ul>\n<li>Guide full project life cycle" in listing.description_html


def test_salary_range_becomes_pay_hints(payload: list[dict]) -> None:
    salary = {"min": 60, "max": 85, "currency": "USD", "interval": "per-hour-wage"}
    posting = payload[0] | {"salaryRange": salary, "workplaceType": "hybrid"}
    (listing,) = parse_postings([posting], board="idealistconsulting")

    assert listing.hints == {
        "pay_status": "paid", "pay_min": 60.0, "pay_max": 85.0, "pay_currency": "USD",
        "pay_period": "hour", "remote": "hybrid", "employment_types": ["CONTRACTOR"],
    }  # fmt: skip
    assert listing.pay_raw == "60–85 USD (per-hour-wage)"
    text = "$60–$85 an hour, by certification"
    (described,) = parse_postings([posting | {"salaryDescriptionPlain": text}], board="x")
    assert described.pay_raw == text  # the employer's own words win over our rendering


@pytest.mark.parametrize(
    ("workplace", "hints"),
    [("on-site", {"remote": "onsite"}), ("unspecified", {}), (None, {})],
)
def test_workplace_type(payload: list[dict], workplace: str | None, hints: dict) -> None:
    (listing,) = parse_postings([payload[0] | {"workplaceType": workplace}], board="x")

    assert listing.hints == hints | {"employment_types": ["CONTRACTOR"]}


def test_eu_sites_are_asked_on_the_eu_api() -> None:
    assert postings_url("eu:acme", skip=200) == (
        "https://api.eu.lever.co/v0/postings/acme?mode=json&skip=200&limit=100"
    )
    with pytest.raises(SpiderArgumentError, match="unknown region 'us'"):
        postings_url("us:acme")


def test_the_spider_starts_every_board_on_its_region() -> None:
    crawler = get_crawler(LeverSpider)
    spider = LeverSpider.from_crawler(crawler, board="acme,eu:bcme", api_base="http://127.0.0.1:9")

    async def first_requests() -> list:
        return [request async for request in spider.start()]

    requests = asyncio.run(first_requests())
    assert [request.meta["api_url"] for request in requests] == [
        "https://api.lever.co/v0/postings/acme?mode=json&skip=0&limit=100",
        "https://api.eu.lever.co/v0/postings/bcme?mode=json&skip=0&limit=100",
    ]
    assert requests[1].url == "http://127.0.0.1:9/v0/postings/bcme?mode=json&skip=0&limit=100"
    with pytest.raises(SpiderArgumentError, match="page_size"):
        LeverSpider(board="acme", page_size="0")


def test_the_cassette_answers_the_spiders_first_request() -> None:
    recorded = find_response(
        load_cassettes(CASSETTES / "lever"),
        VcrRequest("GET", postings_url("idealistconsulting"), None, {}),
    )

    assert recorded is not None and recorded["body"]["string"] == SAMPLE.read_bytes()


def test_a_posting_of_the_wrong_type_is_a_reject_not_a_crash(payload: list[dict]) -> None:
    broken = payload[1] | {"lists": "not a list of sections"}
    items = list(parse_postings(["not a posting", broken, payload[0]], board="x"))

    assert [type(item) for item in items] == [Reject, Reject, Listing]
    assert "unusable posting" in items[1].reason
    assert items[1].url == payload[1]["hostedUrl"]


@pytest.mark.parametrize("data", [{"ok": False, "error": "Document not found"}, None, {"data": []}])
def test_a_response_of_the_wrong_shape_is_a_payload_error(data: object) -> None:
    with pytest.raises(PayloadError, match="JSON array of postings"):
        list(parse_postings(data, board="x"))


def test_crawl_against_a_local_server_stores_every_posting(
    server: LocalServer, database_url: str
) -> None:
    server.add(POSTINGS_PATH, SAMPLE.read_bytes())

    result = crawl("lever", "board=idealistconsulting", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    listings = table_rows(database_url, "listings", order_by="posted_at")
    assert [row["source_id"] for row in listings] == [SECOND, FIRST]
    assert [row["title"] for row in listings] == [
        "(1099 Contract) Salesforce for Nonprofits: Solution Architect",
        "(1099 Contract) Nonprofit Salesforce Consultant: Enterprise Project Manager",
    ]
    assert [row["url"] for row in listings] == [
        f"https://jobs.lever.co/idealistconsulting/{SECOND}",
        f"https://jobs.lever.co/idealistconsulting/{FIRST}",
    ]
    assert [row["location_text"] for row in listings] == ["Washington, D.C.", "Chicago, IL"]
    assert [row["posted_at"] for row in listings] == [
        datetime(2023, 1, 29, 2, 28, 23, 769000, tzinfo=UTC),
        datetime(2025, 11, 27, 1, 2, 41, 939000, tzinfo=UTC),
    ]
    assert all(row["company"] == "idealistconsulting" for row in listings)
    assert all("How You'll Contribute" in row["description_text"] for row in listings)
    assert [row["hints"] for row in listings] == [CONTRACT_REMOTE, CONTRACT_REMOTE]
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "finished"
    assert (run["items_scraped"], run["items_new"], run["items_rejected"]) == (2, 2, 0)
    assert run["boards"] == {"idealistconsulting": {"status": "complete", "listings": 2}}
    assert [path for _, path, _ in server.requests if path.startswith(POSTINGS_PATH)] == [
        f"{POSTINGS_PATH}?mode=json&skip=0&limit=100"
    ]


def test_paging_is_followed_until_a_short_page(server: LocalServer, sqlite_url: str) -> None:
    # The real sample split one posting per page, then the empty page that ends the board.
    first, second = json.loads(SAMPLE.read_text())
    for skip, page in enumerate([[first], [second], []]):
        server.add(f"{POSTINGS_PATH}?mode=json&skip={skip}&limit=1", page)

    result = crawl("lever", "board=idealistconsulting", "page_size=1",
                   f"api_base={server.base}", database_url=sqlite_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    assert [path for _, path, _ in server.requests if path.startswith(POSTINGS_PATH)] == [
        f"{POSTINGS_PATH}?mode=json&skip={skip}&limit=1" for skip in range(3)
    ]
    listings = table_rows(sqlite_url, "listings", order_by="source_id")
    assert [row["source_id"] for row in listings] == [SECOND, FIRST]
    (run,) = table_rows(sqlite_url, "crawl_runs")
    assert run["status"] == "finished"
    assert run["boards"] == {"idealistconsulting": {"status": "complete", "listings": 2}}


def test_a_failing_later_page_keeps_the_first_and_marks_the_board_incomplete(
    server: LocalServer, sqlite_url: str
) -> None:
    first, _ = json.loads(SAMPLE.read_text())
    server.add(f"{POSTINGS_PATH}?mode=json&skip=0&limit=1", [first])
    server.add(f"{POSTINGS_PATH}?mode=json&skip=1&limit=1", "Service Unavailable", status=503,
               content_type="text/plain")  # fmt: skip

    # Retries exhausted at once: what follows them is under test, not their back-off.
    run("scrapy", "crawl", "lever", "-s", "RETRY_TIMES=0", "-a", "board=idealistconsulting",
        "-a", "page_size=1", "-a", f"api_base={server.base}", database_url=sqlite_url)  # fmt: skip

    assert [row["source_id"] for row in table_rows(sqlite_url, "listings")] == [FIRST]
    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    assert crawl_run["status"] == "finished"  # the board is known, only incomplete
    assert crawl_run["errors"] >= 1
    board = crawl_run["boards"]["idealistconsulting"]
    assert (board["status"], board["listings"]) == ("incomplete", 1)
    assert board["problems"] == [
        "HTTP 503 (https://api.lever.co/v0/postings/idealistconsulting?mode=json&skip=1&limit=1)"
    ]
