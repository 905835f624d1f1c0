"""The nightly refresh: every configured source crawled once a night, each in its own process.

    python scheduler.py            run the schedule (blocks; a nightly cron at 02:00 UTC)
    python scheduler.py --once     one full refresh now, then exit (non-zero if a source failed)
    python scheduler.py --list     the jobs and their next run times

Each crawl runs as `opportunities crawl NAME` in a child process: Twisted's reactor cannot be
restarted, and one bad spider must not take the scheduler down.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from opportunities.crawl import configured_spiders

logger = logging.getLogger("scheduler")
NIGHTLY = CronTrigger(hour=2, minute=0, jitter=900, timezone="UTC")
CRAWL_TIMEOUT_S = 3 * 3600


def crawl_one(name: str, replay: str | None = None) -> int:
    command = [sys.executable, "-m", "opportunities.cli", "crawl", name]
    if replay is not None:
        command += ["--replay", replay] if replay else ["--replay"]
    try:
        return subprocess.run(command, timeout=CRAWL_TIMEOUT_S, check=False).returncode
    except subprocess.TimeoutExpired:
        logger.error("%s: no result after %d s; stopped", name, CRAWL_TIMEOUT_S)
        return 1


def refresh(names: Sequence[str], replay: str | None = None) -> bool:
    """Crawl every source one after the other; True when all of them finished."""
    results = {name: crawl_one(name, replay) for name in names}
    for name, code in results.items():
        logger.info("%s: %s", name, "finished" if code == 0 else f"failed (exit {code})")
    return all(code == 0 for code in results.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scheduler.py", description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="one full refresh, then exit")
    parser.add_argument("--list", action="store_true", help="show the jobs and their next runs")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these sources")
    parser.add_argument(
        "--replay", nargs="?", const="", metavar="DIR",
        help="answer every request from cassettes (default DIR: the project's)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    names = args.only or configured_spiders()
    if args.once:
        return 0 if refresh(names, args.replay) else 1
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        refresh, NIGHTLY, args=[names, args.replay], id="nightly-refresh",
        coalesce=True, max_instances=1, misfire_grace_time=6 * 3600,
    )  # fmt: skip
    if args.list:
        for job in scheduler.get_jobs():
            next_run = job.trigger.get_next_fire_time(None, datetime.now(UTC))
            print(f"{job.id}: {', '.join(names)} — next run {next_run:%Y-%m-%d %H:%M} UTC")
        return 0
    scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
