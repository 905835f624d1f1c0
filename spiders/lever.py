"""Lever job sites (api.lever.co; sites in Lever's EU region on api.eu.lever.co).

Endpoint: `GET /v0/postings/{site}?mode=json&skip=N&limit=100` returns a JSON array of
postings, each complete (description included, no detail request needed).

Paging: `skip`/`limit`. We ask for `page_size` postings (default 100, `-a page_size=N`) from
`skip` and stop at the first page that holds fewer than we asked for.

EU region: a site hosted in Lever's EU data centre is unknown to api.lever.co (404) and answers
only on api.eu.lever.co; write such a board `eu:site` (`-a board=eu:acme`, or in sources.toml).

Quirks: the API never names the employer, so `company` is the site name (`idealistconsulting`).
`text` is the title. The public page shows `description` (opening + body HTML), then each of
`lists[]` as a heading (`text`, plain) over its `content` — a run of `<li>` without the
enclosing `<ul>` — then `additional`; we assemble the description the same way. `createdAt` is
epoch milliseconds. `categories.allLocations` lists every location (`categories.location` is
the first); `workplaceType` is `on-site|remote|hybrid|unspecified`; `salaryRange{min,max,
currency,interval}` is structured pay, `salaryDescriptionPlain` the employer's own pay text.

Terms: Lever's public Postings API is keyless and meant for embedding job sites; it publishes no
rate limit. We send one request at a time per host with a delay (settings.DOWNLOAD_SLOTS).
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, SpiderArgumentError, pay_text
from spiders._payload import PayloadError, each_posting

SOURCE = "lever"
API = {"": "https://api.lever.co", "eu": "https://api.eu.lever.co"}
PAGE_SIZE = 100


def split_board(board: str) -> tuple[str, str]:
    """`eu:acme` → ("eu", "acme"); `acme` → ("", "acme")."""
    region, _, site = board.rpartition(":")
    if region not in API:
        raise SpiderArgumentError(
            f"{SOURCE}: board {board!r}: unknown region {region!r} (write `site` or `eu:site`)"
        )
    return region, site


def postings_url(board: str, *, skip: int = 0, limit: int = PAGE_SIZE) -> str:
    region, site = split_board(board)
    return f"{API[region]}/v0/postings/{site}?mode=json&skip={skip}&limit={limit}"


def parse_postings(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    """Listings from one decoded page of `postings?mode=json`; a posting we cannot use is a
    Reject."""
    if not isinstance(data, list):
        raise PayloadError("expected a JSON array of postings (Lever postings response)")
    yield from each_posting(
        data,
        lambda posting: parse_posting(posting, board=board),
        source=SOURCE,
        board=board,
        url="hostedUrl",
    )


def parse_posting(posting: dict[str, Any], *, board: str) -> Listing:
    categories = posting.get("categories") or {}
    salary = posting.get("salaryRange") or {}
    created = posting.get("createdAt")
    description = _description_html(posting)
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(posting.get("id") or ""),
        url=posting.get("hostedUrl") or "",
        apply_url=posting.get("applyUrl"),
        title=collapse_whitespace(posting.get("text") or ""),
        company=split_board(board)[1],
        location_raw=" | ".join(categories.get("allLocations") or [])
        or categories.get("location"),
        description_html=description,
        description_text=None if description else posting.get("descriptionPlain"),
        posted_raw=str(created) if created is not None else None,
        employment_type_raw=categories.get("commitment"),
        pay_raw=posting.get("salaryDescriptionPlain")
        or pay_text(salary.get("min"), salary.get("max"), salary.get("currency"),
                    salary.get("interval")),
        hints=structured.lever(posting),
        raw=posting,
    )  # fmt: skip


def _description_html(posting: dict[str, Any]) -> str | None:
    parts = [posting.get("description") or ""]
    for section in posting.get("lists") or []:
        heading, content = section.get("text"), section.get("content")
        if heading:
            parts.append(f"<h3>{html.escape(heading)}</h3>")
        if content:
            parts.append(f"<ul>{content}</ul>")
    parts.append(posting.get("additional") or "")
    return "\n".join(part for part in parts if part) or None


class LeverSpider(SourceSpider):
    name = SOURCE
    default_api = API[""]
    arguments: ClassVar[frozenset[str]] = SourceSpider.arguments | {"page_size"}

    def __init__(self, *, page_size: str | int = PAGE_SIZE, **kwargs: Any):
        super().__init__(**kwargs)
        if not str(page_size).isdigit() or int(page_size) < 1:
            raise SpiderArgumentError(
                f"{SOURCE}: -a page_size={page_size!r}: expected an integer ≥ 1"
            )
        self.page_size = int(page_size)
        for board in self.boards:
            split_board(board)

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.page_request(board, skip=0)

    def page_request(self, board: str, *, skip: int) -> Request:
        return self.api_request(
            postings_url(board, skip=skip, limit=self.page_size),
            board=board,
            callback=self.parse_page,
            first_page=skip == 0,
            cb_kwargs={"skip": skip},
        )

    def parse_page(
        self, response: Response, board: str, skip: int
    ) -> Iterator[Listing | Reject | Request]:
        received: list[int] = []

        def parse(data: Any) -> Iterator[Listing | Reject]:
            yield from parse_postings(data, board=board)
            received.append(len(data))

        yield from self.parse_json(response, parse)
        if received and received[0] >= self.page_size:
            yield self.page_request(board, skip=skip + received[0])
