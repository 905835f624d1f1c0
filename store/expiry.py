"""Expiry: a listing its source stopped publishing gets `expired_at`, only on good evidence.

Evidence is the source's *good* runs of the listing's board: runs that `finished` (not failed,
interrupted or suspect) and in which that board was `complete` (its first page and every later
page and detail were read). A listing absent from the last `after_runs` good runs of its board,
and last seen at least `min_age_hours` ago, is expired. A failed, incomplete or suspect run is
never evidence, so it expires nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select, update

from store.models import CrawlRun, Listing, ListingChange, now

LISTINGS = cast(Table, Listing.__table__)
RUNS = cast(Table, CrawlRun.__table__)
CHANGES = cast(Table, ListingChange.__table__)
# How far back to look for good runs of a board.
_RUN_HISTORY = 200


@dataclass(frozen=True)
class Expiry:
    listing_id: int
    source: str
    source_id: str
    board: str
    title: str
    last_seen_at: datetime
    reason: str


def good_runs(connection: Connection, spider: str, board: str, limit: int) -> list[dict[str, Any]]:
    """The newest `limit` runs of `spider` that finished with `board` complete, newest first."""
    query = (
        select(RUNS.c.id, RUNS.c.started_at, RUNS.c.boards)
        .where(RUNS.c.spider == spider, RUNS.c.status == "finished")
        .order_by(RUNS.c.started_at.desc())
        .limit(_RUN_HISTORY)
    )
    runs = []
    for run in connection.execute(query).mappings():
        if (run["boards"] or {}).get(board, {}).get("status") == "complete":
            runs.append(dict(run))
            if len(runs) == limit:
                break
    return runs


def find_expired(
    connection: Connection,
    *,
    after_runs: int,
    min_age_hours: float,
    sources: Iterable[tuple[str, str]] | None = None,
    at: datetime | None = None,
) -> list[Expiry]:
    """Live listings whose (source, board) has `after_runs` good runs since they were last seen.

    `sources` limits the check to some (source, board) pairs; None checks every pair.
    """
    if after_runs < 1:
        raise ValueError("after_runs must be at least 1")
    at = at or now()
    if sources is None:
        query = select(LISTINGS.c.source, LISTINGS.c.board).where(LISTINGS.c.expired_at.is_(None))
        pairs = [(row.source, row.board) for row in connection.execute(query.distinct())]
    else:
        pairs = list(sources)
    found: list[Expiry] = []
    for source, board in sorted(set(pairs)):
        runs = good_runs(connection, source, board, after_runs)
        if len(runs) < after_runs:
            continue
        # Seen in any of these runs means last_seen_at at or after the oldest one's start.
        cutoff = min(run["started_at"] for run in runs)
        ceiling = min(cutoff, at - timedelta(hours=min_age_hours))
        query = select(
            LISTINGS.c.id, LISTINGS.c.source_id, LISTINGS.c.title, LISTINGS.c.last_seen_at
        ).where(
            LISTINGS.c.source == source,
            LISTINGS.c.board == board,
            LISTINGS.c.expired_at.is_(None),
            LISTINGS.c.last_seen_at < ceiling,
        )  # fmt: skip
        run_ids = ", ".join(str(run["id"]) for run in reversed(runs))
        for row in connection.execute(query.order_by(LISTINGS.c.id)):
            found.append(
                Expiry(
                    listing_id=row.id,
                    source=source,
                    source_id=row.source_id,
                    board=board,
                    title=row.title,
                    last_seen_at=row.last_seen_at,
                    reason=f"absent from the last {after_runs} good run(s) of {source}"
                    f"{'/' + board if board else ''} (runs {run_ids}); "
                    f"last seen {row.last_seen_at:%Y-%m-%d %H:%M} UTC",
                )
            )
    return found


def expire(
    connection: Connection,
    expiries: Iterable[Expiry],
    *,
    run_id: int | None = None,
    at: datetime | None = None,
) -> int:
    """Set `expired_at` and write an `expired` change row for each; returns how many."""
    at = at or now()
    expiries = list(expiries)
    ids = [expiry.listing_id for expiry in expiries]
    if not ids:
        return 0
    connection.execute(
        update(LISTINGS)
        .where(LISTINGS.c.id.in_(ids), LISTINGS.c.expired_at.is_(None))
        .values(expired_at=at)
    )
    connection.execute(
        insert(CHANGES),
        [
            {
                "listing_id": expiry.listing_id,
                "crawl_run_id": run_id,
                "changed_at": at,
                "kind": "expired",
                "changes": {"expired_at": [None, at.isoformat()], "reason": expiry.reason},
            }
            for expiry in expiries
        ],
    )
    return len(ids)
