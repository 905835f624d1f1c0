"""Hacker News "Ask HN: Who is hiring?" threads, through the Algolia HN Search API.

Endpoints (hn.algolia.com, no key):
- `GET /api/v1/search_by_date?tags=story,author_whoishiring`: the monthly stories of the
  `whoishiring` account, newest first. We take the newest whose title starts with the board's
  prefix: board `hiring` = "Ask HN: Who is hiring?" (never its sibling "Ask HN: Who wants to be
  hired?"), board `freelance` = "Ask HN: Freelancer? Seeking freelancer?". `-a thread=ID` skips
  the lookup and crawls that story (as the single board named, default `hiring`).
- `GET /api/v1/search?tags=comment,story_{id}&hitsPerPage=1000&page=N`: every comment of the
  story; paged until `nbPages`. Only top-level comments (`parent_id` == story id) are postings;
  replies, deleted, dead/flagged and empty comments are skipped.

Each top-level comment is one listing: by convention its first line is
"Company | Role | Location | REMOTE/ONSITE | Type | Pay", but many posts deviate (other
separators, missing or reordered fields, "Company: X" label lines, prose). `parse_header` reads
what it can; the rest of the comment is the description, the first line is kept whole in the raw
payload. Remote/onsite and employment-type words of the header become hints; pay stays text
(`pay_raw`) for the normalizer.

Quirks: Algolia caps a query at 1000 hits (`paginationLimitedTo`): when `nbHits` says there are
more comments than the pages returned, the board is reported incomplete. `comment_text` is HTML
with `<p>` paragraph breaks and entity-escaped punctuation (`&#x27;`, `&#x2F;`).

Terms: the Algolia HN API is public and keyless (about 10,000 requests an hour per IP); posts
belong to their authors, each listing links to its comment on news.ycombinator.com.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

from scrapy.http import Request, Response

from normalize import structured
from normalize.text import collapse_whitespace, html_to_text
from opportunities.items import Listing, Reject
from spiders._base import SourceSpider, SpiderArgumentError
from spiders._payload import PayloadError, each_posting

SOURCE = "hackernews"
API = "https://hn.algolia.com/api/v1"
STORIES_URL = f"{API}/search_by_date?tags=story,author_whoishiring"
THREAD_TITLES = {
    "hiring": "Ask HN: Who is hiring?",
    "freelance": "Ask HN: Freelancer? Seeking freelancer?",
}
HITS_PER_PAGE = 1000
SKIPPED_TEXTS = frozenset({"", "[dead]", "[deleted]", "[flagged]"})


def comments_url(story_id: str, page: int = 0) -> str:
    return f"{API}/search?tags=comment,story_{story_id}&hitsPerPage={HITS_PER_PAGE}&page={page}"


def item_url(object_id: str) -> str:
    return f"https://news.ycombinator.com/item?id={object_id}"


def latest_thread(data: Any, *, board: str) -> tuple[str, str]:
    """(story id, title) of the newest story of the board's kind in a `search_by_date` answer."""
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise PayloadError("expected an object with a `hits` array (Algolia search response)")
    prefix = THREAD_TITLES[board].lower()
    stories = [
        hit
        for hit in data["hits"]
        if isinstance(hit, dict)
        and str(hit.get("title") or "").strip().lower().startswith(prefix)
        and hit.get("objectID")
    ]
    if not stories:
        raise PayloadError(f"no {THREAD_TITLES[board]!r} story among the whoishiring stories")
    newest = max(stories, key=lambda hit: hit.get("created_at_i") or hit.get("created_at") or "")
    return str(newest["objectID"]), str(newest["title"])


@dataclass(frozen=True)
class CommentPage:
    """One page of a story's comments: the postings, and where the paging stands."""

    items: list[Listing | Reject]
    page: int
    pages: int
    hits: int
    total: int | None


def parse_comments(data: Any, *, board: str, story_id: str) -> CommentPage:
    """Listings for the top-level comments of one `search?tags=comment,story_{id}` page."""
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise PayloadError("expected an object with a `hits` array (Algolia search response)")
    items: list[Listing | Reject] = [
        Reject(source=SOURCE, board=board, reason="hit is not an object", payload=hit)
        for hit in data["hits"]
        if not isinstance(hit, dict)
    ]
    top_level = [
        hit for hit in data["hits"]
        if isinstance(hit, dict) and str(hit.get("parent_id")) == story_id and not _skipped(hit)
    ]  # fmt: skip
    items.extend(
        each_posting(
            top_level, lambda hit: parse_comment(hit, board=board), source=SOURCE, board=board,
            url=lambda hit: item_url(str(hit.get("objectID"))), what="comment",
        )
    )  # fmt: skip
    total = data.get("nbHits")
    return CommentPage(
        items=items,
        page=_int(data.get("page"), 0),
        pages=_int(data.get("nbPages"), 1),
        hits=len(data["hits"]),
        total=total if isinstance(total, int) else None,
    )


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _skipped(hit: dict[str, Any]) -> bool:
    if hit.get("dead") or hit.get("deleted"):
        return True
    text = hit.get("comment_text")
    return not isinstance(text, str) or html_to_text(text).strip().lower() in SKIPPED_TEXTS


def parse_comment(hit: dict[str, Any], *, board: str) -> Listing:
    object_id = str(hit["objectID"])
    _, body_html = split_first_line(hit["comment_text"])
    header = parse_header(html_to_text(hit["comment_text"]))
    return Listing(
        source=SOURCE,
        board=board,
        source_id=object_id,
        url=item_url(object_id),
        title=header.title,
        company=header.company,
        location_raw=" | ".join(header.locations) or None,
        description_html=body_html or hit["comment_text"],
        posted_raw=_timestamp(hit.get("created_at")) or _timestamp(hit.get("created_at_i")),
        employment_type_raw=" | ".join(header.types) or None,
        pay_raw=" | ".join(header.pay) or None,
        hints=header.hints(),
        raw=hit,
    )


def _timestamp(value: object) -> str | None:
    """ISO 8601 text or epoch seconds, as text for `posted_raw`."""
    if isinstance(value, str):
        return value.strip() or None
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


# The first line ------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"<p>|<br\s*/?>|\n", re.IGNORECASE)


def split_first_line(comment_html: str) -> tuple[str, str]:
    """(first line, the rest) of a comment's HTML; HN separates paragraphs with `<p>`."""
    text = comment_html.strip()
    while True:
        parts = _LINE_BREAK.split(text, maxsplit=1)
        first = parts[0]
        rest = parts[1].strip() if len(parts) > 1 else ""
        if html_to_text(first).strip() or not rest:
            return first, rest
        text = rest


_REMOTE = re.compile(r"\b(?:remote|wfh|work from home|anywhere|telecommute)\b", re.IGNORECASE)
_NO_REMOTE = re.compile(r"\b(?:no|not)\s+remote\b", re.IGNORECASE)
_ONSITE = re.compile(
    r"\b(?:on-?site|on site|in[- ]office|in[- ]person|office-based)\b", re.IGNORECASE
)
_HYBRID = re.compile(
    r"\b(?:hybrid|remote days?|days? remote|partially remote|partly remote|"
    r"\d\s*days?\s*(?:a|per)\s*week\s*(?:in|on)[- ]?(?:the )?(?:office|site))\b",
    re.IGNORECASE,
)
_TYPE_WORDS = re.compile(
    r"\b(full[- ]?time|part[- ]?time|contract(?:or|ors|ing)?|freelance(?:r|rs)?|"
    r"intern(?:s|ship|ships)?|permanent|perm|temporary|temp|fte|co-?op|seasonal|fixed[- ]term|"
    r"volunteer|1099)\b",
    re.IGNORECASE,
)
_TYPE_ALIASES = {
    "fte": "full time", "perm": "permanent", "interns": "intern", "contractors": "contractor",
    "freelancers": "freelancer", "contracting": "contract",
}  # fmt: skip
_PAY = re.compile(
    r"[$€£¥₹]|\d\s?[kK]\b|\b(?:salary|salaries|compensation|comp|equity|usd|eur|gbp|chf|cad|aud|"
    r"per hour|/hr|/hour|hourly|/yr|stipend|paid|pay)\b",
    re.IGNORECASE,
)
_VISA = re.compile(r"\b(?:visas?|h-?1b|sponsorship|sponsor|relocation)\b", re.IGNORECASE)
_LINK = re.compile(
    r"https?://|www\.|\S+@\S+\.\w+|\b[\w-]+\.(?:com|io|ai|co|org|net|app|dev|tech|jobs|nyc|me|ly|"
    r"so|sh|de|uk|ca|fr|nl|jp|in)\b",
    re.IGNORECASE,
)
_ROLE = re.compile(
    r"\b(?:engineers?|engineering|developers?|devs?|designers?|managers?|scientists?|"
    r"researchers?|analysts?|architects?|administrators?|admins?|sre|devops|leads?|head|"
    r"directors?|vp|cto|interns?|internships?|writers?|recruiters?|specialists?|consultants?|"
    r"advocates?|technicians?|instructors?|teachers?|programmers?|hackers?|generalists?|"
    r"officers?|representatives?|executives?|coordinators?|associates?|accountants?|counsel|"
    r"roles?|positions?|openings?|jobs?|product|marketing|sales|support|qa|testers?|"
    r"full[- ]?stack|front[- ]?end|back[- ]?end|mobile|ios|android|data|ml|ai|security|ops|"
    r"operations|design|research|infrastructure|platform|co-?founder|founder)\b",
    re.IGNORECASE,
)
# A first field that is a job title rather than a company: it ends with a role noun or starts
# with a rank.
_ROLE_FIRST = re.compile(
    r"(?:\b(?:engineers?|developers?|designers?|managers?|scientists?|analysts?|architects?|"
    r"interns?|writers?|specialists?|consultants?|programmers?|researchers?|administrators?)"
    r"(?:\s*\([^)]*\))?$)|^(?:senior|sr\.?|junior|jr\.?|lead|principal|staff|head of|vp|"
    r"director|chief)\b",
    re.IGNORECASE,
)
_PLACES = (
    "new york|nyc|ny|san francisco|sf|bay area|silicon valley|los angeles|la|seattle|boston|"
    "cambridge|austin|chicago|denver|boulder|portland|atlanta|miami|washington|dc|philadelphia|"
    "pittsburgh|detroit|dallas|houston|san diego|san jose|palo alto|mountain view|menlo park|"
    "sunnyvale|cupertino|oakland|berkeley|redmond|toronto|montreal|vancouver|ottawa|waterloo|"
    "calgary|london|manchester|edinburgh|dublin|berlin|munich|hamburg|frankfurt|amsterdam|"
    "rotterdam|paris|lyon|madrid|barcelona|lisbon|porto|zurich|geneva|vienna|prague|warsaw|"
    "krakow|stockholm|copenhagen|oslo|helsinki|tallinn|riga|vilnius|budapest|bucharest|athens|"
    "milan|rome|brussels|tel aviv|dubai|bangalore|bengaluru|mumbai|delhi|pune|hyderabad|"
    "singapore|hong kong|tokyo|seoul|shanghai|beijing|shenzhen|taipei|sydney|melbourne|"
    "auckland|sao paulo|são paulo|buenos aires|mexico city|guadalajara|bogota|medellin|"
    "santiago|lagos|nairobi|cape town|"
    "us|usa|u\\.s\\.|united states|uk|u\\.k\\.|united kingdom|canada|germany|france|spain|"
    "netherlands|switzerland|austria|sweden|norway|denmark|finland|poland|portugal|italy|"
    "ireland|israel|india|japan|china|australia|new zealand|brazil|mexico|argentina|estonia|"
    "europe|eu|emea|apac|latam|americas|north america|south america|asia|africa|worldwide|"
    "global|anywhere|hq|international"
)
_PLACE = re.compile(rf"\b(?:{_PLACES})\b", re.IGNORECASE)
_CITY_STATE = re.compile(r"\b[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+)*,\s?[A-Z]{2}\b")
_LABEL = re.compile(
    r"^\s*(company|position|positions|role|roles|title|job title|job|location|locations|"
    r"remote|salary|compensation|pay|type|job type|employment type|employment)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_LABEL_FIELDS = {
    "company": "company", "position": "role", "positions": "role", "role": "role",
    "roles": "role", "title": "role", "job title": "role", "job": "role",
    "location": "location", "locations": "location", "remote": "remote",
    "salary": "pay", "compensation": "pay", "pay": "pay", "type": "type",
    "job type": "type", "employment type": "type", "employment": "type",
}  # fmt: skip
_SEPARATORS = (" - ", " – ", " — ", " · ", " • ", "; ", " -- ")
_DASH = re.compile(r"\s+[-–—]\s+")
_IS_HIRING = re.compile(r"^(.{2,60}?)\s+(?:is|are)\s+(?:hiring|looking)\b", re.IGNORECASE)
_URL_IN_PARENS = re.compile(r"\(\s*(?:https?://|www\.)[^)]*\)|\(\s*[\w-]+\.\w{2,}[^)\s]*\s*\)")
_URL = re.compile(r"https?://[^\s)]+")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_SENTENCE = re.compile(r"\b[a-z]{3,}[.!?]\s+[A-Z]")
MAX_FIELD = 120  # longer "fields" with a sentence in them are prose run into the first line
MAX_TITLE = 200


@dataclass
class Header:
    """What the first line of a post says, field by field, as written."""

    line: str
    company: str | None = None
    roles: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    pay: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The role(s); the whole first line when no field names a role."""
        title = ", ".join(self.roles) or self.line
        return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"

    def hints(self) -> dict[str, Any]:
        return structured.merge(self._remote_hint(), structured.employment_types(self._types()))

    def _remote_hint(self) -> dict[str, Any]:
        """ "ONSITE or REMOTE" is remote (the work can be done away from the site, DESIGN §3);
        hybrid and onsite only when no remote option is named."""
        text = " | ".join(self.remote)
        if _REMOTE.search(_HYBRID.sub("", _NO_REMOTE.sub("", text))):
            return {"remote": "remote"}
        if _HYBRID.search(text):
            return {"remote": "hybrid"}
        if _ONSITE.search(text) or _NO_REMOTE.search(text):
            return {"remote": "onsite"}
        return {}

    def _types(self) -> list[str]:
        words = []
        for text in self.types:
            for match in _TYPE_WORDS.finditer(text):
                if not text[: match.start()].lower().endswith(("no ", "not ")):
                    word = match.group(1).lower().replace("-", " ")
                    words.append(_TYPE_ALIASES.get(word, word))
        # "Contract or Perm" offers a choice: it does not make the engagement open-ended.
        if "permanent" in words and len(
            {w for w in words if w != "permanent"}
            - {"full time", "fulltime", "part time", "parttime"}
        ):
            words = [w for w in words if w != "permanent"]
        return words


def parse_header(text: str) -> Header:
    """Company, role(s), location(s), remote status, type and pay from the first line(s) of a
    post (plain text; later lines are read for "Company: X" labels and a second field line)."""
    lines = [collapse_whitespace(part) for part in text.splitlines() if part.strip()]
    if not lines:
        return Header(line="")
    labelled = _labelled(lines)
    if labelled is not None:
        return labelled
    header = Header(line=lines[0])
    segments = _segments(lines[0])
    if len(segments) == 1:
        _prose(header, lines[0])
        return header
    _classify(header, segments)
    if not header.roles and len(lines) > 1 and "|" in lines[1]:
        # "MOKA Analytics | New York City, NY" then "Senior Engineer | Full-time | Onsite".
        _classify(header, _segments(lines[1]), with_company=False)
    return header


def _labelled(lines: list[str]) -> Header | None:
    found: dict[str, list[str]] = {}
    for text in lines[:12]:
        match = _LABEL.match(text)
        if match:
            found.setdefault(_LABEL_FIELDS[match.group(1).lower()], []).append(match.group(2))
    if "company" not in found and len(found) < 2:
        return None
    header = Header(line=lines[0])
    header.company = _clean_company(found["company"][0]) if "company" in found else None
    header.roles = found.get("role", [])
    header.locations = found.get("location", [])
    header.remote = found.get("remote", []) + [
        text for text in found.get("location", []) + found.get("type", []) + header.roles
        if _REMOTE.search(text) or _ONSITE.search(text) or _HYBRID.search(text)
    ]  # fmt: skip
    header.types = found.get("type", []) + [t for t in header.roles if _TYPE_WORDS.search(t)]
    header.pay = found.get("pay", [])
    return header


def _segments(line: str) -> list[str]:
    if "|" in line:
        parts = line.split("|")
        # "Credit Karma - SF, LA, and Charlotte, NC | Onsite only"
        parts[:1] = _DASH.split(parts[0])
    else:
        counts = {separator: line.count(separator) for separator in _SEPARATORS}
        separator = max(counts, key=lambda sep: counts[sep])
        parts = line.split(separator) if counts[separator] else [line]
    parts = [_EMPTY_PARENS.sub("", _URL.sub("", part)).strip(" -–—·•;,") for part in parts]
    return [part for part in parts if part]


def _prose(header: Header, line: str) -> None:
    """A first line without separators: "Acme is hiring …", "Acme, Remote" or just a name."""
    match = _IS_HIRING.match(line)
    if match and not match.group(1).lower().startswith(("we ", "i ", "our ")):
        header.company = _clean_company(match.group(1))
    elif len(line) <= 60 and len(line.split()) <= 6 and not line.endswith((".", "?", "!", ":")):
        pieces = [piece.strip() for piece in line.split(",")]
        if len(pieces) > 1 and all(_kinds(piece) - {"role"} for piece in pieces[1:]):
            _classify(header, pieces)
            return
        header.company = _clean_company(line)
    else:
        return  # a sentence about the company says nothing structured about the role
    _claim(header, line, _kinds(line))


def _kinds(segment: str) -> set[str]:
    if len(segment) > 2 * MAX_FIELD or (len(segment) > MAX_FIELD and _SENTENCE.search(segment)):
        return {"prose"}
    kinds = set()
    if _REMOTE.search(segment) or _ONSITE.search(segment) or _HYBRID.search(segment):
        kinds.add("remote")
    if _TYPE_WORDS.search(segment):
        kinds.add("types")
    if _PAY.search(segment):
        kinds.add("pay")
    if _VISA.search(segment):
        kinds.add("visa")
    if _LINK.search(segment):
        kinds.add("link")
    if _CITY_STATE.search(segment) or _PLACE.search(segment):
        kinds.add("location")
    if _ROLE.search(_TYPE_WORDS.sub("", segment)):  # "INTERNS" alone is a type, not a role
        kinds.add("role")
    return kinds


def _claim(header: Header, segment: str, kinds: set[str]) -> None:
    if "remote" in kinds:
        header.remote.append(segment)
    if "types" in kinds:
        header.types.append(segment)
    if "pay" in kinds and "visa" not in kinds:
        header.pay.append(segment)
    if "location" in kinds and not kinds & {"pay", "link"}:
        header.locations.append(segment)


_NOT_ROLE = frozenset({"remote", "pay", "link", "visa", "location", "prose"})


def _classify(header: Header, segments: list[str], *, with_company: bool = True) -> None:
    kinds = [_kinds(segment) for segment in segments]
    company_at = _company_index(segments, kinds) if with_company else None
    if company_at is not None:
        header.company = _clean_company(segments[company_at])
    others = [(s, k) for i, (s, k) in enumerate(zip(segments, kinds, strict=True))
              if i != company_at]  # fmt: skip
    for segment, segment_kinds in others:
        _claim(header, segment, segment_kinds)
    header.roles += [
        s for s, k in others
        if "role" in k and not k & _NOT_ROLE - ({"location"} if _ROLE_FIRST.search(s) else set())
    ]  # fmt: skip


def _company_index(segments: list[str], kinds: list[set[str]]) -> int | None:
    """The first field, unless it is clearly a place, a job title or a remote/type/pay field;
    then the first later field that is nothing else."""
    first, first_kinds = segments[0], kinds[0]
    place_only = _CITY_STATE.fullmatch(first) or (
        _PLACE.search(first) and len(_PLACE.sub("", first).strip(" ,.()")) <= 3
    )
    if not (place_only or _ROLE_FIRST.search(first) or first_kinds & {"remote", "types", "pay"}):
        return 0
    for index, segment_kinds in enumerate(kinds[1:], start=1):
        if not segment_kinds - {"link"} and not _URL.match(segments[index]):
            return index
    return None


def _clean_company(text: str) -> str | None:
    text = _EMPTY_PARENS.sub("", _URL.sub("", _URL_IN_PARENS.sub("", text)))
    return collapse_whitespace(_DASH.split(text, maxsplit=1)[0]).strip(" ,;:|-") or None


class HackerNewsSpider(SourceSpider):
    name = SOURCE
    default_api = "https://hn.algolia.com"
    default_boards = ("hiring",)
    arguments = SourceSpider.arguments | {"thread"}

    def __init__(self, *, thread: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        unknown = [board for board in self.boards if board not in THREAD_TITLES]
        if unknown:
            raise SpiderArgumentError(
                f"{self.name}: unknown board(s) {', '.join(unknown)}; "
                f"known: {', '.join(THREAD_TITLES)}"
            )
        self.thread = thread.strip() if thread else None
        if self.thread is not None:
            if not self.thread.isdigit():
                raise SpiderArgumentError(f"-a thread={thread!r}: expected a story id")
            if len(self.boards) != 1:
                raise SpiderArgumentError(f"{self.name}: -a thread= crawls a single board")

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            if self.thread is not None:
                yield self._comments_request(board, self.thread, 0, first_page=True)
            else:
                yield self.api_request(
                    STORIES_URL, board=board, callback=self.parse_stories, first_page=True
                )

    def _comments_request(
        self, board: str, story_id: str, page: int, *, first_page: bool = False
    ) -> Request:
        return self.api_request(
            comments_url(story_id, page),
            board=board,
            callback=self.parse_comments,
            first_page=first_page,
            cb_kwargs={"story_id": story_id, "seen": 0},
        )

    def parse_stories(self, response: Response, board: str) -> Iterator[Request | Reject]:
        def follow(data: Any) -> Iterator[Request]:
            story_id, title = latest_thread(data, board=board)
            self.logger.info("%s board %r: thread %s %r", self.name, board, story_id, title)
            yield self._comments_request(board, story_id, 0, first_page=True)

        yield from self.parse_json(response, follow)  # type: ignore[arg-type, misc]

    def parse_comments(
        self, response: Response, board: str, story_id: str, seen: int
    ) -> Iterator[Listing | Reject | Request]:
        def follow(data: Any) -> Iterator[Listing | Reject | Request]:
            page = parse_comments(data, board=board, story_id=story_id)
            yield from page.items
            hits = seen + page.hits
            if page.page + 1 < page.pages and page.hits:
                request = self._comments_request(board, story_id, page.page + 1)
                request.cb_kwargs["seen"] = hits
                yield request
            elif page.total is not None and hits < page.total:
                self.outcomes[board].problems.append(
                    f"Algolia returned {hits} of {page.total} comments of story {story_id}"
                )

        yield from self.parse_json(response, follow, salvage_array="hits")  # type: ignore[arg-type]
