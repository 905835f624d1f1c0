"""Jobicy: the pure parser on the real sample, salary variants, filters, and a whole crawl against
a local server."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from spiders._payload import PayloadError
from spiders.jobicy import jobs_url, parse_remote_jobs
from tests.support import SAMPLES, LocalServer, crawl, table_rows

SAMPLE = SAMPLES / "jobicy" / "remote-jobs-v2-5-jobs-contract.json"


@pytest.fixture
def jobs() -> list[dict[str, Any]]:
    return json.loads(SAMPLE.read_text())["jobs"]


def listing(job: dict[str, Any]) -> Listing:
    (item,) = parse_remote_jobs({"jobs": [job]})
    assert isinstance(item, Listing)
    return clean_listing(item)


def test_parse_remote_jobs_maps_every_posting(jobs: list[dict[str, Any]]) -> None:
    listings = [clean_listing(item) for item in parse_remote_jobs({"jobs": jobs})]

    assert [item.source_id for item in listings] == ["145880", "145878", "145885", "146002"]
    mozilla = listings[0]
    assert mozilla.title == "Senior Software Engineer (Contract)"
    assert mozilla.company == "Mozilla"
    assert mozilla.url == "https://jobicy.com/jobs/145880-senior-software-engineer-contract"
    assert mozilla.location_raw == "Germany"
    assert mozilla.posted_at == datetime(2026, 7, 10, 20, 0, 5, tzinfo=UTC)
    assert mozilla.employment_type_raw == "Contract"
    assert mozilla.hints == {"employment_types": ["CONTRACTOR"], "remote": "remote"}
    assert mozilla.pay_raw is None
    assert mozilla.attribution == f"Job listing from Jobicy — {mozilla.url}"
    assert mozilla.description_text.startswith("Are you passionate about Privacy Protections")
    assert listings[1].hints == {"employment_types": ["FULL_TIME"], "remote": "remote"}
    revenuecat = listings[3]
    assert revenuecat.title == "Content Marketing Manager, Organic Growth (SEO & AEO)"
    assert revenuecat.location_raw == "EMEA | LATAM | Canada | USA"
    # Only a minimum is stated.
    assert revenuecat.pay_raw == "from 151000 USD (yearly)"
    assert revenuecat.hints == {
        "pay_status": "paid", "pay_min": 151000.0, "pay_currency": "USD",
        "pay_period": "year", "employment_types": ["FULL_TIME"], "remote": "remote",
    }  # fmt: skip


def test_salaries_given_as_strings_and_escaped_text_are_read(jobs: list[dict[str, Any]]) -> None:
    job = jobs[2] | {
        "jobTitle": "Project Director, Research &amp; Insights",
        "companyName": "M3 USA &amp; Co",
        "salaryMin": "90000",
        "salaryMax": "120000.00",
        "salaryCurrency": "GBP",
        "salaryPeriod": "yearly",
    }

    item = listing(job)

    assert (item.title, item.company) == ("Project Director, Research & Insights", "M3 USA & Co")
    assert item.pay_raw == "90000–120000.00 GBP (yearly)"
    assert (item.hints["pay_min"], item.hints["pay_max"], item.hints["pay_currency"]) == (
        90000.0, 120000.0, "GBP",
    )  # fmt: skip


def test_a_bad_posting_is_a_reject_and_a_wrong_shape_a_payload_error(
    jobs: list[dict[str, Any]],
) -> None:
    items = list(parse_remote_jobs({"jobs": [jobs[0] | {"jobTitle": ["x"]}, jobs[1]]}))

    assert isinstance(items[0], Listing) and items[0].title == ""  # validate rejects it
    assert isinstance(items[1], Listing)
    assert isinstance(next(parse_remote_jobs({"jobs": ["x"]})), Reject)
    with pytest.raises(PayloadError, match="jobs"):
        list(parse_remote_jobs({"success": False}))


def test_filters_go_into_the_query() -> None:
    assert jobs_url() == "https://jobicy.com/api/v2/remote-jobs?count=50"
    assert jobs_url({"tag": "data science", "geo": "usa"}) == (
        "https://jobicy.com/api/v2/remote-jobs?count=50&tag=data%20science&geo=usa"
    )


def test_crawl_against_a_local_server_stores_every_posting(
    server: LocalServer, database_url: str
) -> None:
    server.add("/api/v2/remote-jobs", SAMPLE.read_bytes())

    result = crawl("jobicy", "geo=emea", "industry=marketing", f"api_base={server.base}",
                   database_url=database_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    assert ("GET", "/api/v2/remote-jobs?count=50&geo=emea&industry=marketing", b"") in (
        server.requests
    )
    rows = table_rows(database_url, "listings", order_by="source_id")
    assert [row["source_id"] for row in rows] == ["145878", "145880", "145885", "146002"]
    assert [row["company"] for row in rows] == ["Dandy", "Mozilla", "M3 USA", "RevenueCat"]
    assert rows[0]["title"] == "Customer Experience Lab Technician (Netherlands)"
    assert rows[3]["hints"]["pay_min"] == 151000.0
    assert all(row["attribution"] == f"Job listing from Jobicy — {row['url']}" for row in rows)
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert (crawl_run["status"], crawl_run["items_new"]) == ("finished", 4)
    assert (crawl_run["arguments"]["geo"], crawl_run["arguments"]["industry"]) == (
        "emea", "marketing",
    )  # fmt: skip
