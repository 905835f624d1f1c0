"""Himalayas (himalayas.app), a board of remote jobs.

Endpoint: `GET https://himalayas.app/jobs/api?limit=20&offset=N`: `{"offset", "limit",
"totalCount", "jobs": [...]}`, newest first. The page size is capped at 20. When a response
carries `nextCursor`, it replaces the offset: the next page is `?limit=20&cursor=CURSOR`, and a
null cursor ends the list; otherwise the offset advances by the postings received until
`totalCount` is reached or a page comes back empty.

Rate: Himalayas answers 429 after ~150 rapid requests and holds ~100,000 postings, so a run reads
at most `-a max_pages=` pages (default 50: the newest 1,000 postings), 2 s apart (the
`himalayas.app` slot of DOWNLOAD_SLOTS); a 429 is retried by Scrapy's retry middleware. The stats
`himalayas/page_budget`, `himalayas/pages_requested` and `himalayas/page_budget_reached` show it,
and the board is `incomplete`: the postings beyond the budget were not read, so none expires
(a listing seen once and then pushed past the budget stays until a run reads that far).

Fields: no id — `guid` (the posting's URL on Himalayas) is the id and the public page;
`applicationLink`, `title`, `companyName`, `companySlug`, `description` (HTML), `excerpt`,
`employmentType` ("Full Time", "Contractor", …), `minSalary`/`maxSalary`/`currency`/
`salaryPeriod` ("annual", "hourly"; nulls when not stated), `locationRestrictions[]` (countries;
empty = anywhere), `timezoneRestrictions[]` (UTC offsets, kept in `raw`), `seniority[]`,
`categories[]`, `pubDate`/`expiryDate` (epoch seconds; the expiry becomes `valid_through`).

Terms: a public API without a key; beyond the rate above nothing is published.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import quote, urlencode

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, SpiderArgumentError, next_offset, pay_text
from spiders._payload import PayloadError, each_posting

SOURCE = "himalayas"
PAGE_SIZE = 20
MAX_PAGES = 50


def jobs_url(*, offset: int = 0, cursor: str | None = None) -> str:
    query: dict[str, Any] = {"limit": PAGE_SIZE}
    query |= {"cursor": cursor} if cursor else {"offset": offset}
    return f"https://himalayas.app/jobs/api?{urlencode(query, quote_via=quote)}"


def parse_jobs(data: Any, *, board: str = "") -> Iterator[Listing | Reject]:
    """Listings from one decoded `jobs/api` page; a posting we cannot use is a Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise PayloadError("expected an object with a `jobs` array (Himalayas jobs API)")
    yield from each_posting(
        data["jobs"],
        lambda job: parse_job(job, board=board),
        source=SOURCE,
        board=board,
        url="guid",
    )


def parse_job(job: dict[str, Any], *, board: str) -> Listing:
    guid = job.get("guid") or job.get("applicationLink") or ""
    places = [str(place) for place in job.get("locationRestrictions") or [] if place]
    published = job.get("pubDate")
    return Listing(
        source=SOURCE,
        board=board,
        source_id=guid,
        url=guid,
        apply_url=job.get("applicationLink") or None,
        title=collapse_whitespace(job.get("title") or ""),
        company=collapse_whitespace(job.get("companyName") or "") or None,
        location_raw=" | ".join(places) or None,
        description_html=job.get("description") or None,
        posted_raw=str(published) if published is not None else None,
        employment_type_raw=job.get("employmentType") or None,
        pay_raw=pay_text(
            job.get("minSalary"), job.get("maxSalary"), job.get("currency"), job.get("salaryPeriod")
        ),
        hints=structured.himalayas(job),
        raw=job,
    )


def next_page(data: dict[str, Any], *, offset: int) -> tuple[str, int] | None:
    """The URL and offset of the page after `data` (requested at `offset`); None at the end."""
    start = data["offset"] if isinstance(data.get("offset"), int) else offset
    if "nextCursor" in data:
        cursor = data["nextCursor"]
        return (jobs_url(cursor=str(cursor)), start + len(data["jobs"])) if cursor else None
    total = data["totalCount"] if isinstance(data.get("totalCount"), int) else None
    following = next_offset(start, len(data["jobs"]), total)
    return None if following is None else (jobs_url(offset=following), following)


class HimalayasSpider(SourceSpider):
    name = SOURCE
    default_api = "https://himalayas.app"
    default_boards = ("",)
    arguments = SourceSpider.arguments | {"max_pages"}

    def __init__(self, *, max_pages: str | int = MAX_PAGES, **kwargs: Any):
        super().__init__(**kwargs)
        try:
            self.max_pages = int(max_pages)
        except ValueError:
            self.max_pages = 0
        if self.max_pages < 1:
            raise SpiderArgumentError(f"-a max_pages={max_pages!r}: expected a positive integer")
        self.pages_requested = 0

    async def start(self) -> AsyncIterator[Request]:
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("himalayas/page_budget", self.max_pages)
        for board in self.boards:
            yield self.page_request(jobs_url(), board=board, offset=0, first_page=True)

    def page_request(
        self, url: str, *, board: str, offset: int, first_page: bool = False
    ) -> Request:
        self.pages_requested += 1
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("himalayas/pages_requested", self.pages_requested)
        return self.api_request(
            url,
            board=board,
            callback=self.parse_page,
            first_page=first_page,
            cb_kwargs={"offset": offset},
        )

    def parse_page(
        self, response: Response, board: str, offset: int
    ) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: self.page_items(data, board, offset), salvage_array="jobs"
        )

    def page_items(
        self, data: Any, board: str, offset: int
    ) -> Iterator[Listing | Reject | Request]:
        yield from parse_jobs(data, board=board)
        following = next_page(data, offset=offset)
        if following is None:
            return
        url, next_start = following
        if self.pages_requested >= self.max_pages:
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("himalayas/page_budget_reached", True)
            # The older postings were not read: none of them may expire on this run's evidence.
            self.outcomes[board].problems.append(
                f"page budget of {self.max_pages} pages reached; older postings not read"
            )
            self.logger.info(
                "himalayas: page budget of %d pages reached; the rest of the list is left for "
                "later runs (-a max_pages=)",
                self.max_pages,
            )
            return
        yield self.page_request(url, board=board, offset=next_start)
