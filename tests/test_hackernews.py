"""Hacker News: thread lookup, top-level comments as listings, the first-line parser on 352 real
posts, paging, and whole crawls against a local server.

The comment pages are the real Algolia sample. No sample of the `search_by_date` story list
exists: the one in the cassette (fixtures/cassettes/hackernews/hiring.yaml) is built from Algolia's
documented hit fields around the sample's real story (48747976, "Ask HN: Who is hiring? (July
2026)"); its sibling stories and their ids are constructed.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from normalize.text import html_to_text
from opportunities.items import Listing, Reject
from opportunities.replay import load_cassettes
from pipelines.clean import clean_listing
from spiders._base import SpiderArgumentError
from spiders._payload import PayloadError
from spiders.hackernews import (
    HackerNewsSpider,
    comments_url,
    latest_thread,
    parse_comments,
    parse_header,
    split_first_line,
)
from tests.support import CASSETTES, SAMPLES, LocalServer, crawl, run, table_rows

COMMENTS = SAMPLES / "hn-whoishiring" / "algolia-search-comments-july2026.json"
POSTS_2018 = SAMPLES / "hn-whoishiring" / "hn-hiring-mapped-2018-04-352-posts.json"
STORY = "48747976"
STORIES_PATH = "/api/v1/search_by_date?tags=story,author_whoishiring"


def comments_path(story: str = STORY, page: int = 0) -> str:
    return f"/api/v1/search?tags=comment,story_{story}&hitsPerPage=1000&page={page}"


@pytest.fixture
def comments() -> dict[str, Any]:
    return json.loads(COMMENTS.read_text())


@pytest.fixture(scope="module")
def stories() -> dict[str, Any]:
    (response,) = [
        response
        for request, response in load_cassettes(CASSETTES / "hackernews")
        if "search_by_date" in request.uri
    ]
    return json.loads(response["body"]["string"])


# Thread lookup ---------------------------------------------------------------------------------


def test_the_latest_who_is_hiring_story_not_who_wants_to_be_hired(stories: dict) -> None:
    assert latest_thread(stories, board="hiring") == (STORY, "Ask HN: Who is hiring? (July 2026)")
    assert latest_thread(stories, board="freelance") == (
        "48747975", "Ask HN: Freelancer? Seeking freelancer? (July 2026)",
    )  # fmt: skip


def test_no_matching_story_is_a_payload_error(stories: dict) -> None:
    only_hired = {"hits": [h for h in stories["hits"] if "hired" in h["title"]]}
    with pytest.raises(PayloadError, match="Who is hiring"):
        latest_thread(only_hired, board="hiring")


# Comments --------------------------------------------------------------------------------------


def test_top_level_comments_become_listings(comments: dict) -> None:
    page = parse_comments(comments, board="hiring", story_id=STORY)
    listings = [clean_listing(item) for item in page.items]

    # Seven hits, one of them a reply to a posting (parent 48837669): six listings.
    assert [item.source_id for item in listings] == [
        "48860201", "48843116", "48842567", "48837669", "48868436", "48804695",
    ]  # fmt: skip
    wave = listings[1]
    assert wave.url == "https://news.ycombinator.com/item?id=48843116"
    assert (wave.company, wave.title, wave.location_text) == ("Wave", "On-Premises SRE",
                                                             "Remote (EMEA)")  # fmt: skip
    assert wave.pay_raw == "Salary up to $185,500 + equity"
    assert wave.employment_type_raw == "Permanent (Full-time)"
    assert wave.hints == {
        "remote": "remote", "employment_types": ["FULL_TIME"], "duration_class": "open_ended",
    }  # fmt: skip
    assert wave.posted_raw == "2026-07-09T09:17:40Z"
    assert wave.posted_at == datetime(2026, 7, 9, 9, 17, 40, tzinfo=UTC)
    # The first line is the header; the description is the rest, entities decoded.
    assert wave.description_text.startswith("We’re making Africa the first cashless continent.")
    assert "Wave | On-Premises SRE" not in wave.description_text
    assert wave.raw["author"] == "dheeraman"
    qase, resortpass = listings[0], listings[4]
    assert qase.title == "Developer Advocate, Technical Customer Support Specialist"
    assert qase.hints == {"remote": "remote", "employment_types": ["FULL_TIME"]}
    assert (resortpass.company, resortpass.location_text) == ("ResortPass", "New York, NY")
    assert resortpass.pay_raw == "$160k–$180k ($210k for senior band) + Equity"
    assert resortpass.hints["remote"] == "onsite"
    assert listings[2].hints["employment_types"] == ["CONTRACTOR", "FULL_TIME"]
    # No separators: the first line is the company and the title.
    assert (listings[5].company, listings[5].title) == ("This Dot Labs", "This Dot Labs")


def test_dead_deleted_and_empty_comments_are_skipped(comments: dict) -> None:
    hits = comments["hits"]
    variants = [
        hits[0] | {"objectID": "1", "dead": True},
        hits[0] | {"objectID": "2", "deleted": True, "comment_text": None},
        hits[0] | {"objectID": "3", "comment_text": "[flagged]"},
        hits[0] | {"objectID": "4", "comment_text": "  <p> "},
        hits[1],
    ]
    page = parse_comments({"hits": variants}, board="hiring", story_id=STORY)

    assert [item.source_id for item in page.items] == ["48843116"]


def test_a_hit_of_the_wrong_type_is_a_reject(comments: dict) -> None:
    page = parse_comments({"hits": ["oops", comments["hits"][0]]}, board="hiring", story_id=STORY)
    assert isinstance(page.items[0], Reject) and isinstance(page.items[1], Listing)


@pytest.mark.parametrize("data", [[], {"hits": None}, {"message": "Invalid tag"}])
def test_a_response_of_the_wrong_shape_is_a_payload_error(data: object) -> None:
    with pytest.raises(PayloadError, match="hits"):
        parse_comments(data, board="hiring", story_id=STORY)


def test_split_first_line() -> None:
    assert split_first_line("Acme | Engineer<p>Body<p>More") == ("Acme | Engineer", "Body<p>More")
    assert split_first_line("<p>Acme\nBody") == ("Acme", "Body")
    assert split_first_line("Only a line") == ("Only a line", "")


# The first line, on 352 real posts of April 2018 ---------------------------------------------


@pytest.fixture(scope="module")
def posts_2018() -> list[dict[str, Any]]:
    return json.loads(POSTS_2018.read_text())


def test_a_company_is_found_in_at_least_95_percent_of_posts(posts_2018: list) -> None:
    found = [parse_header(html_to_text(post["full_html"])).company for post in posts_2018]
    assert sum(1 for company in found if company) / len(found) >= 0.95


@pytest.mark.parametrize(
    ("first_line", "company", "title", "locations", "hints"),
    [
        ("Conductor  | Senior Software Developer and Product Manager | Full-time | New York, N |",
         "Conductor", "Senior Software Developer and Product Manager", ["New York, N"],
         {"remote": "onsite", "employment_types": ["FULL_TIME"]}),
        ("Company: GoodRx", "GoodRx", "Senior Security Engineer - Full Time", ["Santa Monica, CA"],
         {"employment_types": ["FULL_TIME"]}),
        ("PCS | Princeton, NJ | Full Time | ONSITE | $30 - 200k", "PCS",
         "PCS | Princeton, NJ | Full Time | ONSITE | $30 - 200k + subsidized housing.",
         ["Princeton, NJ"], {"remote": "onsite", "employment_types": ["FULL_TIME"]}),
        ("Angular Engineer | Syracuse, NY &#x2F; Remote (US)", None, "Angular Engineer",
         ["Syracuse, NY / Remote (US)"],
         {"remote": "remote", "employment_types": ["CONTRACTOR", "FULL_TIME"]}),
        ("VP Marketing &amp; Demand Gen | Toronto, ON", "HigherMe", "VP Marketing & Demand Gen",
         ["Toronto, ON"], {"remote": "onsite", "employment_types": ["FULL_TIME"]}),
        ("The D. E. Shaw Group - Software Developer - New York, NY", "The D. E. Shaw Group",
         "Software Developer", ["New York, NY"], {}),
        ("Indeed | Java or RoR engineer | Onsite or remote", "Indeed", "Java or RoR engineer",
         ["Austin TX"], {"remote": "remote", "employment_types": ["FULL_TIME"]}),
        ("Intello (<a href", "Intello", "Full-Stack Engineers", ["New York"],
         {"remote": "onsite", "employment_types": ["FULL_TIME"]}),
        ("Broad Institute of MIT and Harvard |", "Broad Institute of MIT and Harvard",
         "Associate Software Engineer", ["Cambridge/Boston, MA"],
         {"remote": "onsite", "employment_types": ["INTERN"]}),
        ("Chimp Technology (Chimp.net)", "Chimp Technology",
         "Chimp Technology (Chimp.net) | Vancouver, Canada | Full-Time | Onsite with remote days",
         ["Vancouver, Canada"], {"remote": "hybrid", "employment_types": ["FULL_TIME"]}),
        ("MOKA Analytics | New York City, NY", "MOKA Analytics", "Senior Full Stack Engineer",
         ["New York City, NY"], {"remote": "onsite", "employment_types": ["FULL_TIME"]}),
        ("REMOTE | Full stack engineer (Full time &#x2F; possibly part time) | Undercurrent News",
         "Undercurrent News", "Full stack engineer (Full time / possibly part time)", [],
         {"remote": "remote", "employment_types": ["FULL_TIME", "PART_TIME"]}),
        ("Jobcase | Boston&#x2F;Cambridge MA | onsite | full time (sorry no interns)", "Jobcase",
         "Jobcase | Boston/Cambridge MA | onsite | full time (sorry no interns) | "
         "https://www.jobcase.com/about_us", ["Boston/Cambridge MA"], {"remote": "onsite",
                                                 "employment_types": ["FULL_TIME"]}),
        ("Mozilla is hiring REMOTE and ONSITE", "Mozilla",
         "Mozilla is hiring REMOTE and ONSITE engineering and manager positions:", [],
         {"remote": "remote"}),
    ],
)  # fmt: skip
def test_first_lines_read_by_hand(
    posts_2018: list, first_line: str, company: str | None, title: str, locations: list[str],
    hints: dict,
) -> None:  # fmt: skip
    (post,) = [p for p in posts_2018 if p["full_html"].startswith(first_line)]
    header = parse_header(html_to_text(post["full_html"]))

    assert (header.company, header.title, header.locations, header.hints()) == (
        company, title, locations, hints,
    )  # fmt: skip


def test_pay_is_kept_as_text_from_its_own_field(posts_2018: list) -> None:
    (post,) = [p for p in posts_2018 if p["full_html"].startswith("TransferWise |")]
    assert parse_header(html_to_text(post["full_html"])).pay == ["£50k - £70k + stock"]


# The spider ------------------------------------------------------------------------------------


def test_arguments_are_checked() -> None:
    with pytest.raises(SpiderArgumentError, match="unknown board"):
        HackerNewsSpider(board="jobs")
    with pytest.raises(SpiderArgumentError, match="story id"):
        HackerNewsSpider(thread="latest")
    with pytest.raises(SpiderArgumentError, match="single board"):
        HackerNewsSpider(thread=STORY, board="hiring,freelance")


def split_pages(comments: dict, *, total: int | None = None) -> list[dict[str, Any]]:
    """The real page split in two, as Algolia pages them (postings verbatim)."""
    hits = comments["hits"]
    pages = [hits[:4], hits[4:]]
    return [
        {"hits": part, "page": number, "nbPages": 2, "hitsPerPage": 4,
         "nbHits": total if total is not None else len(hits)}
        for number, part in enumerate(pages)
    ]  # fmt: skip


def test_crawl_finds_the_thread_and_follows_every_page(
    server: LocalServer, database_url: str, stories: dict, comments: dict
) -> None:
    server.add(STORIES_PATH, stories)
    for number, page in enumerate(split_pages(comments)):
        server.add(comments_path(page=number), page)

    result = crawl("hackernews", f"api_base={server.base}", database_url=database_url)

    assert result.returncode == 0, result.stderr[-3000:]
    listings = table_rows(database_url, "listings", order_by="source_id")
    assert [row["source_id"] for row in listings] == [
        "48804695", "48837669", "48842567", "48843116", "48860201", "48868436",
    ]  # fmt: skip
    wave = listings[3]
    assert (wave["company"], wave["title"], wave["board"]) == ("Wave", "On-Premises SRE", "hiring")
    assert wave["url"] == "https://news.ycombinator.com/item?id=48843116"
    assert wave["hints"]["remote"] == "remote"
    assert wave["posted_at"] == datetime(2026, 7, 9, 9, 17, 40, tzinfo=UTC)
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert crawl_run["status"] == "finished"
    assert crawl_run["boards"] == {"hiring": {"status": "complete", "listings": 6}}
    assert [path for _, path, _ in server.requests if "/api/" in path] == [
        STORIES_PATH, comments_path(page=0), comments_path(page=1),
    ]  # fmt: skip


def test_a_thread_argument_skips_the_lookup_and_a_capped_result_is_incomplete(
    server: LocalServer, sqlite_url: str, comments: dict
) -> None:
    copies = split_pages(copy.deepcopy(comments), total=1500)  # Algolia stops at 1000 hits
    for number, page in enumerate(copies):
        server.add(comments_path(page=number), page)

    result = crawl("hackernews", f"thread={STORY}", f"api_base={server.base}",
                   database_url=sqlite_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    assert not [path for _, path, _ in server.requests if "search_by_date" in path]
    assert len(table_rows(sqlite_url, "listings")) == 6
    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    assert crawl_run["arguments"]["thread"] == STORY
    assert crawl_run["boards"]["hiring"]["status"] == "incomplete"
    assert crawl_run["boards"]["hiring"]["problems"] == [
        f"Algolia returned 7 of 1500 comments of story {STORY}"
    ]


def test_no_thread_found_fails_the_board(
    server: LocalServer, sqlite_url: str, stories: dict
) -> None:
    server.add(STORIES_PATH, {"hits": [h for h in stories["hits"] if "hired" in h["title"]]})

    result = crawl("hackernews", f"api_base={server.base}", database_url=sqlite_url)

    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    assert crawl_run["status"] == "failed", result.stderr[-3000:]
    assert "Who is hiring" in crawl_run["boards"]["hiring"]["failure"]


def test_replay_from_the_cassette(sqlite_url: str) -> None:
    result = run("opportunities", "crawl", "hackernews", "--replay", database_url=sqlite_url)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len(table_rows(sqlite_url, "listings")) == 6


def test_comments_url() -> None:
    assert comments_url(STORY, 2) == (
        "https://hn.algolia.com/api/v1/search?tags=comment,story_48747976&hitsPerPage=1000&page=2"
    )
