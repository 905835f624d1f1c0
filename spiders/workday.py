"""Workday career sites (`{tenant}.wd{N}.myworkdayjobs.com`, the "cxs" JSON API behind them).

Board: the public board URL, `https://{tenant}.wd{N}.myworkdayjobs.com/{site}` or with a locale
segment, `…/en-US/{site}`.

Endpoints: `POST https://{tenant}.wd{N}.myworkdayjobs.com/wday/cxs/{tenant}/{site}/jobs` with
`{"appliedFacets": {}, "limit": 20, "offset": N, "searchText": ""}` (20 is the largest page
Workday serves) → `{"total", "jobPostings": [{title, externalPath, locationsText, postedOn,
bulletFields}]}`. The description is only in the detail, `GET …/wday/cxs/{tenant}/{site}
{externalPath}` → `{"jobPostingInfo": {title, jobDescription, location, additionalLocations,
startDate, timeType, remoteType, externalUrl, jobReqId, postedOn}}`. When a detail request
fails, the posting is stored from the list data (no description) and the failure is counted.
No real detail response was available when this spider was written: its tests use a detail
built from that documented field list.

Paging: `total` may be reported on the first page only (later pages say 0), so the first
non-zero total is kept; we page until it is reached or a page is empty. Offsets past 2,000 loop
back to the first postings: we stop there and mark the board incomplete (splitting the search by
facets would reach the rest; not done).

Quirks: the publication date is the detail's `startDate` (the start of the posting window). Without
a detail, `postedOn` is all there is: relative text ("Posted Today", "Posted Yesterday", "Posted 3
Days Ago", "Posted 30+ Days Ago"), resolved against the crawl's start to a UTC day; "30+" is a
bound (posted that day or earlier), and `posted_raw` keeps the text. `locationsText` is
"3 Locations" when there are several (not a location: dropped); the detail's `location` and
`additionalLocations` are joined. There is no company name in the documented fields: the tenant
stands in. `startDate`/`endDate` are the posting's window, not the engagement's: never mapped to
the engagement's dates or duration (normalize.structured.workday). The source id is
`{tenant}/{site}/{requisition}`, the requisition being the suffix of `externalPath`
(`…_JR354232`), stable when a title is edited. `raw` is `{"list": posting, "detail": response}`.

Terms: the cxs API serves Workday's public career sites; Workday publishes no terms or limits for
it. It answers 429 when pressed (retried with Scrapy's backoff) and 403 to clients it blocks:
403 is not retried (retrying a block only prolongs it); it fails the board on the first page and
makes it incomplete on later pages or details — rerun later, or lower the tenant host's rate.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy.http import Request, Response

from normalize import structured
from normalize.dates import parse_timestamp
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, SpiderArgumentError, next_offset, text_value
from spiders._payload import PayloadError, each_posting

SOURCE = "workday"
PAGE_SIZE = 20
MAX_OFFSET = 2000
JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}
_BOARD_URL = re.compile(
    r"https?://(?P<host>(?P<tenant>[a-z0-9-]+)\.wd\d+\.myworkdayjobs\.com)"
    r"(?P<locale>/[a-z]{2}(?:-[a-z]{2})?)?/(?P<site>[^/?#]+)/?(?:[?#].*)?",
    re.IGNORECASE,
)
_POSTED = re.compile(
    r"posted\s+(?:(?P<today>today)|(?P<yesterday>yesterday)|(?P<days>\d+)\+?\s+days?\s+ago)",
    re.IGNORECASE,
)
_LOCATION_COUNT = re.compile(r"\d+\s+locations?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Board:
    """A Workday career site, from its public URL."""

    host: str
    tenant: str
    site: str
    locale: str

    @property
    def jobs_url(self) -> str:
        return f"https://{self.host}/wday/cxs/{self.tenant}/{self.site}/jobs"

    def detail_url(self, external_path: str) -> str:
        return f"https://{self.host}/wday/cxs/{self.tenant}/{self.site}{external_path}"

    def posting_url(self, external_path: str) -> str:
        return f"https://{self.host}{self.locale}/{self.site}{external_path}"


def parse_board(url: str) -> Board:
    """The career site of a public board URL; SpiderArgumentError when it is not one."""
    match = _BOARD_URL.fullmatch(url.strip())
    if match is None:
        raise SpiderArgumentError(
            f"{SOURCE}: board {url!r} is not a Workday board URL "
            f"(https://{{tenant}}.wd{{N}}.myworkdayjobs.com/[{{locale}}/]{{site}})"
        )
    return Board(
        host=match["host"].lower(),
        tenant=match["tenant"].lower(),
        site=match["site"],
        locale=match["locale"] or "",
    )


def jobs_body(offset: int) -> bytes:
    """The list request's JSON body, byte for byte as sent (cassettes match on it)."""
    search = {"appliedFacets": {}, "limit": PAGE_SIZE, "offset": offset, "searchText": ""}
    return json.dumps(search).encode()


def posted_at(text: object, now: datetime) -> datetime | None:
    """Midnight UTC of the day a relative `postedOn` text points to, counted from `now`;
    "30+ Days Ago" gives the latest possible day. None for any other text."""
    match = _POSTED.fullmatch(collapse_whitespace(text)) if isinstance(text, str) else None
    if match is None:
        return None
    days = 0 if match["today"] else 1 if match["yesterday"] else int(match["days"])
    day = now.astimezone(UTC).date() - timedelta(days=days)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def page_postings(data: Any) -> list[Any]:
    if not isinstance(data, dict) or not isinstance(data.get("jobPostings"), list):
        raise PayloadError("expected an object with a `jobPostings` array (Workday jobs response)")
    return data["jobPostings"]


def page_total(data: dict[str, Any]) -> int | None:
    """The page's `total`; None when not reported (0 on pages after the first)."""
    total = data.get("total")
    valid = isinstance(total, int) and not isinstance(total, bool) and total > 0
    return total if valid else None


def parse_jobs(data: Any, *, board: str, now: datetime) -> Iterator[Listing | Reject]:
    """Listings (without description) from one decoded list page; a posting we cannot use is
    a Reject."""
    site = parse_board(board)
    yield from each_posting(
        page_postings(data),
        lambda posting: parse_posting(posting, board=board, site=site, now=now),
        source=SOURCE,
        board=board,
    )


def parse_posting(posting: dict[str, Any], *, board: str, site: Board, now: datetime) -> Listing:
    path = posting.get("externalPath")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"externalPath {path!r} is not a path")
    requisition = path.rsplit("/", 1)[-1].rpartition("_")[2]
    locations = text_value(posting.get("locationsText"))
    if locations and _LOCATION_COUNT.fullmatch(locations.strip()):
        locations = None
    posted = text_value(posting.get("postedOn"))
    return Listing(
        source=SOURCE,
        board=board,
        source_id=f"{site.tenant}/{site.site}/{requisition}",
        url=site.posting_url(path),
        title=collapse_whitespace(text_value(posting.get("title")) or ""),
        company=site.tenant,
        location_raw=locations,
        posted_raw=posted,
        posted_at=posted_at(posted, now),
        raw={"list": posting},
    )


def parse_detail(data: Any, listing: Listing, *, now: datetime) -> Listing:
    """`listing` completed with the posting's detail. Raises PayloadError when `data` is not
    a detail response."""
    if not isinstance(data, dict) or not isinstance(data.get("jobPostingInfo"), dict):
        raise PayloadError("expected an object with `jobPostingInfo` (Workday job detail)")
    info = data["jobPostingInfo"]
    more = info.get("additionalLocations")
    places = [info.get("location"), *(more if isinstance(more, list) else [])]
    locations = [place for place in places if text_value(place)]
    # The posting window's start is the publication date, absolute: unlike the relative
    # `postedOn` it does not change every day, so an unchanged posting stays unchanged.
    started = text_value(info.get("startDate"))
    published = parse_timestamp(started) if started else None
    posted = started if published else text_value(info.get("postedOn")) or listing.posted_raw
    title = text_value(info.get("title"))
    return dataclasses.replace(
        listing,
        url=text_value(info.get("externalUrl")) or listing.url,
        title=collapse_whitespace(title) if title else listing.title,
        location_raw=" | ".join(locations) or listing.location_raw,
        description_html=text_value(info.get("jobDescription")),
        posted_raw=posted,
        posted_at=published or posted_at(posted, now),
        employment_type_raw=text_value(info.get("timeType")),
        hints=structured.workday(info),
        raw=listing.raw | {"detail": data},
    )


class WorkdaySpider(SourceSpider):
    name = SOURCE
    default_api = "https://{tenant}.wd{N}.myworkdayjobs.com"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.sites = {board: parse_board(board) for board in self.boards}
        self.crawl_started = datetime.now(UTC)

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self._page_request(board, 0, None)

    def _page_request(self, board: str, offset: int, total: int | None) -> Request:
        return self.api_request(
            self.sites[board].jobs_url,
            board=board,
            callback=self.parse_page,
            first_page=offset == 0,
            method="POST",
            body=jobs_body(offset),
            headers=JSON_HEADERS,
            cb_kwargs={"offset": offset, "total": total},
        )

    def parse_page(
        self, response: Response, board: str, offset: int, total: int | None
    ) -> Iterator[Listing | Reject | Request]:
        pages: list[dict[str, Any]] = []

        def parse(data: Any) -> Iterator[Listing | Reject]:
            page_postings(data)
            pages.append(data)
            return parse_jobs(data, board=board, now=self.crawl_started)

        for item in self.parse_json(response, parse, salvage_array="jobPostings"):
            if isinstance(item, Listing):
                path = item.raw["list"]["externalPath"]
                yield self.api_request(
                    self.sites[board].detail_url(path),
                    board=board,
                    callback=self.parse_detail_page,
                    headers={"Accept": "application/json"},
                    meta={"fallback": item},
                    cb_kwargs={"listing": item},
                )
            else:
                yield item
        for data in pages:
            total = total or page_total(data)
            following = next_offset(offset, len(data["jobPostings"]), total)
            if following is not None and following >= MAX_OFFSET:
                self._stop_at_cap(board, total)
            elif following is not None:
                yield self._page_request(board, following, total)

    def _stop_at_cap(self, board: str, total: int | None) -> None:
        problem = (
            f"stopped at offset {MAX_OFFSET:,}: Workday serves no postings past it "
            f"({total or 'an unknown number'} reported)"
        )
        self.outcomes[board].problems.append(problem)
        self.logger.warning("%s board %r: %s", self.name, board, problem)

    def parse_detail_page(
        self, response: Response, board: str, listing: Listing
    ) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(
            response, lambda data: [parse_detail(data, listing, now=self.crawl_started)]
        )
