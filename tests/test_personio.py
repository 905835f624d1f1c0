"""Personio: the pure XML parser on the real feed, hostile and wrong bodies, and whole crawls
against a local server.

The sample is a real Personio /xml feed of the plugin vendor's test tenant, whose subdomain is
not known: `demo` stands in for it (also in the cassette and sources.toml). No real copy of the
marketing page an unknown tenant is redirected to exists: a minimal HTML page stands in for it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._base import SpiderArgumentError
from spiders._payload import PayloadError
from spiders.personio import PersonioSpider, feed_host, feed_url, parse_feed
from tests.support import SAMPLES, LocalServer, crawl, table_rows

SAMPLE = SAMPLES / "personio" / "xml-feed-11-positions-test-tenant.xml"
MARKETING_PAGE = (
    b"<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
    b"<title>Personio | HR Software</title></head><body><p>HR software<br></body></html>"
)


def positions(body: bytes) -> list[Listing]:
    items = [clean_listing(item) for item in parse_feed(body, board="demo")]  # type: ignore[arg-type]
    assert all(isinstance(item, Listing) for item in items)
    return items


def feed(*positions_xml: str) -> bytes:
    return ("<workzag-jobs>" + "".join(positions_xml) + "</workzag-jobs>").encode()


def test_parse_feed_maps_every_position() -> None:
    listings = positions(SAMPLE.read_bytes())

    assert len(listings) == 11
    first = listings[0]
    assert first.source_id == "demo/2140231"
    assert first.url == "https://demo.jobs.personio.de/job/2140231"
    assert first.title == "Copy of Junior Compliance and Immigrations Manager"
    assert first.company == "Parent Ltd."  # subcompany
    assert first.location_raw == "London"
    assert first.posted_raw == "2024-09-24T11:00:15+00:00"
    assert first.posted_at == datetime(2024, 9, 24, 11, 0, 15, tzinfo=UTC)
    assert first.employment_type_raw == "permanent, full-time"
    assert first.pay_raw == "from 100000.00 GBP (yearly)"
    assert first.hints == {
        "pay_status": "paid", "pay_min": 100000.0, "pay_currency": "GBP", "pay_period": "year",
        "employment_types": ["FULL_TIME"], "duration_class": "open_ended",
    }  # fmt: skip
    text = first.description_text or ""
    assert text.startswith("Your mission\n\nThe International Affairs Office Manager will ensure")
    assert "\nYour profile\n\nESSENTIAL KNOWLEDGE, SKILLS AND EXPERIENCE:" in text
    assert "\nWhy us?\n\nlaOlaWeb’s mission is to educate students" in text
    assert first.raw["yearsOfExperience"] == "2-5"
    assert [s["name"] for s in first.raw["jobDescriptions"]] == [
        "Your mission", "Your profile", "Why us?"
    ]  # fmt: skip
    assert all(listing_problems(listing) == [] for listing in listings)


def test_structured_fields_of_the_other_positions() -> None:
    by_id = {listing.source_id: listing for listing in positions(SAMPLE.read_bytes())}

    general = by_id["demo/2140224"]
    assert (general.company, general.location_raw) == ("Subsidiary NL", "Remote")
    assert general.employment_type_raw == "permanent, full-or-part-time"
    assert general.pay_raw is None
    assert general.hints == {
        "employment_types": ["FULL_TIME", "PART_TIME"], "duration_class": "open_ended"
    }  # fmt: skip
    sales = by_id["demo/2140233"]
    assert (sales.pay_raw, sales.hints["pay_currency"]) == ("from 100000.00 EUR (yearly)", "EUR")
    student = by_id["demo/2140222"]
    assert student.title == "Social Media (Working Student)"
    assert student.employment_type_raw == "intern, part-time"
    assert student.hints == {"employment_types": ["INTERN", "PART_TIME"]}  # not permanent
    # No subcompany: the tenant stands in for the company.
    assert by_id["demo/2140221"].company == "demo"


def test_additional_offices_and_a_full_salary_range() -> None:
    (listing,) = positions(feed(
        "<position><id>7</id><name>Werkstudent (m/w/d)</name><office>Berlin</office>"
        "<additionalOffices><office>Hamburg</office><office>München</office></additionalOffices>"
        "<salaryInformation><min>15</min><max>18.50</max><currencyCode>EUR</currencyCode>"
        "<type>hourly</type></salaryInformation></position>"
    ))  # fmt: skip

    assert listing.location_raw == "Berlin | Hamburg | München"
    assert listing.pay_raw == "15–18.50 EUR (hourly)"
    assert listing.hints == {
        "pay_status": "paid", "pay_min": 15.0, "pay_max": 18.5, "pay_currency": "EUR",
        "pay_period": "hour",
    }  # fmt: skip
    assert listing.raw["additionalOffices"] == ["Hamburg", "München"]


def test_an_empty_feed_is_an_empty_board() -> None:
    assert (
        list(parse_feed(b'<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs/>', board="a"))
        == []
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (MARKETING_PAGE, "an HTML page titled 'Personio | HR Software'; Personio redirects an "
                         "unknown company to its marketing site"),
        (b"<html><head><title>Personio</title></head></html>", "root element <html>"),
        (b"<rss><channel/></rss>", "root element <rss>"),
        (b"<!DOCTYPE html><html><body><p>moved<br></body></html>", "an HTML page; Personio"),
        (b"", "empty response body"),
        (b'{"jobs": []}', "got b'{\"jobs\": []}'"),
    ],
)  # fmt: skip
def test_anything_but_a_feed_is_a_payload_error(body: bytes, reason: str) -> None:
    with pytest.raises(PayloadError, match="not a Personio XML feed") as error:
        list(parse_feed(body, board="acme"))
    assert reason in str(error.value)


def test_entities_are_not_resolved() -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
        b"<workzag-jobs><position><id>1</id><name>Job &secret;</name></position></workzag-jobs>"
    )
    (listing,) = positions(hostile)

    assert listing.title == "Job"


def test_bad_positions_are_rejects_or_invalid_never_crashes() -> None:
    items = list(parse_feed(feed(
        "<position><id>1</id><name><b>nested</b></name></position>",
        "<position><name>No id</name></position>",
        "<position><id>3</id><name>Fine</name><salaryInformation>n/a</salaryInformation>"
        "<jobDescriptions>text</jobDescriptions></position>",
    ), board="acme"))  # fmt: skip

    assert isinstance(items[0], Reject) and "unusable position" in items[0].reason
    assert listing_problems(clean_listing(items[1])) == ["source_id is required", "url is required"]
    fine = clean_listing(items[2])
    assert (fine.title, fine.pay_raw, fine.description_html) == ("Fine", None, None)
    assert listing_problems(fine) == []


@pytest.mark.parametrize(
    ("board", "url"),
    [
        ("acme", "https://acme.jobs.personio.de/xml?language=en"),
        ("Acme-GmbH", "https://acme-gmbh.jobs.personio.de/xml?language=en"),
        ("acme.jobs.personio.com", "https://acme.jobs.personio.com/xml?language=en"),
    ],
)
def test_a_board_is_a_company_subdomain(board: str, url: str) -> None:
    assert feed_url(board) == url


@pytest.mark.parametrize(
    "board", ["acme.example.com", "https://acme.jobs.personio.de", "-x", "a b"]
)
def test_anything_else_is_an_argument_error(board: str) -> None:
    with pytest.raises(SpiderArgumentError, match="not a Personio company subdomain"):
        feed_host(board)
    with pytest.raises(SpiderArgumentError):
        PersonioSpider(board=board)


def test_crawl_against_a_local_server_stores_every_position(
    server: LocalServer, database_url: str
) -> None:
    server.add("/xml?language=en", SAMPLE.read_bytes(), content_type="text/xml; charset=UTF-8")

    result = crawl("personio", "board=demo", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    listings = table_rows(database_url, "listings", order_by="source_id")
    assert len(listings) == 11
    first = next(row for row in listings if row["source_id"] == "demo/2140231")
    assert first["url"] == "https://demo.jobs.personio.de/job/2140231"
    assert first["title"] == "Copy of Junior Compliance and Immigrations Manager"
    assert (first["company"], first["location_text"]) == ("Parent Ltd.", "London")
    assert first["posted_at"] == datetime(2024, 9, 24, 11, 0, 15, tzinfo=UTC)
    assert first["description_text"].startswith("Your mission\n\nThe International Affairs")
    assert first["hints"] == {
        "pay_status": "paid", "pay_min": 100000.0, "pay_currency": "GBP", "pay_period": "year",
        "employment_types": ["FULL_TIME"], "duration_class": "open_ended",
    }  # fmt: skip
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "finished"
    assert (run["items_scraped"], run["items_new"], run["errors"]) == (11, 11, 0)
    assert run["boards"] == {"demo": {"status": "complete", "listings": 11}}
    assert ("GET", "/xml?language=en", b"") in server.requests


def test_an_unknown_tenant_fails_the_board(server: LocalServer, sqlite_url: str) -> None:
    # Personio answers an unknown subdomain with a redirect to its marketing site (HTTP 200).
    server.add("/xml?language=en", b"", status=302, headers={"Location": "/en/"})
    server.add("/en/", MARKETING_PAGE, content_type="text/html; charset=utf-8")

    result = crawl("personio", "board=nosuchcompany", f"api_base={server.base}",
                   database_url=sqlite_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    assert table_rows(sqlite_url, "listings") == []
    (run,) = table_rows(sqlite_url, "crawl_runs")
    assert run["status"] == "failed"
    failure = run["boards"]["nosuchcompany"]["failure"]
    assert "Personio redirects an unknown company to its marketing site" in failure
    assert f"(redirected to {server.base}/en/)" in failure
    assert failure.endswith("(https://nosuchcompany.jobs.personio.de/xml?language=en)")
    (reject,) = table_rows(sqlite_url, "rejects")
    assert "Personio | HR Software" in reject["payload"]["body"]
