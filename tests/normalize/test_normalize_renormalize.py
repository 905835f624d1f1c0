"""`opportunities renormalize`: stored rows re-read by the current normalizer, on SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from normalize import NORMALIZER_VERSION
from store.db import get_engine
from store.listings import LISTINGS, content_hash, upsert_listings
from store.migrate import upgrade
from store.models import ListingChange
from store.renormalize import renormalize_listings

CHANGES = ListingChange.__table__


def row(source_id: str, **fields: object) -> dict[str, object]:
    return {
        "source": "hackernews",
        "source_id": source_id,
        "url": f"https://news.ycombinator.com/item?id={source_id}",
        "title": "Senior backend developer",
        "description_text": (
            "TransferWise | Senior backend developer | Full-time | London, UK | Onsite | "
            "£50k - £70k + stock"
        ),
        "normalizer_version": "0",
    } | fields


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'renormalize.db'}"
    upgrade(url)
    with get_engine(url).begin() as connection:
        upsert_listings(
            connection,
            [
                row("16735116"),  # stored by an old normalizer: nothing classified
                row(
                    "16735117",
                    remote="onsite",
                    pay_status="paid",
                    pay_min=50_000.0,
                    pay_max=70_000.0,
                    pay_currency="GBP",
                    pay_period="year",
                    employment_types=["FULL_TIME"],
                    pay_raw="£50k - £70k",
                    normalizer_version=NORMALIZER_VERSION,
                ),
                row("1", source="arbeitnow", description_text="Vollzeit | Vor Ort"),
            ],
        )
    return url


def stored(url: str, source_id: str) -> dict[str, object]:
    with get_engine(url).connect() as connection:
        query = select(LISTINGS).where(LISTINGS.c.source_id == source_id)
        return dict(connection.execute(query).mappings().one())


def test_dry_run_reports_and_writes_nothing(database: str) -> None:
    with get_engine(database).begin() as connection:
        result = renormalize_listings(connection, dry_run=True)
    assert (result.examined, result.changed) == (3, 2)
    assert stored(database, "16735116")["remote"] is None


def test_changed_rows_are_updated_with_hash_and_change_row(database: str) -> None:
    with get_engine(database).begin() as connection:
        result = renormalize_listings(connection, source="hackernews")
    assert (result.examined, result.changed) == (2, 1)
    assert result.fields["pay_min"] == 1
    listing = stored(database, "16735116")
    assert (listing["remote"], listing["pay_min"], listing["pay_currency"]) == (
        "onsite",
        50_000,
        "GBP",
    )
    assert listing["employment_types"] == ["FULL_TIME"]
    assert listing["normalizer_version"] == NORMALIZER_VERSION
    assert listing["content_hash"] == content_hash(listing)
    with get_engine(database).connect() as connection:
        changes = connection.execute(select(CHANGES)).mappings().all()
    assert [(c["listing_id"], c["kind"]) for c in changes] == [(listing["id"], "renormalized")]
    assert changes[0]["changes"]["pay_min"] == [None, 50_000.0]
    assert stored(database, "1")["remote"] is None  # another source: untouched


def test_a_second_run_changes_nothing(database: str) -> None:
    with get_engine(database).begin() as connection:
        renormalize_listings(connection)
    with get_engine(database).begin() as connection:
        result = renormalize_listings(connection)
    assert (result.examined, result.changed) == (3, 0)


def test_command(database: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "opportunities.cli", "renormalize", "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=os.environ | {"DATABASE_URL": database},
    )
    assert done.returncode == 0, done.stderr
    assert "examined 3 listing(s), would change 2" in done.stdout
