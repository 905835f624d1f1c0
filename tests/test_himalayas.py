"""Himalayas: the pure parser on the real sample, offset and cursor paging, the page budget, and
whole crawls against a local server.

The real sample is a trimmed first page (4 postings, `totalCount` 100371). The pagination test
splits its postings, verbatim, into two pages whose envelope says `totalCount: 4`; the cassette
answers the offset after the real page with an empty page (the end of the list), so a replay
ends where the recording does.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from spiders._base import SpiderArgumentError
from spiders._payload import PayloadError
from spiders.himalayas import HimalayasSpider, jobs_url, next_page, parse_jobs
from tests.support import SAMPLES, LocalServer, crawl, table_rows
from tests.test_remotive import logged_stat

SAMPLE = SAMPLES / "himalayas" / "jobs-api-5-jobs-2026-07.json"


@pytest.fixture
def payload() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text())


def test_parse_jobs_maps_every_posting(payload: dict[str, Any]) -> None:
    listings = [clean_listing(item) for item in parse_jobs(payload)]

    assert [type(item) for item in listings] == [Listing] * 4
    assert [item.source_id for item in listings] == [
        "https://himalayas.app/companies/ceragon-networks/jobs/content-marcom-specialist",
        "https://himalayas.app/companies/binance/jobs/product-manager-web3-defi",
        "https://himalayas.app/companies/mindrift/jobs/portfolio-manager-freelance-ai-trainer-169480136",
        "https://himalayas.app/companies/nvidia/jobs/senior-system-software-engineer-nvsci",
    ]
    first = listings[0]
    assert first.url == first.source_id == first.apply_url
    assert (first.title, first.company) == ("Content & Marcom Specialist", "Ceragon Networks")
    assert first.location_raw == "United States"
    assert first.posted_at == datetime(2026, 7, 11, 0, 58, 52, tzinfo=UTC)
    assert first.employment_type_raw == "Full Time"
    assert first.pay_raw is None  # minSalary/maxSalary null
    assert first.hints == {
        "employment_types": ["FULL_TIME"], "remote": "remote", "valid_through": "2026-09-09",
    }  # fmt: skip
    assert first.description_html.startswith("<h3>Description</h3>")
    assert listings[1].location_raw == "Hong Kong | Singapore | Taiwan"
    mindrift = listings[2]
    assert mindrift.pay_raw == "50–50 USD (hourly)"
    assert mindrift.hints == {
        "pay_status": "paid", "pay_min": 50.0, "pay_max": 50.0, "pay_currency": "USD",
        "pay_period": "hour", "employment_types": ["CONTRACTOR"], "remote": "remote",
        "valid_through": "2026-09-09",
    }  # fmt: skip
    nvidia = listings[3]
    assert nvidia.pay_raw == "184000–356500 USD (annual)"
    assert (nvidia.hints["pay_min"], nvidia.hints["pay_max"], nvidia.hints["pay_period"]) == (
        184000.0, 356500.0, "year",
    )  # fmt: skip


def test_a_bad_posting_is_a_reject_and_a_wrong_shape_a_payload_error(
    payload: dict[str, Any],
) -> None:
    items = list(parse_jobs({"jobs": [[], payload["jobs"][0]]}))

    assert isinstance(items[0], Reject) and isinstance(items[1], Listing)
    with pytest.raises(PayloadError, match="jobs"):
        list(parse_jobs({"error": "Too many requests"}))


def test_offset_paging_stops_at_total_count_or_an_empty_page() -> None:
    jobs = [{}] * 20
    assert next_page({"offset": 0, "totalCount": 45, "jobs": jobs}, offset=0) == (
        jobs_url(offset=20), 20,
    )  # fmt: skip
    assert next_page({"offset": 40, "totalCount": 45, "jobs": jobs[:5]}, offset=40) is None
    assert next_page({"jobs": []}, offset=60) is None
    assert jobs_url(offset=20) == "https://himalayas.app/jobs/api?limit=20&offset=20"


def test_a_cursor_replaces_the_offset_and_a_null_cursor_ends_the_list() -> None:
    jobs = [{}] * 20
    page = {"offset": 0, "totalCount": 20, "jobs": jobs, "nextCursor": "eyJpZCI6MjB9"}

    assert next_page(page, offset=0) == (
        "https://himalayas.app/jobs/api?limit=20&cursor=eyJpZCI6MjB9", 20,
    )  # fmt: skip
    assert next_page(page | {"nextCursor": None}, offset=0) is None


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_max_pages_must_be_a_positive_integer(value: str) -> None:
    with pytest.raises(SpiderArgumentError, match="max_pages"):
        HimalayasSpider(max_pages=value)


def test_crawl_pages_by_offset_to_the_total(
    server: LocalServer, database_url: str, payload: dict[str, Any]
) -> None:
    envelope = {key: value for key, value in payload.items() if key != "jobs"}
    first = envelope | {"totalCount": 4, "limit": 20, "jobs": payload["jobs"][:2]}
    server.add("/jobs/api?limit=20&offset=0", first)
    server.add("/jobs/api?limit=20&offset=2", first | {"offset": 2, "jobs": payload["jobs"][2:]})

    result = crawl("himalayas", f"api_base={server.base}", database_url=database_url)

    assert result.returncode == 0, result.stderr[-3000:]
    assert [path for _, path, _ in server.requests if path.startswith("/jobs/")] == [
        "/jobs/api?limit=20&offset=0", "/jobs/api?limit=20&offset=2",
    ]  # fmt: skip
    rows = table_rows(database_url, "listings", order_by="posted_at")
    assert [row["company"] for row in rows] == ["NVIDIA", "Mindrift", "Binance", "Ceragon Networks"]
    assert rows[1]["title"] == "Portfolio Manager - Freelance AI Trainer"
    assert rows[1]["hints"]["pay_period"] == "hour"
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert (crawl_run["status"], crawl_run["items_new"]) == ("finished", 4)
    assert logged_stat(result, "himalayas/page_budget") == 50
    assert logged_stat(result, "himalayas/pages_requested") == 2
    assert logged_stat(result, "himalayas/page_budget_reached") is None


def test_the_page_budget_stops_a_long_list(server: LocalServer, sqlite_url: str) -> None:
    server.add("/jobs/api?limit=20&offset=0", SAMPLE.read_bytes())  # totalCount 100371

    result = crawl("himalayas", "max_pages=1", f"api_base={server.base}",
                   database_url=sqlite_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    assert [path for _, path, _ in server.requests if path.startswith("/jobs/")] == [
        "/jobs/api?limit=20&offset=0"
    ]
    assert len(table_rows(sqlite_url, "listings")) == 4
    assert logged_stat(result, "himalayas/pages_requested") == 1
    assert logged_stat(result, "himalayas/page_budget_reached") is True
    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    assert (crawl_run["status"], crawl_run["arguments"]["max_pages"]) == ("finished", 1)
    (board,) = crawl_run["boards"].values()
    assert board["status"] == "incomplete"  # the unread postings must not expire
    assert board["problems"] == ["page budget of 1 pages reached; older postings not read"]
