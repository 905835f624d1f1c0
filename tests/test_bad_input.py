"""Bad input from a source never loses good postings, never touches stored rows, and always
leaves a crawl_runs row saying what happened (real Greenhouse responses, served locally)."""

from __future__ import annotations

import json

from tests.support import SAMPLES, LocalServer, crawl, table_rows

SAMPLE = SAMPLES / "greenhouse" / "amplitude-jobs-content-full.json"
JOBS = "/v1/boards/{}/jobs"


def greenhouse(server: LocalServer, database_url: str, board: str = "amplitude"):
    return crawl("greenhouse", f"board={board}", f"api_base={server.base}",
                 database_url=database_url)  # fmt: skip


def test_truncated_json_keeps_the_complete_postings(server: LocalServer, database_url: str) -> None:
    body = SAMPLE.read_text()
    second = body.index(
        '"absolute_url": "https://job-boards.greenhouse.io/amplitude/jobs/8651132002"'
    )
    server.add(JOBS.format("amplitude"), body[: second + 500])  # cut inside the second posting

    greenhouse(server, database_url)

    assert [row["source_id"] for row in table_rows(database_url, "listings")] == ["8636903002"]
    (reject,) = table_rows(database_url, "rejects")
    assert "1 complete postings salvaged" in reject["reason"]
    assert reject["payload"]["body"].startswith('{\n "jobs"')
    (run,) = table_rows(database_url, "crawl_runs")
    assert (run["items_new"], run["items_rejected"], run["errors"]) == (1, 1, 1)
    assert run["boards"]["amplitude"]["status"] == "incomplete"


def test_an_html_page_instead_of_json_fails_the_board(
    server: LocalServer, database_url: str
) -> None:
    challenge = (
        "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body></body></html>"
    )
    server.add(JOBS.format("amplitude"), challenge, content_type="text/html")

    greenhouse(server, database_url)

    assert table_rows(database_url, "listings") == []
    (reject,) = table_rows(database_url, "rejects")
    assert reject["reason"] == "expected JSON, got an HTML or XML page (title: 'Just a moment...')"
    assert reject["payload"]["status"] == 200 and "Just a moment" in reject["payload"]["body"]
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "failed"
    assert "1 of 1 board(s) failed: amplitude: expected JSON" in run["finish_reason"]


def test_postings_without_id_or_title_are_rejected_and_the_rest_stored(
    server: LocalServer, database_url: str
) -> None:
    payload = json.loads(SAMPLE.read_text())
    good, second = payload["jobs"]
    no_id = {k: v for k, v in second.items() if k != "id"}
    no_title = second | {"id": 1, "title": ""}
    server.add(JOBS.format("amplitude"), {"jobs": [no_id, good, no_title], "meta": {"total": 3}})

    greenhouse(server, database_url)

    assert [row["source_id"] for row in table_rows(database_url, "listings")] == [str(good["id"])]
    reasons = sorted(row["reason"] for row in table_rows(database_url, "rejects"))
    assert reasons == [
        "invalid listing: source_id is required",
        "invalid listing: title is required",
    ]
    (run,) = table_rows(database_url, "crawl_runs")
    assert (run["status"], run["items_scraped"], run["items_new"], run["items_rejected"]) == (
        "finished", 3, 1, 2,
    )  # fmt: skip


def test_a_missing_board_fails_alone(server: LocalServer, database_url: str) -> None:
    server.add(JOBS.format("amplitude"), SAMPLE.read_bytes())
    server.add(JOBS.format("gone"), {"status": 404, "error": "Job not found"}, status=404)

    result = greenhouse(server, database_url, board="gone,amplitude")

    assert result.returncode == 0  # scrapy itself finished; the run row carries the verdict
    assert len(table_rows(database_url, "listings")) == 2
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "failed"
    assert run["boards"]["gone"]["status"] == "failed"
    assert run["boards"]["amplitude"] == {"status": "complete", "listings": 2}
    assert "gone: HTTP 404" in run["finish_reason"]


def test_a_bad_crawl_leaves_stored_listings_untouched(
    server: LocalServer, database_url: str
) -> None:
    server.add(JOBS.format("amplitude"), SAMPLE.read_bytes())
    greenhouse(server, database_url)
    before = table_rows(database_url, "listings")

    server.add(JOBS.format("amplitude"), "<html><body>Service Unavailable</body></html>",
               content_type="text/html")  # fmt: skip
    greenhouse(server, database_url)

    assert table_rows(database_url, "listings") == before
    statuses = [run["status"] for run in table_rows(database_url, "crawl_runs")]
    assert statuses == ["finished", "failed"]
