"""Remotive (remotive.com), a board of remote jobs.

Endpoint: `GET https://remotive.com/api/remote-jobs` returns every live posting in one response
(no paging): `{"0-legal-notice": …, "job-count": N, "total-job-count": N, "jobs": [...]}`. A board
is a category slug (`?category=software-dev`); the empty board, the default, is every category.
`-a search=TEXT` adds `&search=TEXT`. `limit` is never sent: we want every posting.

Fields: `id`, `url`, `title`, `company_name`, `category`, `tags`, `job_type` (`full_time`,
`contract`, `part_time`, `freelance`, `internship`), `publication_date` (ISO 8601 without a zone:
UTC), `candidate_required_location` (free text: "USA, CST (UTC-6)", "Worldwide"), `salary` (free
text, often empty: kept as `pay_raw` for the normalizer), `description` (HTML).

Quirks: postings are published 24 hours late; every posting is remote (Remotive lists nothing
else), so the remote hint comes from the board, the type from `job_type`.

Terms (the response's `0-legal-notice`, remotive.com/api-documentation): link back to the
posting's Remotive URL and name Remotive as the source — every listing carries that credit in
`attribution`; no resubmission to Jooble, Neuvoo, Google Jobs or LinkedIn Jobs; "max. 4 times a
day", and more than 2 requests a minute are blocked. The per-minute limit is the `remotive.com`
slot of DOWNLOAD_SLOTS (one request at a time, 31 s apart). The daily budget is enforced here:
before its first request the spider asks the store how many Remotive fetches (one per board) the
runs of the last 24 hours made, and closes with finish reason `remotive_daily_budget_spent`
when this run's boards do not fit in REMOTIVE_DAILY_FETCHES (setting, default 4). The stats
`remotive/daily_budget*` show the budget, what was used and what is left. A replay sends nothing
to Remotive, so it neither spends nor checks the budget.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from scrapy.exceptions import CloseSpider
from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider
from spiders._payload import PayloadError, each_posting
from store.quota import fetches_since

SOURCE = "remotive"
DAILY_FETCHES = 4
BUDGET_WINDOW = timedelta(hours=24)
BUDGET_SPENT = "remotive_daily_budget_spent"


def jobs_url(board: str, *, search: str | None = None) -> str:
    query = {key: value for key, value in (("category", board), ("search", search)) if value}
    suffix = f"?{urlencode(query, quote_via=quote)}" if query else ""
    return f"https://remotive.com/api/remote-jobs{suffix}"


def attribution(url: str) -> str:
    return f"Job listing from Remotive — {url}"


def parse_remote_jobs(data: Any, *, board: str) -> Iterator[Listing | Reject]:
    """Listings from a decoded `remote-jobs` response; a posting we cannot use is a Reject."""
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise PayloadError("expected an object with a `jobs` array (Remotive remote-jobs)")
    yield from each_posting(
        data["jobs"],
        lambda job: parse_job(job, board=board),
        source=SOURCE,
        board=board,
        url="url",
    )


def parse_job(job: dict[str, Any], *, board: str) -> Listing:
    url = job.get("url") or ""
    return Listing(
        source=SOURCE,
        board=board,
        source_id=str(job["id"]) if job.get("id") is not None else "",
        url=url,
        title=collapse_whitespace(job.get("title") or ""),
        company=collapse_whitespace(job.get("company_name") or "") or None,
        location_raw=job.get("candidate_required_location") or None,
        description_html=job.get("description") or None,
        posted_raw=job.get("publication_date"),
        employment_type_raw=job.get("job_type") or None,
        pay_raw=collapse_whitespace(job.get("salary") or "") or None,
        hints=structured.remotive(job),
        attribution=attribution(url) if url else None,
        raw=job,
    )


class RemotiveSpider(SourceSpider):
    name = SOURCE
    default_api = "https://remotive.com"
    default_boards = ("",)
    arguments = SourceSpider.arguments | {"search"}

    def __init__(self, *, search: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.search = search.strip() if search and search.strip() else None

    async def start(self) -> AsyncIterator[Request]:
        self.check_daily_budget()
        for board in self.boards:
            yield self.api_request(
                jobs_url(board, search=self.search),
                board=board,
                callback=self.parse_board,
                first_page=True,
            )

    def check_daily_budget(self) -> None:
        """Close the spider before any request when this run's fetches exceed the daily budget."""
        stats = self.crawler.stats
        assert stats is not None
        budget = self.settings.getint("REMOTIVE_DAILY_FETCHES", DAILY_FETCHES)
        stats.set_value("remotive/daily_budget", budget)
        if self.settings.get("REPLAY_DIR"):
            return
        used = fetches_since(
            self.settings["DATABASE_URL"],
            self.name,
            datetime.now(UTC) - BUDGET_WINDOW,
            exclude_run_id=stats.get_value("opportunities/run_id"),
        )
        needed = len(self.boards)
        stats.set_value("remotive/daily_budget_used", used)
        if used + needed > budget:
            stats.set_value("remotive/daily_budget_remaining", max(budget - used, 0))
            self.logger.warning(
                "Remotive daily budget spent: %d of %d fetches used in the last 24 h, this run "
                "needs %d (one per board); nothing requested",
                used, budget, needed,
            )  # fmt: skip
            raise CloseSpider(BUDGET_SPENT)
        stats.set_value("remotive/daily_budget_remaining", budget - used - needed)

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: parse_remote_jobs(data, board=board), salvage_array="jobs"
        )
