"""We Work Remotely: the RSS parser on the real feed, conditional requests, whole crawls."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._payload import PayloadError
from spiders.weworkremotely import Validators, feed_url, parse_feed, read_feed
from tests.support import SAMPLES, LocalServer, run, table_rows

SAMPLE = SAMPLES / "weworkremotely" / "remote-jobs-rss-with-type-contract.rss"
FEED_PATH = "/remote-jobs.rss"
ETAG = 'W/"5f1c0ffee"'
LAST_MODIFIED = "Fri, 10 Jul 2026 22:45:30 GMT"


def parse(body: bytes, board: str = "remote-jobs") -> list[Listing | Reject]:
    channel, _ = read_feed(body)
    return [
        clean_listing(i) if isinstance(i, Listing) else i for i in parse_feed(channel, board=board)
    ]


def test_feed_url_takes_the_feed_path() -> None:
    assert feed_url("remote-jobs") == "https://weworkremotely.com/remote-jobs.rss"
    assert feed_url("/categories/remote-programming-jobs.rss") == (
        "https://weworkremotely.com/categories/remote-programming-jobs.rss"
    )
    assert feed_url("https://weworkremotely.com/remote-jobs.rss") == (
        "https://weworkremotely.com/remote-jobs.rss"
    )


def test_parse_feed_maps_every_item() -> None:
    listings = parse(SAMPLE.read_bytes())

    assert all(isinstance(item, Listing) and not listing_problems(item) for item in listings)
    assert [(item.source_id, item.company, item.title) for item in listings] == [
        ("mathmo-maths-coach", "Mathmo", "Maths Coach"),
        ("qase-developer-advocate", "Qase", "Developer Advocate"),
        ("apex-trade-entry-level-crypto-market-specialist", "APEX TRADE",
         "Entry-Level Crypto Market Specialist"),
        ("qase-technical-customer-support-specialist", "Qase",
         "Technical Customer Support Specialist"),
    ]  # fmt: skip
    first = listings[0]
    assert first.url == "https://weworkremotely.com/remote-jobs/mathmo-maths-coach"
    assert first.location_text == "Anywhere in the World"
    assert first.posted_raw == "Fri, 10 Jul 2026 22:45:30 +0000"
    assert first.posted_at == datetime(2026, 7, 10, 22, 45, 30, tzinfo=UTC)
    assert first.employment_type_raw == "Contract"
    assert first.hints == {
        "employment_types": ["CONTRACTOR"], "valid_through": "2026-08-09", "remote": "remote",
    }  # fmt: skip
    assert listings[1].hints["employment_types"] == ["FULL_TIME"]
    # The entity-encoded description was decoded once and sanitised.
    assert "&lt;" not in first.description_html
    assert "<strong>Headquarters:</strong> London" in first.description_html
    assert "Pay is £75 per hour for sessions" in first.description_text
    # The company's headquarters stays in the raw payload, not in the job's location.
    assert first.raw["state"] == "London"
    assert first.raw["category"] == "All Other Remote"
    assert first.raw["media:content"]["url"].endswith("/logos/0171/5783/logo.gif")


def test_a_title_without_company_keeps_the_whole_title() -> None:
    body = SAMPLE.read_bytes().replace(b"<title>Mathmo: Maths Coach</title>",
                                       b"<title>Maths Coach (GCSE)</title>", 1)  # fmt: skip
    first = parse(body)[0]
    assert (first.company, first.title) == (None, "Maths Coach (GCSE)")


def test_a_feed_cut_short_keeps_its_complete_items() -> None:
    body = SAMPLE.read_bytes()
    cut = body[: body.index(b"<title>APEX TRADE") + 3000]  # inside the third description

    channel, problem = read_feed(cut)
    items = [clean_listing(i) for i in parse_feed(channel, board="remote-jobs")]

    assert problem is not None and problem.startswith("malformed XML")
    assert [i.source_id for i in items[:2]] == ["mathmo-maths-coach", "qase-developer-advocate"]
    # The truncated third item has lost its link: the validate stage turns it into a reject.
    assert listing_problems(items[2]) == ["source_id is required", "url is required"]


def test_entities_are_not_resolved() -> None:
    body = (
        SAMPLE.read_bytes()
        .replace(
            b'<?xml version="1.0" encoding="UTF-8"?>',
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>',
        )
        .replace(b"<title>Mathmo: Maths Coach</title>", b"<title>Mathmo: &secret;Coach</title>", 1)
    )

    first = parse(body)[0]
    assert (first.company, first.title) == ("Mathmo", "Coach")


@pytest.mark.parametrize(
    "body", [b"", b"<!doctype html><html><title>Just a moment...</title></html>", b'{"jobs": []}',
             b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>'],
)  # fmt: skip
def test_a_body_that_is_not_rss_is_a_payload_error(body: bytes) -> None:
    with pytest.raises(PayloadError):
        read_feed(body)


def test_validators_survive_between_runs_and_tolerate_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "state" / "weworkremotely.json"
    validators = Validators(path)
    assert validators.request_headers("https://weworkremotely.com/remote-jobs.rss") == {}
    validators.remember("https://weworkremotely.com/remote-jobs.rss",
                        {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})  # fmt: skip
    validators.save()

    assert Validators(path).request_headers("https://weworkremotely.com/remote-jobs.rss") == {
        "If-None-Match": ETAG, "If-Modified-Since": LAST_MODIFIED,
    }  # fmt: skip
    path.write_text("{not json")
    assert Validators(path).saved == {}


class ConditionalServer(LocalServer):
    """A LocalServer that honours If-None-Match like a real feed server and records the request
    headers."""

    def __init__(self) -> None:
        self.request_headers: list[dict[str, str]] = []
        super().__init__()

    def _handler(self) -> Any:
        server = self

        class Handler(super()._handler()):  # type: ignore[misc]
            def do_GET(self) -> None:
                server.request_headers.append(dict(self.headers))
                route = server.routes.get(self.path)
                etag = route.headers.get("ETag") if route else None
                if etag and self.headers.get("If-None-Match") == etag:
                    server.requests.append((self.command, self.path, b""))
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                super().do_GET()

        return Handler


@pytest.fixture
def conditional_server() -> Any:
    with ConditionalServer() as local:
        yield local


def crawl_feed(server: LocalServer, database_url: str, state: Path) -> Any:
    return run(
        "scrapy", "crawl", "weworkremotely", "-a", "board=remote-jobs",
        "-a", f"api_base={server.base}", "-s", f"HTTP_STATE_DIR={state}",
        database_url=database_url,
    )  # fmt: skip


def test_crawl_stores_the_feed_then_a_304_is_an_unchanged_feed(
    conditional_server: ConditionalServer, database_url: str, tmp_path: Path
) -> None:
    conditional_server.add(
        FEED_PATH, SAMPLE.read_bytes(), content_type="application/rss+xml; charset=utf-8",
        headers={"ETag": ETAG, "Last-Modified": LAST_MODIFIED},
    )  # fmt: skip

    first = crawl_feed(conditional_server, database_url, tmp_path)

    assert first.returncode == 0, first.stderr[-3000:]
    listings = table_rows(database_url, "listings", order_by="source_id")
    assert [row["source_id"] for row in listings] == [
        "apex-trade-entry-level-crypto-market-specialist", "mathmo-maths-coach",
        "qase-developer-advocate", "qase-technical-customer-support-specialist",
    ]  # fmt: skip
    mathmo = listings[1]
    assert (mathmo["title"], mathmo["company"], mathmo["location_text"]) == (
        "Maths Coach", "Mathmo", "Anywhere in the World",
    )  # fmt: skip
    assert mathmo["url"] == "https://weworkremotely.com/remote-jobs/mathmo-maths-coach"
    assert mathmo["posted_at"] == datetime(2026, 7, 10, 22, 45, 30, tzinfo=UTC)
    assert mathmo["hints"]["employment_types"] == ["CONTRACTOR"]
    assert mathmo["hints"]["remote"] == "remote"
    assert "Pay is £75 per hour" in mathmo["description_text"]
    state = json.loads((tmp_path / "weworkremotely.json").read_text())
    assert state == {"https://weworkremotely.com/remote-jobs.rss": {
        "etag": ETAG, "last_modified": LAST_MODIFIED}}  # fmt: skip
    assert "If-None-Match" not in conditional_server.request_headers[-1]

    second = crawl_feed(conditional_server, database_url, tmp_path)

    assert second.returncode == 0, second.stderr[-3000:]
    assert conditional_server.request_headers[-1]["If-None-Match"] == ETAG
    assert conditional_server.request_headers[-1]["If-Modified-Since"] == LAST_MODIFIED
    assert "'weworkremotely/conditional_requests': 1" in second.stderr
    assert "'weworkremotely/not_modified': 1" in second.stderr
    runs = table_rows(database_url, "crawl_runs")
    assert [run["status"] for run in runs] == ["finished", "finished"]
    assert runs[0]["boards"] == {"remote-jobs": {"status": "complete", "listings": 4}}
    assert runs[1]["boards"] == {"remote-jobs": {"status": "not_modified"}}
    assert (runs[1]["items_scraped"], runs[1]["errors"]) == (0, 0)
    assert len(table_rows(database_url, "listings")) == 4


def test_replay_from_the_cassette(sqlite_url: str, tmp_path: Path) -> None:
    result = run("opportunities", "crawl", "weworkremotely", "--replay",
                 "-s", f"HTTP_STATE_DIR={tmp_path}", database_url=sqlite_url)  # fmt: skip

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len(table_rows(sqlite_url, "listings")) == 4
    assert not (tmp_path / "weworkremotely.json").exists()  # replayed validators are not saved
