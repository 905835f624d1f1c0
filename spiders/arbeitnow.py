"""Arbeitnow (arbeitnow.com), a job board for Germany and remote work in Europe.

Endpoint: `GET https://www.arbeitnow.com/api/job-board-api?page=N`: `{"data": [...], "links":
{"first", "last", "prev", "next"}, "meta": {...}}`, 100 postings a page. We start at page 1 and
follow `links.next` (an absolute URL) until it is null; a `next` seen before ends the crawl too.

Fields: `slug` (the id), `company_name`, `title`, `description` (HTML), `remote` (bool), `url`,
`tags`, `job_types[]` (German and English mixed, and seniority words among the types:
"Werkstudent", "Working student", "Praktikum", "Freelance", "berufserfahren", "Full-time
permanent", …), `location` (a city), `created_at` (epoch seconds).

Quirks: about one description in ten arrives entity-encoded (`&lt;p&gt;…`) and is decoded once
(normalize.text.unescape_markup). `remote: true` marks remote roles; `remote: false` is the
default and says nothing about on-site work. Descriptions end with the board's own credit link
("Find Jobs in Germany on Arbeitnow").

Terms: a free public API without a key; no published rate limit. The `www.arbeitnow.com` slot of
DOWNLOAD_SLOTS keeps requests 2 s apart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace, unescape_markup
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider
from spiders._payload import PayloadError, each_posting

SOURCE = "arbeitnow"
FIRST_PAGE_URL = "https://www.arbeitnow.com/api/job-board-api?page=1"


def parse_job_board(data: Any, *, board: str = "") -> Iterator[Listing | Reject]:
    """Listings from one decoded `job-board-api` page; a posting we cannot use is a Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise PayloadError("expected an object with a `data` array (Arbeitnow job-board-api)")
    yield from each_posting(
        data["data"],
        lambda job: parse_job(job, board=board),
        source=SOURCE,
        board=board,
        url="url",
    )


def parse_job(job: dict[str, Any], *, board: str) -> Listing:
    description = job.get("description")
    job_types = [str(kind) for kind in job.get("job_types") or [] if kind]
    created = job.get("created_at")
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(job.get("slug") or ""),
        url=job.get("url") or "",
        title=collapse_whitespace(job.get("title") or ""),
        company=collapse_whitespace(job.get("company_name") or "") or None,
        location_raw=job.get("location") or None,
        description_html=unescape_markup(description) if isinstance(description, str) else None,
        posted_raw=str(created) if created is not None else None,
        employment_type_raw=", ".join(job_types) or None,
        hints=structured.arbeitnow(job),
        raw=job,
    )


def next_page(data: dict[str, Any]) -> str | None:
    """`links.next` of a page: the URL of the following page, None on the last."""
    links = data.get("links")
    following = links.get("next") if isinstance(links, dict) else None
    return following if isinstance(following, str) and following.strip() else None


class ArbeitnowSpider(SourceSpider):
    name = SOURCE
    default_api = "https://www.arbeitnow.com"
    default_boards = ("",)

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                FIRST_PAGE_URL,
                board=board,
                callback=self.parse_page,
                first_page=True,
                cb_kwargs={"seen": frozenset({FIRST_PAGE_URL})},
            )

    def parse_page(
        self, response: Response, board: str, seen: frozenset[str]
    ) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: self.page_items(data, board, seen), salvage_array="data"
        )

    def page_items(
        self, data: Any, board: str, seen: frozenset[str]
    ) -> Iterator[Listing | Reject | Request]:
        yield from parse_job_board(data, board=board)
        following = next_page(data)
        if following is None:
            return
        if following in seen:
            self.logger.warning("arbeitnow: links.next %s was already crawled; stopping", following)
            return
        yield self.api_request(
            following,
            board=board,
            callback=self.parse_page,
            cb_kwargs={"seen": seen | {following}},
        )
