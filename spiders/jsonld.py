"""Any career page that publishes schema.org `JobPosting` structured data.

Arguments: `-a url=URL[,URL…]`: a posting page, a listing (career) page, a sitemap
(`…/sitemap.xml`, `.xml.gz`, a sitemap index) or a site's `robots.txt` (its `Sitemap:` lines).
Without it the spider crawls the URLs listed under `[jsonld]` in sources.toml. Each start URL is
one board. `-a api_base=` replaces scheme and host of every request, as for every spider.

What a page yields:
- every JobPosting in its JSON-LD blocks: top-level objects, lists, `@graph`, and postings nested
  in other nodes (an `ItemList` of postings); `{"@id": …}` references inside a posting are
  resolved against the block's nodes. Microdata (read with extruct) is the fallback when no
  JSON-LD posting is found.
- real-world JSON-LD is often invalid: raw newlines, tabs and unescaped quotes inside
  `description`, trailing commas, comments, HTML-comment or CDATA wrappers, HTML-escaped
  scripts. `load_jsonld` repairs these; a block naming JobPosting that still cannot be read is
  stored as a reject.
- a page without JobPosting yields nothing and is not an error. When it is a start page or a
  page found by following links (depth < MAX_DEPTH), it is read as a listing page: its links to
  pages of the same site that look like postings (a job-URL path pattern, or a child path of
  the listing page) are followed. Sitemaps give posting URLs directly (filtered by the same
  pattern unless the sitemap itself is a jobs sitemap); sitemap indexes are followed
  MAX_SITEMAP_NESTING deep. At most MAX_PAGES requests per board; reaching it makes the board
  incomplete.

Fields mapped (`listing_from_posting`, shared with the Teamtailor spider): title, description,
datePosted, validThrough, employmentType, hiringOrganization, jobLocation,
jobLocationType (TELECOMMUTE), applicantLocationRequirements, baseSalary, workHours,
identifier, directApply, inLanguage; `structured.jsonld` turns them into hints. Posting URLs are
canonical: the posting's `url`, else the page's `<link rel=canonical>`, else the page address,
without tracking parameters (utm_*, gclid, fbclid, ref, source, …) and fragments. The canonical
URL is the listing's `source_id` (an `identifier` disambiguates several postings on one page).

Terms: each site's own; robots.txt is obeyed (ROBOTSTXT_OBEY) and the default per-host politeness
applies.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import extruct
import lxml.html
from lxml import etree
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from normalize import structured
from normalize.text import collapse_whitespace, unescape_markup
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, SpiderArgumentError, http_url, with_api_base
from spiders._payload import PayloadError, clip, each_posting

SOURCE = "jsonld"
MAX_DEPTH = 2
MAX_SITEMAP_NESTING = 3
MAX_PAGES = 500
MAX_SOURCE_ID = 255
SITEMAP_MAX_SIZE = 50 * 1024 * 1024

TRACKING_PARAMETERS = frozenset(
    {"gclid", "gclsrc", "dclid", "fbclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
     "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref", "ref_src", "referrer", "source", "src",
     "trk", "trkid", "tracking", "trackingid", "gh_src", "lever-origin", "lever-source",
     "lever-source[]", "utm"}
)  # fmt: skip
JOB_PATH = re.compile(
    r"/(?:jobs?|careers?|positions?|vacanc(?:y|ies)|openings?|opportunit(?:y|ies)|stellen|"
    r"stellenangebote?|stellenanzeigen?|jobboerse|karriere|offres?|emplois?|empleos?|ofertas?|"
    r"vagas|vacatures?|requisitions?|postings?|viewjob)(?:[/?.]|$)",
    re.IGNORECASE,
)
NOT_A_POSTING = re.compile(
    r"\.(?:pdf|jpe?g|png|gif|svg|webp|ico|css|js|zip|docx?|xlsx?|pptx?|mp[34]|xml|json|rss)$|"
    r"/(?:apply|login|log-in|signin|sign-in|register|signup|sign-up|oauth|auth|logout|account|"
    r"share|print)(?:/|$)",
    re.IGNORECASE,
)


# URLs ------------------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """`url` without tracking parameters and fragment; scheme and host lower-cased."""
    parts = urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _tracking(key)
    ]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )


def _tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMETERS or key.startswith(("utm_", "pk_", "hsa_", "mtm_"))


def same_site(url: str, other: str) -> bool:
    return _host(url) == _host(other)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def looks_like_posting(url: str, *, listing_url: str) -> bool:
    """A link worth following from a listing page: a job-like path, or a path below the listing
    page's own (`/careers` → `/careers/123-engineer`)."""
    path = urlsplit(url).path
    if NOT_A_POSTING.search(path):
        return False
    listing_path = urlsplit(listing_url).path.rstrip("/")
    below = bool(listing_path) and path.startswith(listing_path + "/")
    return below or bool(JOB_PATH.search(path))


# Reading JSON-LD -------------------------------------------------------------------------------

_WRAPPERS = re.compile(r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|//\s*<!\[CDATA\[|<!\[CDATA\[)|"
                       r"(?:-->|/\*\s*\]\]>\s*\*/|//\s*\]\]>|\]\]>)\s*$")  # fmt: skip


def load_jsonld(text: str) -> tuple[Any, bool]:
    """(data, repaired) from the text of a JSON-LD script; ValueError when nothing helps."""
    cleaned = _WRAPPERS.sub("", text.strip()).strip().rstrip(";").strip()
    candidates = [cleaned]
    if "&quot;" in cleaned or "&#34;" in cleaned:
        candidates.append(html.unescape(cleaned))
    for candidate in candidates:
        try:
            return json.loads(candidate, strict=False), candidate is not cleaned
        except ValueError:
            pass
        try:
            return json.loads(repair_json(candidate), strict=False), True
        except ValueError:
            pass
    raise ValueError("unreadable JSON-LD")


def repair_json(text: str) -> str:
    """Escape what sites leave unescaped inside strings (quotes, control characters), drop
    JavaScript-only escapes (`\\'`) and, outside strings, comments and trailing commas.

    A `"` inside a string ends it only when what follows can continue the JSON (`,` before a key
    or value, `:`, `}`, `]`, or the end); otherwise it is a quote in the text.
    """
    out: list[str] = []
    index, length, in_string = 0, len(text), False
    while index < length:
        char = text[index]
        if in_string:
            if char == "\\":
                following = text[index + 1 : index + 2]
                if following and following in '"\\/bfnrtu':
                    out.append(char + following)
                    index += 2
                else:  # JavaScript escapes such as \' are not JSON: keep the character only
                    index += 1
                continue
            if char == '"':
                in_string = not _closes_string(text, index + 1)
                out.append('"' if not in_string else '\\"')
            elif char in "\n\r\t":
                out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char])
            else:
                out.append(char)
            index += 1
            continue
        if char == '"':
            in_string = True
        elif text.startswith("//", index):
            end = text.find("\n", index)
            index = length if end < 0 else end
            continue
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = length if end < 0 else end + 2
            continue
        elif char == "," and _next_char(text, index + 1) in ("}", "]"):
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _next_position(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _next_char(text: str, index: int) -> str:
    position = _next_position(text, index)
    return text[position] if position < len(text) else ""


def _closes_string(text: str, index: int) -> bool:
    position = _next_position(text, index)
    if position >= len(text) or text[position] in ":}]":
        return True
    if text[position] != ",":
        return False
    after = _next_position(text, position + 1)
    return (
        after >= len(text)
        or text[after] in '"}]{[-0123456789/'
        or text.startswith(("true", "false", "null"), after)
    )


def _is_job_posting(node: Mapping[str, Any]) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(kind, str) and re.split(r"[/:#]", kind)[-1] == "JobPosting" for kind in kinds
    )


def job_postings(data: Any) -> list[dict[str, Any]]:
    """Every JobPosting in decoded JSON-LD (lists, `@graph`, nested nodes), `@id` references
    resolved."""
    found: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if isinstance(node.get("@id"), str) and len(node) > 1:
                nodes.setdefault(node["@id"], node)
            if _is_job_posting(node):
                found.append(node)
                return
            for key, value in node.items():
                if key != "@context":
                    walk(value)

    walk(data)
    return [{key: _resolve(value, nodes) for key, value in p.items()} for p in found]


def _resolve(value: Any, nodes: Mapping[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in nodes:
        return nodes[value["@id"]]
    if isinstance(value, list):
        return [_resolve(item, nodes) for item in value]
    return value


# Reading a page --------------------------------------------------------------------------------


@dataclass
class Page:
    """What an HTML page holds for us."""

    url: str
    postings: list[dict[str, Any]] = field(default_factory=list)
    canonical: str | None = None
    links: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    """JSON-LD blocks that name JobPosting but could not be read."""
    repaired: int = 0
    """JSON-LD blocks read only after repair."""


def read_page(body: bytes | str, *, url: str, encoding: str = "utf-8") -> Page:
    """JobPostings, canonical URL and links of an HTML page; `url` is its real address."""
    page = Page(url=url)
    if isinstance(body, str):
        body, encoding = body.encode("utf-8"), "utf-8"
    if not body.strip():
        return page
    parser = lxml.html.HTMLParser(encoding=encoding, no_network=True)
    try:
        tree = lxml.html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError):
        return page
    base = url
    for href in tree.xpath("//base/@href")[:1]:
        base = urljoin(url, href.strip())
    for script in tree.xpath("//script[@type]"):
        if script.get("type", "").strip().lower().split(";")[0] != "application/ld+json":
            continue
        text = script.text or ""
        try:
            data, repaired = load_jsonld(text)
        except ValueError:
            if "JobPosting" in text:
                page.broken.append(text)
            continue
        postings = job_postings(data)
        if repaired and postings:
            page.repaired += 1
        page.postings.extend(postings)
    if not page.postings:
        page.postings = _microdata_postings(tree, base)
    for href in tree.xpath("//link[@rel][@href]"):
        if "canonical" in href.get("rel", "").lower().split():
            page.canonical = canonical_url(urljoin(base, href.get("href").strip()))
            break
    links = (urljoin(base, href.strip()) for href in tree.xpath("//a/@href"))
    page.links = list(dict.fromkeys(
        canonical_url(link) for link in links if urlsplit(link).scheme in ("http", "https")
    ))  # fmt: skip
    return page


def _microdata_postings(tree: Any, base: str) -> list[dict[str, Any]]:
    data = extruct.extract(tree, base_url=base, syntaxes=["microdata"], uniform=True,
                           errors="log")  # fmt: skip
    return job_postings(data.get("microdata", []))


def job_links(page: Page) -> list[str]:
    """Links of a listing page to what look like posting pages of the same site."""
    own = canonical_url(page.url)
    return [
        link
        for link in page.links
        if link != own and same_site(link, page.url) and looks_like_posting(link,
                                                                            listing_url=page.url)
    ]  # fmt: skip


def parse_page(page: Page, *, board: str) -> Iterator[Listing | Reject]:
    """A Listing per JobPosting of the page (a posting we cannot use is a Reject), and a Reject
    for each unreadable JSON-LD block that names JobPosting."""
    page_url = page.canonical or canonical_url(page.url)
    urls = [_posting_url(posting, page_url) for posting in page.postings]
    shared = {url for url, count in Counter(urls).items() if count > 1}
    entries = []  # (posting, its URL, its source id)
    for number, (posting, url) in enumerate(zip(page.postings, urls, strict=True), start=1):
        source_id = url
        if url in shared:
            source_id = f"{url}#{_identifier(posting.get('identifier')) or number}"
        entries.append((posting, url, _bounded(source_id)))
    yield from each_posting(
        entries,
        lambda entry: listing_from_posting(
            entry[0], source=SOURCE, board=board, url=entry[1], source_id=entry[2]
        ),
        source=SOURCE, board=board, url=lambda entry: entry[1], what="JobPosting",
        payload=lambda entry: entry[0],
    )  # fmt: skip
    for text in page.broken:
        yield Reject(
            source=SOURCE,
            board=board,
            url=page.url,
            reason="unreadable JSON-LD block naming JobPosting",
            payload=clip(text),
        )


def _posting_url(posting: Mapping[str, Any], page_url: str) -> str:
    url = posting.get("url")
    if isinstance(url, str) and url.strip():
        absolute = urljoin(page_url, url.strip())
        if urlsplit(absolute).scheme in ("http", "https"):
            return canonical_url(absolute)
    return page_url


def _bounded(source_id: str) -> str:
    if len(source_id) <= MAX_SOURCE_ID:
        return source_id
    return "sha1:" + hashlib.sha1(source_id.encode("utf-8")).hexdigest()


# JobPosting → Listing --------------------------------------------------------------------------


def listing_from_posting(
    posting: Mapping[str, Any], *, source: str, board: str, url: str, source_id: str
) -> Listing:
    """A Listing from a schema.org JobPosting (also used by the Teamtailor spider)."""
    description = posting.get("description")
    employment = posting.get("employmentType")
    return Listing(
        source=source,
        board=board,
        source_id=source_id,
        url=url,
        apply_url=url if posting.get("directApply") is True else None,
        title=_text(posting.get("title") or posting.get("name")),
        company=_text(_name(posting.get("hiringOrganization"))) or None,
        location_raw=" | ".join(_locations(posting)) or None,
        description_html=unescape_markup(description) if isinstance(description, str) else None,
        language=_language(posting.get("inLanguage")),
        posted_raw=_scalar(posting.get("datePosted")),
        employment_type_raw=", ".join(_strings(employment)) or None,
        pay_raw=_salary_text(posting.get("baseSalary")),
        hints=structured.jsonld(posting),
        raw=dict(posting),
    )


def _text(value: object) -> str:
    return collapse_whitespace(html.unescape(value)) if isinstance(value, str) else ""


def _scalar(value: object) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _strings(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def _name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Mapping):
        name = value.get("name")
        return name.strip() or None if isinstance(name, str) else None
    return None


def _identifier(value: object) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("value")
    return _scalar(value)


def _language(value: object) -> str | None:
    name = _name(value) if not isinstance(value, str) else value
    match = re.match(r"([a-z]{2})(?:[-_]|$)", (name or "").strip().lower())
    return match.group(1) if match else None


def _locations(posting: Mapping[str, Any]) -> list[str]:
    places = posting.get("jobLocation")
    places = places if isinstance(places, list) else [places]
    texts = [text for place in places if (text := _place(place))]
    remote = any(t.upper() == "TELECOMMUTE" for t in _strings(posting.get("jobLocationType")))
    requirements = posting.get("applicantLocationRequirements")
    requirements = requirements if isinstance(requirements, list) else [requirements]
    allowed = [name for item in requirements if (name := _name(item))]
    if remote:
        texts.append(f"Remote ({', '.join(allowed)})" if allowed else "Remote")
    else:
        texts.extend(allowed)
    return list(dict.fromkeys(texts))


def _place(place: object) -> str | None:
    if isinstance(place, str):
        return collapse_whitespace(place) or None
    if not isinstance(place, Mapping):
        return None
    address = place.get("address")
    if isinstance(address, str) and address.strip():
        return collapse_whitespace(address)
    if isinstance(address, Mapping):
        parts = [
            _name(address.get(key))
            for key in ("addressLocality", "addressRegion", "addressCountry")
        ]
        text = ", ".join(dict.fromkeys(part for part in parts if part))
        if text:
            return text
    return _name(place)


def _salary_text(salary: object) -> str | None:
    """baseSalary as text: "AUD 130,000–160,000 per YEAR"."""
    if isinstance(salary, list):
        texts = [text for item in salary if (text := _salary_text(item))]
        return "; ".join(texts) or None
    if isinstance(salary, str | int | float) and not isinstance(salary, bool):
        return str(salary)
    if not isinstance(salary, Mapping):
        return None
    value, unit = salary.get("value"), salary.get("unitText")
    if isinstance(value, Mapping):
        unit = value.get("unitText") or unit
        low, high = value.get("minValue"), value.get("maxValue")
        amounts = [_amount(v) for v in (low, high) if _amount(v)] or [_amount(value.get("value"))]
    else:
        amounts = [_amount(value)]
    amount_text = "–".join(a for a in amounts if a)
    if not amount_text:
        return None
    parts = [_scalar(salary.get("currency")), amount_text, f"per {unit}" if unit else None]
    return " ".join(part for part in parts if part)


def _amount(value: object) -> str | None:
    number = structured.amount(value)
    if number is None:
        return None
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"


# Sitemaps --------------------------------------------------------------------------------------


def read_sitemap(body: bytes, *, url: str) -> tuple[list[str], list[str]]:
    """(child sitemaps, posting URLs) of a sitemap or sitemap index, limited to the same site
    and to job-like URLs unless the sitemap itself is about jobs. PayloadError when unreadable."""
    try:
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=SITEMAP_MAX_SIZE)
        sitemap = Sitemap(body)
        entries = list(sitemap)
    except (etree.XMLSyntaxError, StopIteration, ValueError, OSError) as error:
        raise PayloadError(f"unreadable sitemap: {type(error).__name__}: {error}") from error
    locations = [canonical_url(urljoin(url, entry["loc"])) for entry in entries if entry.get("loc")]
    locations = [loc for loc in dict.fromkeys(locations) if same_site(loc, url)]
    if sitemap.type == "sitemapindex":
        jobs = [loc for loc in locations if _about_jobs(loc)]
        return jobs or locations, []
    if sitemap.type != "urlset":
        return [], []
    if _about_jobs(url):
        return [], [loc for loc in locations if not NOT_A_POSTING.search(urlsplit(loc).path)]
    return [], [loc for loc in locations if looks_like_posting(loc, listing_url=url)]


def _about_jobs(sitemap_url: str) -> bool:
    """`/sitemap-jobs.xml`, `/careers/sitemap.xml`: a sitemap of postings."""
    path = urlsplit(sitemap_url).path.lower()
    return "job" in path or "career" in path or bool(JOB_PATH.search(path))


def is_sitemap(body: bytes, url: str) -> bool:
    if body[:2] == b"\x1f\x8b":
        return True
    head = body[:1000].lstrip().lower()
    return (head.startswith(b"<?xml") or urlsplit(url).path.endswith(".xml")) and (
        b"<urlset" in head or b"<sitemapindex" in head
    )


def robots_sitemaps(text: str, *, url: str) -> list[str]:
    return [canonical_url(link) for link in sitemap_urls_from_robots(text, base_url=url)
            if same_site(link, url)]  # fmt: skip


# The spider ------------------------------------------------------------------------------------


class JsonLdSpider(SourceSpider):
    name = SOURCE
    default_api = ""  # no API: the start URLs are the pages
    arguments = frozenset({"url", "api_base"})

    def __init__(self, *, url: str | None = None, **kwargs: Any):
        if "board" in kwargs:
            raise SpiderArgumentError(f"{SOURCE}: pass the pages with -a url=URL[,URL…]")
        super().__init__(board=url, **kwargs)
        self.url = url
        for board in self.boards:
            http_url(board, argument="url")
        self.requested: Counter[str] = Counter()

    @property
    def operator_hosts(self) -> frozenset[str]:
        """The pages' hosts too: an intranet career page named with `-a url=` may be fetched."""
        pages = {urlsplit(board).hostname for board in self.boards}
        return super().operator_hosts | {host for host in pages if host}

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self._page(board, board, first_page=True)

    def _page(
        self, url: str, board: str, *, depth: int = 0, nesting: int = 0, first_page: bool = False
    ) -> Request:
        self.requested[board] += 1
        return self.api_request(
            url,
            board=board,
            callback=self.parse_response,
            first_page=first_page,
            cb_kwargs={"depth": depth, "nesting": nesting},
        )

    def _follow(
        self, urls: Iterable[str], board: str, *, depth: int = 0, nesting: int = 0
    ) -> Iterator[Request]:
        for url in urls:
            if self.requested[board] >= MAX_PAGES:
                problem = f"stopped at {MAX_PAGES} pages; more links were not followed"
                if problem not in self.outcomes[board].problems:
                    self.outcomes[board].problems.append(problem)
                return
            yield self._page(url, board, depth=depth, nesting=nesting)

    def real_url(self, response: Response) -> str:
        """The page's address on the real site (the mirror's when no api_base is set)."""
        api_url = response.meta.get("api_url", response.url)
        if not response.meta.get("redirect_urls"):
            return api_url
        if not self.api_base:
            return response.url
        parts = urlsplit(api_url)
        return with_api_base(response.url, f"{parts.scheme}://{parts.netloc}")

    def parse_response(
        self, response: Response, board: str, depth: int, nesting: int
    ) -> Iterator[Listing | Reject | Request]:
        url = self.real_url(response)
        stats = self.crawler.stats
        if urlsplit(url).path.endswith("/robots.txt") and isinstance(response, TextResponse):
            sitemaps = robots_sitemaps(response.text, url=url)
            yield from self._follow(sitemaps, board, depth=MAX_DEPTH, nesting=nesting + 1)
            return
        if is_sitemap(response.body, url):
            if nesting > MAX_SITEMAP_NESTING:
                return
            try:
                sitemaps, pages = read_sitemap(response.body, url=url)
            except PayloadError as error:
                yield from self.page_failed(response.request, str(error), response=response)
                return
            yield from self._follow(sitemaps, board, depth=MAX_DEPTH, nesting=nesting + 1)
            yield from self._follow(pages, board, depth=MAX_DEPTH)
            return
        if not isinstance(response, TextResponse):
            if response.meta.get("first_page"):
                yield from self.page_failed(response.request, "not an HTML page", response=response)
            stats.inc_value(f"{self.name}/not_html")
            return
        page = read_page(response.body, url=url, encoding=response.encoding)
        stats.inc_value(f"{self.name}/pages")
        if page.repaired:
            stats.inc_value(f"{self.name}/jsonld_repaired", page.repaired)
        yield from parse_page(page, board=board)
        if page.postings:
            return
        stats.inc_value(f"{self.name}/pages_without_jobposting")
        if depth < MAX_DEPTH:
            yield from self._follow(job_links(page), board, depth=depth + 1)
