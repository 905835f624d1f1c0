"""Ashby job boards (api.ashbyhq.com posting API).

Endpoint: `GET /posting-api/job-board/{board}?includeCompensation=true` returns every posting of
a board in one response (no paging), descriptions included: `{"apiVersion": "1", "jobs": [...]}`.

Quirks: `isListed: false` marks a posting the employer keeps off its public board (reachable only
by direct link); we skip those. `isRemote` is also true for hybrid roles, so the workplace comes
from `workplaceType` (`OnSite|Remote|Hybrid`) only. `employmentType` is
`FullTime|PartTime|Intern|Contract|Temporary`. Pay is in `compensation.summaryComponents`
(tiers may be in CAD etc.; `compensationTierSummary` is Ashby's text rendering, kept as
`pay_raw`). `location` is the primary place, `secondaryLocations[].location` the others. The API
never names the employer, so `company` is the board name (`HighlightTA`); titles can carry
trailing spaces.

Terms: Ashby's public job posting API is keyless and meant for building career pages; it
publishes no rate limit. We send one request at a time with a delay (settings.DOWNLOAD_SLOTS).
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

SOURCE = "ashby"


def job_board_url(board: str) -> str:
    return f"https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true"


def parse_job_board(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    """Listings from a decoded job-board response, unlisted postings left out; a posting we
    cannot use is a Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise PayloadError("expected an object with a `jobs` array (Ashby job-board response)")
    listed = [j for j in data["jobs"] if not (isinstance(j, dict) and j.get("isListed") is False)]
    yield from each_posting(
        listed, lambda job: parse_job(job, board=board), source=SOURCE, board=board, url="jobUrl"
    )


def parse_job(job: dict[str, Any], *, board: str) -> Listing:
    places = [job.get("location")] + [
        place.get("location") for place in job.get("secondaryLocations") or []
    ]
    compensation = job.get("compensation") or {}
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(job.get("id") or ""),
        url=job.get("jobUrl") or "",
        apply_url=job.get("applyUrl"),
        title=collapse_whitespace(job.get("title") or ""),
        company=board,
        location_raw=" | ".join(place for place in places if place) or None,
        description_html=job.get("descriptionHtml"),
        description_text=None if job.get("descriptionHtml") else job.get("descriptionPlain"),
        posted_raw=job.get("publishedAt"),
        employment_type_raw=job.get("employmentType"),
        pay_raw=compensation.get("compensationTierSummary")
        or compensation.get("scrapeableCompensationSalarySummary"),
        hints=structured.ashby(job),
        raw=job,
    )


class AshbySpider(SourceSpider):
    name = SOURCE
    default_api = "https://api.ashbyhq.com"

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                job_board_url(board), board=board, callback=self.parse_board, first_page=True
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: parse_job_board(data, board=board), salvage_array="jobs"
        )
