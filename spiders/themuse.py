"""The Muse (themuse.com), job postings of the companies it profiles, filtered by level.

Endpoint: `GET https://www.themuse.com/api/public/jobs?page=N&level=LEVEL`: `{"page",
"page_count", "items_per_page", "total", "results": [...]}`, 20 postings a page. A board is a
level ("Internship", "Entry Level", "Mid Level", "Senior Level", "management"); by default we
crawl "Internship" and "Entry Level". Pages are numbered from 0; we follow them until
`page_count` or an empty page.

Fields: `id`, `name` (the title), `contents` (HTML), `publication_date` (ISO 8601, UTC),
`refs.landing_page` (the public page), `company{id, short_name, name}`, `locations[{name}]`
("Flexible / Remote" is The Muse's remote marker), `levels[{name, short_name}]` (Internship →
INTERN; the other levels are seniority), `categories[{name}]`, `type`, `short_name`, `tags`.

No real response was available when this spider was written: its cassettes and tests are built
from the field list above (The Muse's public API v2 documentation), so page numbering and field
details are not yet confirmed by a recorded response. Re-record with
`opportunities fixtures record themuse` when the API is reachable.

Terms: a public API; without an API key The Muse allows 500 requests an hour. The
`www.themuse.com` slot of DOWNLOAD_SLOTS keeps requests 1 s apart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import quote, urlencode

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider
from spiders._payload import PayloadError, each_posting

SOURCE = "themuse"


def jobs_url(level: str, page: int = 0) -> str:
    query = {"page": str(page), "level": level} if level else {"page": str(page)}
    return f"https://www.themuse.com/api/public/jobs?{urlencode(query, quote_via=quote)}"


def parse_jobs(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    """Listings from one decoded `jobs` page; a posting we cannot use is a Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise PayloadError("expected an object with a `results` array (The Muse jobs API)")
    yield from each_posting(
        data["results"],
        lambda job: parse_job(job, board=board),
        source=SOURCE,
        board=board,
        url=_landing_page,
    )


def parse_job(job: dict[str, Any], *, board: str) -> Listing:
    company = job.get("company") or {}
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(job["id"]) if job.get("id") is not None else "",
        url=_landing_page(job) or "",
        title=collapse_whitespace(job.get("name") or ""),
        company=collapse_whitespace(company.get("name") or "") or None,
        location_raw=" | ".join(_names(job.get("locations"))) or None,
        description_html=job.get("contents") or None,
        posted_raw=job.get("publication_date"),
        employment_type_raw=", ".join(_names(job.get("levels"))) or None,
        hints=structured.themuse(job),
        raw=job,
    )


def _landing_page(job: dict[str, Any]) -> str | None:
    refs = job.get("refs")
    return refs.get("landing_page") if isinstance(refs, dict) else None


def _names(items: Any) -> list[str]:
    """The `name`s of a list of `{name}` objects (locations, levels)."""
    return [
        str(item["name"]) for item in items or [] if isinstance(item, dict) and item.get("name")
    ]


def next_page(data: dict[str, Any], *, page: int) -> int | None:
    """The page after `data` (requested as `page`), None after the last."""
    count = data.get("page_count")
    following = page + 1
    return following if data["results"] and isinstance(count, int) and following < count else None


class TheMuseSpider(SourceSpider):
    name = SOURCE
    default_api = "https://www.themuse.com"
    default_boards = ("Internship", "Entry Level")

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.page_request(board, 0)

    def page_request(self, board: str, page: int) -> Request:
        return self.api_request(
            jobs_url(board, page),
            board=board,
            callback=self.parse_page,
            first_page=page == 0,
            cb_kwargs={"page": page},
        )

    def parse_page(
        self, response: Response, board: str, page: int
    ) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: self.page_items(data, board, page), salvage_array="results"
        )

    def page_items(self, data: Any, board: str, page: int) -> Iterator[Listing | Reject | Request]:
        yield from parse_jobs(data, board=board)
        following = next_page(data, page=page)
        if following is not None:
            yield self.page_request(board, following)
