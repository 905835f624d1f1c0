"""The normalize stage fills a Listing's classification fields from its texts and hints."""

from __future__ import annotations

from datetime import UTC, date, datetime

from normalize import NORMALIZER_VERSION
from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.normalize import NormalizePipeline


def listing(**fields: object) -> Listing:
    base: dict[str, object] = {
        "source": "arbeitnow",
        "source_id": "working-student-it-security-hamburg-320005",
        "url": "https://www.arbeitnow.com/jobs/working-student-it-security-hamburg-320005",
        "title": "Working Student (f/m/d)* IT Security",
        "location_raw": "Hamburg",
        "employment_type_raw": "Working student",
        "posted_raw": "1771162285",
        "description_html": (
            "<p>Working Student (f/m/d)* IT Security (20 hours/ week)</p>"
            "<ul><li>As a Bachelor's student you will receive 15 euros/h and as a Master's "
            "student 17 euros/h.</li><li>a hybrid work model with 50% presence at the "
            "headquarters each month</li><li>Start Date: May 1, 2026</li></ul>"
        ),
    }
    return Listing(**(base | fields))  # type: ignore[arg-type]


def test_fills_every_classification_field() -> None:
    item = NormalizePipeline().process_item(clean_listing(listing()))
    assert (item.remote, item.pay_status) == ("hybrid", "paid")
    assert (item.pay_min, item.pay_max, item.pay_currency, item.pay_period) == (
        15,
        17,
        "EUR",
        "hour",
    )
    assert (item.hours_per_week_min, item.hours_per_week_max) == (20, 20)
    assert item.employment_types == ["PART_TIME"]
    assert item.start_date == date(2026, 5, 1)
    assert item.pay_raw == "15 euros/h; 17 euros/h"
    assert item.hours_raw == "20 hours/ week"
    assert item.normalizer_version == NORMALIZER_VERSION
    assert item.posted_at == datetime.fromtimestamp(1771162285, tz=UTC)


def test_keeps_the_spiders_pay_raw_and_lets_hints_win() -> None:
    item = NormalizePipeline().process_item(
        clean_listing(
            listing(
                pay_raw="EUR 18.00–20.00 (hourly)",
                hints={
                    "pay_min": 18.0,
                    "pay_max": 20.0,
                    "pay_currency": "EUR",
                    "pay_period": "hour",
                    "remote": "remote",
                },
            )
        )
    )
    assert item.pay_raw == "EUR 18.00–20.00 (hourly)"
    assert (item.pay_min, item.pay_max, item.remote) == (18.0, 20.0, "remote")


def test_sets_posted_at_only_when_clean_did_not() -> None:
    posted = datetime(2026, 2, 15, 13, 31, 25, tzinfo=UTC)
    item = NormalizePipeline().process_item(listing(posted_at=posted, posted_raw="2026-01-01"))
    assert item.posted_at == posted
    item = NormalizePipeline().process_item(listing(posted_raw="2026-01-01"))
    assert item.posted_at == datetime(2026, 1, 1, tzinfo=UTC)


def test_passes_other_items_through() -> None:
    reject = Reject(source="arbeitnow", reason="broken")
    assert NormalizePipeline().process_item(reject) is reject
