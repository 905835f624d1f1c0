"""Remote OK (remoteok.com), a board of mostly remote jobs.

Endpoint: `GET https://remoteok.com/api` returns every live posting in one JSON array (no paging).
Its first element is not a posting but the legal notice (`{"last_updated", "legal"}`): it is
skipped, and the credit it requires is kept in every listing's `attribution`.

Fields: `id` (a string), `slug`, `epoch` and `date` (the same moment), `company`, `position` (the
title), `tags`, `description` (HTML), `location` (free text, often empty or "Orlando, "),
`salary_min`/`salary_max` (yearly USD; 0 = unknown: see `normalize.structured.remoteok`),
`apply_url`, `url`.

Quirks: text fields often carry mojibake — UTF-8 read as Latin-1 ("ZÃ³calo Health",
"Whatâ\\x80\\x99s"). Title, company, location and description are repaired with ftfy (encoding
fixes only: quotes, HTML entities and character widths stay as published); `raw` keeps the
posting as received. Not every posting is remote any more (warehouse clerks in Nassau), so no
remote hint is assumed. Remote OK wants a real User-Agent: we send the project's USER_AGENT
(a bot name with a contact URL), never a library default.

Terms (the legal notice): link back to the posting's Remote OK URL (a followed link, no
`nofollow`) and mention Remote OK as the source; do not use the Remote OK logo. No published rate
limit; the `remoteok.com` slot of DOWNLOAD_SLOTS keeps requests 5 s apart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import ftfy
from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, pay_text
from spiders._payload import PayloadError, each_posting

SOURCE = "remoteok"
API_URL = "https://remoteok.com/api"
# Repair encoding only; the rest of what ftfy could change is the source's text.
ENCODING_FIXES = ftfy.TextFixerConfig(
    unescape_html=False, uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False
)


def attribution(url: str) -> str:
    return f"Job listing from Remote OK — {url}"


def repair(value: Any) -> str | None:
    """The text with its mojibake repaired; None for anything but non-blank text."""
    if not isinstance(value, str) or not value.strip():
        return None
    return ftfy.fix_text(value, ENCODING_FIXES)


def parse_api(data: Any, *, board: str = "") -> Iterator[Listing | Reject]:
    """Listings from the decoded `/api` array; the legal notice yields nothing, a posting we
    cannot use is a Reject."""
    if not isinstance(data, list):
        raise PayloadError("expected a JSON array (Remote OK /api)")
    jobs = [
        job for job in data if not (isinstance(job, dict) and "legal" in job and "id" not in job)
    ]
    yield from each_posting(
        jobs, lambda job: parse_job(job, board=board), source=SOURCE, board=board, url="url"
    )


def parse_job(job: dict[str, Any], *, board: str) -> Listing:
    url = job.get("url") or ""
    location = repair(job.get("location"))
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(job["id"]) if job.get("id") not in (None, "") else "",
        url=url,
        apply_url=job.get("apply_url") or None,
        title=collapse_whitespace(repair(job.get("position")) or ""),
        company=collapse_whitespace(repair(job.get("company")) or "") or None,
        location_raw=location,
        location_text=_location_text(location),
        description_html=repair(job.get("description")),
        posted_raw=job.get("date") or (str(job["epoch"]) if job.get("epoch") else None),
        pay_raw=_pay_raw(job),
        hints=structured.remoteok(job),
        attribution=attribution(url) if url else None,
        raw=job,
    )


def _location_text(location: str | None) -> str | None:
    """`Orlando, ` → `Orlando`: the API leaves the separator of an empty region."""
    return collapse_whitespace(location or "").strip(" ,") or None


def _pay_raw(job: dict[str, Any]) -> str | None:
    low, high = (structured.amount(job.get(key)) for key in ("salary_min", "salary_max"))
    return pay_text(f"{low:.0f}" if low else None, f"{high:.0f}" if high else None, "USD", None)


class RemoteOkSpider(SourceSpider):
    name = SOURCE
    default_api = "https://remoteok.com"
    default_boards = ("",)

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(API_URL, board=board, callback=self.parse_api, first_page=True)

    def parse_api(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(response, lambda data: parse_api(data, board=board))
