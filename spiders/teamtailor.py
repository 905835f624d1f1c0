"""Teamtailor career sites: the public `/jobs.json` feed.

Endpoint: `GET https://{career site}/jobs.json`, a JSON Feed 1.1 (`{title, home_page_url,
items: [...], next_url?}`); a board is the career site's host (`career.teamtailor.com`, or an
employer's own domain such as `jobs.example.com`). `next_url` is followed when a feed is paged.

Items: `id` (uuid, our source_id), `title`, `url` (the posting page), `date_published`,
`content_html` / `content_text` per JSON Feed, and `_jobposting`, an embedded schema.org
JobPosting that is mapped like any JSON-LD posting (spiders.jsonld.listing_from_posting:
location, employment type, salary, remote, validThrough, …). The feed's `title` is the company
when the posting names no hiringOrganization. When an item carries no description at all, the
posting page is fetched and its JSON-LD JobPosting supplies it; if that fails the listing is
kept without it and the board is reported incomplete.

Terms: the feed is published for syndication; no documented rate limit. Default politeness.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from normalize.text import collapse_whitespace, unescape_markup
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider
from spiders._payload import PayloadError, each_posting
from spiders.jsonld import canonical_url, listing_from_posting, read_page

SOURCE = "teamtailor"


def site_host(board: str) -> str:
    """`career.teamtailor.com` from a host or a URL."""
    board = board.strip()
    return (urlsplit(board).hostname or "") if "//" in board else board.strip("/").lower()


def jobs_url(board: str) -> str:
    return f"https://{site_host(board)}/jobs.json"


def parse_feed(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise PayloadError("expected an object with an `items` array (Teamtailor jobs.json)")
    company = data.get("title") if isinstance(data.get("title"), str) else None
    yield from each_posting(
        data["items"],
        lambda item: parse_item(item, board=board, company=company),
        source=SOURCE,
        board=board,
        url="url",
        what="item",
    )


def next_url(data: Any, *, current: str) -> str | None:
    link = data.get("next_url") if isinstance(data, dict) else None
    return urljoin(current, link) if isinstance(link, str) and link.strip() else None


def parse_item(item: Mapping[str, Any], *, board: str, company: str | None) -> Listing:
    posting = item.get("_jobposting")
    posting = posting if isinstance(posting, Mapping) else {}
    url = str(item.get("url") or posting.get("url") or "")
    listing = listing_from_posting(
        posting,
        source=SOURCE,
        board=board,
        url=canonical_url(url) if url else "",
        source_id=str(item["id"]) if item.get("id") is not None else "",
    )
    title = item.get("title")
    listing.title = collapse_whitespace(title) if isinstance(title, str) else listing.title
    listing.company = listing.company or company
    content = item.get("content_html") or item.get("summary")
    if isinstance(content, str) and content.strip():
        listing.description_html = unescape_markup(content)
    elif isinstance(item.get("content_text"), str) and not listing.description_html:
        listing.description_text = item["content_text"]
    published = item.get("date_published")
    listing.posted_raw = published if isinstance(published, str) else listing.posted_raw
    listing.raw = dict(item)
    return listing


def description_from_page(listing: Listing, body: bytes, *, url: str, encoding: str) -> bool:
    """Fill the listing's description from the posting page's JobPosting; False when the page
    has none."""
    for posting in read_page(body, url=url, encoding=encoding).postings:
        description = posting.get("description")
        if isinstance(description, str) and description.strip():
            listing.description_html = unescape_markup(description)
            return True
    return False


class TeamtailorSpider(SourceSpider):
    name = SOURCE
    default_api = "https://career.teamtailor.com"

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                jobs_url(board), board=board, callback=self.parse_board, first_page=True
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        def follow(data: Any) -> Iterator[Listing | Reject | Request]:
            for item in parse_feed(data, board=board):
                if (
                    isinstance(item, Listing)
                    and item.url
                    and not (item.description_html or item.description_text)
                ):
                    yield self._detail(item, board)
                else:
                    yield item
            if link := next_url(data, current=response.meta["api_url"]):
                yield self.api_request(link, board=board, callback=self.parse_board)

        yield from self.parse_json(response, follow, salvage_array="items")  # type: ignore[arg-type]

    def _detail(self, listing: Listing, board: str) -> Request:
        request = self.api_request(
            listing.url, board=board, callback=self.parse_detail, cb_kwargs={"listing": listing}
        )
        return request.replace(errback=self.detail_failed)

    def parse_detail(self, response: Response, board: str, listing: Listing) -> Iterator[Any]:
        if not isinstance(response, TextResponse) or not description_from_page(
            listing, response.body, url=response.meta["api_url"], encoding=response.encoding
        ):
            problem = f"no JobPosting description on {response.meta['api_url']}"
            self.logger.warning("%s board %r: %s", self.name, board, problem)
            self.outcomes[board].problems.append(problem)
        yield listing

    def detail_failed(self, failure: Failure) -> Iterator[Listing | Reject]:
        yield from self.on_request_error(failure)
        yield failure.request.cb_kwargs["listing"]  # type: ignore[attr-defined]
