"""SmartRecruiters company career pages (api.smartrecruiters.com, Posting API v1).

Endpoints: `GET /v1/companies/{company}/postings?limit=100&offset=N` lists a company's public
postings as `{"offset", "limit", "totalFound", "content": [...]}`; we page until `totalFound` is
reached or a page comes back empty. The list has no description and no public page URL: each
posting's `GET /v1/companies/{company}/postings/{id}` gives `postingUrl`, `applyUrl` and the
description in `jobAd.sections.{companyDescription,jobDescription,qualifications,
additionalInformation}.{title,text}` (HTML). When a detail request fails, the posting is stored
from the list data (URL built as `https://jobs.smartrecruiters.com/{company}/{id}`, no
description) and the failure is counted.

Board: the company identifier of the URL path (`Vitol`; case as the company's career page uses it).

Quirks: `location.fullLocation` keeps empty parts (`"Singapore, , Singapore"`);
`typeOfEmployment` pairs an id with a label that may disagree (`{"id": "permanent",
"label": "Full-time"}`: both are mapped); `location.remote/hybrid` are the workplace flags
(`remote: false` alone does not mean on-site). `raw` is `{"list": entry, "detail": detail}`.

Terms: the Posting API is public and keyless, meant for career sites; SmartRecruiters publishes
no rate limit for it. We stay at the project's polite defaults (see settings.py).
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, next_offset, text_value
from spiders._payload import PayloadError, each_posting

SOURCE = "smartrecruiters"
API = "https://api.smartrecruiters.com"
PAGE_SIZE = 100
SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def postings_url(company: str, offset: int = 0) -> str:
    return f"{API}/v1/companies/{company}/postings?limit={PAGE_SIZE}&offset={offset}"


def posting_url(company: str, posting_id: str) -> str:
    return f"{API}/v1/companies/{company}/postings/{posting_id}"


def parse_postings(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    """Listings (without description) from one decoded list page; a posting we cannot use is
    a Reject."""
    yield from each_posting(
        page_postings(data),
        lambda entry: parse_posting(entry, board=board),
        source=SOURCE,
        board=board,
    )


def page_postings(data: Any) -> list[Any]:
    if not isinstance(data, dict) or not isinstance(data.get("content"), list):
        raise PayloadError(
            "expected an object with a `content` array (SmartRecruiters postings response)"
        )
    return data["content"]


def total_found(data: dict[str, Any]) -> int | None:
    total = data.get("totalFound")
    return total if isinstance(total, int) and not isinstance(total, bool) else None


def parse_posting(entry: dict[str, Any], *, board: str) -> Listing:
    """A listing from a list entry: everything but the description and the posting's page."""
    posting_id = str(entry["id"]) if entry.get("id") is not None else ""
    company = _mapping(entry.get("company"))
    identifier = text_value(company.get("identifier")) or board
    return Listing(
        source=SOURCE,
        board=board,
        source_id=posting_id,
        url=f"https://jobs.smartrecruiters.com/{identifier}/{posting_id}" if posting_id else "",
        **_common_fields(entry),
        raw={"list": entry},
    )


def parse_detail(detail: Any, listing: Listing) -> Listing:
    """`listing` completed with the posting's detail: its public page, apply URL and the
    description sections. Raises PayloadError when `detail` is not a posting."""
    if not isinstance(detail, dict) or not isinstance(detail.get("jobAd"), dict):
        raise PayloadError("expected a posting object with `jobAd` (SmartRecruiters detail)")
    sections = _mapping(detail["jobAd"].get("sections"))
    parts = []
    for key in SECTIONS:
        section = _mapping(sections.get(key))
        text = section.get("text")
        if isinstance(text, str) and text.strip():
            title = section.get("title")
            heading = f"<h3>{html.escape(title)}</h3>\n" if isinstance(title, str) and title else ""
            parts.append(heading + text)
    return dataclasses.replace(
        listing,
        url=text_value(detail.get("postingUrl")) or listing.url,
        apply_url=text_value(detail.get("applyUrl")) or listing.apply_url,
        description_html="\n".join(parts) or None,
        **_common_fields(listing.raw["list"] | detail),
        raw=listing.raw | {"detail": detail},
    )


def _common_fields(posting: dict[str, Any]) -> dict[str, Any]:
    """What the list entry and the detail both carry."""
    location = _mapping(posting.get("location"))
    employment = _mapping(posting.get("typeOfEmployment"))
    company = text_value(_mapping(posting.get("company")).get("name"))
    return {
        "title": collapse_whitespace(text_value(posting.get("name")) or ""),
        "company": collapse_whitespace(company) if company else None,
        "location_raw": text_value(location.get("fullLocation")),
        "location_text": _location_text(location),
        "language": text_value(_mapping(posting.get("language")).get("code")),
        "posted_raw": text_value(posting.get("releasedDate")),
        "employment_type_raw": text_value(employment.get("label"))
        or text_value(employment.get("id")),
        "hints": structured.smartrecruiters(posting),
    }


def _location_text(location: dict[str, Any]) -> str | None:
    """`fullLocation` without the empty parts it keeps (`Singapore, , Singapore`)."""
    if full_location := text_value(location.get("fullLocation")):
        parts = [collapse_whitespace(p) for p in full_location.split(",")]
    else:
        parts = [v for k in ("city", "region", "country") if (v := text_value(location.get(k)))]
    return ", ".join(p for p in parts if p) or None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class SmartRecruitersSpider(SourceSpider):
    name = SOURCE
    default_api = API

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self._page_request(board, 0)

    def _page_request(self, board: str, offset: int) -> Request:
        return self.api_request(
            postings_url(board, offset),
            board=board,
            callback=self.parse_page,
            first_page=offset == 0,
            cb_kwargs={"offset": offset},
        )

    def parse_page(
        self, response: Response, board: str, offset: int
    ) -> Iterator[Listing | Reject | Request]:
        pages: list[dict[str, Any]] = []

        def parse(data: Any) -> Iterator[Listing | Reject]:
            page_postings(data)
            pages.append(data)
            return parse_postings(data, board=board)

        for item in self.parse_json(response, parse, salvage_array="content"):
            if isinstance(item, Listing):
                yield self.api_request(
                    posting_url(board, item.source_id),
                    board=board,
                    callback=self.parse_detail_page,
                    meta={"fallback": item},
                    cb_kwargs={"listing": item},
                )
            else:
                yield item
        for data in pages:
            following = next_offset(offset, len(data["content"]), total_found(data))
            if following is not None:
                yield self._page_request(board, following)

    def parse_detail_page(
        self, response: Response, board: str, listing: Listing
    ) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(response, lambda detail: [parse_detail(detail, listing)])
