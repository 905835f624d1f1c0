"""Running crawls: one spider in this process, or many, each in a child process of its own.

Twisted's reactor cannot be restarted and one bad spider must not take the others down, so
`opportunities crawl` and the scheduler start one child per spider
(`opportunities crawl --in-process NAME`, the same settings and pipelines as `scrapy crawl`),
at most `parallel` at a time, each with a timeout and its own log file, and follow their
progress in the `crawl_runs` rows the children write.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "opportunities.settings")

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from twisted.python.failure import Failure

from opportunities.sources import load_sources

# Exit codes of a child crawl.
EXIT_FINISHED, EXIT_NOT_FINISHED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75


def log_format(spider: str) -> str:
    """Every line names the source, so logs of many runs can be grepped together."""
    return f"%(asctime)s {spider} [%(name)s] %(levelname)s: %(message)s"


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    settings = get_project_settings()
    settings.setdict(dict(overrides or {}), priority="cmdline")
    return settings


def spider_names(settings: Settings) -> list[str]:
    from scrapy.spiderloader import get_spider_loader

    return sorted(get_spider_loader(settings).list())


def configured_spiders() -> list[str]:
    """Spiders with an enabled `sources.toml` entry: what `--all` crawls."""
    return [name for name, config in load_sources().items() if config.enabled]


# One spider, here ------------------------------------------------------------------------------


def crawl_here(name: str, spider_arguments: Mapping[str, str], settings: Settings) -> int:
    """Run one spider in this process; the exit code says how its run ended."""
    from store.locks import SourceLocked

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(name)
    failures: list[Failure] = []
    process.crawl(crawler, **dict(spider_arguments)).addErrback(failures.append)
    process.start()
    if failures:
        error = failures[0].value
        print(f"{name}: {error}", file=sys.stderr)
        return EXIT_LOCKED if isinstance(error, SourceLocked) else EXIT_USAGE
    status = crawler.stats.get_value("opportunities/status") if crawler.stats else None
    return EXIT_FINISHED if status == "finished" else EXIT_NOT_FINISHED


# Many spiders, in children ---------------------------------------------------------------------


@dataclass
class Child:
    """One spider's crawl in a child process."""

    spider: str
    command: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    stderr_path: Path | None = None
    started: float | None = None
    exit_code: int | None = None
    timed_out: bool = False
    run_id: int | None = None
    message: str = ""
    run: dict[str, Any] = field(default_factory=dict)

    @property
    def state(self) -> str:
        if self.exit_code is None:
            return "waiting" if self.process is None else "running"
        if self.process is None:
            return "skipped"
        if self.exit_code == EXIT_LOCKED:
            return "locked"
        return str(self.run.get("status") or "failed")


def child_command(
    name: str, spider_arguments: Mapping[str, str], overrides: Mapping[str, Any]
) -> list[str]:
    command = [sys.executable, "-m", "opportunities.cli", "crawl", "--in-process", name]
    for key, value in spider_arguments.items():
        command += ["-a", f"{key}={value}"]
    for key, value in overrides.items():
        command += ["-s", f"{key}={value}"]
    return command


def run_children(
    names: Sequence[str],
    *,
    database_url: str,
    spider_arguments: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    log_dir: Path = Path("logs"),
    parallel: int = 2,
    timeout: float | None = None,
    grace: float = 30.0,
    stop: threading.Event | None = None,
    on_progress: Callable[[list[Child]], None] | None = None,
) -> list[Child]:
    """Crawl every spider in its own process; returns each child with its run row.

    A child that outlives `timeout` seconds, or is still running when `stop` is set, gets
    SIGTERM (Scrapy closes the spider: its run ends `interrupted`), then SIGKILL after `grace`
    seconds; a run left `running` by a killed child is closed as `interrupted`.
    """
    stop = stop or threading.Event()
    since = datetime.now(UTC)
    stamp = since.strftime("%Y%m%dT%H%M%S")
    children = []
    for name in names:
        log_path = log_dir / name / f"{stamp}-{os.getpid()}.log"
        settings = {**(overrides or {}), "LOG_FILE": str(log_path), "LOG_FORMAT": log_format(name)}
        children.append(
            Child(name, child_command(name, spider_arguments or {}, settings), log_path)
        )
    environment = {**os.environ, "DATABASE_URL": database_url}
    while True:
        running = [c for c in children if c.process is not None and c.exit_code is None]
        waiting = [c for c in children if c.process is None]
        if stop.is_set():
            for child in waiting:
                child.exit_code, child.message = EXIT_NOT_FINISHED, "not started: stopping"
            waiting = []
        for child in waiting[: max(parallel - len(running), 0)]:
            _start(child, environment)
            running.append(child)
        for child in running:
            _check(child, timeout, grace, stop)
        _refresh_runs(database_url, children, since)
        if on_progress is not None:
            on_progress(children)
        if all(c.exit_code is not None for c in children):
            break
        time.sleep(0.5)
    _close_killed_runs(database_url)
    _refresh_runs(database_url, children, since)
    return children


def _start(child: Child, environment: dict[str, str]) -> None:
    child.log_path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"crawl-{child.spider}-", suffix=".stderr")
    child.stderr_path = Path(name)
    child.process = subprocess.Popen(
        child.command, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=handle, start_new_session=True,
    )  # fmt: skip
    os.close(handle)
    child.started = time.monotonic()


def _check(child: Child, timeout: float | None, grace: float, stop: threading.Event) -> None:
    assert child.process is not None and child.started is not None
    code = child.process.poll()
    if code is not None:
        child.exit_code = code
        assert child.stderr_path is not None
        child.message = _tail(child.stderr_path) or child.message
        child.stderr_path.unlink(missing_ok=True)
        return
    elapsed = time.monotonic() - child.started
    overdue = timeout is not None and elapsed > timeout
    if (overdue or stop.is_set()) and not child.timed_out:
        child.timed_out = True
        child.message = f"stopped after {elapsed:.0f} s" + (" (timeout)" if overdue else "")
        child.process.send_signal(signal.SIGTERM)
        threading.Timer(grace, _kill, args=[child.process]).start()


def _kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return " | ".join(text.splitlines()[-lines:])


def _refresh_runs(database_url: str, children: list[Child], since: datetime) -> None:
    """Find each started child's run row (by host, pid and start) and keep its latest state."""
    from store.db import get_engine
    from store.runs import runs_of_processes

    pids = {c.process.pid: c for c in children if c.process is not None}
    if not pids:
        return
    try:
        with get_engine(database_url).connect() as connection:
            rows = runs_of_processes(connection, socket.gethostname(), list(pids), since)
    except Exception:  # the schema may not exist until the first child has migrated it
        return
    for row in rows:
        child = pids[row["pid"]]
        child.run = row
        child.run_id = row["id"]


def _close_killed_runs(database_url: str) -> None:
    from store.db import get_engine
    from store.runs import close_dead_runs

    try:
        with get_engine(database_url).begin() as connection:
            close_dead_runs(connection)
    except Exception:  # no schema: no runs to close
        return
