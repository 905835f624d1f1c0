"""Personio career pages (`{company}.jobs.personio.de`, also `.jobs.personio.com`).

Endpoint: `GET https://{company}.jobs.personio.de/xml?language=en` returns every published
position of a company in one XML document (no paging): `<workzag-jobs><position>…</position>…`.
A position has `id, subcompany, office, additionalOffices, department, recruitingCategory, name,
jobDescriptions (name + CDATA HTML value), employmentType, seniority, schedule,
yearsOfExperience, keywords, occupation, occupationCategory, createdAt, salaryInformation
{min, max, currencySymbol, currencyCode, type}`; the public page of a position is
`https://{company}.jobs.personio.de/job/{id}`.

Board: the company's subdomain (`acme`), or the whole host for a `.jobs.personio.com` tenant
(`acme.jobs.personio.com`).

Quirks: an unknown tenant is redirected to Personio's marketing site, which answers HTTP 200
with an HTML page: that fails the board (it is not an empty board; `<workzag-jobs/>` is).
There is no company name besides `subcompany`, which many positions lack: the tenant name stands
in. `employmentType` (permanent, intern, trainee, freelance, temporary, working_student) and
`schedule` (full-time, part-time, full-or-part-time) are both mapped. Position ids are
prefixed with the tenant (`acme/2140231`) to be unique within the source. The XML is parsed
without entity resolution, DTD loading or network access. `raw` is the position as a dict
(`jobDescriptions` and `additionalOffices` as lists).

Terms: the XML feed is Personio's documented, public export for embedding job listings on
company sites; no published rate limit. We stay at the project's polite defaults (settings.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from lxml import etree
from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, SpiderArgumentError, pay_text
from spiders._payload import PayloadError, each_posting

SOURCE = "personio"
FEED_ROOT = "workzag-jobs"
HOSTS = ("jobs.personio.de", "jobs.personio.com")
LIST_FIELDS = {"jobDescriptions", "additionalOffices"}
_SUBDOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def feed_host(board: str) -> str:
    """`acme` → `acme.jobs.personio.de`; a full `acme.jobs.personio.com` host is kept."""
    host = board.strip().lower()
    company, _, domain = host.partition(".")
    if not domain:
        domain = HOSTS[0]
    if domain not in HOSTS or not _SUBDOMAIN.fullmatch(company):
        raise SpiderArgumentError(
            f"{SOURCE}: board {board!r} is not a Personio company subdomain "
            f"(`acme` or `acme.jobs.personio.com`)"
        )
    return f"{company}.{domain}"


def feed_url(board: str) -> str:
    return f"https://{feed_host(board)}/xml?language=en"


def parse_feed(body: bytes, *, board: str) -> Iterator[Listing | Reject]:
    """Listings from a Personio XML feed; a position we cannot use is a Reject. Raises
    PayloadError when the body is not a Personio feed (e.g. the marketing page an unknown tenant
    is redirected to)."""
    host = feed_host(board)
    yield from each_posting(
        feed_positions(body),
        lambda position: parse_position(position, board=board, host=host),
        source=SOURCE,
        board=board,
        what="position",
    )


def feed_positions(body: bytes) -> list[dict[str, Any]]:
    """Each `<position>` of the feed as a dict of its child elements' text."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        raise PayloadError(f"not a Personio XML feed: {_what(body)} ({error})") from error
    if root.tag != FEED_ROOT:
        raise PayloadError(f"not a Personio XML feed: root element <{root.tag}>, {_what(body)}")
    return [_element_dict(position) for position in root.iterchildren("position")]


def _what(body: bytes) -> str:
    start = body.lstrip()[:2000].lower()
    if not start:
        return "empty response body"
    if b"<html" in start:
        title = _TITLE.search(body[:20_000])
        named = (
            f" titled {collapse_whitespace(title.group(1).decode('utf-8', 'replace'))!r}"
            if title
            else ""
        )
        return f"an HTML page{named}; Personio redirects an unknown company to its marketing site"
    return f"got {body.lstrip()[:60]!r}"


def _element_dict(element: etree._Element) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for child in _children(element):
        if child.tag in LIST_FIELDS:
            result[child.tag] = [
                _element_dict(item) if _children(item) else _text(item) for item in _children(child)
            ]
        elif _children(child):
            result[child.tag] = _element_dict(child)
        else:
            result[child.tag] = _text(child)
    return result


def _children(element: etree._Element) -> list[etree._Element]:
    """Child elements only: no comments, processing instructions or unresolved entities."""
    return list(element.iterchildren(tag=etree.Element))


def _text(element: etree._Element) -> str | None:
    text = (element.text or "").strip()
    return text or None


def parse_position(position: dict[str, Any], *, board: str, host: str) -> Listing:
    tenant = host.partition(".")[0]
    position_id = position.get("id") or ""
    offices = [position.get("office"), *(position.get("additionalOffices") or [])]
    salary = position.get("salaryInformation")
    salary = salary if isinstance(salary, dict) else {}
    return Listing(
        source=SOURCE,
        board=board,
        source_id=f"{tenant}/{position_id}" if position_id else "",
        url=f"https://{host}/job/{position_id}" if position_id else "",
        title=collapse_whitespace(position.get("name") or ""),
        company=position.get("subcompany") or tenant,
        location_raw=" | ".join(o for o in offices if isinstance(o, str) and o) or None,
        description_html=_description(position.get("jobDescriptions")),
        posted_raw=position.get("createdAt"),
        employment_type_raw=", ".join(
            value for key in ("employmentType", "schedule") if (value := position.get(key))
        )
        or None,
        pay_raw=pay_text(
            salary.get("min"), salary.get("max"), salary.get("currencyCode"), salary.get("type")
        ),
        hints=structured.personio(position),
        raw=position,
    )


def _description(sections: Any) -> str | None:
    parts = []
    for section in sections or []:
        if not isinstance(section, dict) or not section.get("value"):
            continue
        name = section.get("name")
        parts.append((f"<h3>{html.escape(name)}</h3>\n" if name else "") + section["value"])
    return "\n".join(parts) or None


class PersonioSpider(SourceSpider):
    name = SOURCE
    default_api = "https://{company}.jobs.personio.de"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        for board in self.boards:
            feed_host(board)

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                feed_url(board), board=board, callback=self.parse_board, first_page=True
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject]:
        try:
            yield from parse_feed(response.body, board=board)
        except PayloadError as error:
            redirected = response.meta.get("redirect_urls")
            reason = f"{error} (redirected to {response.url})" if redirected else str(error)
            yield from self.page_failed(response.request, reason, response=response)
