"""We Work Remotely (weworkremotely.com) RSS feeds.

Endpoints: `GET https://weworkremotely.com/remote-jobs.rss` (every category) and the category feeds
`GET https://weworkremotely.com/categories/<category>.rss`. A board is the feed's path without
`.rss`: `remote-jobs` or `categories/remote-programming-jobs`. One feed is one response, no
paging.

Items: `title` is "Company: Role"; `region` is where applicants may live ("Anywhere in the
World", "USA Only"); `country`/`state` are the company's headquarters, not the job's, so they
stay in the raw payload; `type` is the employment type ("Full-Time", "Contract"); `pubDate` and
`expires_at` are RFC 822; `description` is entity-encoded HTML (decoded once by the XML parser)
that starts with the company logo and a headquarters/URL block; `guid` and `link` are the
posting's page. The feed is parsed with lxml without entity resolution, DTD loading or network
access; a feed cut short is salvaged item by item.

Conditional requests: the feed's ETag / Last-Modified are kept between runs in
`HTTP_STATE_DIR/weworkremotely.json` (setting, default `.state/`; the spider never touches the
database) and sent back as If-None-Match / If-Modified-Since. A 304 means the feed has not
changed since the last successful run: no listings, not a failure. The board is reported
`{"status": "not_modified"}` (neither `complete`, which would make the empty board look
collapsed and count towards expiring its listings, nor `failed`) and counted in the stats
(`weworkremotely/not_modified`; sent validators in `weworkremotely/conditional_requests`).
Validators are saved only when the crawl finished and never from replayed or recorded responses.

We Work Remotely only lists fully remote jobs.

Terms: public feeds meant for syndication; the feed says `<ttl>60</ttl>`, so polling more than
hourly is pointless. We stay at one request every 5 s (settings.py DOWNLOAD_SLOTS).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from tempfile import NamedTemporaryFile
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace, unescape_markup
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider
from spiders._payload import PayloadError, each_posting

SOURCE = "weworkremotely"
DEFAULT_STATE_DIR = ".state"
logger = logging.getLogger(__name__)


def feed_url(board: str) -> str:
    """The feed of a board: a feed path (`remote-jobs`) or the feed's full URL."""
    path = urlsplit(board).path if "//" in board else board
    return f"https://weworkremotely.com/{path.strip().strip('/').removesuffix('.rss')}.rss"


def _parser(*, recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True, recover=recover,
    )  # fmt: skip


def read_feed(body: bytes) -> tuple[etree._Element, str | None]:
    """The `<channel>` of an RSS body, and a problem when the XML was broken and only partly
    recovered. Raises PayloadError when the body is not an RSS feed."""
    problem = None
    try:
        root = etree.fromstring(body, _parser(recover=False))
    except etree.XMLSyntaxError as error:
        root = etree.fromstring(body, _parser(recover=True)) if body.strip() else None
        problem = f"malformed XML ({error})"
    if root is None or etree.QName(root).localname != "rss":
        start = body.lstrip()[:60].decode("utf-8", "replace")
        raise PayloadError(f"expected an RSS feed, got {start!r}…")
    channel = root.find("channel")
    if channel is None:
        raise PayloadError("RSS feed without a <channel>")
    if problem:
        problem += f"; {len(channel.findall('item'))} items recovered"
    return channel, problem


def parse_feed(channel: etree._Element, *, board: str) -> Iterator[Listing | Reject]:
    yield from each_posting(
        channel.iter("item"),
        lambda item: parse_item(item, board=board),
        source=SOURCE,
        board=board,
        url=lambda item: item.findtext("link"),
        what="item",
        payload=lambda item: etree.tostring(item, encoding="unicode"),
    )


def parse_item(item: etree._Element, *, board: str) -> Listing:
    fields = _fields(item)
    company, role = _company_and_role(fields.get("title") or "")
    link = fields.get("link") or fields.get("guid") or ""
    description = fields.get("description")
    kind = fields.get("type") or None
    valid_through = _rfc822(fields.get("expires_at"))
    return Listing(
        source=SOURCE,
        board=board,
        source_id=_slug(fields.get("guid") or link),
        url=link,
        title=role,
        company=company,
        location_raw=fields.get("region") or None,
        description_html=unescape_markup(description) if description else None,
        posted_raw=fields.get("pubDate"),
        posted_at=_rfc822(fields.get("pubDate")),
        employment_type_raw=kind,
        hints=structured.merge(
            structured.employment_types(kind),
            {"valid_through": valid_through.date().isoformat()} if valid_through else {},
            structured.REMOTE_BOARD,
        ),
        raw=fields,
    )


def _fields(item: etree._Element) -> dict[str, Any]:
    """The item's child elements by name (`media:content` keeps its attributes)."""
    fields: dict[str, Any] = {}
    for child in item:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        name = f"{child.prefix}:{local}" if child.prefix else local
        # method="text" drops unresolved entity references instead of keeping `&name;`.
        text = etree.tostring(child, method="text", encoding="unicode", with_tail=False)
        value: Any = dict(child.attrib) if len(child.attrib) else text.strip()
        if name not in fields:
            fields[name] = value
    return fields


def _company_and_role(title: str) -> tuple[str | None, str]:
    company, separator, role = title.partition(": ")
    if not separator or not role.strip():
        return None, collapse_whitespace(title)
    return collapse_whitespace(company) or None, collapse_whitespace(role)


def _slug(url: str) -> str:
    """`https://weworkremotely.com/remote-jobs/mathmo-maths-coach` → `mathmo-maths-coach`."""
    path = urlsplit(url.strip()).path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else url.strip()


def _rfc822(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Validators:
    """ETag / Last-Modified per feed URL, kept in a small JSON file between runs."""

    def __init__(self, path: Path):
        self.path = path
        self.saved: dict[str, dict[str, str]] = self._load()
        self.pending: dict[str, dict[str, str]] = {}

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            logger.warning("ignoring unreadable HTTP state %s: %s", self.path, error)
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            url: {k: v for k, v in entry.items() if k in ("etag", "last_modified")
                  and isinstance(v, str)}
            for url, entry in data.items() if isinstance(entry, dict)
        }  # fmt: skip

    def request_headers(self, url: str) -> dict[str, str]:
        saved = self.saved.get(url, {})
        headers = {}
        if etag := saved.get("etag"):
            headers["If-None-Match"] = etag
        if last_modified := saved.get("last_modified"):
            headers["If-Modified-Since"] = last_modified
        return headers

    def remember(self, url: str, headers: Mapping[str, str | None]) -> None:
        entry = {
            key: value
            for key, value in (
                ("etag", headers.get("ETag")),
                ("last_modified", headers.get("Last-Modified")),
            )
            if value
        }
        if entry:
            self.pending[url] = entry

    def save(self) -> None:
        if not self.pending:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = self.saved | self.pending
        with NamedTemporaryFile("w", dir=self.path.parent, delete=False, suffix=".tmp",
                                encoding="utf-8") as file:  # fmt: skip
            json.dump(data, file, indent=1, sort_keys=True)
        os.replace(file.name, self.path)
        self.saved, self.pending = data, {}


class WeWorkRemotelySpider(SourceSpider):
    validators: Validators
    not_modified: set[str]
    name = SOURCE
    default_api = "https://weworkremotely.com"
    default_boards = ("remote-jobs",)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WeWorkRemotelySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        state_dir = Path(crawler.settings.get("HTTP_STATE_DIR") or DEFAULT_STATE_DIR)
        spider.validators = Validators(state_dir / f"{spider.name}.json")
        spider.not_modified = set()
        return spider

    async def start(self) -> AsyncIterator[Request]:
        # A recording must capture the full feed, not a 304.
        conditional = not self.settings.get("RECORD_DIR")
        for board in self.boards:
            url = feed_url(board)
            headers = self.validators.request_headers(url) if conditional else {}
            if headers:
                self.crawler.stats.inc_value(f"{self.name}/conditional_requests")
            yield self.api_request(
                url,
                board=board,
                callback=self.parse_board,
                first_page=True,
                headers=headers,
                meta={"handle_httpstatus_list": [304]},
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject]:
        if response.status == 304:
            self.not_modified.add(board)
            self.crawler.stats.inc_value(f"{self.name}/not_modified")
            self.logger.info("%s board %r: feed not modified since the last run", self.name, board)
            return
        try:
            channel, problem = read_feed(response.body)
        except PayloadError as error:
            yield from self.page_failed(response.request, str(error), response=response)
            return
        if problem:
            yield from self.page_failed(response.request, problem, response=response, partial=True)
        elif "replay" not in response.flags:
            self.validators.remember(
                response.meta["api_url"],
                {name: _header(response, name) for name in ("ETag", "Last-Modified")},
            )
        yield from parse_feed(channel, board=board)

    def closed(self, reason: str) -> None:
        if reason == "finished" and not self.settings.get("RECORD_DIR"):
            self.validators.save()

    def board_report(self) -> dict[str, dict[str, Any]]:
        """A 304 board is `not_modified`, not `complete`: its empty crawl must neither look
        like a collapse (suspect) nor count as a run that no longer saw its listings (expiry)."""
        report = super().board_report()
        for board in self.not_modified:
            report[board] = {"status": "not_modified"}
        return report


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
