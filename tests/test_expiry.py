"""Refresh semantics: listings expire only on the evidence of good runs, and come back."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from opportunities.replay import add_interaction
from pipelines.checks import run_status
from store.db import get_engine
from store.expiry import expire, find_expired
from store.listings import upsert_listings
from store.models import CrawlRun
from store.runs import board_baseline, close_dead_runs, finish_run, start_run
from tests.support import SAMPLES, run, table_rows

SAMPLE = SAMPLES / "greenhouse" / "amplitude-jobs-content-full.json"
URL = "https://boards-api.greenhouse.io/v1/boards/amplitude/jobs?content=true&pay_transparency=true"
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def cassettes(tmp_path: Path, name: str, jobs: list[dict]) -> Path:
    directory = tmp_path / name
    body = json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()
    add_interaction(directory / "greenhouse" / "amplitude.yaml", url=URL, body=body,
                    content_type="application/json")  # fmt: skip
    return directory


def replay(directory: Path, database_url: str, *settings: str) -> subprocess.CompletedProcess:
    flags = [flag for setting in settings for flag in ("-s", setting)]
    return run("opportunities", "crawl", "greenhouse", "--replay", str(directory),
               "-s", "EXPIRE_AFTER_RUNS=2", "-s", "EXPIRE_MIN_AGE_HOURS=0", *flags,
               database_url=database_url)  # fmt: skip


def test_a_vanished_posting_expires_after_the_configured_good_runs_and_comes_back(
    tmp_path: Path, database_url: str
) -> None:
    jobs = json.loads(SAMPLE.read_text())["jobs"]
    both, one = cassettes(tmp_path, "both", jobs), cassettes(tmp_path, "one", jobs[:1])
    gone = str(jobs[1]["id"])

    replay(both, database_url)
    replay(one, database_url)  # one good run without it: not enough
    assert all(row["expired_at"] is None for row in table_rows(database_url, "listings"))

    preview = run("opportunities", "expire", "--dry-run", "--after-runs", "1",
                  "--min-age-hours", "0", database_url=database_url)  # fmt: skip
    assert "1 listing(s) would expire" in preview.stdout and gone not in preview.stdout
    assert all(row["expired_at"] is None for row in table_rows(database_url, "listings"))

    replay(one, database_url)  # the second good run without it
    expired = {row["source_id"]: row["expired_at"] for row in table_rows(database_url, "listings")}
    assert expired[str(jobs[0]["id"])] is None and expired[gone] is not None
    runs = table_rows(database_url, "crawl_runs")
    assert [r["items_expired"] for r in runs] == [0, 0, 1]
    (change,) = [c for c in table_rows(database_url, "listing_changes") if c["kind"] == "expired"]
    assert (
        "absent from the last 2 good run(s) of greenhouse/amplitude" in change["changes"]["reason"]
    )

    replay(both, database_url)  # it is published again
    assert all(row["expired_at"] is None for row in table_rows(database_url, "listings"))
    assert table_rows(database_url, "crawl_runs")[-1]["items_updated"] == 1
    assert table_rows(database_url, "listing_changes")[-1]["kind"] == "reopened"


def test_failed_and_incomplete_runs_are_no_evidence(database_url: str) -> None:
    rows = [{"source": "greenhouse", "source_id": str(n), "board": "a", "url": f"https://x/{n}",
             "title": f"Job {n}"} for n in (1, 2)]  # fmt: skip
    engine = get_engine(database_url)
    with engine.begin() as connection:
        upsert_listings(connection, rows, seen_at=T0)
        no_evidence = [
            ("failed", "failed"), ("finished", "incomplete"), ("suspect", "suspect"),
            ("interrupted", "complete"),
        ]  # fmt: skip
        for status, board_status in no_evidence:
            run_id = start_run(connection, "greenhouse", {})
            finish_run(connection, run_id, status=status, finish_reason="", counts={},
                       boards={"a": {"status": board_status}})  # fmt: skip
        assert find_expired(connection, after_runs=1, min_age_hours=0) == []

        run_id = start_run(connection, "greenhouse", {})
        finish_run(connection, run_id, status="finished", finish_reason="finished", counts={},
                   boards={"a": {"status": "complete"}})  # fmt: skip
        connection.execute(update(CrawlRun.__table__).values(started_at=T0 + timedelta(hours=1)))
        found = find_expired(connection, after_runs=1, min_age_hours=0, at=T0 + timedelta(days=1))
        assert sorted(e.source_id for e in found) == ["1", "2"]
        # Not yet old enough.
        assert (
            find_expired(connection, after_runs=1, min_age_hours=48, at=T0 + timedelta(days=1))
            == []
        )
        assert expire(connection, found, run_id=run_id) == 2
    assert all(row["expired_at"] is not None for row in table_rows(database_url, "listings"))


def test_a_collapsed_item_count_makes_the_run_suspect(database_url: str) -> None:
    with get_engine(database_url).begin() as connection:
        for listings in (40, 42, 38):
            run_id = start_run(connection, "greenhouse", {})
            finish_run(connection, run_id, status="finished", finish_reason="finished", counts={},
                       boards={"a": {"status": "complete", "listings": listings}})  # fmt: skip
        assert board_baseline(connection, "greenhouse", "a") == 40
        assert board_baseline(connection, "greenhouse", "other") is None

    problem = "3 listings against a median of 40 in recent good runs"
    boards = {"a": {"status": "suspect", "listings": 3, "problems": [problem]}}
    status, reason = run_status("finished", boards)
    assert status == "suspect"
    assert reason == f"finished; 1 board(s) suspect: a: {problem}"
    assert run_status("shutdown", {})[0] == "interrupted"
    assert run_status("closespider_errorcount", {"a": {"status": "complete"}})[0] == "failed"


def test_a_run_whose_process_died_is_closed_as_interrupted(database_url: str) -> None:
    finished_child = subprocess.Popen([sys.executable, "-c", "pass"])
    finished_child.wait()
    with get_engine(database_url).begin() as connection:
        dead = start_run(connection, "greenhouse", {})
        alive = start_run(connection, "greenhouse", {})
        connection.execute(
            update(CrawlRun.__table__).where(CrawlRun.__table__.c.id == dead)
            .values(pid=finished_child.pid)
        )  # fmt: skip
        assert close_dead_runs(connection) == [dead]
    statuses = {row["id"]: row["status"] for row in table_rows(database_url, "crawl_runs")}
    assert statuses == {dead: "interrupted", alive: "running"}


@pytest.mark.parametrize("after_runs", [0, -1])
def test_after_runs_must_be_positive(sqlite_url: str, after_runs: int) -> None:
    with get_engine(sqlite_url).connect() as connection, pytest.raises(ValueError):
        find_expired(connection, after_runs=after_runs, min_age_hours=0)
