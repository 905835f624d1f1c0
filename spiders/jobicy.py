"""Jobicy (jobicy.com), a board of remote jobs.

Endpoint: `GET https://jobicy.com/api/v2/remote-jobs?count=50` returns the newest postings in one
response (the API has no paging): `{"apiVersion", "friendlyNotice", "jobCount", "jobs": [...],
"success"}`. Optional filters, passed through as given: `-a tag=` (a search term), `-a geo=`
(a region slug, e.g. `usa`, `emea`), `-a industry=` (an industry slug, e.g. `marketing`).

Fields: `id`, `url`, `jobSlug`, `jobTitle`, `companyName`, `jobIndustry[]`, `jobType[]`
("Full-Time", "Contract", …), `jobGeo` (comma-separated regions), `jobLevel`, `jobExcerpt`,
`jobDescription` (HTML), `pubDate` (ISO 8601), and when stated `salaryMin`/`salaryMax`/
`salaryCurrency`/`salaryPeriod` — sometimes only a minimum, numbers or numeric strings.

Quirks: plain-text fields come HTML-escaped ("Data Science &amp; Analytics"): titles, companies
and regions are unescaped once; `jobGeo` is split on commas into ` | `-joined places. Every
posting is remote (Jobicy lists nothing else).

Terms (the response's `friendlyNotice`): credit Jobicy with a direct link to the source, and let
every application button lead to the posting's original `url` — each listing carries that credit
in `attribution`, and its `url` is Jobicy's. The `jobicy.com` slot of DOWNLOAD_SLOTS keeps
requests 5 s apart; a run makes one request per board.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import quote, urlencode

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, pay_text
from spiders._payload import PayloadError, each_posting

SOURCE = "jobicy"
COUNT = 50
FILTERS = ("tag", "geo", "industry")


def jobs_url(filters: dict[str, str] | None = None) -> str:
    query = {"count": str(COUNT), **(filters or {})}
    return f"https://jobicy.com/api/v2/remote-jobs?{urlencode(query, quote_via=quote)}"


def attribution(url: str) -> str:
    return f"Job listing from Jobicy — {url}"


def parse_remote_jobs(data: Any, *, board: str = "") -> Iterator[Listing | Reject]:
    """Listings from a decoded `remote-jobs` response; a posting we cannot use is a Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise PayloadError("expected an object with a `jobs` array (Jobicy remote-jobs)")
    yield from each_posting(
        data["jobs"],
        lambda job: parse_job(job, board=board),
        source=SOURCE,
        board=board,
        url="url",
    )


def parse_job(job: dict[str, Any], *, board: str) -> Listing:
    url = job.get("url") or ""
    job_types = [str(kind) for kind in job.get("jobType") or [] if kind]
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(job["id"]) if job.get("id") is not None else "",
        url=url,
        title=_plain(job.get("jobTitle")) or "",
        company=_plain(job.get("companyName")),
        location_raw=_places(job.get("jobGeo")),
        description_html=job.get("jobDescription") or None,
        posted_raw=job.get("pubDate"),
        employment_type_raw=", ".join(job_types) or None,
        pay_raw=pay_text(
            job.get("salaryMin"),
            job.get("salaryMax"),
            job.get("salaryCurrency"),
            job.get("salaryPeriod"),
        ),
        hints=structured.jobicy(job),
        attribution=attribution(url) if url else None,
        raw=job,
    )


def _plain(value: Any) -> str | None:
    """A plain-text field the API sent HTML-escaped, decoded once."""
    if not isinstance(value, str):
        return None
    return collapse_whitespace(html.unescape(value)) or None


def _places(value: Any) -> str | None:
    """`EMEA,  LATAM,  Canada,  USA` → `EMEA | LATAM | Canada | USA`."""
    if not isinstance(value, str):
        return None
    places = (collapse_whitespace(html.unescape(place)) for place in value.split(","))
    return " | ".join(place for place in places if place) or None


class JobicySpider(SourceSpider):
    name = SOURCE
    default_api = "https://jobicy.com"
    default_boards = ("",)
    arguments = SourceSpider.arguments | set(FILTERS)

    def __init__(
        self,
        *,
        tag: str | None = None,
        geo: str | None = None,
        industry: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.tag, self.geo, self.industry = (
            value.strip() if value and value.strip() else None for value in (tag, geo, industry)
        )

    @property
    def filters(self) -> dict[str, str]:
        return {name: value for name in FILTERS if (value := getattr(self, name))}

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                jobs_url(self.filters), board=board, callback=self.parse_board, first_page=True
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: parse_remote_jobs(data, board=board), salvage_array="jobs"
        )
