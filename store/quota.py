"""Request budgets of sources that limit how often they may be fetched (Remotive: 4 a day).

The budget is counted from `crawl_runs`, so it holds across processes and restarts as long as
the runs share a database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from store.db import get_engine
from store.runs import RUNS


def fetches_since(
    database_url: str, spider: str, since: datetime, *, exclude_run_id: int | None = None
) -> int:
    """Board fetches that runs of `spider` started at or after `since` made at the live source.

    A run counts one fetch per board it crawled (`arguments["boards"]`, at least one). A run
    answered from cassettes (`replay/*` in its stats) or one that ended without sending a request
    (no `downloader/request_count`, e.g. closed because the budget was spent) counts none. A run
    still `running` (another process, or one that died) counts in full: it may have fetched.
    """
    query = select(RUNS.c.id, RUNS.c.status, RUNS.c.arguments, RUNS.c.stats).where(
        RUNS.c.spider == spider, RUNS.c.started_at >= since
    )
    fetches = 0
    with get_engine(database_url).connect() as connection:
        for run in connection.execute(query):
            if run.id == exclude_run_id:
                continue
            stats = run.stats or {}
            replayed = any(key.startswith("replay/") for key in stats)
            sent = run.status == "running" or stats.get("downloader/request_count")
            if sent and not replayed:
                fetches += max(len((run.arguments or {}).get("boards") or ()), 1)
    return fetches
