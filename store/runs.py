"""Crawl runs and rejects: the record of what every crawl did."""

from __future__ import annotations

import os
import socket
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select, update

from store.models import CrawlRun, Reject, now

RUNS = cast(Table, CrawlRun.__table__)
REJECTS = cast(Table, Reject.__table__)
STATUSES = ("running", "finished", "failed", "interrupted", "suspect")
COUNT_COLUMNS = (
    "items_scraped", "items_new", "items_updated", "items_unchanged", "items_rejected",
    "items_expired", "errors",
)  # fmt: skip


def start_run(connection: Connection, spider: str, arguments: Mapping[str, Any]) -> int:
    """A `running` row for a crawl that is starting; returns its id."""
    result = connection.execute(
        insert(RUNS)
        .values(
            spider=spider,
            arguments=dict(arguments),
            started_at=now(),
            status="running",
            boards={},
            stats={},
            checks=[],
            hostname=socket.gethostname(),
            pid=os.getpid(),
            **dict.fromkeys(COUNT_COLUMNS, 0),
        )
        .returning(RUNS.c.id)
    )
    return int(result.scalar_one())


def finish_run(
    connection: Connection,
    run_id: int,
    *,
    status: str,
    finish_reason: str,
    counts: Mapping[str, int],
    boards: Mapping[str, Any] | None = None,
    stats: Mapping[str, Any] | None = None,
    checks: list[dict[str, Any]] | None = None,
) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown crawl run status {status!r}")
    _check_count_names(counts)
    connection.execute(
        update(RUNS)
        .where(RUNS.c.id == run_id)
        .values(
            status=status,
            finish_reason=finish_reason,
            finished_at=now(),
            boards=dict(boards or {}),
            stats=dict(stats or {}),
            checks=list(checks or []),
            **counts,
        )
    )


def _check_count_names(counts: Mapping[str, int]) -> None:
    unknown = set(counts) - set(COUNT_COLUMNS)
    if unknown:
        raise ValueError(f"unknown crawl run counts: {sorted(unknown)}")


def update_counts(connection: Connection, run_id: int, counts: Mapping[str, int]) -> None:
    """Progress of a running crawl (the counts so far)."""
    _check_count_names(counts)
    connection.execute(update(RUNS).where(RUNS.c.id == run_id).values(**counts))


def set_log_path(connection: Connection, run_id: int, path: str) -> None:
    connection.execute(update(RUNS).where(RUNS.c.id == run_id).values(log_path=path))


def add_to_counts(connection: Connection, run_id: int, **counts: int) -> None:
    """Add to a run's counts (e.g. `items_expired` once expiry has run)."""
    _check_count_names(counts)
    connection.execute(
        update(RUNS)
        .where(RUNS.c.id == run_id)
        .values({RUNS.c[name]: RUNS.c[name] + value for name, value in counts.items()})
    )


def add_rejects(
    connection: Connection, run_id: int | None, rejects: Iterable[Mapping[str, Any]]
) -> int:
    """Store rejected items (`source`, `reason`, optional `url`, `board`, `payload`)."""
    rows = [
        {
            "crawl_run_id": run_id,
            "source": reject["source"],
            "board": reject.get("board") or "",
            "url": reject.get("url"),
            "reason": reject["reason"],
            "payload": reject.get("payload"),
            "created_at": now(),
        }
        for reject in rejects
    ]
    if rows:
        connection.execute(insert(REJECTS), rows)
    return len(rows)


def board_baseline(
    connection: Connection, spider: str, board: str, *, runs: int = 5, before: int | None = None
) -> float | None:
    """Median listing count of `board` over the spider's last `runs` good runs (finished, board
    complete), before run `before`; None without history."""
    query = (
        select(RUNS.c.boards)
        .where(RUNS.c.spider == spider, RUNS.c.status == "finished")
        .order_by(RUNS.c.id.desc())
        .limit(50)
    )
    if before is not None:
        query = query.where(RUNS.c.id < before)
    counts = []
    for (boards,) in connection.execute(query):
        report = (boards or {}).get(board) or {}
        if report.get("status") == "complete":
            counts.append(int(report.get("listings", 0)))
            if len(counts) == runs:
                break
    return float(statistics.median(counts)) if counts else None


def runs_of_processes(
    connection: Connection, hostname: str, pids: list[int], since: datetime
) -> list[dict[str, Any]]:
    """The newest run started since `since` of each of these processes on `hostname`."""
    query = (
        select(RUNS)
        .where(RUNS.c.hostname == hostname, RUNS.c.pid.in_(pids), RUNS.c.started_at >= since)
        .order_by(RUNS.c.id)
    )
    latest: dict[int, dict[str, Any]] = {}
    for row in connection.execute(query).mappings():
        latest[row["pid"]] = dict(row)
    return list(latest.values())


def close_dead_runs(connection: Connection) -> list[int]:
    """Close as `interrupted` the `running` rows of this host whose process no longer exists
    (killed, crashed, machine restarted); returns their ids. Rows of other hosts are left to
    their own host."""
    query = select(RUNS.c.id, RUNS.c.pid).where(
        RUNS.c.status == "running", RUNS.c.hostname == socket.gethostname()
    )
    dead = [run.id for run in connection.execute(query) if not alive(run.pid)]
    if dead:
        connection.execute(
            update(RUNS)
            .where(RUNS.c.id.in_(dead), RUNS.c.status == "running")
            .values(
                status="interrupted",
                finished_at=now(),
                finish_reason="process died before the run was closed (found by a later run)",
            )
        )
    return dead


def alive(pid: int | None) -> bool:
    """Whether a process with this id exists on this host."""
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


@dataclass(frozen=True)
class RunSummary:
    id: int
    spider: str
    arguments: dict[str, Any]
    status: str
    finish_reason: str | None
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, int]
    boards: dict[str, Any]


def recent_runs(
    connection: Connection,
    *,
    limit: int = 20,
    spider: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
    ids: Iterable[int] | None = None,
) -> list[RunSummary]:
    """Newest first."""
    query = select(RUNS).order_by(RUNS.c.id.desc()).limit(limit)
    if since is not None:
        query = query.where(RUNS.c.started_at >= since)
    if spider:
        query = query.where(RUNS.c.spider == spider)
    if status:
        query = query.where(RUNS.c.status == status)
    if ids is not None:
        query = query.where(RUNS.c.id.in_(list(ids)))
    return [
        RunSummary(
            id=row.id,
            spider=row.spider,
            arguments=row.arguments,
            status=row.status,
            finish_reason=row.finish_reason,
            started_at=row.started_at,
            finished_at=row.finished_at,
            counts={column: getattr(row, column) for column in COUNT_COLUMNS},
            boards=row.boards,
        )
        for row in connection.execute(query)
    ]
