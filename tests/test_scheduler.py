"""The unattended refresh and the operator's crawl: child processes, locks, signals, alerts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from opportunities.replay import add_interaction
from store.locks import SourceLock
from tests.support import ROOT, SAMPLES, LocalServer, table_rows

ARBEITNOW = "https://www.arbeitnow.com/api/job-board-api"


def environment(database_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "OPPORTUNITIES_DOWNLOAD_DELAY": "0",
            "OPPORTUNITIES_LOG_DIR": extra.pop("log_dir", "logs"), **extra}  # fmt: skip


def scheduler(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scheduler.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip


def sources_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return str(path)


def wait_for_a_run(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if table_rows(url, "crawl_runs"):
                return
        except Exception:  # the first crawl has not created the schema yet
            pass
        time.sleep(0.5)
    raise AssertionError("no crawl started")


def test_once_crawls_every_configured_source_in_its_own_process(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = environment(sqlite_url, OPPORTUNITIES_CRAWL_PARALLEL="3", log_dir=str(tmp_path / "logs"))

    result = scheduler("--once", "--replay", env=env)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    runs = table_rows(sqlite_url, "crawl_runs")
    listed = subprocess.run([sys.executable, "scheduler.py", "--list"], cwd=ROOT, env=env,
                            capture_output=True, text=True).stdout  # fmt: skip
    configured = {line.split()[0] for line in listed.splitlines()} - {"nightly"}
    assert configured == {"remotive"}  # its own 4-a-day schedule; the rest run nightly
    assert len(runs) == len({run["spider"] for run in runs}) >= 18
    assert {run["status"] for run in runs} == {"finished"}
    assert len({run["pid"] for run in runs}) == len(runs)  # one process per crawl
    assert all(Path(run["log_path"]).is_file() for run in runs)
    log = Path(runs[0]["log_path"]).read_text()
    assert f" {runs[0]['spider']} [" in log  # every line names its source
    assert "dedup:" in result.stdout and "Crawl summary" in result.stdout


def test_a_source_held_elsewhere_is_skipped_with_who_holds_it(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = environment(sqlite_url, log_dir=str(tmp_path / "logs"))
    with SourceLock(sqlite_url, "greenhouse"):
        result = scheduler("--once", "--replay", "--only", "greenhouse", "lever", env=env)
        operator = subprocess.run(
            [sys.executable, "-m", "opportunities.cli", "crawl", "greenhouse", "--replay"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip

    assert result.returncode == 0, result.stdout  # skipped, not failed
    assert "greenhouse is already being crawled by" in result.stdout
    assert f"pid {os.getpid()} since" in result.stdout
    assert [run["spider"] for run in table_rows(sqlite_url, "crawl_runs")] == ["lever"]
    assert operator.returncode == 1 and "locked" in operator.stdout


def test_sigterm_interrupts_running_crawls_and_the_next_run_succeeds(
    sqlite_url: str, tmp_path: Path, server: LocalServer
) -> None:
    server.add("/careers", "<html><body>slow</body></html>", content_type="text/html",
               delay=60)  # fmt: skip
    env = environment(
        sqlite_url, log_dir=str(tmp_path / "logs"), OPPORTUNITIES_CRAWL_STOP_GRACE="20",
        OPPORTUNITIES_SOURCES=sources_file(
            tmp_path, f'[jsonld]\nboards = ["{server.base}/careers"]\n'
        ),
    )  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "scheduler.py", "--once"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_for_a_run(sqlite_url)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)

    (run,) = table_rows(sqlite_url, "crawl_runs")
    assert run["status"] == "interrupted"
    assert process.returncode == 1

    server.add("/careers", "<html><body>no postings today</body></html>", content_type="text/html")
    again = scheduler("--once", env=env)
    assert again.returncode == 0, again.stdout[-2000:]
    assert [r["status"] for r in table_rows(sqlite_url, "crawl_runs")] == [
        "interrupted",
        "finished",
    ]


def test_a_crashing_or_hanging_spider_fails_alone_and_is_alerted(
    sqlite_url: str, tmp_path: Path, server: LocalServer
) -> None:
    server.add("/careers", "<html></html>", content_type="text/html", delay=60)
    alert_file = tmp_path / "alert.json"
    catcher = f"import sys; open({str(alert_file)!r}, 'w').write(sys.stdin.read())"
    env = environment(
        sqlite_url, log_dir=str(tmp_path / "logs"), OPPORTUNITIES_CRAWL_TIMEOUT="8",
        OPPORTUNITIES_CRAWL_STOP_GRACE="3", OPPORTUNITIES_CRAWL_PARALLEL="3",
        OPPORTUNITIES_ALERT_COMMAND=f"{sys.executable} -c \"{catcher}\"",
        OPPORTUNITIES_SOURCES=sources_file(tmp_path, "\n".join([
            "[greenhouse]", 'boards = ["amplitude"]',
            "[workday]", 'boards = ["not a board url"]',  # crashes: a bad board
            "[jsonld]", f'boards = ["{server.base}/careers"]',  # hangs past the timeout
        ])),
    )  # fmt: skip
    replay_only_greenhouse = tmp_path / "cassettes"
    (replay_only_greenhouse / "greenhouse").mkdir(parents=True)
    for cassette in (ROOT / "fixtures" / "cassettes" / "greenhouse").iterdir():
        (replay_only_greenhouse / "greenhouse" / cassette.name).write_bytes(cassette.read_bytes())

    result = scheduler("--once", env=env | {"OPPORTUNITIES_REPLAY": str(replay_only_greenhouse)})

    assert result.returncode == 1
    statuses = {run["spider"]: run["status"] for run in table_rows(sqlite_url, "crawl_runs")}
    assert statuses["greenhouse"] == "finished"
    alert = json.loads(alert_file.read_text())
    problems = {problem["spider"]: problem for problem in alert["problems"]}
    assert set(problems) == {"workday", "jsonld"}
    assert "not a board url" in problems["workday"]["finish_reason"]
    assert problems["jsonld"]["status"] in ("interrupted", "failed")


def test_a_collapsed_source_is_suspect_and_expires_nothing(sqlite_url: str, tmp_path: Path) -> None:
    jobs = json.loads((SAMPLES / "arbeitnow" / "job-board-api-100-jobs-bronze.json").read_text())
    full, collapsed = tmp_path / "full", tmp_path / "collapsed"
    for directory, data in ((full, jobs["data"]), (collapsed, jobs["data"][:10])):
        add_interaction(directory / "arbeitnow" / "page.yaml", url=f"{ARBEITNOW}?page=1",
                        body=json.dumps({"data": data, "links": {"next": None}}).encode(),
                        content_type="application/json")  # fmt: skip
    env = environment(sqlite_url, log_dir=str(tmp_path / "logs"))
    command = [sys.executable, "-m", "opportunities.cli", "crawl", "arbeitnow",
               "-s", "EXPIRE_AFTER_RUNS=1", "-s", "EXPIRE_MIN_AGE_HOURS=0", "--replay"]  # fmt: skip
    for directory in (full, full, collapsed):
        subprocess.run([*command, str(directory)], cwd=ROOT, env=env, capture_output=True)

    runs = table_rows(sqlite_url, "crawl_runs")
    assert [run["status"] for run in runs] == ["finished", "finished", "suspect"]
    assert "10 listings against a median of 100" in runs[-1]["finish_reason"]
    assert runs[-1]["items_expired"] == 0
    assert all(row["expired_at"] is None for row in table_rows(sqlite_url, "listings"))
