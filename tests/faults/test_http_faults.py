"""Transport faults: rate limits, server errors, timeouts, unreachable hosts, cut and oversized
bodies, redirect loops and robots.txt, each against a real spider (Greenhouse) and a database
holding two good crawls. Every faulty run also carries the most eager expiry settings, so a run
wrongly counted as good would expire what it did not see."""

from __future__ import annotations

from itertools import pairwise

from tests.faults.crawling import (
    EAGER_EXPIRY,
    GREENHOUSE_JOBS,
    assert_nothing_lost,
    crawl,
    greenhouse_body,
    last_run,
    listings_by_key,
)
from tests.faults.server import FaultServer, Reply, closed_port

JOBS_URL = (
    "https://boards-api.greenhouse.io/v1/boards/amplitude/jobs?content=true&pay_transparency=true"
)


def gaps(server: FaultServer, path: str = GREENHOUSE_JOBS) -> list[float]:
    times = [hit.at for hit in server.hits_of(path)]
    return [later - earlier for earlier, later in pairwise(times)]


def assert_board_failed(run: dict, reason: str) -> None:
    assert run["status"] == "failed"
    assert run["finished_at"] is not None
    assert f"1 of 1 board(s) failed: amplitude: {reason}" in run["finish_reason"]
    assert run["boards"]["amplitude"]["status"] == "failed"
    assert reason in run["boards"]["amplitude"]["failure"]
    assert (run["items_new"], run["items_updated"], run["items_expired"]) == (0, 0, 0)
    assert run["errors"] >= 1


def assert_board_complete(run: dict, listings: int) -> None:
    assert run["status"] == "finished", run["finish_reason"]
    assert run["finish_reason"] == "finished"
    assert run["boards"] == {"amplitude": {"status": "complete", "listings": listings}}
    assert (run["items_scraped"], run["items_unchanged"], run["items_rejected"]) == (
        listings, listings, 0,
    )  # fmt: skip


# Rate limits and server errors ---------------------------------------------------------------


def test_429_with_retry_after_is_honoured(faults: FaultServer, seeded_url: str) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.script(
        GREENHOUSE_JOBS,
        Reply(429, "Too Many Requests", "text/plain", headers={"Retry-After": "1"}),
        Reply(body=greenhouse_body()),
    )

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    (gap,) = gaps(faults)
    assert gap >= 1.0  # Scrapy's own retry would have come back at once
    run = last_run(seeded_url, "greenhouse")
    assert_board_complete(run, listings=2)
    assert run["stats"]["retry/count"] == 1
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_429_asking_for_longer_than_retry_after_max_fails_at_once(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.serve(GREENHOUSE_JOBS, "slow down", status=429, content_type="text/plain",
                 headers={"Retry-After": "3600"})  # fmt: skip

    result = crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    assert len(faults.hits_of(GREENHOUSE_JOBS)) == 1
    assert "asks to retry after 3600 s, more than RETRY_AFTER_MAX (120 s)" in result.stderr
    assert_board_failed(last_run(seeded_url, "greenhouse"), f"HTTP 429 ({JOBS_URL})")
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_a_burst_of_5xx_is_retried_with_growing_backoff(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.script(
        GREENHOUSE_JOBS,
        Reply(500, "Internal Server Error", "text/plain"),
        Reply(502, "<html>Bad Gateway</html>", "text/html"),
        Reply(503, "Service Unavailable", "text/plain"),
        Reply(body=greenhouse_body()),
    )

    crawl("greenhouse", faults, seeded_url, settings={"RETRY_TIMES": "3",
          "RETRY_BACKOFF_BASE": "0.2", "RETRY_BACKOFF_MAX": "10"} | EAGER_EXPIRY)  # fmt: skip

    waits = gaps(faults)
    # retry n waits between half and all of 0.2 · 2^(n-1) s
    assert [wait >= 0.1 * 2**n for n, wait in enumerate(waits)] == [True, True, True]
    run = last_run(seeded_url, "greenhouse")
    assert_board_complete(run, listings=2)
    assert run["stats"]["retry/count"] == 3
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_persistent_5xx_fails_the_board_after_the_retries(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.serve(GREENHOUSE_JOBS, "Service Unavailable", status=503, content_type="text/plain")

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    assert len(faults.hits_of(GREENHOUSE_JOBS)) == 3  # RETRY_TIMES=2
    run = last_run(seeded_url, "greenhouse")
    assert_board_failed(run, f"HTTP 503 ({JOBS_URL})")
    assert run["stats"]["retry/max_reached"] == 1
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


# Timeouts and unreachable hosts --------------------------------------------------------------


def test_a_read_timeout_is_retried(faults: FaultServer, seeded_url: str) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.script(GREENHOUSE_JOBS, Reply(body=greenhouse_body(), delay=3),
                  Reply(body=greenhouse_body()))  # fmt: skip

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY,
          env={"OPPORTUNITIES_DOWNLOAD_TIMEOUT": "0.5"})  # fmt: skip

    assert len(faults.hits_of(GREENHOUSE_JOBS)) == 2
    run = last_run(seeded_url, "greenhouse")
    assert_board_complete(run, listings=2)
    assert run["stats"]["retry/count"] == 1
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_persistent_read_timeouts_fail_the_board(faults: FaultServer, seeded_url: str) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.serve(GREENHOUSE_JOBS, greenhouse_body(), delay=3)

    crawl("greenhouse", faults, seeded_url, settings={"RETRY_TIMES": "1"} | EAGER_EXPIRY,
          env={"OPPORTUNITIES_DOWNLOAD_TIMEOUT": "0.5"})  # fmt: skip

    assert len(faults.hits_of(GREENHOUSE_JOBS)) == 2
    assert_board_failed(last_run(seeded_url, "greenhouse"), "DownloadTimeoutError: ")
    assert "took longer than 0.5 seconds" in last_run(seeded_url, "greenhouse")["finish_reason"]
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_connection_refused_fails_the_board(seeded_url: str) -> None:
    before = listings_by_key(seeded_url, "greenhouse")

    crawl("greenhouse", f"http://127.0.0.1:{closed_port()}", seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    assert_board_failed(run, "DownloadConnectionRefusedError: ")
    assert run["stats"]["retry/max_reached"] >= 1
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_a_dns_failure_fails_the_board(seeded_url: str) -> None:
    before = listings_by_key(seeded_url, "greenhouse")

    crawl("greenhouse", "http://nonexistent.invalid", seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    assert_board_failed(run, "CannotResolveHostError: ")
    assert "nonexistent.invalid" in run["finish_reason"]
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


# Bodies: cut short, oversized ----------------------------------------------------------------


def test_a_body_cut_short_by_the_connection_is_retried_then_fails_the_board(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    body = greenhouse_body()
    faults.serve(GREENHOUSE_JOBS, body, send=len(body) // 2)  # declares the full length

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    assert len(faults.hits_of(GREENHOUSE_JOBS)) == 3
    assert_board_failed(last_run(seeded_url, "greenhouse"), f"ResponseDataLossError ({JOBS_URL})")
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_a_content_length_shorter_than_the_body_keeps_the_complete_postings(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    body = greenhouse_body()
    second = body.index(b'"id": 8651132002') if b'"id": 8651132002' in body else len(body) // 2
    faults.serve(GREENHOUSE_JOBS, body, content_length=second)  # cut inside the second posting

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    assert run["status"] == "finished"
    board = run["boards"]["amplitude"]
    assert (board["status"], board["listings"]) == ("incomplete", 1)
    assert board["problems"][0].startswith("truncated or invalid JSON")
    assert "1 complete postings salvaged" in board["problems"][0]
    assert (run["items_unchanged"], run["items_rejected"]) == (1, 1)
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_an_oversized_body_fails_the_board_without_retrying(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.serve(GREENHOUSE_JOBS, greenhouse_body())

    small = {"DOWNLOAD_MAXSIZE": "2000", "DOWNLOAD_WARNSIZE": "1000"}
    crawl("greenhouse", faults, seeded_url, settings=small | EAGER_EXPIRY)

    assert len(faults.hits_of(GREENHOUSE_JOBS)) == 1  # too big now is too big on a retry
    run = last_run(seeded_url, "greenhouse")
    assert_board_failed(run, "DownloadCancelledError: ")
    assert "larger than download max size (2000)" in run["finish_reason"]
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


# Redirects and robots.txt --------------------------------------------------------------------


def test_a_redirect_loop_fails_the_board(faults: FaultServer, seeded_url: str) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.serve(GREENHOUSE_JOBS, "", status=302, content_type="text/plain",
                 headers={"Location": "/elsewhere"})  # fmt: skip
    faults.serve("/elsewhere", "", status=301, content_type="text/plain",
                 headers={"Location": GREENHOUSE_JOBS + "?content=true"})  # fmt: skip

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    assert len(faults.hits) <= 1 + 6  # robots.txt, then the first request and 5 redirects
    run = last_run(seeded_url, "greenhouse")
    assert_board_failed(run, "IgnoreRequest: max redirections reached")
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_a_challenge_page_refreshing_to_itself_fails_the_board(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    itself = JOBS_URL.removeprefix("https://boards-api.greenhouse.io")
    refresh = f'<html><head><meta http-equiv="refresh" content="0;url={itself}"></head></html>'
    faults.serve(GREENHOUSE_JOBS, refresh, content_type="text/html")

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    assert len(faults.hits_of(GREENHOUSE_JOBS)) == 6  # the page and 5 refreshes
    assert_board_failed(last_run(seeded_url, "greenhouse"), "IgnoreRequest: max redirections")
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_robots_txt_disallowing_the_path_fails_the_board_unfetched(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.serve("/robots.txt", "User-agent: *\nDisallow: /v1/\n", content_type="text/plain")
    faults.serve(GREENHOUSE_JOBS, greenhouse_body())

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    assert faults.hits_of(GREENHOUSE_JOBS) == []
    run = last_run(seeded_url, "greenhouse")
    assert_board_failed(run, "IgnoreRequest: Forbidden by robots.txt")
    assert run["stats"]["robotstxt/forbidden"] == 1
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))
