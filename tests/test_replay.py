"""Replay and record: crawls answered from vcrpy cassettes, with no network."""

from __future__ import annotations

from pathlib import Path

from vcr.request import Request as VcrRequest

from opportunities.replay import find_response, load_cassettes
from tests.support import CASSETTES, SAMPLES, LocalServer, crawl, run, table_rows

SAMPLE = SAMPLES / "greenhouse" / "amplitude-jobs-content-full.json"
AMPLITUDE = (
    "https://boards-api.greenhouse.io/v1/boards/amplitude/jobs?content=true&pay_transparency=true"
)


def test_the_cassette_holds_the_real_response_byte_for_byte() -> None:
    interactions = load_cassettes(CASSETTES / "greenhouse")

    recorded = find_response(interactions, VcrRequest("GET", AMPLITUDE, None, {}))

    assert recorded is not None
    assert recorded["body"]["string"] == SAMPLE.read_bytes()


def test_matching_ignores_query_order_but_not_host_or_path() -> None:
    interactions = load_cassettes(CASSETTES / "greenhouse")
    reordered = AMPLITUDE.replace("content=true&pay_transparency=true",
                                  "pay_transparency=true&content=true")  # fmt: skip

    assert find_response(interactions, VcrRequest("GET", reordered, None, {})) is not None
    other_board = AMPLITUDE.replace("/amplitude/", "/other/")
    assert find_response(interactions, VcrRequest("GET", other_board, None, {})) is None
    other_host = AMPLITUDE.replace("boards-api", "api")
    assert find_response(interactions, VcrRequest("GET", other_host, None, {})) is None


def test_replaying_twice_changes_nothing_but_last_seen(database_url: str) -> None:
    first = run("opportunities", "crawl", "greenhouse", "--replay", database_url=database_url)
    before = table_rows(database_url, "listings")
    second = run("opportunities", "crawl", "greenhouse", "--replay", database_url=database_url)
    after = table_rows(database_url, "listings")

    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    runs = table_rows(database_url, "crawl_runs")
    assert [(r["items_new"], r["items_updated"], r["items_unchanged"]) for r in runs] == [
        (2, 0, 0), (0, 0, 2),
    ]  # fmt: skip
    moving = {"last_seen_at", "last_seen_run_id"}
    assert [{k: v for k, v in row.items() if k not in moving} for row in after] == [
        {k: v for k, v in row.items() if k not in moving} for row in before
    ]
    assert all(a["last_seen_at"] > b["last_seen_at"] for a, b in zip(after, before, strict=True))
    assert table_rows(database_url, "listing_changes") == []
    assert "greenhouse" in second.stdout and "finished" in second.stdout


def test_an_unrecorded_request_fails_fast_with_a_clear_reason(sqlite_url: str) -> None:
    result = crawl("greenhouse", "board=nosuchboard", database_url=sqlite_url,
                   env={"OPPORTUNITIES_REPLAY": str(CASSETTES)})  # fmt: skip

    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    assert crawl_run["status"] == "failed"
    assert (
        "no recorded response for GET https://boards-api.greenhouse.io/v1/boards/nosuchboard"
        in (crawl_run["finish_reason"])
    )
    assert "Retrying" not in result.stderr  # a miss is final, not retried


def test_record_then_replay_round_trips(
    server: LocalServer, sqlite_url: str, tmp_path: Path
) -> None:
    server.add("/v1/boards/amplitude/jobs", SAMPLE.read_bytes())
    recorded = run(
        "opportunities", "fixtures", "record", "greenhouse", "-a", "board=amplitude",
        "-a", f"api_base={server.base}", "--dir", str(tmp_path), database_url=sqlite_url,
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr[-2000:]
    cassette = tmp_path / "greenhouse" / "amplitude.yaml"
    # Recorded against the mirror, filed under the real API's URL.
    assert f"uri: {AMPLITUDE}" in cassette.read_text()
    assert table_rows(sqlite_url, "crawl_runs") == []  # recording writes to a scratch database

    replayed = run("opportunities", "crawl", "greenhouse", "-a", "board=amplitude",
                   "--replay", str(tmp_path), database_url=sqlite_url)  # fmt: skip

    assert replayed.returncode == 0, replayed.stderr[-2000:]
    assert len(table_rows(sqlite_url, "listings")) == 2


def test_the_quick_start_crawl_twice_on_a_new_database(tmp_path: Path) -> None:
    """README command 1 on an empty database: every configured source finishes, then a second
    pass finds every listing unchanged (children migrating a new database must not collide)."""
    url = f"sqlite:///{tmp_path / 'opportunities.db'}"
    env = {"OPPORTUNITIES_LOG_DIR": str(tmp_path / "logs"), "OPPORTUNITIES_CRAWL_PARALLEL": "3"}

    first = run("opportunities", "crawl", "--all", "--replay", database_url=url, env=env,
                timeout=900)  # fmt: skip
    second = run("opportunities", "crawl", "--all", "--replay", database_url=url, env=env,
                 timeout=900)  # fmt: skip

    assert first.returncode == 0, first.stdout[-3000:]
    assert second.returncode == 0, second.stdout[-3000:]
    runs = table_rows(url, "crawl_runs")
    half = len(runs) // 2
    assert half >= 18 and {run["status"] for run in runs} == {"finished"}
    assert sum(run["items_new"] for run in runs[:half]) == len(table_rows(url, "listings"))
    assert [(run["items_new"], run["items_updated"]) for run in runs[half:]] == [(0, 0)] * half
    assert table_rows(url, "listing_changes") == []
    assert "Crawl summary" in second.stdout
