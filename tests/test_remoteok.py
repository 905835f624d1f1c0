"""Remote OK: the pure parser on both real samples (a small one and the untrimmed 97-job dump),
mojibake repair, the legal notice, and a whole crawl against a local server."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._payload import PayloadError
from spiders.remoteok import parse_api
from tests.support import SAMPLES, LocalServer, crawl, table_rows

SMALL = SAMPLES / "remoteok" / "api-2026-07.json"
DUMP = SAMPLES / "remoteok" / "api-full-dump-2026-03-97-jobs.json"


@pytest.fixture
def dump() -> list:
    return json.loads(DUMP.read_text())


def by_id(listings: list[Listing | Reject]) -> dict[str, Listing]:
    return {item.source_id: clean_listing(item) for item in listings if isinstance(item, Listing)}


def test_the_legal_notice_is_skipped_and_every_posting_mapped() -> None:
    data = json.loads(SMALL.read_text())
    listings = [clean_listing(item) for item in parse_api(data)]

    assert [item.source_id for item in listings] == ["1134698", "1134650", "1134651", "1134648"]
    voice = listings[0]
    assert voice.title == "Australian English Voice Actor Adelaide"
    assert voice.company == "OpsArmy Careers"
    assert voice.url == (
        "https://remoteOK.com/remote-jobs/"
        "remote-australian-english-voice-actor-adelaide-opsarmy-careers-1134698"
    )
    assert voice.apply_url == voice.url
    assert voice.location_text == "Adelaide, Adelaide, South Australia, Australia"
    assert voice.posted_at == datetime(2026, 7, 10, 2, 20, 45, tzinfo=UTC)
    assert voice.attribution == f"Job listing from Remote OK — {voice.url}"
    assert voice.description_text.startswith("Australian English Voice Actor")
    assert (voice.pay_raw, voice.hints) == (None, {})  # salary_min/max 0: unknown
    # "Orlando, ": the API leaves the separator of an empty region.
    assert (listings[1].location_raw, listings[1].location_text) == ("Orlando, ", "Orlando")
    assert list(parse_api([data[0]])) == []


def test_the_full_dump_gives_one_listing_per_posting(dump: list) -> None:
    items = list(parse_api(dump))

    assert len(dump) == 98 and len(items) == 97
    listings = by_id(items)
    assert len(listings) == 97
    invalid = {key: listing_problems(item) for key, item in listings.items()}
    # A real posting with no position and no company: the validate stage rejects it.
    assert {key: problems for key, problems in invalid.items() if problems} == {
        "1130784": ["title is required"]
    }
    first = listings["1130788"]
    assert first.title == "Benefits Advisor Leadership Training Program"
    assert first.company == "Fisher Agencies"
    assert first.location_raw is None
    assert first.posted_at == datetime(2026, 3, 16, 0, 0, 3, tzinfo=UTC)


def test_mojibake_is_repaired_and_the_original_kept(dump: list) -> None:
    listings = by_id(list(parse_api(dump)))

    zocalo = listings["1130733"]
    assert zocalo.company == "Zócalo Health"
    assert zocalo.raw["company"] == "ZÃ³calo Health"
    assert listings["1130779"].location_raw == "Gdańsk"
    fisher = listings["1130788"]
    assert "What You’ll Do" in fisher.description_html  # the curly quote is the author's
    assert "What You\u00e2\u0080\u0099ll Do" in fisher.raw["description"]
    assert all("\u00e2\u0080" not in (item.description_html or "") for item in listings.values())


def test_salary_fields_become_hints(dump: list) -> None:
    listings = by_id(list(parse_api(dump)))

    assert sum(1 for item in listings.values() if item.hints) == 18
    blackpoint = listings["1130780"]
    assert blackpoint.pay_raw == "180000–210000 USD"
    assert blackpoint.hints == {"pay_status": "paid", "pay_min": 180000.0, "pay_max": 210000.0,
                                "pay_currency": "USD", "pay_period": "year"}  # fmt: skip
    # "Compensation: $25 - $27 (per hour)" typed into the yearly fields: no period claimed.
    assert listings["1130733"].hints == {
        "pay_status": "paid", "pay_min": 25.0, "pay_max": 27.0, "pay_currency": "USD",
    }  # fmt: skip


def test_a_bad_element_is_a_reject_and_a_wrong_shape_a_payload_error(dump: list) -> None:
    items = list(parse_api([dump[0], "not a posting", dump[1]]))

    assert isinstance(items[0], Reject) and "unusable posting" in items[0].reason
    assert isinstance(items[1], Listing)
    with pytest.raises(PayloadError, match="array"):
        list(parse_api({"legal": "…"}))


def test_crawl_against_a_local_server_stores_every_posting(
    server: LocalServer, database_url: str
) -> None:
    server.add("/api", DUMP.read_bytes())

    result = crawl("remoteok", f"api_base={server.base}", database_url=database_url)

    assert result.returncode == 0, result.stderr[-3000:]
    assert ("GET", "/api", b"") in server.requests
    listings = {row["source_id"]: row for row in table_rows(database_url, "listings")}
    assert len(listings) == 96
    assert "1130784" not in listings  # rejected: no title
    zocalo = listings["1130733"]
    assert (zocalo["title"], zocalo["company"]) == ("Recruiting Coordinator", "Zócalo Health")
    assert zocalo["url"].endswith(
        "/remote-jobs/remote-recruiting-coordinator-zocalo-health-1130733"
    )
    assert zocalo["attribution"] == f"Job listing from Remote OK — {zocalo['url']}"
    assert zocalo["raw"]["company"] == "ZÃ³calo Health"
    assert zocalo["hints"]["pay_min"] == 25.0
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert crawl_run["status"] == "finished"
    assert (crawl_run["items_new"], crawl_run["items_rejected"]) == (96, 1)
    (reject,) = table_rows(database_url, "rejects")
    assert reject["reason"] == "invalid listing: title is required"
