"""The unattended refresh: every configured source crawled on schedule, each in its own process.

    python scheduler.py                 run the schedule (blocks): nightly at SCHEDULE_NIGHTLY
                                        (UTC, with jitter), sources with their own `schedule`
                                        in sources.toml on theirs
    python scheduler.py --once          one full refresh now, then exit (non-zero if a source
                                        failed) — for cron, systemd timers, Kubernetes CronJobs
    python scheduler.py --list          the jobs and their next run times
    python scheduler.py --only NAME…    only these sources
    python scheduler.py --replay [DIR]  answer every request from cassettes

Each crawl runs as its own child process with a timeout (Twisted's reactor cannot be restarted,
and one bad spider must not take the others down); a source another process is crawling is
skipped, not waited for. After a refresh: duplicates are regrouped, a summary is printed and the
alert hook hears about failed and suspect runs. SIGTERM/SIGINT stop the scheduling, give running
crawls CRAWL_STOP_GRACE seconds to close (their runs end `interrupted`), then kill them.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from opportunities.cli import crawl_and_report
from opportunities.crawl import project_settings, spider_names
from opportunities.replay import DEFAULT_CASSETTES
from opportunities.sources import load_sources
from store.db import get_engine
from store.migrate import ensure_current
from store.runs import close_dead_runs

logger = logging.getLogger("scheduler")
# A night missed while the host was down still runs once, if it is noticed within this window.
MISFIRE_GRACE_S = 6 * 3600


def refresh(names: Sequence[str], settings: Any, overrides: dict[str, Any],
            stop: threading.Event) -> bool:  # fmt: skip
    """Crawl these sources now; True when every one that ran finished."""
    logger.info("refresh of %s", ", ".join(names))
    code = crawl_and_report(
        list(names), {}, overrides, settings,
        parallel=settings.getint("CRAWL_PARALLEL", 2),
        timeout=settings.getfloat("CRAWL_TIMEOUT", 3 * 3600),
        stop=stop, skip_locked=True,
    )  # fmt: skip
    return code == 0


def jobs(names: Sequence[str], settings: Any) -> list[tuple[str, list[str], CronTrigger]]:
    """(job id, sources, trigger): one nightly job, one per source with its own schedule."""
    sources = load_sources()
    jitter = settings.getint("SCHEDULE_JITTER", 900)
    own = {n: sources[n].schedule for n in names if n in sources and sources[n].schedule}
    nightly = [name for name in names if name not in own]
    planned = []
    if nightly:
        trigger = CronTrigger.from_crontab(settings.get("SCHEDULE_NIGHTLY"), timezone=UTC)
        trigger.jitter = jitter
        planned.append(("nightly", nightly, trigger))
    for name, expression in own.items():
        trigger = CronTrigger.from_crontab(expression, timezone=UTC)
        trigger.jitter = jitter
        planned.append((name, [name], trigger))
    return planned


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scheduler.py", description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="one full refresh, then exit")
    parser.add_argument("--list", action="store_true", help="show the jobs and their next runs")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these sources")
    parser.add_argument(
        "--replay", nargs="?", const=str(DEFAULT_CASSETTES), metavar="DIR",
        help="answer every request from cassettes (default DIR: the project's)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s"
    )
    overrides: dict[str, Any] = {"REPLAY_DIR": args.replay} if args.replay else {}
    settings = project_settings(overrides)
    configured = [name for name, config in load_sources().items() if config.enabled]
    names = args.only or configured
    unknown = sorted(set(names) - set(spider_names(settings)))
    if unknown:
        print(f"scheduler.py: unknown source(s) {', '.join(unknown)}", file=sys.stderr)
        return 2
    planned = jobs(names, settings)
    if args.list:
        now = datetime.now(UTC)
        for job_id, sources, trigger in planned:
            next_run = trigger.get_next_fire_time(None, now)
            print(f"{job_id:<16} next {next_run:%Y-%m-%d %H:%M} UTC  {', '.join(sources)}")
        return 0

    url = settings["DATABASE_URL"]
    ensure_current(url, auto_upgrade=settings.getbool("DATABASE_AUTO_UPGRADE", True))
    with get_engine(url).begin() as connection:
        if dead := close_dead_runs(connection):
            logger.warning("closed crawl run(s) %s as interrupted: their process died", dead)

    stop = threading.Event()
    scheduler = BlockingScheduler(timezone=UTC)

    def shutdown(signum: int, _frame: object) -> None:
        grace = settings.getint("CRAWL_STOP_GRACE", 30)
        name = signal.Signals(signum).name
        logger.warning("%s: stopping; running crawls get %s s to finish", name, grace)
        stop.set()
        if scheduler.running:
            scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    if args.once:
        return 0 if refresh(names, settings, overrides, stop) else 1
    for job_id, sources, trigger in planned:
        scheduler.add_job(
            refresh, trigger, args=[sources, settings, overrides, stop], id=job_id,
            coalesce=True, max_instances=1, misfire_grace_time=MISFIRE_GRACE_S,
        )  # fmt: skip
    scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
