"""Payload faults: what a source sends with a 200 — wrong encodings, schema drift, hostile values,
an honestly empty board — and faults of paged sources and of one spider among several.

(Truncated JSON, an HTML challenge page, postings without id or title and a missing board are
tested in tests/test_bad_input.py; here the same kinds of fault meet a database holding two good
crawls and the eager expiry settings.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.faults.crawling import (
    ARBEITNOW_FIRST_PAGE_SIZE,
    ARBEITNOW_PAGES,
    EAGER_EXPIRY,
    GREENHOUSE_JOBS,
    SEEDED_SOURCES,
    arbeitnow_page,
    assert_nothing_lost,
    crawl,
    crawl_together,
    greenhouse_body,
    greenhouse_jobs,
    last_run,
    listings_by_key,
    rejects_of,
)
from tests.faults.server import FaultServer
from tests.support import table_rows

REAL_IDS = [str(job["id"]) for job in greenhouse_jobs()]


# Encodings -----------------------------------------------------------------------------------


def test_invalid_utf8_keeps_every_posting(faults: FaultServer, seeded_url: str) -> None:
    jobs = greenhouse_jobs()
    jobs[0]["title"] = "Data Engineer INVALID"
    body = greenhouse_body(jobs).replace(b"INVALID", b"\xff\xfe\xc3(")
    faults.serve(GREENHOUSE_JOBS, body)

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    listings = listings_by_key(seeded_url, "greenhouse")
    assert set(listings) == set(REAL_IDS)
    assert listings[REAL_IDS[0]]["title"].startswith("Data Engineer \ufffd")
    run = last_run(seeded_url, "greenhouse")
    assert (run["status"], run["boards"]["amplitude"]["status"]) == ("finished", "complete")
    assert (run["items_updated"], run["items_unchanged"]) == (1, 1)


def test_utf8_declared_as_latin1_is_read_as_utf8(faults: FaultServer, seeded_url: str) -> None:
    jobs = greenhouse_jobs()
    jobs[0]["title"] = "Werkstudent:in – Datenanalyse (München, 3 Monate)"
    faults.serve(GREENHOUSE_JOBS, greenhouse_body(jobs),
                 content_type="application/json; charset=iso-8859-1")  # fmt: skip

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    listings = listings_by_key(seeded_url, "greenhouse")
    assert listings[REAL_IDS[0]]["title"] == "Werkstudent:in – Datenanalyse (München, 3 Monate)"
    assert "Ã" not in (listings[REAL_IDS[1]]["description_text"] or "")
    assert last_run(seeded_url, "greenhouse")["status"] == "finished"


# Schema drift --------------------------------------------------------------------------------


def test_a_renamed_field_rejects_the_postings_and_expires_nothing(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    jobs = [{("name" if key == "title" else key): value for key, value in job.items()}
            for job in greenhouse_jobs()]  # fmt: skip
    faults.serve(GREENHOUSE_JOBS, greenhouse_body(jobs))

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    assert (run["items_scraped"], run["items_rejected"], run["items_expired"]) == (2, 2, 0)
    rejects = rejects_of(seeded_url, run["id"])
    assert [reject["reason"] for reject in rejects] == ["invalid listing: title is required"] * 2
    assert sorted(str(reject["payload"]["id"]) for reject in rejects) == sorted(REAL_IDS)
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_a_changed_type_rejects_only_the_unreadable_postings(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    jobs = greenhouse_jobs()
    jobs[0]["metadata"] = {"name": "Employment Type", "value": "Intern"}  # a list became an object
    jobs[1]["location"] = "Remote"  # an object became a string
    faults.serve(GREENHOUSE_JOBS, greenhouse_body(jobs))

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    (reject,) = rejects_of(seeded_url, run["id"])
    assert reject["reason"].startswith("unusable posting: AttributeError")
    assert reject["payload"]["id"] == jobs[0]["id"]
    after = listings_by_key(seeded_url, "greenhouse")
    # The unreadable posting keeps its stored listing untouched and live: without its id the
    # run cannot tell which listing it was, so its board proves nothing (incomplete).
    assert after[REAL_IDS[0]] == before[REAL_IDS[0]]
    assert run["boards"]["amplitude"]["status"] == "incomplete"
    # The other one is read as it now is: its location is the string the source sent.
    assert after[REAL_IDS[1]]["location_text"] == "Remote"
    assert after[REAL_IDS[1]]["expired_at"] is None


def test_a_value_of_the_wrong_type_is_never_dropped_silently(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    jobs = greenhouse_jobs()
    jobs[1]["location"] = {"name": ["Berlin", "Remote"]}
    faults.serve(GREENHOUSE_JOBS, greenhouse_body(jobs))

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    rejected = [reject["payload"].get("id") for reject in rejects_of(seeded_url, run["id"])
                if isinstance(reject["payload"], dict)]  # fmt: skip
    stored = run["items_unchanged"] + run["items_updated"]
    assert stored + len(rejected) == 2, "a posting was neither stored nor rejected"
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_a_list_where_an_object_was_fails_the_board(faults: FaultServer, seeded_url: str) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.serve(GREENHOUSE_JOBS, greenhouse_jobs())  # the bare array, not {"jobs": [...]}

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    assert run["status"] == "failed"
    assert "amplitude: expected an object with a `jobs` array" in run["finish_reason"]
    (reject,) = rejects_of(seeded_url, run["id"])
    assert json.loads(reject["payload"]["body"])[0]["id"] == int(REAL_IDS[0])
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_an_html_challenge_page_expires_nothing(faults: FaultServer, seeded_url: str) -> None:
    before = listings_by_key(seeded_url, "greenhouse")
    faults.serve(GREENHOUSE_JOBS, "<html><head><title>Attention Required!</title></head></html>",
                 content_type="text/html")  # fmt: skip

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    assert run["status"] == "failed"
    assert "(title: 'Attention Required!')" in run["finish_reason"]
    assert_nothing_lost(before, listings_by_key(seeded_url, "greenhouse"))


def test_an_empty_board_is_a_complete_crawl(faults: FaultServer, seeded_url: str) -> None:
    faults.serve(GREENHOUSE_JOBS, {"jobs": [], "meta": {"total": 0}})

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "greenhouse")
    assert (run["status"], run["finish_reason"]) == ("finished", "finished")
    assert run["boards"] == {"amplitude": {"status": "complete"}}
    assert (run["items_scraped"], run["items_rejected"], run["errors"]) == (0, 0, 0)
    assert rejects_of(seeded_url, run["id"]) == []
    # The board really has no postings: what it listed before is gone (EXPIRE_AFTER_RUNS=1).
    assert all(row["expired_at"] is not None
               for row in listings_by_key(seeded_url, "greenhouse").values())  # fmt: skip
    assert run["items_expired"] == len(REAL_IDS)


def test_a_parser_crash_fails_the_page_instead_of_cutting_it_short(
    faults: FaultServer, sqlite_url: str
) -> None:
    jobs = [
        {"id": index, "url": f"https://faulty.example/jobs/{index}", "title": title}
        for index, title in enumerate(["Intern", "BOOM", "Working student"])
    ]
    faults.serve("/boards/acme/jobs", {"jobs": jobs})

    crawl("faulty", faults, sqlite_url, arguments={"board": "acme"},
          settings={"SPIDER_MODULES": "spiders,tests.faults.spiders"})  # fmt: skip

    assert [row["source_id"] for row in table_rows(sqlite_url, "listings")] == ["0"]
    (reject,) = table_rows(sqlite_url, "rejects")
    assert reject["reason"] == "parser error: TypeError: unhashable type: 'list'"
    assert json.loads(reject["payload"]["body"]) == {"jobs": jobs}
    (run,) = table_rows(sqlite_url, "crawl_runs")
    assert run["status"] == "failed"  # never `complete`: "Working student" was never read
    assert run["boards"]["acme"]["status"] == "failed"
    assert "acme: parser error: TypeError" in run["finish_reason"]


# Hostile values ------------------------------------------------------------------------------


def _nul_posting(job: dict) -> None:
    job["title"] = "Intern\u0000ship"
    job["content"] = "&lt;p&gt;Paid\u0000 internship&lt;/p&gt;"
    job["location"] = {"name": "Berlin\u0000"}


@pytest.mark.parametrize("hostile", ["nul", "nan"])
def test_nul_characters_and_nan_do_not_lose_the_batch(
    hostile: str, faults: FaultServer, seeded_url: str, request: pytest.FixtureRequest
) -> None:
    jobs = greenhouse_jobs(3)
    if hostile == "nul":
        _nul_posting(jobs[2])
    else:
        jobs[2]["internal_job_id"] = "NOT_A_NUMBER"
    # Python's json reads NaN; JSONB refuses it
    body = greenhouse_body(jobs).replace(b'"NOT_A_NUMBER"', b"NaN")
    faults.serve(GREENHOUSE_JOBS, body)

    crawl("greenhouse", faults, seeded_url, settings=EAGER_EXPIRY)

    listings = listings_by_key(seeded_url, "greenhouse")
    assert set(listings) == {*REAL_IDS, str(jobs[2]["id"])}
    assert all("\x00" not in row["title"] for row in listings.values())
    run = last_run(seeded_url, "greenhouse")
    assert (run["status"], run["items_new"], run["items_unchanged"]) == ("finished", 1, 2)


# Paged sources and several spiders in one process --------------------------------------------


def test_a_later_page_failing_makes_the_board_incomplete(
    faults: FaultServer, seeded_url: str
) -> None:
    before = listings_by_key(seeded_url, "arbeitnow")
    faults.serve(f"{ARBEITNOW_PAGES}?page=1", arbeitnow_page(1))
    faults.serve(f"{ARBEITNOW_PAGES}?page=2", "upstream timed out", status=504,
                 content_type="text/plain")  # fmt: skip

    crawl("arbeitnow", faults, seeded_url, settings=EAGER_EXPIRY)

    run = last_run(seeded_url, "arbeitnow")
    assert (run["status"], run["finish_reason"]) == ("finished", "finished")
    assert run["boards"][""] == {
        "status": "incomplete",
        "problems": ["HTTP 504 (https://www.arbeitnow.com/api/job-board-api?page=2)"],
        "listings": ARBEITNOW_FIRST_PAGE_SIZE,
    }
    assert run["items_unchanged"] == ARBEITNOW_FIRST_PAGE_SIZE
    assert len(faults.hits_of(ARBEITNOW_PAGES)) == 1 + 3  # page 1, page 2 and its 2 retries
    assert_nothing_lost(before, listings_by_key(seeded_url, "arbeitnow"))


def test_a_failing_spider_leaves_the_others_of_its_process_alone(
    faults: FaultServer, seeded_url: str, tmp_path: Path
) -> None:
    before = listings_by_key(seeded_url)
    faults.serve(GREENHOUSE_JOBS, "Service Unavailable", status=503, content_type="text/plain")
    for page in (1, 2):
        faults.serve(f"{ARBEITNOW_PAGES}?page={page}", arbeitnow_page(page))
    sources = tmp_path / "sources.toml"
    sources.write_text(SEEDED_SOURCES)

    result = crawl_together(["greenhouse", "arbeitnow"], faults, seeded_url,
                            settings=EAGER_EXPIRY,
                            env={"OPPORTUNITIES_SOURCES": str(sources)})  # fmt: skip

    assert result.returncode == 1  # a run failed, and the summary says which
    greenhouse, arbeitnow = last_run(seeded_url, "greenhouse"), last_run(seeded_url, "arbeitnow")
    assert greenhouse["status"] == "failed" and "amplitude: HTTP 503" in greenhouse["finish_reason"]
    assert (arbeitnow["status"], arbeitnow["finish_reason"]) == ("finished", "finished")
    assert arbeitnow["boards"] == {"": {"status": "complete", "listings": 100}}
    assert (arbeitnow["items_new"], arbeitnow["items_unchanged"] + arbeitnow["items_updated"]) == (
        0, 100,
    )  # fmt: skip
    assert_nothing_lost(before, listings_by_key(seeded_url))


@pytest.mark.parametrize("spider", ["greenhouse"])
def test_the_seeded_database_holds_two_good_crawls(spider: str, seeded_url: str) -> None:
    """The premise of every test here: two good runs, so expiry would be allowed to act."""
    from tests.faults.crawling import runs

    good = [run for run in runs(seeded_url, spider) if run["status"] == "finished"]
    assert len(good) == 2
    assert all(run["boards"]["amplitude"]["status"] == "complete" for run in good)
