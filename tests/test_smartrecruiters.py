"""SmartRecruiters: the pure parsers on the real samples, and a whole crawl against a local server.

The samples are a real list page of one company (Knight Gayles, board `knight`: the company its
own `ref` names) and a real detail of a posting of another (Vitol). Neither company's other half
exists: there is no Knight detail and no Vitol list. Where a Vitol list entry is needed, it is
built from the Vitol detail's own fields, keeping exactly the keys a real list entry has (the
Knight entry's); `fixtures/cassettes/smartrecruiters/vitol.yaml` holds the same built page.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._base import next_offset
from spiders._payload import PayloadError
from spiders.smartrecruiters import parse_detail, parse_postings
from tests.support import SAMPLES, LocalServer, crawl, table_rows

KNIGHT_LIST = SAMPLES / "smartrecruiters" / "knightgayles-postings-list.json"
VITOL_DETAIL = SAMPLES / "smartrecruiters" / "vitol-posting-detail-jobad-sections.json"
VITOL_ID = "744000133666057"
KNIGHT_ID = "743999671674844"


@pytest.fixture
def knight_page() -> dict[str, Any]:
    return json.loads(KNIGHT_LIST.read_text())


@pytest.fixture
def vitol_detail() -> dict[str, Any]:
    return json.loads(VITOL_DETAIL.read_text())


def vitol_entry() -> dict[str, Any]:
    """A Vitol list entry built from the real detail (see the module docstring)."""
    list_keys = set(json.loads(KNIGHT_LIST.read_text())["content"][0])
    return {k: v for k, v in json.loads(VITOL_DETAIL.read_text()).items() if k in list_keys}


def vitol_listing() -> Listing:
    (listing,) = parse_postings({"totalFound": 1, "content": [vitol_entry()]}, board="Vitol")
    assert isinstance(listing, Listing)
    return listing


def test_parse_postings_maps_the_real_list_entry(knight_page: dict[str, Any]) -> None:
    (item,) = parse_postings(knight_page, board="knight")

    assert isinstance(item, Listing)
    listing = clean_listing(item)
    assert listing.source_id == KNIGHT_ID
    assert listing.title == "CNA / LPN - Consistent Hours. Start Next Week."
    # No page URL in the list: the public page is built from the company identifier and id.
    assert listing.url == f"https://jobs.smartrecruiters.com/Knight/{KNIGHT_ID}"
    assert listing.company == "Knight Gayles"
    assert listing.location_raw == listing.location_text == "St. Louis, MO, United States"
    assert listing.language == "en"
    assert listing.posted_raw == "2018-06-08T02:11:28.000Z"
    assert listing.posted_at == datetime(2018, 6, 8, 2, 11, 28, tzinfo=UTC)
    assert listing.employment_type_raw == "Part-time"
    # remote: false and hybrid: false say nothing; the list has no description.
    assert listing.hints == {"employment_types": ["PART_TIME"]}
    assert listing.description_html is None
    assert listing.raw == {"list": knight_page["content"][0]}
    assert listing_problems(listing) == []


def test_parse_detail_completes_the_listing(vitol_detail: dict[str, Any]) -> None:
    listing = clean_listing(parse_detail(vitol_detail, vitol_listing()))

    assert listing.source_id == VITOL_ID
    assert listing.url == f"https://jobs.smartrecruiters.com/Vitol/{VITOL_ID}-platform-engineer"
    assert listing.apply_url == listing.url + "?oga=true"
    assert listing.title == "Platform Engineer"
    assert listing.company == "Vitol"
    assert listing.location_raw == "Singapore, , Singapore"  # as given
    assert listing.location_text == "Singapore, Singapore"
    assert listing.posted_at == datetime(2026, 6, 23, 17, 40, 25, 923000, tzinfo=UTC)
    assert listing.employment_type_raw == "Full-time"
    # typeOfEmployment {"id": "permanent", "label": "Full-time"}: both say something.
    assert listing.hints == {"employment_types": ["FULL_TIME"], "duration_class": "open_ended"}
    text = listing.description_text or ""
    assert text.startswith("Company Description\n\nVitol is a leader in the energy sector")
    assert "\nJob Description\n" in text and "\nQualifications\n" in text
    assert "• 3+ years of experience building and operating CI/CD platforms" in text
    assert "Additional Information" not in text  # an empty section is left out
    assert listing.raw["detail"] == vitol_detail
    assert listing.raw["list"] == vitol_entry()
    assert listing_problems(listing) == []


def test_a_detail_without_sections_keeps_the_list_data(vitol_detail: dict[str, Any]) -> None:
    listing = parse_detail(vitol_detail | {"jobAd": {}, "postingUrl": None}, vitol_listing())

    assert listing.description_html is None
    assert listing.url == f"https://jobs.smartrecruiters.com/Vitol/{VITOL_ID}"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"remote": True, "hybrid": False}, {"remote": "remote"}),
        ({"remote": True, "hybrid": True}, {"remote": "hybrid"}),
        ({"remote": False, "hybrid": False}, {}),
    ],
)
def test_location_flags_become_the_remote_hint(
    knight_page: dict[str, Any], flags: dict[str, bool], expected: dict[str, str]
) -> None:
    entry = knight_page["content"][0]
    entry["location"] |= flags
    (listing,) = parse_postings(knight_page, board="knight")

    assert listing.hints == {"employment_types": ["PART_TIME"], **expected}


def test_bad_postings_are_rejects_or_invalid_never_crashes(knight_page: dict[str, Any]) -> None:
    entry = knight_page["content"][0]
    wrong_types = entry | {"name": 42, "company": "Knight", "location": [], "releasedDate": 1}
    items = list(parse_postings({"content": ["not a posting", wrong_types]}, board="knight"))

    assert isinstance(items[0], Reject) and "unusable posting" in items[0].reason
    listing = clean_listing(items[1])
    assert (listing.company, listing.location_raw, listing.posted_raw) == (None, None, None)
    assert listing_problems(listing) == ["title is required"]


@pytest.mark.parametrize("data", [[], {"content": None}, {"message": "company not found"}])
def test_a_list_of_the_wrong_shape_is_a_payload_error(data: object) -> None:
    with pytest.raises(PayloadError, match="content"):
        list(parse_postings(data, board="knight"))


@pytest.mark.parametrize("detail", [[], {"id": VITOL_ID}, {"jobAd": "none"}])
def test_a_detail_of_the_wrong_shape_is_a_payload_error(detail: object) -> None:
    with pytest.raises(PayloadError, match="jobAd"):
        parse_detail(detail, vitol_listing())


@pytest.mark.parametrize(
    ("offset", "count", "total", "expected"),
    [
        (0, 100, 250, 100),
        (200, 50, 250, None),  # totalFound reached
        (0, 1, 1, None),
        (100, 0, 250, None),  # an empty page ends the list whatever the total says
        (0, 100, None, 100),  # total unknown (a salvaged page): go on until a page is empty
    ],
)
def test_paging_stops_at_the_total_or_an_empty_page(
    offset: int, count: int, total: int | None, expected: int | None
) -> None:
    assert next_offset(offset, count, total) == expected


def test_crawl_follows_pages_and_details_and_keeps_listings_whose_detail_failed(
    server: LocalServer, database_url: str
) -> None:
    # Knight: the real one-posting list (totalFound 1); its detail is not served (404).
    server.add("/v1/companies/knight/postings?limit=100&offset=0", KNIGHT_LIST.read_bytes())
    # Vitol: the built entry on page 1 claiming 2 postings, then an empty page; real detail.
    server.add(
        "/v1/companies/Vitol/postings?limit=100&offset=0",
        {"offset": 0, "limit": 100, "totalFound": 2, "content": [vitol_entry()]},
    )
    server.add(
        "/v1/companies/Vitol/postings?limit=100&offset=1",
        {"offset": 1, "limit": 100, "totalFound": 2, "content": []},
    )
    server.add(f"/v1/companies/Vitol/postings/{VITOL_ID}", VITOL_DETAIL.read_bytes())

    result = crawl("smartrecruiters", "board=knight,Vitol", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    knight, vitol = table_rows(database_url, "listings", order_by="source_id")
    assert (knight["source_id"], vitol["source_id"]) == (KNIGHT_ID, VITOL_ID)
    # Stored from the list data although its detail failed.
    assert knight["title"] == "CNA / LPN - Consistent Hours. Start Next Week."
    assert knight["url"] == f"https://jobs.smartrecruiters.com/Knight/{KNIGHT_ID}"
    assert knight["description_text"] is None
    assert knight["location_text"] == "St. Louis, MO, United States"
    assert knight["posted_at"] == datetime(2018, 6, 8, 2, 11, 28, tzinfo=UTC)
    assert knight["hints"] == {"employment_types": ["PART_TIME"]}
    assert (knight["company"], knight["board"]) == ("Knight Gayles", "knight")
    # Completed by its detail.
    assert vitol["url"] == f"https://jobs.smartrecruiters.com/Vitol/{VITOL_ID}-platform-engineer"
    assert vitol["description_text"].startswith("Company Description\n\nVitol is a leader")
    assert vitol["location_text"] == "Singapore, Singapore"
    assert vitol["posted_at"] == datetime(2026, 6, 23, 17, 40, 25, 923000, tzinfo=UTC)
    assert vitol["employment_type_raw"] == "Full-time"
    assert vitol["hints"] == {"employment_types": ["FULL_TIME"], "duration_class": "open_ended"}
    assert (vitol["company"], vitol["board"]) == ("Vitol", "Vitol")
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "finished"
    assert (run["items_scraped"], run["items_new"], run["errors"]) == (2, 2, 1)
    assert run["boards"]["Vitol"] == {"status": "complete", "listings": 1}
    assert run["boards"]["knight"]["status"] == "incomplete"
    assert run["boards"]["knight"]["problems"] == [
        f"HTTP 404 (https://api.smartrecruiters.com/v1/companies/knight/postings/{KNIGHT_ID})"
    ]
    paths = [path for method, path, _ in server.requests if method == "GET"]
    assert "/v1/companies/Vitol/postings?limit=100&offset=1" in paths
    assert "/v1/companies/knight/postings?limit=100&offset=1" not in paths  # totalFound 1
