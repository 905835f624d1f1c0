"""Greenhouse job boards (boards-api.greenhouse.io).

Endpoint: `GET /v1/boards/{board}/jobs?content=true` returns every posting of a board in one
response (no paging): `{"jobs": [...], "meta": {"total": N}}`. We also send
`pay_transparency=true`; Greenhouse documents `pay_input_ranges` on the per-job endpoint, so the
ranges are mapped whenever a posting carries them and the description text covers the rest.

Quirks: `content` is HTML escaped once (`&lt;p&gt;`); `company_name` can carry trailing spaces;
custom fields live in `metadata[]` as `{name, value}` (we map "Employment Type" and its synonyms);
departments, offices and metadata stay in the raw payload.

Terms: public, keyless API meant for embedding job boards; no published rate limit. We stay at
the project's polite defaults (see settings.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from normalize.text import collapse_whitespace, unescape_markup
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, text_value
from spiders._payload import PayloadError, each_posting

SOURCE = "greenhouse"
EMPLOYMENT_TYPE_FIELDS = frozenset(
    {"employment type", "employment_type", "job type", "commitment", "worker type", "time type"}
)


def jobs_url(board: str) -> str:
    return f"https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true&pay_transparency=true"


def parse_jobs(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    """Listings from a decoded `jobs?content=true` response; a posting we cannot use is a Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise PayloadError("expected an object with a `jobs` array (Greenhouse jobs response)")
    yield from each_posting(
        data["jobs"],
        lambda job: parse_job(job, board=board),
        source=SOURCE,
        board=board,
        url="absolute_url",
    )


def parse_job(job: dict[str, Any], *, board: str) -> Listing:
    location = job.get("location") or {}
    content = job.get("content")
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(job["id"]) if job.get("id") is not None else "",
        url=job.get("absolute_url") or "",
        title=collapse_whitespace(job.get("title") or ""),
        company=collapse_whitespace(job.get("company_name") or "") or None,
        location_raw=location.get("name") if isinstance(location, dict) else text_value(location),
        description_html=unescape_markup(content) if isinstance(content, str) else None,
        language=job.get("language"),
        posted_raw=job.get("first_published") or job.get("updated_at"),
        employment_type_raw=_employment_type(job.get("metadata")),
        pay_raw=_pay_raw(job.get("pay_input_ranges")),
        hints=_pay_hints(job.get("pay_input_ranges")),
        raw=job,
    )


def _employment_type(metadata: Any) -> str | None:
    for custom_field in metadata or []:
        if str(custom_field.get("name", "")).strip().lower() in EMPLOYMENT_TYPE_FIELDS:
            value = custom_field.get("value")
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value if v)
            if value:
                return str(value)
    return None


def _ranges(pay_input_ranges: Any) -> list[dict[str, Any]]:
    return [r for r in pay_input_ranges or [] if isinstance(r, dict) and r.get("currency_type")]


def _pay_raw(pay_input_ranges: Any) -> str | None:
    parts = []
    for pay in _ranges(pay_input_ranges):
        low, high = pay.get("min_cents"), pay.get("max_cents")
        amounts = "–".join(f"{cents / 100:,.2f}" for cents in (low, high) if cents is not None)
        title = f" ({pay['title']})" if pay.get("title") else ""
        parts.append(f"{pay['currency_type']} {amounts}{title}")
    return "; ".join(parts) or None


def _pay_hints(pay_input_ranges: Any) -> dict[str, Any]:
    """Lowest minimum and highest maximum of the first-stated currency (DESIGN §3). Greenhouse
    does not say the period, so none is guessed."""
    ranges = _ranges(pay_input_ranges)
    if not ranges:
        return {}
    currency = ranges[0]["currency_type"]
    same = [r for r in ranges if r["currency_type"] == currency]
    lows = [r["min_cents"] / 100 for r in same if r.get("min_cents") is not None]
    highs = [r["max_cents"] / 100 for r in same if r.get("max_cents") is not None]
    return {
        "pay_status": "paid",
        "pay_currency": str(currency).upper(),
        "pay_min": min(lows) if lows else None,
        "pay_max": max(highs) if highs else None,
    }


class GreenhouseSpider(SourceSpider):
    name = SOURCE
    default_api = "https://boards-api.greenhouse.io"

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                jobs_url(board), board=board, callback=self.parse_board, first_page=True
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: parse_jobs(data, board=board), salvage_array="jobs"
        )
