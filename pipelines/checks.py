"""What a finished crawl says about itself: its status and the monitoring checks stored with it.

Pure functions: the store pipeline feeds them the run's counts, stats and board outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

INTERRUPTED_REASONS = frozenset({"shutdown"})


@dataclass(frozen=True)
class Thresholds:
    suspect_drop_ratio: float = 0.5
    """A board below this share of its recent median is suspect."""
    suspect_min_baseline: float = 4
    """Boards whose median is smaller are too small to judge."""
    description_coverage: float = 0.95
    """Share of listings that must have a description."""
    max_retry_ratio: float = 0.2
    """Retries per request above which the source is struggling."""


def suspect_problem(count: int, baseline: float | None, thresholds: Thresholds) -> str | None:
    """Why a complete board's listing count is not believable, or None when it is."""
    if baseline is None or baseline < thresholds.suspect_min_baseline:
        return None
    if count < baseline * thresholds.suspect_drop_ratio:
        return f"{count} listings against a median of {baseline:g} in recent good runs"
    return None


def run_status(reason: str, boards: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """The run's status and finish reason from Scrapy's close reason and the board outcomes."""
    failed = sorted(board for board, report in boards.items() if report["status"] == "failed")
    suspect = sorted(board for board, report in boards.items() if report["status"] == "suspect")
    if reason in INTERRUPTED_REASONS:
        status = "interrupted"
    elif reason != "finished" or failed:
        status = "failed"
    elif suspect:
        status = "suspect"
    else:
        status = "finished"
    details = []
    if failed:
        failures = "; ".join(f"{b}: {boards[b].get('failure', '?')}" for b in failed[:5])
        details.append(f"{len(failed)} of {len(boards)} board(s) failed: {failures}")
    if suspect:
        problems = "; ".join(f"{b}: {boards[b]['problems'][0]}" for b in suspect[:5])
        details.append(f"{len(suspect)} board(s) suspect: {problems}")
    return status, "; ".join([reason, *details])


def run_checks(
    *,
    reason: str,
    boards: dict[str, dict[str, Any]],
    listings: int,
    with_description: int,
    errors: int,
    requests: int,
    retries: int,
    thresholds: Thresholds,
) -> list[dict[str, Any]]:
    """Every check with `ok` and what was measured; stored in `crawl_runs.checks`."""

    def check(name: str, ok: bool, detail: str) -> dict[str, Any]:
        return {"check": name, "ok": ok, "detail": detail}

    unhealthy = sorted(b for b, r in boards.items() if r["status"] in ("failed", "suspect"))
    coverage = with_description / listings if listings else 1.0
    retry_ratio = retries / requests if requests else 0.0
    return [
        check("finish_reason", reason == "finished", f"Scrapy closed the crawl: {reason}"),
        check(
            "boards",
            not unhealthy,
            f"{len(boards) - len(unhealthy)} of {len(boards)} board(s) complete or usable"
            + (f"; not: {', '.join(unhealthy)}" if unhealthy else ""),
        ),
        check("errors", errors == 0, f"{errors} error(s) logged"),
        check(
            "retries",
            retry_ratio <= thresholds.max_retry_ratio,
            f"{retries} retries for {requests} requests (at most {thresholds.max_retry_ratio:.0%})",
        ),
        check(
            "description_coverage",
            coverage >= thresholds.description_coverage,
            f"{with_description} of {listings} listings have a description "
            f"({coverage:.0%}; floor {thresholds.description_coverage:.0%})",
        ),
    ]
