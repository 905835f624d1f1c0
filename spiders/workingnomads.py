"""Working Nomads (workingnomads.com), a board of remote jobs only.

Endpoint: `GET https://www.workingnomads.com/api/exposed_jobs/`: one JSON array of the current
postings, no paging, no parameters.

Jobs: `url` is `https://www.workingnomads.com/job/go/{id}/` (a redirect to the employer's
application page; the numeric id is our source_id), `title`, `company_name`, `category_name`,
`tags` (comma-separated), `location` (where applicants may live: "Canada", "Global",
"Japan - Remote"), `pub_date` (ISO 8601 with offset) and `description` (HTML; the sample's is
cut at 200 characters, the sanitiser closes what the cut leaves open). Working Nomads lists
remote jobs only.

Terms: a public, keyless API; no documented rate limit. One request per run at the default
politeness.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace, unescape_markup
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider
from spiders._payload import PayloadError, each_posting

SOURCE = "workingnomads"
JOBS_URL = "https://www.workingnomads.com/api/exposed_jobs/"
_JOB_ID = re.compile(r"/job/go/(\d+)")


def parse_jobs(data: Any, *, board: str = "") -> Iterator[Listing | Reject]:
    if not isinstance(data, list):
        raise PayloadError("expected a JSON array of jobs (Working Nomads exposed_jobs)")
    yield from each_posting(
        data,
        lambda job: parse_job(job, board=board),
        source=SOURCE,
        board=board,
        url="url",
        what="job",
    )


def parse_job(job: dict[str, Any], *, board: str = "") -> Listing:
    url = _text(job.get("url"))
    match = _JOB_ID.search(url)
    description = job.get("description")
    return Listing(
        source=SOURCE,
        board=board,
        source_id=match.group(1) if match else url,
        url=url,
        title=_text(job.get("title")),
        company=_text(job.get("company_name")) or None,
        location_raw=_text(job.get("location")) or None,
        description_html=unescape_markup(description) if isinstance(description, str) else None,
        posted_raw=_text(job.get("pub_date")) or None,
        hints=dict(structured.REMOTE_BOARD),
        raw=job,
    )


def _text(value: object) -> str:
    return collapse_whitespace(value) if isinstance(value, str) else ""


class WorkingNomadsSpider(SourceSpider):
    name = SOURCE
    default_api = "https://www.workingnomads.com"
    default_boards = ("",)

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(JOBS_URL, board=board, callback=self.parse_board,
                                   first_page=True)  # fmt: skip

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(response, lambda data: parse_jobs(data, board=board))
