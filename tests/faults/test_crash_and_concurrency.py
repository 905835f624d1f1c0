"""A crawl killed mid-way, and two crawls writing one source at the same time."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from store.db import get_engine
from store.listings import upsert_listings
from tests.faults.crawling import (
    ARBEITNOW_FIRST_PAGE_SIZE,
    ARBEITNOW_PAGES,
    GREENHOUSE_JOBS,
    arbeitnow_page,
    crawl,
    greenhouse_body,
    greenhouse_jobs,
    runs,
    start_crawl,
)
from tests.faults.server import FaultServer, Hit, Reply
from tests.support import fetch, table_rows

BATCH = 25
POSTINGS = 120


def _wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _listing_count(url: str) -> int:
    return int(fetch(url, "SELECT count(*) AS n FROM listings")[0]["n"])


def test_a_crawl_killed_mid_way_leaves_whole_batches_and_the_next_run_completes(
    faults: FaultServer, database_url: str, tmp_path: Path
) -> None:
    page_two_asked = threading.Event()
    release = threading.Event()
    faults.on_request = lambda hit: page_two_asked.set() if "page=2" in hit.path else None
    faults.serve(f"{ARBEITNOW_PAGES}?page=1", arbeitnow_page(1))
    faults.script(f"{ARBEITNOW_PAGES}?page=2", Reply(body=arbeitnow_page(2), stall=release))
    settings = {"STORE_BATCH_SIZE": str(BATCH)}

    process = start_crawl("arbeitnow", faults, database_url, tmp_path / "killed.log",
                          settings=settings)  # fmt: skip
    try:
        assert page_two_asked.wait(60), "the crawl never asked for page 2"
        # page 1 is stored while page 2 stalls; kill once its first batches are in
        _wait_for(lambda: _listing_count(database_url) >= 2 * BATCH, 30, "two batches")
        process.send_signal(signal.SIGKILL)
        process.wait(10)  # reaped: a zombie would still look alive to the next run
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        release.set()

    stored = _listing_count(database_url)
    assert stored % BATCH == 0 and 0 < stored < ARBEITNOW_FIRST_PAGE_SIZE, stored
    (dead,) = runs(database_url, "arbeitnow")
    assert (dead["status"], dead["finished_at"]) == ("running", None)

    faults.serve(f"{ARBEITNOW_PAGES}?page=2", arbeitnow_page(2))
    crawl("arbeitnow", faults, database_url, settings=settings)

    listings = table_rows(database_url, "listings")
    keys = Counter((row["source"], row["source_id"]) for row in listings)
    assert len(keys) == len(listings) == 100  # every posting once
    dead, good = runs(database_url, "arbeitnow")
    assert (good["status"], good["boards"][""]["status"]) == ("finished", "complete")
    assert (good["items_new"], good["items_unchanged"]) == (100 - stored, stored)
    assert dead["status"] == "interrupted"
    assert dead["finished_at"] is not None
    assert "process died" in dead["finish_reason"]


def test_two_crawls_of_one_source_at_once_neither_duplicate_nor_deadlock(
    faults: FaultServer, database_url: str, tmp_path: Path
) -> None:
    """Both crawls get the board at the same moment and write it in small interleaved batches
    (PostgreSQL: row locks; SQLite: the second writer waits on the busy timeout)."""
    jobs = greenhouse_jobs(POSTINGS)
    both_asked = threading.Event()
    asked: list[Hit] = []

    def count(hit: Hit) -> None:
        if hit.path.startswith(GREENHOUSE_JOBS):
            asked.append(hit)
            if len(asked) == 2:
                both_asked.set()

    faults.on_request = count
    faults.script(GREENHOUSE_JOBS, Reply(body=greenhouse_body(jobs), stall=both_asked))
    # The source lock keeps two crawls of one source apart; this tests the store beneath it.
    settings = {"STORE_BATCH_SIZE": "5", "SOURCE_LOCKS_ENABLED": "False"}
    logs = [tmp_path / f"crawl-{index}.log" for index in range(2)]

    processes = [start_crawl("greenhouse", faults, database_url, log, settings=settings)
                 for log in logs]  # fmt: skip
    for process in processes:
        process.wait(120)

    assert both_asked.is_set()
    for process, log in zip(processes, logs, strict=True):
        output = log.read_text(encoding="utf-8")
        assert process.returncode == 0, output[-3000:]
        assert "deadlock" not in output.lower() and "database is locked" not in output
    listings = table_rows(database_url, "listings")
    assert len(listings) == len({row["source_id"] for row in listings}) == POSTINGS
    for run in runs(database_url, "greenhouse"):
        assert (run["status"], run["errors"]) == ("finished", 0), run["finish_reason"]
        assert run["boards"]["amplitude"] == {"status": "complete", "listings": POSTINGS}
        assert run["items_new"] + run["items_updated"] + run["items_unchanged"] == POSTINGS


def test_a_sqlite_writer_waits_for_another_instead_of_failing(sqlite_url: str) -> None:
    """Another process holds the write lock for a second; a batch waits for it (busy timeout)."""
    path = make_url(sqlite_url).database
    assert path is not None
    locked, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        connection = sqlite3.connect(path)
        connection.execute("BEGIN IMMEDIATE")
        locked.set()
        release.wait(1.0)
        connection.commit()
        connection.close()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    assert locked.wait(10)
    started = time.monotonic()
    row = {"source": "greenhouse", "source_id": "1", "url": "https://example.com/1", "title": "t"}
    with get_engine(sqlite_url).begin() as connection:
        result = upsert_listings(connection, [row])
    waited = time.monotonic() - started
    holder.join()

    assert result.new == 1
    assert waited >= 0.8  # it waited for the lock instead of failing with "database is locked"


@pytest.mark.postgres
def test_a_crawl_killed_inside_a_flush_transaction_leaves_nothing_of_that_batch(
    faults: FaultServer, database_url: str, tmp_path: Path
) -> None:
    """The batch's listings are already upserted when its `listing_changes` rows wait on a lock
    the test holds; the crawl is killed there, inside the transaction. (PostgreSQL only: SQLite
    locks the whole file, so a crawl can be held only before its first write.)"""
    url = database_url
    if make_url(url).get_backend_name() != "postgresql":
        pytest.skip("needs a lock on one table while the others are written")
    jobs = greenhouse_jobs(POSTINGS)
    faults.serve(GREENHOUSE_JOBS, greenhouse_body(jobs))
    settings = {"STORE_BATCH_SIZE": str(BATCH)}
    crawl("greenhouse", faults, url, settings=settings)
    before = _titles(url)
    renamed = [job | {"title": f"{job['title']} (renamed)"} for job in jobs]
    faults.serve(GREENHOUSE_JOBS, greenhouse_body(renamed))

    engine = get_engine(url)
    with engine.connect() as holder:
        holder.exec_driver_sql("LOCK TABLE listing_changes IN EXCLUSIVE MODE")
        process = start_crawl("greenhouse", faults, url, tmp_path / "killed.log", settings=settings)
        try:
            _wait_for(lambda: _waiting_on("listing_changes", url), 60, "a flush held by the lock")
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        holder.rollback()
    # The killed client's server process aborts its transaction once it finds the client gone.
    _wait_for(lambda: _busy_sessions(url) == 0, 30, "the killed crawl's transaction to end")

    assert _titles(url) == before  # not one listing of the killed batch was written
    assert table_rows(url, "listing_changes") == []
    dead = runs(url, "greenhouse")[-1]
    assert (dead["status"], dead["finished_at"]) == ("running", None)

    crawl("greenhouse", faults, url, settings=settings)

    dead, good = runs(url, "greenhouse")[-2:]
    assert dead["status"] == "interrupted"
    assert (good["status"], good["items_updated"], good["items_new"]) == ("finished", POSTINGS, 0)
    assert len(table_rows(url, "listing_changes")) == POSTINGS
    assert all(row["title"].endswith("(renamed)") for row in table_rows(url, "listings"))


def _titles(url: str) -> dict[str, tuple[str, object]]:
    listings = table_rows(url, "listings")
    return {row["source_id"]: (row["title"], row["updated_at"]) for row in listings}


def _waiting_on(table: str, url: str) -> bool:
    waiting = fetch(
        url,
        "SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE c.relname = :table AND NOT l.granted",
        table=table,
    )
    return int(waiting[0]["n"]) > 0


def _busy_sessions(url: str) -> int:
    sessions = fetch(
        url,
        "SELECT count(*) AS n FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'",
    )
    return int(sessions[0]["n"])
