"""Workday: board URLs, relative dates, the pure parsers, paging, and a whole crawl against a local
server.

The list is a real page of Salesforce's career site (2 postings). No real detail response was
available: the details in `fixtures/cassettes/workday/salesforce.yaml` are BUILT from the
documented `jobPostingInfo` field list — title, postedOn and jobReqId copied from the real list,
location from the externalPath, `timeType`/`remoteType` illustrative, the description a
placeholder that says so. Tests read those built details from the cassette.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from scrapy.http import Request, TextResponse

from opportunities.items import Listing, Reject
from opportunities.replay import load_cassettes
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._base import SpiderArgumentError
from spiders._payload import PayloadError
from spiders.workday import (
    Board,
    WorkdaySpider,
    jobs_body,
    parse_board,
    parse_detail,
    parse_jobs,
    posted_at,
)
from tests.support import CASSETTES, SAMPLES, LocalServer, crawl, table_rows

LIST_SAMPLE = SAMPLES / "workday" / "salesforce-cxs-jobs-list.json"
BOARD = "https://salesforce.wd12.myworkdayjobs.com/en-US/External_Career_Site"
CXS = "/wday/cxs/salesforce/External_Career_Site"
NOW = datetime(2026, 7, 30, 22, 15, tzinfo=UTC)
FIRST, SECOND = (
    "/job/Virginia---Washington-DC-Metro---Remote/Solution-Architect---Senior-Solution-Architect"
    "---PubSec---SLED-NGO_JR354232",
    "/job/Illinois---Chicago/Customer-Success-Manager---Global-Public-Sector--State---Local-Gov-"
    "_JR332446",
)


@pytest.fixture
def page() -> dict[str, Any]:
    return json.loads(LIST_SAMPLE.read_text())


def built_detail(external_path: str) -> bytes:
    """The detail built from the documented field list (module docstring), from the cassette."""
    for request, response in load_cassettes(CASSETTES / "workday"):
        if request.method == "GET" and request.path.endswith(external_path):
            body = response["body"]["string"]
            return body if isinstance(body, bytes) else body.encode()
    raise LookupError(external_path)


def list_listings(page: dict[str, Any]) -> list[Listing]:
    items = list(parse_jobs(page, board=BOARD, now=NOW))
    assert all(isinstance(item, Listing) for item in items)
    return items  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (BOARD, Board("salesforce.wd12.myworkdayjobs.com", "salesforce", "External_Career_Site",
                      "/en-US")),
        ("https://Salesforce.wd12.myworkdayjobs.com/External_Career_Site/",
         Board("salesforce.wd12.myworkdayjobs.com", "salesforce", "External_Career_Site", "")),
        ("https://acme.wd5.myworkdayjobs.com/fr-FR/Careers?q=x",
         Board("acme.wd5.myworkdayjobs.com", "acme", "Careers", "/fr-FR")),
    ],
)  # fmt: skip
def test_a_board_is_the_public_board_url(url: str, expected: Board) -> None:
    assert parse_board(url) == expected


@pytest.mark.parametrize(
    "url",
    ["salesforce", "https://salesforce.wd12.myworkdayjobs.com/", "https://example.com/Careers",
     "ftp://acme.wd1.myworkdayjobs.com/Careers"],
)  # fmt: skip
def test_anything_else_is_an_argument_error(url: str) -> None:
    with pytest.raises(SpiderArgumentError, match="not a Workday board URL"):
        parse_board(url)
    with pytest.raises(SpiderArgumentError, match="not a Workday board URL"):
        WorkdaySpider(board=url)


def test_board_urls_give_the_api_and_public_addresses() -> None:
    board = parse_board(BOARD)

    assert board.jobs_url == f"https://salesforce.wd12.myworkdayjobs.com{CXS}/jobs"
    assert board.detail_url(FIRST) == f"https://salesforce.wd12.myworkdayjobs.com{CXS}{FIRST}"
    assert board.posting_url(FIRST) == f"{BOARD}{FIRST}"
    assert jobs_body(40) == b'{"appliedFacets": {}, "limit": 20, "offset": 40, "searchText": ""}'


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Posted Today", datetime(2026, 7, 30, tzinfo=UTC)),
        ("Posted Yesterday", datetime(2026, 7, 29, tzinfo=UTC)),
        ("Posted 3 Days Ago", datetime(2026, 7, 27, tzinfo=UTC)),
        ("Posted 1 Day Ago", datetime(2026, 7, 29, tzinfo=UTC)),
        ("posted  30+ days ago", datetime(2026, 6, 30, tzinfo=UTC)),  # a bound: that day or before
        ("Posted on 2026-07-01", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_relative_posted_dates_resolve_against_the_crawl_time(
    text: object, day: datetime | None
) -> None:
    assert posted_at(text, NOW) == day


def test_the_crawl_time_counts_in_utc() -> None:
    east = datetime(2026, 7, 31, 1, 0, tzinfo=timezone(timedelta(hours=5)))  # 20:00 UTC on the 30th

    assert posted_at("Posted Today", east) == datetime(2026, 7, 30, tzinfo=UTC)


def test_parse_jobs_maps_the_real_list(page: dict[str, Any]) -> None:
    first, second = (clean_listing(listing) for listing in list_listings(page))

    assert first.source_id == "salesforce/External_Career_Site/JR354232"
    assert second.source_id == "salesforce/External_Career_Site/JR332446"
    assert first.title == "Solution Architect / Senior Solution Architect - PubSec - SLED/NGO"
    assert second.title == (
        "Customer Success Manager - Global Public Sector (State, Local Government and Education)"
    )
    assert first.url == f"{BOARD}{FIRST}"
    assert first.company == "salesforce"  # the tenant: the list names no company
    assert first.location_raw is None  # "3 Locations" is a count, not a place
    assert first.posted_raw == "Posted Yesterday"
    assert first.posted_at == datetime(2026, 7, 29, tzinfo=UTC)
    assert second.posted_raw == "Posted 3 Days Ago"
    assert second.posted_at == datetime(2026, 7, 27, tzinfo=UTC)
    assert first.description_html is None
    assert first.hints == {}
    assert first.raw == {"list": page["jobPostings"][0]}
    assert listing_problems(first) == []


def test_parse_detail_completes_the_listing(page: dict[str, Any]) -> None:
    detail = json.loads(built_detail(FIRST))
    listing = clean_listing(parse_detail(detail, list_listings(page)[0], now=NOW))

    assert listing.source_id == "salesforce/External_Career_Site/JR354232"
    assert listing.url == f"https://salesforce.wd12.myworkdayjobs.com/External_Career_Site{FIRST}"
    assert listing.title == "Solution Architect / Senior Solution Architect - PubSec - SLED/NGO"
    assert listing.location_raw == "Virginia - Washington DC Metro - Remote"
    assert listing.description_text.startswith("Built from the documented field list")
    assert listing.posted_raw == "Posted Yesterday"
    assert listing.posted_at == datetime(2026, 7, 29, tzinfo=UTC)
    assert listing.employment_type_raw == "Full time"
    assert listing.hints == {"remote": "remote", "employment_types": ["FULL_TIME"]}
    assert listing.raw == {"list": page["jobPostings"][0], "detail": detail}


def test_detail_locations_are_joined_and_the_posting_window_is_not_mapped(
    page: dict[str, Any],
) -> None:
    detail = json.loads(built_detail(SECOND))
    detail["jobPostingInfo"] |= {
        "additionalLocations": ["California - San Francisco", "", None],
        "startDate": "2026-07-27",
        "endDate": "2026-08-27",
        "remoteType": "Hybrid",
        "timeType": "Part time",
    }
    listing = parse_detail(detail, list_listings(page)[1], now=NOW)

    assert listing.location_raw == "Illinois - Chicago | California - San Francisco"
    assert listing.hints == {"remote": "hybrid", "employment_types": ["PART_TIME"]}
    # The window's start is the publication date: absolute, so re-crawls see no change.
    assert listing.posted_raw == "2026-07-27"
    assert listing.posted_at == datetime(2026, 7, 27, tzinfo=UTC)
    assert parse_detail(detail, list_listings(page)[1], now=NOW + timedelta(days=9)) == listing


def test_bad_postings_are_rejects_and_wrong_shapes_payload_errors(page: dict[str, Any]) -> None:
    no_path = page["jobPostings"][0] | {"externalPath": None}
    items = list(parse_jobs({"jobPostings": [no_path, "x", page["jobPostings"][1]]},
                            board=BOARD, now=NOW))  # fmt: skip

    assert [type(item) for item in items] == [Reject, Reject, Listing]
    assert "externalPath None" in items[0].reason
    for data in ([], {"total": 2}, {"errorCode": "HTTP_404"}):
        with pytest.raises(PayloadError, match="jobPostings"):
            list(parse_jobs(data, board=BOARD, now=NOW))
    with pytest.raises(PayloadError, match="jobPostingInfo"):
        parse_detail({"jobPostingInfo": None}, list_listings(page)[0], now=NOW)


def test_a_detail_with_wrong_typed_fields_keeps_the_list_values(page: dict[str, Any]) -> None:
    info = {"title": 7, "externalUrl": {}, "jobDescription": ["x"], "postedOn": 1, "timeType": 2}
    listing = parse_detail({"jobPostingInfo": info}, list_listings(page)[0], now=NOW)

    assert listing.title == "Solution Architect / Senior Solution Architect - PubSec - SLED/NGO"
    assert listing.url == f"{BOARD}{FIRST}"
    assert (listing.description_html, listing.employment_type_raw) == (None, None)
    assert listing.posted_raw == "Posted Yesterday"


def _page_items(
    page: dict[str, Any], *, offset: int, total: int | None
) -> tuple[WorkdaySpider, list[Any]]:
    spider = WorkdaySpider(board=BOARD)
    request = Request(f"https://salesforce.wd12.myworkdayjobs.com{CXS}/jobs", method="POST",
                      meta={"board": BOARD})  # fmt: skip
    response = TextResponse(request.url, body=json.dumps(page).encode(), request=request)
    return spider, list(spider.parse_page(response, board=BOARD, offset=offset, total=total))


@pytest.mark.parametrize(
    ("offset", "total_seen", "page_total", "next_request"),
    [
        (0, None, 45, (20, 45)),  # the first page reports the total
        (20, 45, 0, (40, 45)),  # later pages say 0: the first total is kept
        (40, 45, 0, None),  # 40 + 20 ≥ 45
        (0, None, 0, (20, None)),  # never reported: page on until a page is empty
    ],
)
def test_paging_keeps_the_first_total(
    page: dict[str, Any],
    offset: int,
    total_seen: int | None,
    page_total: int,
    next_request: tuple[int, int | None] | None,
) -> None:
    full_page = page | {"total": page_total, "jobPostings": page["jobPostings"] * 10}
    _, items = _page_items(full_page, offset=offset, total=total_seen)

    posts = [item for item in items if isinstance(item, Request) and item.method == "POST"]
    details = [item for item in items if isinstance(item, Request) and item.method == "GET"]
    assert len(details) == 20
    assert all(isinstance(r.meta["fallback"], Listing) for r in details)
    if next_request is None:
        assert posts == []
    else:
        (post,) = posts
        assert post.body == jobs_body(next_request[0])
        assert post.cb_kwargs["total"] == next_request[1]


def test_paging_stops_at_offset_2000_and_marks_the_board_incomplete(
    page: dict[str, Any],
) -> None:
    full_page = page | {"total": 0, "jobPostings": page["jobPostings"] * 10}
    spider, items = _page_items(full_page, offset=1980, total=5000)

    assert not [item for item in items if isinstance(item, Request) and item.method == "POST"]
    assert spider.board_report()[BOARD] == {
        "status": "incomplete",
        "problems": ["stopped at offset 2,000: Workday serves no postings past it (5000 reported)"],
    }


class WorkdayServer(LocalServer):
    """A LocalServer that answers the list POSTs by the `offset` of their JSON body: every list
    page has the same path, and LocalServer routes on the path alone."""

    def __init__(self) -> None:
        self.pages: dict[int, bytes] = {}
        super().__init__()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(super()._handler()):  # type: ignore[misc]
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.requests.append((self.command, self.path, body))
                answer = server.pages.get(json.loads(body or b"{}").get("offset"))
                self.send_response(200 if answer is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer or b"")))
                self.end_headers()
                self.wfile.write(answer or b"")

        return Handler


@pytest.fixture
def workday_server() -> Iterator[WorkdayServer]:
    with WorkdayServer() as local:
        yield local  # type: ignore[misc]


def test_crawl_follows_pages_and_details_and_keeps_listings_whose_detail_failed(
    workday_server: WorkdayServer, database_url: str, page: dict[str, Any]
) -> None:
    # The real page split in two, postings verbatim: page 2 reports total 0, as Workday does.
    first, second = page["jobPostings"]
    workday_server.pages[0] = json.dumps(page | {"jobPostings": [first]}).encode()
    workday_server.pages[1] = json.dumps(page | {"total": 0, "jobPostings": [second]}).encode()
    workday_server.add(f"{CXS}{FIRST}", built_detail(FIRST))
    # The second detail answers a maintenance page: the listing is kept from the list data.
    workday_server.add(f"{CXS}{SECOND}", "<html><title>Maintenance</title></html>",
                       content_type="text/html")  # fmt: skip

    before = datetime.now(UTC)
    result = crawl("workday", f"board={BOARD}", f"api_base={workday_server.base}",
                   database_url=database_url)  # fmt: skip
    after = datetime.now(UTC)

    assert result.returncode == 0, result.stderr[-3000:]
    posts = [body for method, _, body in workday_server.requests if method == "POST"]
    assert posts == [jobs_body(0), jobs_body(1)]  # total 2 kept from page 1: no third page
    failed, detailed = table_rows(database_url, "listings", order_by="source_id")
    assert detailed["source_id"] == "salesforce/External_Career_Site/JR354232"
    assert (
        detailed["url"] == f"https://salesforce.wd12.myworkdayjobs.com/External_Career_Site{FIRST}"
    )
    assert detailed["location_text"] == "Virginia - Washington DC Metro - Remote"
    assert detailed["description_text"].startswith("Built from the documented field list")
    assert detailed["hints"] == {"remote": "remote", "employment_types": ["FULL_TIME"]}
    assert detailed["posted_raw"] == "Posted Yesterday"
    assert detailed["posted_at"] in {
        datetime.combine(moment.date() - timedelta(days=1), datetime.min.time(), UTC)
        for moment in (before, after)
    }
    assert failed["source_id"] == "salesforce/External_Career_Site/JR332446"
    assert failed["url"] == f"{BOARD}{SECOND}"
    assert failed["description_text"] is None and failed["hints"] == {}
    assert failed["posted_raw"] == "Posted 3 Days Ago"
    assert failed["posted_at"] in {
        datetime.combine(moment.date() - timedelta(days=3), datetime.min.time(), UTC)
        for moment in (before, after)
    }
    assert {detailed["company"], failed["company"]} == {"salesforce"}
    (run,) = table_rows(database_url, "crawl_runs")
    assert run["status"] == "finished"
    assert (run["items_new"], run["errors"]) == (2, 1)
    assert run["items_rejected"] == 1  # the maintenance page, kept as a reject
    assert run["boards"][BOARD]["status"] == "incomplete"
    (problem,) = run["boards"][BOARD]["problems"]
    assert problem.startswith("expected JSON, got an HTML or XML page (title: 'Maintenance')")
    (reject,) = table_rows(database_url, "rejects")
    assert reject["url"] == f"https://salesforce.wd12.myworkdayjobs.com{CXS}{SECOND}"
