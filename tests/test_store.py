"""The store on SQLite and PostgreSQL: upsert semantics, change tracking, runs and rejects."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from store.db import get_engine, masked
from store.listings import content_hash, upsert_listings
from store.models import Listing
from store.runs import add_rejects, finish_run, recent_runs, start_run
from tests.support import SAMPLES, table_rows

T0 = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=1)


def sample_rows() -> list[dict[str, Any]]:
    """Rows shaped as the Greenhouse spider and pipelines produce them, from the real sample."""
    jobs = json.loads((SAMPLES / "greenhouse" / "amplitude-jobs-content-full.json").read_text())
    return [
        {
            "source": "greenhouse",
            "source_id": str(job["id"]),
            "board": "amplitude",
            "url": job["absolute_url"],
            "title": job["title"],
            "company": job["company_name"].strip(),
            "location_text": job["location"]["name"],
            "description_text": job["content"][:500],
            "posted_at": datetime.fromisoformat(job["first_published"]),
            "pay_min": 100000,
            "employment_types": [],
            "raw": job,
        }
        for job in jobs["jobs"]
    ]


def upsert(url: str, rows: list[dict[str, Any]], at: datetime, run_id: int | None = None):
    with get_engine(url).begin() as connection:
        return upsert_listings(connection, rows, run_id=run_id, seen_at=at)


def test_new_listings_are_inserted(database_url: str) -> None:
    result = upsert(database_url, sample_rows(), T0)

    assert (result.new, result.updated, result.unchanged) == (2, 0, 0)
    stored = table_rows(database_url, "listings", order_by="source_id")
    assert [row["title"] for row in stored] == [
        "Customer Data Scientist - Experimentation",
        "Emerging Account Executive (India)",
    ]
    first = stored[0]
    assert first["first_seen_at"] == first["last_seen_at"] == first["updated_at"] == T0
    assert first["posted_at"] == datetime(2026, 7, 16, 15, 55, 32, tzinfo=UTC)
    assert first["raw"]["departments"][0]["name"] == "Solutions Consulting"
    assert first["pay_min"] == 100000.0 and first["expired_at"] is None
    assert first["content_hash"] == content_hash(first)


def test_a_recrawl_of_unchanged_listings_moves_only_last_seen_at(database_url: str) -> None:
    upsert(database_url, sample_rows(), T0)
    before = table_rows(database_url, "listings")

    result = upsert(database_url, sample_rows(), T1)

    assert (result.new, result.updated, result.unchanged) == (0, 0, 2)
    after = table_rows(database_url, "listings")
    for old, new in zip(before, after, strict=True):
        assert new["last_seen_at"] == T1
        assert {k: v for k, v in new.items() if k != "last_seen_at"} == {
            k: v for k, v in old.items() if k != "last_seen_at"
        }
    assert table_rows(database_url, "listing_changes") == []


def test_payload_noise_is_not_a_change(database_url: str) -> None:
    upsert(database_url, sample_rows(), T0)
    rows = sample_rows()
    rows[0]["raw"] = rows[0]["raw"] | {"updated_at": "2026-08-01T00:00:00-04:00"}
    rows[0]["pay_min"] = 100000.0  # the same amount as a float

    assert upsert(database_url, rows, T1).unchanged == 2


def test_a_changed_listing_is_updated_and_its_change_recorded(database_url: str) -> None:
    upsert(database_url, sample_rows(), T0)
    rows = sample_rows()
    rows[1]["title"] = "Emerging Account Executive (India) - Mumbai"
    rows[1]["pay_min"] = None

    result = upsert(database_url, rows, T1)

    assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
    changed = table_rows(database_url, "listings", order_by="source_id")[1]
    assert changed["title"] == "Emerging Account Executive (India) - Mumbai"
    assert changed["first_seen_at"] == T0 and changed["updated_at"] == T1
    (change,) = table_rows(database_url, "listing_changes")
    assert change["listing_id"] == changed["id"] and change["kind"] == "updated"
    assert change["changes"] == {
        "title": [
            "Emerging Account Executive (India)",
            "Emerging Account Executive (India) - Mumbai",
        ],
        "pay_min": [100000.0, None],
    }


def test_an_expired_listing_that_reappears_is_reopened(database_url: str) -> None:
    upsert(database_url, sample_rows(), T0)
    with get_engine(database_url).begin() as connection:
        connection.execute(update(Listing.__table__).values(expired_at=T0 + timedelta(hours=1)))

    result = upsert(database_url, sample_rows(), T1)

    assert result.updated == 2
    assert all(row["expired_at"] is None for row in table_rows(database_url, "listings"))
    kinds = {row["kind"] for row in table_rows(database_url, "listing_changes")}
    assert kinds == {"reopened"}


def test_a_batch_is_written_whole_or_not_at_all(database_url: str) -> None:
    rows = sample_rows()
    rows[1]["title"] = None  # violates NOT NULL

    with pytest.raises(IntegrityError):
        upsert(database_url, rows, T0)

    assert table_rows(database_url, "listings") == []


def test_a_key_repeated_in_one_batch_is_written_once(database_url: str) -> None:
    rows = sample_rows()
    repeat = copy.deepcopy(rows[0]) | {"title": "Later version"}

    result = upsert(database_url, [*rows, repeat], T0)

    assert result.new == 2
    titles = {row["title"] for row in table_rows(database_url, "listings")}
    assert "Later version" in titles


def test_unknown_columns_are_refused(database_url: str) -> None:
    with pytest.raises(ValueError, match="unknown listing columns: \\['salary'\\]"):
        upsert(database_url, [sample_rows()[0] | {"salary": "lots"}], T0)


def test_runs_and_rejects_are_recorded(database_url: str) -> None:
    with get_engine(database_url).begin() as connection:
        run_id = start_run(connection, "greenhouse", {"board": "amplitude"})
        add_rejects(connection, run_id, [
            {"source": "greenhouse", "board": "amplitude", "url": "https://x.test/1",
             "reason": "title is required", "payload": {"id": 1, "title": None}},
        ])  # fmt: skip
        finish_run(
            connection, run_id, status="finished", finish_reason="finished",
            counts={"items_scraped": 3, "items_new": 2, "items_rejected": 1},
            boards={"amplitude": {"status": "complete"}},
        )  # fmt: skip
        (summary,) = recent_runs(connection)

    assert summary.status == "finished" and summary.spider == "greenhouse"
    assert summary.counts["items_new"] == 2 and summary.counts["items_unchanged"] == 0
    assert summary.finished_at is not None and summary.finished_at >= summary.started_at
    (reject,) = table_rows(database_url, "rejects")
    assert reject["crawl_run_id"] == run_id and reject["payload"] == {"id": 1, "title": None}


def test_an_unknown_run_status_is_refused(database_url: str) -> None:
    with get_engine(database_url).begin() as connection:
        run_id = start_run(connection, "greenhouse", {})
        with pytest.raises(ValueError, match="unknown crawl run status"):
            finish_run(connection, run_id, status="done", finish_reason="", counts={})


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_url: str) -> None:
    with get_engine(sqlite_url).connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_passwords_are_masked() -> None:
    assert masked("postgresql://app:s3cret@db.internal:5432/jobs") == (
        "postgresql://app:***@db.internal:5432/jobs"
    )
    assert "s3cret" not in masked("postgresql+psycopg://app:s3cret@db/jobs")
