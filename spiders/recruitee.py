"""Recruitee career sites ({company}.recruitee.com).

Endpoint: `GET https://{company}.recruitee.com/api/offers/` returns every published offer of a
company in one response (no paging), descriptions included: `{"offers": [...]}`. Each company has
its own host, so one `-a api_base=` mirror serves one company at a time (the path is the same
for all).

Quirks: the description is in two HTML fields, `description` and `requirements` (the career page
shows them one after the other; so do we). `salary{min,max,period,currency}` holds numbers as
strings; `min_hours_per_week/max_hours_per_week` (strings; `min_hours/max_hours` are the same as
numbers); `remote/hybrid/on_site` flags; `employment_type_code` such as `fulltime_permanent`.
`careers_url` is the public page (often on the company's own domain) and `careers_apply_url` the
form. Timestamps read `2026-09-18 13:27:28 UTC`, which we parse here (`posted_at`);
`published_at` is preferred over `created_at`, and `close_at` (the application deadline, usually
null) becomes the `valid_through` hint (here, not in normalize.structured, which
cannot read that timestamp format). `locations[]` lists every office; several are joined.
The offer's language is only implied by `translations` (one key per language); with a single
key, that is the language.

Terms: the offers API is Recruitee's public, keyless careers-site API; it publishes no rate
limit. Every company is a separate host, each crawled one request at a time with the default
delay (settings.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

from scrapy.http import Request, Response

from normalize import structured
from normalize.dates import parse_timestamp
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, pay_text
from spiders._payload import PayloadError, each_posting

SOURCE = "recruitee"


def offers_url(company: str) -> str:
    return f"https://{company}.recruitee.com/api/offers/"


def parse_offers(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    """Listings from a decoded `api/offers/` response; an offer we cannot use is a Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("offers"), list):
        raise PayloadError("expected an object with an `offers` array (Recruitee offers response)")
    yield from each_posting(
        data["offers"],
        lambda offer: parse_offer(offer, board=board),
        source=SOURCE,
        board=board,
        url="careers_url",
    )


def parse_offer(offer: dict[str, Any], *, board: str) -> Listing:
    salary = offer.get("salary") or {}
    posted = offer.get("published_at") or offer.get("created_at")
    translations = offer.get("translations") or {}
    hints = structured.recruitee(offer)
    if deadline := recruitee_time(offer.get("close_at")):
        hints["valid_through"] = deadline.date().isoformat()
    description = "\n".join(
        part for part in (offer.get("description"), offer.get("requirements")) if part
    )
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(offer.get("id") or ""),
        url=offer.get("careers_url") or "",
        apply_url=offer.get("careers_apply_url"),
        title=collapse_whitespace(offer.get("title") or ""),
        company=collapse_whitespace(offer.get("company_name") or "") or None,
        location_raw=_location(offer),
        description_html=description or None,
        language=next(iter(translations)) if len(translations) == 1 else None,
        posted_raw=posted,
        posted_at=recruitee_time(posted),
        employment_type_raw=offer.get("employment_type_code"),
        pay_raw=pay_text(salary.get("min"), salary.get("max"), salary.get("currency"),
                         salary.get("period")),
        hints=hints,
        raw=offer,
    )  # fmt: skip


def recruitee_time(value: object) -> datetime | None:
    """`2026-09-18 13:27:28 UTC` (or ISO 8601) as an aware datetime."""
    if isinstance(value, str) and value.endswith(" UTC"):
        value = value.removesuffix(" UTC") + "+00:00"
    return parse_timestamp(value)


def _location(offer: dict[str, Any]) -> str | None:
    places = [
        ", ".join(part for part in (place.get("city"), place.get("state"), place.get("country"))
                  if part)
        for place in offer.get("locations") or []
    ]  # fmt: skip
    return " | ".join(dict.fromkeys(place for place in places if place)) or offer.get("location")


class RecruiteeSpider(SourceSpider):
    name = SOURCE
    default_api = "https://{company}.recruitee.com"

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                offers_url(board), board=board, callback=self.parse_board, first_page=True
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: parse_offers(data, board=board), salvage_array="offers"
        )
