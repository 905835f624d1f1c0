"""Search, export and show over the `opportunities` view, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from store.db import get_engine
from store.listings import upsert_listings
from store.models import Listing
from store.search import Filters, search
from tests.support import run

NOW = datetime.now(UTC)


def listing(source_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "source": "greenhouse", "source_id": source_id, "board": "b",
        "url": f"https://boards.example/{source_id}", "title": f"Role {source_id}",
        "company": "Acme", "posted_at": NOW - timedelta(days=1), **fields,
    }  # fmt: skip


ROWS = [
    listing("intern", title="Data Intern", remote="remote", pay_status="paid", pay_min=20,
            pay_max=25, pay_currency="USD", pay_period="hour", duration_days_min=84,
            duration_days_max=84, duration_class="short", is_short_term=True,
            hours_per_week_min=20, hours_per_week_max=20, employment_types=["INTERN"]),
    listing("project", title="Logo design project", remote="remote", pay_status="paid",
            pay_min=500, pay_max=500, pay_currency="EUR", pay_period="project",
            total_hours_max=30, is_short_term=True, employment_types=["CONTRACTOR"]),
    listing("fulltime", title="Backend Engineer", remote="onsite", location_text="Berlin",
            pay_min=70000, pay_max=90000, pay_currency="EUR", pay_period="year",
            duration_class="open_ended", is_short_term=False, employment_types=["FULL_TIME"],
            posted_at=NOW - timedelta(days=40)),
    listing("gone", title="Expired Intern", remote="remote", is_short_term=True,
            employment_types=["INTERN"]),
]  # fmt: skip


@pytest.fixture
def filled(database_url: str) -> str:
    with get_engine(database_url).begin() as connection:
        upsert_listings(connection, ROWS)
        table = Listing.__table__
        connection.execute(update(table).where(table.c.source_id == "gone").values(expired_at=NOW))
    return database_url


def titles(url: str, **filters: Any) -> list[str]:
    with get_engine(url).connect() as connection:
        return sorted(row["title"] for row in search(connection, Filters(**filters)))


def test_each_filter_narrows_to_the_right_opportunities(filled: str) -> None:
    assert titles(filled) == ["Backend Engineer", "Data Intern", "Logo design project"]
    assert titles(filled, remote="remote") == ["Data Intern", "Logo design project"]
    assert titles(filled, short_term=True) == ["Data Intern", "Logo design project"]
    assert titles(filled, max_days=90) == ["Data Intern"]
    assert titles(filled, max_hours_per_week=20) == ["Data Intern"]
    assert titles(filled, min_pay=22, pay_period="hour") == ["Data Intern"]
    assert titles(filled, min_pay=100000, pay_period="year") == []
    assert titles(filled, employment_types=["INTERN"]) == ["Data Intern"]
    assert titles(filled, employment_types=["CONTRACTOR"]) == ["Logo design project"]
    assert titles(filled, since=NOW - timedelta(days=7)) == ["Data Intern", "Logo design project"]
    assert titles(filled, sources=["greenhouse"]) == titles(filled)
    assert titles(filled, sources=["lever"]) == []
    assert titles(filled, text="logo") == ["Logo design project"]
    assert titles(filled, text="LOGO", remote="remote", short_term=True) == ["Logo design project"]


def test_the_views_show_one_row_per_group_with_its_sources(filled: str) -> None:
    with get_engine(filled).connect() as connection:
        rows = search(connection, Filters(short_term=True))
    assert {row["sources"] for row in rows} == {"greenhouse"}
    assert {row["member_count"] for row in rows} == {1}
    assert all(row["employment_types"] and row["posted_at"].tzinfo for row in rows)


def test_cli_search_export_and_show(filled: str) -> None:
    found = run("opportunities", "search", "--remote", "--short-term", "--type", "INTERN",
                database_url=filled)  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert "Data Intern" in found.stdout and "20–25 USD/hour" in found.stdout
    assert "Logo design" not in found.stdout

    jsonl = run("opportunities", "export", "--format", "jsonl", "--min-pay", "400/project",
                database_url=filled)  # fmt: skip
    (record,) = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert record["title"] == "Logo design project" and record["pay_currency"] == "EUR"

    exported = run("opportunities", "export", "--format", "csv", "--since", "7d",
                   database_url=filled)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert sorted(row["title"] for row in rows) == ["Data Intern", "Logo design project"]
    assert {row["employment_types"] for row in rows} == {"INTERN", "CONTRACTOR"}

    listing_id = next(row["listing_id"] for row in rows if row["title"] == "Data Intern")
    shown = run("opportunities", "show", listing_id, database_url=filled)
    assert shown.returncode == 0, shown.stderr
    assert "Data Intern" in shown.stdout and "https://boards.example/intern" in shown.stdout
    missing = run("opportunities", "show", "999999", database_url=filled)
    assert missing.returncode == 1 and "no opportunity" in missing.stdout


def test_bad_filter_values_are_clear_errors(filled: str) -> None:
    result = run("opportunities", "search", "--min-pay", "lots", database_url=filled)
    assert result.returncode != 0 and "expected AMOUNT[/PERIOD]" in result.stderr
    result = run("opportunities", "search", "--min-pay", "20/fortnight", database_url=filled)
    assert result.returncode != 0 and "--min-pay period 'fortnight'" in result.stderr
