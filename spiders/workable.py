"""Workable accounts (apply.workable.com widget API).

Endpoint: `GET /api/v1/widget/accounts/{account}?details=true` returns the account's name and
every published job in one response (no paging): `{"name": "Zaelab", "jobs": [...]}`. With
`details=true` each job carries its `description` HTML (and `employment_type`, `education`,
`experience`, `function`, `industry`, `application_url`), so no detail request is needed. The
sample we test on was trimmed by its publisher and has no `description`; such a job is still a
listing, without description.

Quirks: the widget repeats a job once per location — the same `shortcode` (the job's id, also in
its URL) with another `country/state/city` and `locations[]`. Since the posting, its page and its
applications are one, we emit one listing per shortcode, its places joined (`Spain | Portugal`)
in the order the entries came, and keep the repeats in `raw["repeats"]`. Locations marked
`hidden` are left out of the text. `employment_type` may be an empty string (no type stated);
`telecommuting: true` means remote, `false` says nothing. `published_on` is a date.

Terms: the widget API is keyless and meant for embedding an account's jobs on its own site; it
publishes no rate limit. We send one request at a time with a 2 s delay (settings.DOWNLOAD_SLOTS).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider
from spiders._payload import PayloadError, each_posting

SOURCE = "workable"


def account_url(account: str) -> str:
    return f"https://apply.workable.com/api/v1/widget/accounts/{account}?details=true"


def parse_account(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    """One listing per job shortcode of a decoded widget response; a job we cannot use is a
    Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise PayloadError("expected an object with a `jobs` array (Workable widget response)")
    company = data.get("name") if isinstance(data.get("name"), str) else None
    entries: dict[object, list[Any]] = {}
    for job in data["jobs"]:
        shortcode = job.get("shortcode") if isinstance(job, dict) else None
        # Only a text shortcode groups repeats; anything else stands alone (and is judged alone).
        key = shortcode if isinstance(shortcode, str) and shortcode else id(job)
        entries.setdefault(key, []).append(job)
    yield from each_posting(
        entries.values(),
        lambda group: parse_job(group[0], group[1:], board=board, company=company),
        source=SOURCE,
        board=board,
        url=lambda group: group[0].get("url"),
        payload=lambda group: group[0],
    )


def parse_job(
    job: dict[str, Any], repeats: list[dict[str, Any]], *, board: str, company: str | None
) -> Listing:
    places = [place for entry in [job, *repeats] for place in _places(entry)]
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(job.get("shortcode") or ""),
        url=job.get("url") or job.get("shortlink") or "",
        apply_url=job.get("application_url"),
        title=collapse_whitespace(job.get("title") or ""),
        company=collapse_whitespace(company or "") or None,
        location_raw=" | ".join(dict.fromkeys(places)) or None,
        description_html=job.get("description"),
        posted_raw=job.get("published_on") or job.get("created_at"),
        employment_type_raw=job.get("employment_type") or None,
        hints=structured.workable(job),
        raw=(job | {"repeats": repeats}) if repeats else job,
    )


def _places(job: dict[str, Any]) -> list[str]:
    """`city, region, country` of each visible location of one job entry."""
    locations = job.get("locations") or [
        {"city": job.get("city"), "region": job.get("state"), "country": job.get("country")}
    ]
    places = (
        ", ".join(part for part in (p.get("city"), p.get("region"), p.get("country")) if part)
        for p in locations
        if not p.get("hidden")
    )
    return [place for place in places if place]


class WorkableSpider(SourceSpider):
    name = SOURCE
    default_api = "https://apply.workable.com"

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                account_url(board), board=board, callback=self.parse_board, first_page=True
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: parse_account(data, board=board), salvage_array="jobs"
        )
