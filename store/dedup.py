"""Deduplication across sources: which listings are the same opportunity.

Every listing belongs to a duplicate group (`canonical_id`). A listing joins a group through the
first of these layers that links it to a member; the layer is kept as its `canonical_reason`
(the group's founder, its oldest member, has `self`):

1. `source_id` — both carry the same posting id of the same applicant tracking system: the ATS
   listing itself, or a board or career page linking to it (any host or URL form of the posting,
   `?gh_jid=` on an employer's site included).
2. `url` — the same canonical URL (scheme, `www.`, tracking parameters, trailing slash and
   fragment ignored), and titles that could name the same job.
3. `apply_url` — one's apply URL is the other's URL, or both apply at the same URL.
4. `identity` — the same normalized company and title, compatible locations, published or first
   seen within WINDOW of each other.
5. `text` — near-identical descriptions (MinHash estimate, LSH candidates), compatible titles
   and locations; a different company name needs a near-verbatim text (staffing agencies).

The fuzzy layers (4, 5) never link two postings of one board, and never put two live postings of
one board, or two different cities, in one group: a board that lists two postings says they are
two, and a listing that names only a country must not chain a Berlin and a Munich job. Each group's
representative (`is_representative`) is its best live member: the employer's own ATS posting,
else the richest. docs/DEDUP.md gives the keys, the thresholds and their math, and the rules for
stable ids and incremental runs.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import numpy as np
from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    LargeBinary,
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql

from store.models import Listing, ListingBand
from store.models import now as utc_now

LISTINGS = cast(Table, Listing.__table__)
BANDS = cast(Table, ListingBand.__table__)

# --- Parameters (docs/DEDUP.md explains each choice) --------------------------------------------

WINDOW = timedelta(days=30)
"""Identity layer: how far apart two postings of one job may be published or first seen."""
IDENTITY_CONTAINMENT = 0.3
"""Identity layer: when both descriptions are known, the share of the shorter one's shingles
that the longer one must contain."""
SHINGLE_WORDS = 3
"""A description is the set of its runs of 3 consecutive words."""
PERMUTATIONS = 64
"""MinHash values per signature."""
BANDS_COUNT, ROWS_PER_BAND = 8, 5
"""LSH: a pair is a candidate when all 5 values of one of 8 bands agree (values 0–39; all 64
estimate the similarity)."""
MIN_SHINGLES = 30
"""Shorter descriptions get no signature: too little text to tell listings apart."""
SAME_COMPANY_SIMILARITY = 0.7
"""Text layer, same company: estimated Jaccard similarity of the shingle sets."""
SAME_COMPANY_CONTAINMENT = 0.9
"""Text layer, same company: a truncated copy (the shorter text's shingles found in the longer)."""
TRUNCATION_RATIO = 0.25
"""…when the shorter text has at least this share of the longer one's shingles."""
OTHER_COMPANY_SIMILARITY = 0.85
"""Text layer, different company names: near-verbatim copies only."""
TITLE_SIMILARITY = 0.6
"""Jaccard similarity of title words (seniority and decorations aside) for titles to agree."""
MAX_BUCKET = 200
"""A key shared by more listings than this (a careers home page, a template) links nothing."""
BATCH = 1000
GROUPED_SHARE = 4
"""Candidates come from grouped passes over whole key columns when at least 1/4 of the table
is being re-examined, from index lookups otherwise."""

ATS_SOURCES = frozenset(
    {
        "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "recruitee", "personio",
        "workday", "teamtailor", "jsonld",
    }
)  # fmt: skip
"""The employer's own posting systems: their listing represents its group."""

SELF, SOURCE_ID, URL, APPLY_URL, IDENTITY, TEXT = (
    "self", "source_id", "url", "apply_url", "identity", "text",
)  # fmt: skip
LAYERS = (SOURCE_ID, URL, APPLY_URL, IDENTITY, TEXT)
"""Strongest first: an edge found by an earlier layer wins."""
_FUZZY = frozenset({IDENTITY, TEXT})

# --- URLs and posting ids -------------------------------------------------------------------------

_TRACKING = frozenset(
    {
        "gclid", "gbraid", "wbraid", "dclid", "fbclid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "ref", "ref_src", "referer", "referrer", "source",
        "src", "lever-source", "lever-origin", "lever-via", "gh_src", "trk", "trackingid",
        "tracking_id", "campaign", "medium", "via", "share", "si", "oga",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "hsa_", "pk_", "mtm_")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# (host pattern, path pattern, key template): the ATS's own id of a posting, on any URL form.
_POSTING_URLS: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = tuple(
    (re.compile(host), re.compile(path, re.IGNORECASE), key)
    for host, path, key in (
        (r"(?:^|\.)greenhouse\.io$", r"/jobs/(?P<id>\d+)", "greenhouse:{id}"),
        (r"(?:^|\.)lever\.co$", rf"^/[^/]+/(?P<id>{_UUID})", "lever:{id}"),
        (r"^jobs\.ashbyhq\.com$", rf"^/[^/]+/(?P<id>{_UUID})", "ashby:{id}"),
        (r"(?:^|\.)workable\.com$", r"/j/(?P<id>[0-9a-z]+)", "workable:{id}"),
        (r"(?:^|\.)smartrecruiters\.com$", r"^/[^/]+/(?P<id>\d{6,})", "smartrecruiters:{id}"),
        (r"^(?P<tenant>[^.]+)\.jobs\.personio\.(?:de|com)$", r"^/job/(?P<id>\d+)",
         "personio:{tenant}/{id}"),
        (r"^(?P<tenant>[^.]+)\.wd\d+\.myworkday(?:jobs|site)\.com$",
         r"/job/.*_(?P<id>[a-z0-9-]+?)(?:-\d+)?/?$", "workday:{tenant}/{id}"),
        (r"^(?P<tenant>[^.]+)\.teamtailor\.com$", r"^/jobs/(?P<id>\d+)",
         "teamtailor:{tenant}/{id}"),
        (r"^(?P<tenant>[^.]+)\.recruitee\.com$", r"^/o/(?P<id>[^/]+)", "recruitee:{tenant}/{id}"),
    )
)  # fmt: skip
# Query parameters that name an ATS posting embedded in an employer's own careers page.
_POSTING_PARAMETERS = {"gh_jid": "greenhouse:{id}", "ashby_jid": "ashby:{id}"}
_APPLY_SUFFIX = re.compile(r"/(?:apply|application|c/new)/?$", re.IGNORECASE)


def posting_key(url: str | None) -> str | None:
    """`greenhouse:8636903002` for any URL of that Greenhouse posting; None for other URLs."""
    parts = _split(url)
    return _posting_key(*parts) if parts else None


def canonical_url(url: str | None) -> str | None:
    """`//host/path?query` with scheme, `www.`, tracking parameters, trailing slash and fragment
    dropped and the query sorted; None for something that is no page of a posting (a site root)."""
    parts = _split(url)
    return _canonical_url(*parts) if parts else None


def url_key(url: str | None) -> str | None:
    """What identifies the page a URL points at: its posting key, else its canonical URL."""
    parts = _split(url)
    return (_posting_key(*parts) or _canonical_url(*parts)) if parts else None


def _posting_key(host: str, path: str, query: str) -> str | None:
    if query:
        for name, value in parse_qsl(query):
            if name.lower() in _POSTING_PARAMETERS and value.strip():
                return _POSTING_PARAMETERS[name.lower()].format(id=value.strip().lower())
    for host_pattern, path_pattern, template in _POSTING_URLS:
        if (on_host := host_pattern.search(host)) and (in_path := path_pattern.search(path)):
            return template.format(**on_host.groupdict(), **in_path.groupdict()).lower()
    return None


def _canonical_url(host: str, path: str, query: str) -> str | None:
    path = _APPLY_SUFFIX.sub("", path).rstrip("/")
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if name.lower() not in _TRACKING and not name.lower().startswith(_TRACKING_PREFIXES)
    )
    if not path and not kept:
        return None
    return f"//{host}{path}" + (f"?{urlencode(kept)}" if kept else "")


def is_posting_key(key: str) -> bool:
    return not key.startswith("//")


def _split(url: str | None) -> tuple[str, str, str] | None:
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "") or not host:
        return None
    host = host.removeprefix("www.")
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = quote(unquote(re.sub(r"/{2,}", "/", parts.path)), safe="/-._~!$&'()*+,;=:@")
    return host, path, parts.query


def _source_posting_key(source: str, source_id: str) -> str | None:
    """The posting key an ATS listing's own id gives, for sources whose ids are the ATS's."""
    if source in ("greenhouse", "lever", "ashby", "workable", "smartrecruiters", "personio"):
        return f"{source}:{source_id.strip().lower()}"
    if source == "workday" and source_id.count("/") == 2:
        tenant, _site, requisition = source_id.lower().split("/")
        return f"workday:{tenant}/{requisition}"
    return None


# --- Companies, titles, places ------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents: `Köln` → `koln`, `Straße` → `strasse`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


_LEGAL_FORMS = _words(
    """gmbh mbh ag kg kgaa co inc incorporated llc llp lp ltd limited plc corp corporation sa sas
    sarl srl spa bv nv oy ab as aps pty pte ug haftungsbeschrankt ev se gbr ohg the"""
)


def company_key(company: str | None) -> str | None:
    """`Amplitude, Inc.` → `amplitude`; `Idealist Consulting` and `idealistconsulting` agree."""
    if not company:
        return None
    words = [w for w in re.findall(r"[a-z0-9]+", fold(company)) if w not in _LEGAL_FORMS]
    return "".join(words) or None


def _companies_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter) and len(shorter) >= 4


_GENDER = re.compile(
    r"\(\s*(?:[a-z*]{1,3}\s*[/|,]\s*){1,3}[a-z*]{1,3}\s*\)"  # (m/w/d), (f/m/x), (w/m/div)
    r"|\(\s*(?:all genders?|gn|d)\s*\)"
    r"|\b[mwfh]\s*/\s*[mwfh]\s*/\s*[dx*]\b"
    r"|(?<=\w)[:*_]in(?:nen)?\b"  # Manager:in, Praktikant*in
    r"|/-?\w*(?:frau|in)\b",  # Bankkaufmann/-frau
    re.IGNORECASE,
)
_DECORATIONS = _words(
    """remote remotely hybrid onsite hiring urgent urgently now wanted immediate immediately
    apply job opening vacancy position gesucht sofort ab 100 home office homeoffice wfh worldwide
    anywhere contract contractor freelance freelancer 1099 full part time fulltime parttime
    permanent temporary temp m w f d x h div mwd wmd fmd mfd all genders gender and or the a an
    of for to in at with und oder der die das fur im mit bei de des du la le les et y del en e
    new"""
)
_SENIORITY = _words("senior sr junior jr mid entry level")


def title_words(title: str | None) -> tuple[str, ...]:
    """The words that say which job a title is: gender markers, remote/hiring decorations,
    employment type and stop words removed, accents folded, sorted."""
    if not title:
        return ()
    words = re.findall(r"[a-z0-9]+", fold(_GENDER.sub(" ", title)))
    return tuple(sorted({w for w in words if w not in _DECORATIONS}))


def identity_key(company: str | None, title: str | None) -> str | None:
    company_part, title_part = company_key(company), " ".join(title_words(title))
    return f"{company_part}|{title_part}" if company_part and title_part else None


def title_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """How far two titles (their `title_words`) name the same job: the Jaccard similarity of
    their words, seniority aside; 0 when their seniorities conflict (a board may add "Senior",
    it does not turn "Junior" into "Senior")."""
    seniority_a, seniority_b = a & _SENIORITY, b & _SENIORITY
    if seniority_a and seniority_b and not seniority_a & seniority_b:
        return 0.0
    words_a, words_b = a - _SENIORITY, b - _SENIORITY
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)


# Words of a location that do not narrow it to a city: countries, states, regions, noise.
_NOT_CITIES = _words(
    """afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
    bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
    herzegovina botswana brazil brasil brunei bulgaria burkina faso burundi cambodia cameroon
    canada chad chile china colombia congo costa rica croatia cuba cyprus czechia czech republic
    denmark djibouti dominican ecuador egypt salvador estonia eswatini ethiopia fiji finland
    france gabon gambia georgia germany deutschland ghana greece guatemala guinea guyana haiti
    honduras hungary iceland india indonesia iran iraq ireland israel italy italia ivory coast
    jamaica japan jordan kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon lesotho
    liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta
    mauritania mauritius mexico moldova mongolia montenegro morocco mozambique myanmar namibia
    nepal netherlands nederland zealand nicaragua niger nigeria macedonia norway oman pakistan
    panama paraguay peru philippines poland portugal puerto qatar romania russia rwanda saudi
    arabia senegal serbia slovakia slovenia somalia africa korea spain espana sri lanka sudan
    suriname sweden switzerland schweiz suisse syria taiwan tajikistan tanzania thailand togo
    tunisia turkey turkiye uganda ukraine united arab emirates uae kingdom uk gb great britain
    england scotland wales northern states usa us america uruguay uzbekistan venezuela vietnam
    yemen zambia zimbabwe osterreich frankreich spanien niederlande polen
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho
    illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico carolina
    dakota ohio oklahoma oregon pennsylvania rhode island tennessee texas utah vermont virginia
    washington west wisconsin wyoming
    al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm
    ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy
    ontario quebec british columbia alberta manitoba saskatchewan nova scotia brunswick on qc bc ab
    bavaria bayern baden wurttemberg hessen hesse nordrhein westfalen nrw niedersachsen sachsen
    saxony thuringen brandenburg schleswig holstein rheinland pfalz saarland mecklenburg
    vorpommern anhalt
    europe eu emea apac latam americas asia pacific oceania nordics scandinavia dach benelux cet
    cest est edt cst cdt mst mdt pst pdt pt et bst ist aest utc gmt timezone timezones zone zones
    region regions area metro greater
    city county province state country nationwide bundesweit deutschlandweit multiple various
    several locations location flexible office hq headquarters based only preferred and or of
    the new san santa saint st los las le el de del di da do am an der im upon ciudad main
    onsite on site in hub campus"""
)
_REMOTE_WORDS = _words(
    "remote anywhere worldwide global globally homeoffice wfh distributed telecommute"
)
_CITY_ALIASES = {
    "munchen": "munich", "koln": "cologne", "wien": "vienna", "praha": "prague",
    "warszawa": "warsaw", "bengaluru": "bangalore", "gurugram": "gurgaon", "nyc": "york",
    "sf": "francisco", "geneve": "geneva", "lisboa": "lisbon", "milano": "milan", "roma": "rome",
    "firenze": "florence", "napoli": "naples", "torino": "turin", "bruxelles": "brussels",
    "brussel": "brussels", "kobenhavn": "copenhagen", "goteborg": "gothenburg",
    "nurnberg": "nuremberg", "hannover": "hanover", "athina": "athens", "moskva": "moscow",
    "frankfurt": "frankfurt", "zurich": "zurich",
}  # fmt: skip


def place_words(location: str | None) -> frozenset[str] | None:
    """The city words of a location; None when it allows anywhere (remote). Empty when it names
    no city (a country, a region, nothing)."""
    if not location:
        return frozenset()
    words = re.findall(r"[a-z]+", fold(location))
    if _REMOTE_WORDS.intersection(words):
        return None
    return frozenset(_CITY_ALIASES.get(w, w) for w in words if len(w) > 1 and w not in _NOT_CITIES)


def places_agree(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """Disjoint cities are different postings; remote, a country or no location fits any."""
    return a is None or b is None or not a or not b or bool(a & b)


# --- Description signatures (MinHash, LSH bands) -------------------------------------------------

_U64 = np.uint64
# Fixed seed: stored signatures are only comparable with signatures made by the same functions.
_RANDOM = np.random.default_rng(0x0D0B1E5)
# Tabulation hashing of words: one random number per (position in the word, byte value).
_BYTE_TABLE = _RANDOM.integers(0, 2**63, size=(64, 256), dtype=_U64)
_MULTIPLIERS = (_RANDOM.integers(0, 2**63, size=PERMUTATIONS, dtype=_U64) << _U64(1)) | _U64(1)
_OFFSETS = _RANDOM.integers(0, 2**63, size=PERMUTATIONS, dtype=_U64)
_CHAIN = _U64(0x9E3779B97F4A7C15)
# Bytes of words: ASCII letters and digits, and every byte of a non-ASCII character.
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)] = True
_WORD_BYTE[0x80:] = True
# …except U+2000–U+207F (dashes, curly quotes, bullets) and Latin-1 signs (nbsp, «, », ·).
_LATIN1_SIGNS = np.array([0xA0, 0xAB, 0xB7, 0xBB], dtype=np.uint8)
_SPACE = np.uint8(0x20)
_BYTE_TABLE[:, ~_WORD_BYTE] = 0
_BYTE_TABLE = _BYTE_TABLE.reshape(-1)


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: every output bit depends on every input bit."""
    values = values ^ (values >> _U64(30))
    values = values * _U64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> _U64(27))
    values = values * _U64(0x94D049BB133111EB)
    return values ^ (values >> _U64(31))


def _word_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of every word of the texts (lower-cased UTF-8 bytes), and the index of the
    text each word is in. Vectorised over all texts at once: no Python work per word."""
    joined = "\x00".join(text.replace("\x00", " ").lower() for text in texts)
    data = np.frombuffer(joined.encode("utf-8", "ignore"), dtype=np.uint8).copy()
    if len(data) > 2:
        punctuation = np.flatnonzero((data[:-2] == 0xE2) & ((data[1:-1] & 0xFE) == 0x80))
        for offset in range(3):
            data[punctuation + offset] = _SPACE
        signs = np.flatnonzero((data[:-1] == 0xC2) & np.isin(data[1:], _LATIN1_SIGNS))
        data[signs] = data[signs + 1] = _SPACE
    in_word = _WORD_BYTE[data]
    starts = np.flatnonzero(in_word[1:] & ~in_word[:-1]).astype(np.int32) + 1
    if len(in_word) and in_word[0]:
        starts = np.concatenate((np.zeros(1, dtype=np.int32), starts))
    if not len(starts):
        return np.empty(0, _U64), np.empty(0, np.int64)
    # Tabulation hashing: the sum of a random number per (position in the word, byte value);
    # the table is zero for separator bytes, so each segment from a word's start sums its word.
    index = np.arange(starts[0], len(data), dtype=np.int32)
    index -= np.repeat(starts, np.diff(starts, append=np.int32(len(data))))
    np.minimum(index, 63, out=index)
    index <<= 8
    index |= data[starts[0] :]
    hashes = _mix(np.add.reduceat(_BYTE_TABLE[index], starts - starts[0]))
    text_of = np.searchsorted(np.flatnonzero(data == 0), starts)
    return hashes, text_of


def _shingles(hashes: np.ndarray, text_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A hash per run of SHINGLE_WORDS consecutive words of one text, and its text's index."""
    count = len(hashes) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.empty(0, _U64), np.empty(0, np.int64)
    shingles = hashes[:count]
    for offset in range(1, SHINGLE_WORDS):
        shingles = _mix(shingles * _CHAIN + hashes[offset : offset + count])
    whole = text_of[:count] == text_of[SHINGLE_WORDS - 1 :]
    return shingles[whole], text_of[:count][whole]


def text_signatures(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The MinHash signature (PERMUTATIONS uint32 values) and the number of distinct shingles of
    each text. Permutation k maps a shingle h to the top 32 bits of a_k·h + b_k (mod 2^64), a_k
    odd: for two texts, P(their minima agree) ≈ the Jaccard similarity of their shingle sets."""
    shingles, text_of = _shingles(*_word_hashes(texts))
    signatures = np.full((len(texts), PERMUTATIONS), np.iinfo(np.uint32).max, dtype=np.uint32)
    counts = np.zeros(len(texts), dtype=np.int64)
    if not len(shingles):
        return signatures, counts
    # Distinct shingles per text: sort (text, hash) pairs packed in one integer.
    packed = np.sort((text_of.astype(_U64) << _U64(40)) | (shingles >> _U64(24)))
    first = np.ones(len(packed), dtype=bool)
    first[1:] = packed[1:] != packed[:-1]
    counts[:] = np.bincount((packed[first] >> _U64(40)).astype(np.int64), minlength=len(texts))
    present = np.flatnonzero(np.bincount(text_of, minlength=len(texts)))
    starts = np.searchsorted(text_of, present)
    for k in range(PERMUTATIONS):
        permuted = (shingles * _MULTIPLIERS[k] + _OFFSETS[k]) >> _U64(32)
        signatures[present, k] = np.minimum.reduceat(permuted, starts)
    return signatures, counts


def band_hashes(signatures: np.ndarray) -> np.ndarray:
    """One hash per LSH band of each signature (BANDS_COUNT columns), as non-negative int64."""
    values = signatures.astype(_U64)
    bands = np.empty((len(signatures), BANDS_COUNT), dtype=np.int64)
    for band in range(BANDS_COUNT):
        first = band * ROWS_PER_BAND
        hashed = _mix(values[:, first] + _U64(band))
        for row in range(first + 1, first + ROWS_PER_BAND):
            hashed = _mix(hashed * _CHAIN + values[:, row])
        bands[:, band] = (hashed >> _U64(1)).astype(np.int64)
    return bands


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two texts from their signatures."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller set inside the larger, from the Jaccard similarity J and
    the set sizes: |A∩B| = J·(|A|+|B|)/(1+J)."""
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return 0.0
    return min(1.0, jaccard * (size_a + size_b) / ((1 + jaccard) * smaller))


# --- Keys of a listing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListingKeys:
    url_key: str | None
    apply_url_key: str | None
    identity_key: str | None


def listing_keys(row: Mapping[Any, Any]) -> ListingKeys:
    """The lookup keys of a listing (source, source_id, url, apply_url, company, title)."""
    keys = [
        _source_posting_key(row["source"], row["source_id"] or ""),
        url_key(row.get("url")),
        url_key(row.get("apply_url")),
    ]
    unique = list(dict.fromkeys(key for key in keys if key))
    return ListingKeys(
        url_key=unique[0] if unique else None,
        apply_url_key=unique[1] if len(unique) > 1 else None,
        identity_key=identity_key(row.get("company"), row.get("title")),
    )


# --- What verification knows of a listing ---------------------------------------------------------


@dataclass(slots=True)
class _Features:
    id: int
    board: tuple[str, str]
    company: str | None
    title: frozenset[str]
    places: frozenset[str] | None
    posted_at: datetime | None
    first_seen_at: datetime | None
    signature: np.ndarray | None
    shingles: int


_FEATURE_COLUMNS = (
    "id", "source", "board", "company", "title", "location_text", "posted_at", "first_seen_at",
    "minhash", "shingle_count",
)  # fmt: skip


def _features(row: Mapping[Any, Any]) -> _Features:
    minhash = row["minhash"]
    return _Features(
        id=row["id"],
        board=(row["source"], row["board"] or ""),
        company=company_key(row["company"]),
        title=frozenset(title_words(row["title"])),
        places=place_words(row["location_text"]),
        posted_at=row["posted_at"],
        first_seen_at=row["first_seen_at"],
        signature=np.frombuffer(minhash, dtype="<u4") if minhash else None,
        shingles=row["shingle_count"] or 0,
    )


# A verified link: (layer, title similarity, text similarity, listing a, listing b).
_Edge = tuple[str, float, float, int, int]

# Evidence that a pair may be duplicates: which key buckets it shares.
_SHARES_POSTING, _SHARES_URL, _SHARES_APPLY, _SHARES_IDENTITY, _SHARES_BAND = 1, 2, 4, 8, 16


def _link(a: _Features, b: _Features, evidence: int) -> _Edge | None:
    """The strongest layer that makes `a` and `b` the same opportunity, as an edge that also
    carries the title and text similarities (they order edges of one layer); None when no
    layer does."""
    titles = title_similarity(a.title, b.title)
    text = (
        similarity(a.signature, b.signature)
        if a.signature is not None and b.signature is not None
        else 0.0
    )
    layer = None
    if evidence & _SHARES_POSTING:
        layer = SOURCE_ID
    elif titles >= TITLE_SIMILARITY and evidence & (_SHARES_URL | _SHARES_APPLY):
        layer = URL if evidence & _SHARES_URL else APPLY_URL
    elif a.board == b.board or not places_agree(a.places, b.places):
        return None
    elif evidence & _SHARES_IDENTITY and _within_window(a, b) and _texts_overlap(a, b, text):
        layer = IDENTITY
    elif text and titles >= TITLE_SIMILARITY and _texts_agree(a, b, text):
        layer = TEXT
    return None if layer is None else (layer, titles, text, a.id, b.id)


def _texts_agree(a: _Features, b: _Features, jaccard: float) -> bool:
    if not _companies_agree(a.company, b.company):
        return jaccard >= OTHER_COMPANY_SIMILARITY
    if jaccard >= SAME_COMPANY_SIMILARITY:
        return True
    ratio = min(a.shingles, b.shingles) / max(a.shingles, b.shingles, 1)
    return (
        ratio >= TRUNCATION_RATIO
        and containment(jaccard, a.shingles, b.shingles) >= SAME_COMPANY_CONTAINMENT
    )


def _texts_overlap(a: _Features, b: _Features, jaccard: float) -> bool:
    """Unknown texts, or texts that share a part: one company's two openings with one title in
    one place have different descriptions; a board's copy of one has (part of) the same."""
    if a.signature is None or b.signature is None:
        return True
    return containment(jaccard, a.shingles, b.shingles) >= IDENTITY_CONTAINMENT


def _within_window(a: _Features, b: _Features) -> bool:
    if a.posted_at and b.posted_at and abs(a.posted_at - b.posted_at) <= WINDOW:
        return True
    return bool(
        a.first_seen_at and b.first_seen_at and abs(a.first_seen_at - b.first_seen_at) <= WINDOW
    )


# --- The run --------------------------------------------------------------------------------------


@dataclass
class DedupResult:
    examined: int = 0
    """Pending listings (new, changed, expired, reopened or never clustered) re-clustered."""
    regrouped: int = 0
    """Unchanged members of their former groups, re-examined with them."""
    joined: dict[str, int] = field(default_factory=dict)
    """Listings now in another group than before (or in a first one), by the joining layer."""
    new_groups: int = 0
    """Groups that got a new canonical_id (singletons included)."""
    merged_groups: int = 0
    """Groups absorbed by an older group."""
    left_groups: int = 0
    """Listings that left their former group."""
    representatives_changed: int = 0
    """Existing groups whose representative is another listing than before."""


@dataclass(slots=True)
class _Member:
    """A listing's grouping as stored before this run."""

    id: int
    board: tuple[str, str]
    live: bool
    canonical_id: str | None
    reason: str | None
    representative: bool
    pending: bool


def deduplicate(
    connection: Connection, *, full: bool = False, now: datetime | None = None
) -> DedupResult:
    """Re-cluster the pending listings (new, changed, expired, reopened, never clustered) into
    duplicate groups, or every listing with `full=True`. Call inside a transaction."""
    now = now or utc_now()
    pending = _pending_ids(connection, full)
    result = DedupResult(examined=len(pending))
    if not pending:
        return result
    members = _working_set(connection, pending, full)
    provisional = _refresh_keys(connection, pending, full, now)
    result.regrouped = len(members) - len(pending)
    _refresh_statistics(connection)
    # When most of the table is pending (a first run), one grouped pass per key beats lookups.
    table_size = connection.scalar(select(func.count()).select_from(LISTINGS)) or 0
    grouped = full or len(members) * GROUPED_SHARE >= table_size
    first, second, evidence = _candidate_pairs(connection, None if grouped else sorted(members))
    if grouped and not full:
        examined = np.fromiter(members, dtype=np.int64, count=len(members))
        keep = np.isin(first, examined) | np.isin(second, examined)
        first, second, evidence = first[keep], second[keep], evidence[keep]
    edges, places = _verified_edges(connection, (first, second, evidence))
    outside = sorted({i for edge in edges for i in edge[3:]} - members.keys())
    found, found_places = _group_members(connection, outside, members)
    members.update(found)
    places.update(found_places)
    groups = _cluster(members, edges, places)
    _assign(connection, members, groups, edges, provisional, now, result)
    return result


_ANALYZE = "ANALYZE listings (url_key, apply_url_key, identity_key, canonical_id), listing_bands"


def _refresh_statistics(connection: Connection) -> None:
    """PostgreSQL plans the key and band lookups from its table statistics. Right after a crawl
    or a first run wrote most keys and bands, autovacuum has not caught up yet, and with stale
    statistics it scanned and sorted all of `listing_bands` for every chunk of lookups (3.6 s
    instead of 0.04 s per chunk at 200,000 listings; 476 s for an incremental run at 1 M)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(_ANALYZE))


def _pending_ids(connection: Connection, full: bool) -> list[int]:
    listings = LISTINGS.c
    query = select(listings.id).order_by(listings.id)
    if not full:
        query = query.where(_pending_condition())
    return list(connection.scalars(query))


def _pending_condition() -> Any:
    listings = LISTINGS.c
    return or_(
        listings.canonical_id.is_(None),
        listings.clustered_at.is_(None),
        listings.updated_at > listings.clustered_at,
        listings.expired_at > listings.clustered_at,
    )


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _refresh_keys(
    connection: Connection, ids: Sequence[int], full: bool, now: datetime
) -> set[int]:
    """Recompute the keys, signature and LSH bands of the listings `ids`, and mark them
    clustered at `now`. A listing never clustered gets the state of a group of its own (its id,
    `self`, representative) in the same write, so that the final assignment rewrites only the
    listings that turn out to have duplicates. Returns the ids given that provisional state."""
    listings = LISTINGS.c
    content = (
        listings.id, listings.source, listings.source_id, listings.url, listings.apply_url,
        listings.company, listings.title, listings.description_text, listings.canonical_id,
        listings.canonical_reason, listings.is_representative,
        listings.minhash.is_not(None).label("signed_before"),
    )  # fmt: skip
    if full:
        connection.execute(delete(BANDS))
    provisional: set[int] = set()
    for chunk in _chunks(ids):
        rows = connection.execute(select(*content).where(listings.id.in_(chunk))).mappings().all()
        signatures, counts = text_signatures([row["description_text"] or "" for row in rows])
        bands = band_hashes(signatures)
        updates: list[dict[str, Any]] = []
        band_rows: list[tuple[int, int, int]] = []
        for index, row in enumerate(rows):
            keys = listing_keys(row)
            signed = counts[index] >= MIN_SHINGLES
            grouping = (row["canonical_id"], row["canonical_reason"], row["is_representative"])
            if row["canonical_id"] is None:
                grouping = (str(row["id"]), SELF, True)
                provisional.add(row["id"])
            updates.append(
                {
                    "id": row["id"],
                    "url_key": keys.url_key,
                    "apply_url_key": keys.apply_url_key,
                    "identity_key": keys.identity_key,
                    "minhash": signatures[index].astype("<u4").tobytes() if signed else None,
                    "shingle_count": int(counts[index]),
                    "canonical_id": grouping[0],
                    "canonical_reason": grouping[1],
                    "is_representative": bool(grouping[2]),
                }
            )
            if signed:
                band_rows.extend((row["id"], band, int(h)) for band, h in enumerate(bands[index]))
        stale = [row["id"] for row in rows if row["signed_before"]]
        if stale and not full:
            connection.execute(delete(BANDS).where(BANDS.c.listing_id.in_(stale)))
        _update_by_id(connection, updates, clustered_at=now)
        _insert_bands(connection, band_rows)
    return provisional


def _update_by_id(
    connection: Connection, rows: Sequence[Mapping[str, Any]], **constants: Any
) -> None:
    """UPDATE listings row by row (`id` plus the columns to set), plus columns set to the same
    value everywhere. PostgreSQL gets one statement per batch (arrays unnested), SQLite an
    executemany, which it runs at native speed."""
    if not rows:
        return
    columns = [column for column in rows[0] if column != "id"]
    listings = LISTINGS.c
    if connection.dialect.name == "postgresql":
        arrays = {
            "id": [row["id"] for row in rows],
            **{column: [row[column] for row in rows] for column in columns},
        }
        values = (
            func.unnest(
                *(
                    bindparam(f"v_{name}", value, type_=postgresql.ARRAY(_array_type(name)))
                    for name, value in arrays.items()
                )
            )
            .table_valued(*arrays)
            .render_derived(name="v")
        )
        connection.execute(
            update(LISTINGS)
            .where(listings.id == values.c.id)
            .values({column: values.c[column] for column in columns} | constants)
        )
        return
    statement = (
        update(LISTINGS)
        .where(listings.id == bindparam("v_id"))
        .values({column: bindparam(f"v_{column}") for column in columns} | constants)
    )
    connection.execute(statement, [{f"v_{k}": v for k, v in row.items()} for row in rows])


def _array_type(column: str) -> Any:
    kind = LISTINGS.c[column].type
    return postgresql.BYTEA() if isinstance(kind, LargeBinary) else kind


def _insert_bands(connection: Connection, rows: Sequence[tuple[int, int, int]]) -> None:
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        listing_ids, bands, hashes = (list(column) for column in zip(*rows, strict=True))
        values = (
            func.unnest(
                bindparam("ids", listing_ids, type_=postgresql.ARRAY(BigInteger())),
                bindparam("bands", bands, type_=postgresql.ARRAY(Integer())),
                bindparam("hashes", hashes, type_=postgresql.ARRAY(BigInteger())),
            )
            .table_valued("listing_id", "band", "hash")
            .render_derived(name="v")
        )
        connection.execute(
            insert(BANDS).from_select(
                ["listing_id", "band", "hash"],
                select(values.c.listing_id, values.c.band, values.c.hash),
            )
        )
        return
    connection.execute(
        insert(BANDS), [{"listing_id": i, "band": band, "hash": h} for i, band, h in rows]
    )


_MEMBER_COLUMNS = (
    "id", "source", "board", "expired_at", "canonical_id", "canonical_reason",
    "is_representative",
)  # fmt: skip


@cache
def _board(source: str, board: str | None) -> tuple[str, str]:
    """One shared tuple per board: a run may hold a million members."""
    return source, board or ""


def _member(row: Mapping[Any, Any], pending: bool) -> _Member:
    return _Member(
        id=row["id"],
        board=_board(row["source"], row["board"]),
        live=row["expired_at"] is None,
        canonical_id=row["canonical_id"],
        reason=row["canonical_reason"],
        representative=bool(row["is_representative"]),
        pending=pending,
    )


def _working_set(connection: Connection, pending: Sequence[int], full: bool) -> dict[int, _Member]:
    """The pending listings and every other member of their former groups: a group is
    re-examined whole, so that a listing that changed can leave it."""
    listings = LISTINGS.c
    columns = [listings[name] for name in _MEMBER_COLUMNS]
    members: dict[int, _Member] = {}
    if full:
        for row in connection.execute(select(*columns)).mappings():
            members[row["id"]] = _member(row, pending=True)
        return members
    for chunk in _chunks(pending):
        for row in connection.execute(select(*columns).where(listings.id.in_(chunk))).mappings():
            members[row["id"]] = _member(row, pending=True)
    groups = sorted({m.canonical_id for m in members.values() if m.canonical_id})
    for chunk in _chunks(groups):
        query = select(*columns).where(listings.canonical_id.in_(chunk))
        for row in connection.execute(query).mappings():
            if row["id"] not in members:
                members[row["id"]] = _member(row, pending=False)
    return members


def _group_members(
    connection: Connection, ids: Sequence[int], known: Mapping[int, _Member]
) -> tuple[dict[int, _Member], dict[int, frozenset[str] | None]]:
    """The listings `ids` and the other members of their groups, as they stand (not pending),
    with their places."""
    listings = LISTINGS.c
    columns = [*(listings[name] for name in _MEMBER_COLUMNS), listings.location_text]
    found: dict[int, _Member] = {}
    places: dict[int, frozenset[str] | None] = {}
    for chunk in _chunks(ids):
        for row in connection.execute(select(*columns).where(listings.id.in_(chunk))).mappings():
            found[row["id"]] = _member(row, pending=False)
            places[row["id"]] = place_words(row["location_text"])
    groups = sorted({m.canonical_id for m in found.values() if m.canonical_id})
    for chunk in _chunks(groups):
        query = select(*columns).where(listings.canonical_id.in_(chunk))
        for row in connection.execute(query).mappings():
            if row["id"] not in known and row["id"] not in found:
                found[row["id"]] = _member(row, pending=False)
                places[row["id"]] = place_words(row["location_text"])
    return found, places


# A bucket: listings sharing one key, with how each holds it (0: its url_key, 1: its apply_url_key).
_Bucket = list[tuple[int, int]]


class _Pairs:
    """Candidate pairs with the evidence they share, held compactly: a pair sharing several
    buckets (all bands of two identical texts) is recorded once per bucket until `merged`."""

    def __init__(self) -> None:
        self.first, self.second, self.evidence = array("q"), array("q"), array("b")

    def add(self, a: int, b: int, evidence: int) -> None:
        self.first.append(min(a, b))
        self.second.append(max(a, b))
        self.evidence.append(evidence)

    def merged(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Distinct pairs (first < second, sorted) and the union of their evidence."""
        first = np.frombuffer(self.first, dtype=np.int64)
        second = np.frombuffer(self.second, dtype=np.int64)
        evidence = np.frombuffer(self.evidence, dtype=np.int8)
        if not len(first):
            return first, second, evidence
        order = np.lexsort((second, first))
        first, second, evidence = first[order], second[order], evidence[order]
        new = np.ones(len(first), dtype=bool)
        new[1:] = (first[1:] != first[:-1]) | (second[1:] != second[:-1])
        starts = np.flatnonzero(new)
        return first[starts], second[starts], np.bitwise_or.reduceat(evidence, starts)


def _candidate_pairs(
    connection: Connection, examined: Sequence[int] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of listings sharing a key bucket, with the evidence they share. `examined` None:
    every pair in the table, from one grouped pass per key; else the pairs with a listing of
    `examined`, found through the indexes of the key columns and the bands table."""
    pairs = _Pairs()
    if examined is None:
        for kind, key, bucket in _grouped_buckets(connection):
            _pair_up(pairs, kind, key, bucket, None)
        return pairs.merged()
    for chunk in _chunks(examined):
        mine = set(chunk)
        for kind, key, bucket in _looked_up_buckets(connection, chunk):
            _pair_up(pairs, kind, key, bucket, mine)
    return pairs.merged()


def _pair_up(pairs: _Pairs, kind: str, key: Any, bucket: _Bucket, mine: set[int] | None) -> None:
    """Record the pairs of a bucket (those with a listing of `mine`, when given)."""
    if len(bucket) > MAX_BUCKET:
        return
    for i, (a, held_a) in enumerate(bucket):
        if mine is not None and a not in mine:
            continue
        for b, held_b in bucket if mine is not None else bucket[i + 1 :]:
            if a == b:
                continue
            if kind == "url":
                if is_posting_key(key):
                    evidence = _SHARES_POSTING
                else:
                    evidence = _SHARES_URL if held_a == held_b == 0 else _SHARES_APPLY
            else:
                evidence = _SHARES_IDENTITY if kind == "identity" else _SHARES_BAND
            pairs.add(a, b, evidence)


def _url_keys() -> Any:
    """Every URL key with its listing and how the listing holds it (0: url, 1: apply URL)."""
    listings = LISTINGS.c
    return union_all(
        select(listings.url_key.label("key"), listings.id.label("id"), _held(0)).where(
            listings.url_key.is_not(None)
        ),
        select(listings.apply_url_key.label("key"), listings.id.label("id"), _held(1)).where(
            listings.apply_url_key.is_not(None)
        ),
    ).subquery("urls")


def _grouped_buckets(connection: Connection) -> Iterator[tuple[str, Any, _Bucket]]:
    listings, bands = LISTINGS.c, BANDS.c
    urls = _url_keys()
    yield from _grouped(connection, "url", [urls.c.key], urls.c.id, urls.c.held, urls)
    identity = (
        select(listings.identity_key.label("key"), listings.id.label("id"))
        .where(listings.identity_key.is_not(None))
        .subquery("identity")
    )
    yield from _grouped(connection, "identity", [identity.c.key], identity.c.id, None, identity)
    yield from _grouped(connection, "band", [bands.band, bands.hash], bands.listing_id, None, BANDS)


def _looked_up_buckets(
    connection: Connection, chunk: Sequence[int]
) -> Iterator[tuple[str, Any, _Bucket]]:
    listings, bands = LISTINGS.c, BANDS.c
    keys = connection.execute(
        select(listings.url_key, listings.apply_url_key, listings.identity_key).where(
            listings.id.in_(chunk)
        )
    ).all()
    urls = _url_keys()
    for part in _chunks(sorted({key for row in keys for key in row[:2] if key})):
        query = select(urls.c.key, urls.c.id, urls.c.held).where(urls.c.key.in_(part))
        yield from _collect(connection, "url", query.order_by(urls.c.key), 1)
    for part in _chunks(sorted({row[2] for row in keys if row[2]})):
        query = select(listings.identity_key, listings.id, _held(0)).where(
            listings.identity_key.in_(part)
        )
        yield from _collect(connection, "identity", query.order_by(listings.identity_key), 1)
    mine = BANDS.alias("mine")
    query = (
        select(bands.band, bands.hash, bands.listing_id, _held(0))
        .join(mine, (mine.c.band == bands.band) & (mine.c.hash == bands.hash))
        .where(mine.c.listing_id.in_(chunk))
        .distinct()
        .order_by(bands.band, bands.hash)
    )
    yield from _collect(connection, "band", query, 2)


def _held(value: int) -> Any:
    """A constant column: how the listings of a bucket hold its key."""
    return literal(value, Integer()).label("held")


def _grouped(
    connection: Connection,
    kind: str,
    key_columns: list[Any],
    id_column: Any,
    held_column: Any,
    source: Any,
) -> Iterator[tuple[str, Any, _Bucket]]:
    """Buckets of keys held by 2 to MAX_BUCKET listings, in one ordered pass over `source`.

    A window count rather than a join with a grouped subquery: PostgreSQL cannot estimate how
    many groups a HAVING keeps, and a wrong guess made it plan a nested loop over the table."""
    held = held_column if held_column is not None else _held(0)
    counted = (
        select(
            *key_columns,
            id_column.label("id"),
            held.label("held"),
            func.count().over(partition_by=key_columns).label("listings"),
        )
        .select_from(source)
        .subquery("counted")
    )
    keys = [counted.c[column.name] for column in key_columns]
    query: Select[Any] = (
        select(*keys, counted.c.id, counted.c.held)
        .where(counted.c.listings.between(2, MAX_BUCKET))
        .order_by(*keys)
    )
    yield from _collect(connection, kind, query, len(key_columns), stream=True)


def _collect(
    connection: Connection, kind: str, query: Select[Any], key_width: int, *, stream: bool = False
) -> Iterator[tuple[str, Any, _Bucket]]:
    """Rows ordered by key → buckets of the listings sharing a key (two or more). `stream`:
    fetch in batches (a whole-table pass), else at once (lookups: a cursor would make
    PostgreSQL plan for the first rows, not the whole result)."""
    if stream:
        query = query.execution_options(yield_per=10_000)
    bucket: _Bucket = []
    current: Any = None
    for row in connection.execute(query):
        key = row[0] if key_width == 1 else tuple(row[:key_width])
        if key != current:
            if len(bucket) > 1:
                yield kind, current, bucket
            bucket, current = [], key
        bucket.append((row[key_width], row[key_width + 1]))
    if len(bucket) > 1:
        yield kind, current, bucket


def _verified_edges(
    connection: Connection, pairs: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[list[_Edge], dict[int, frozenset[str] | None]]:
    """The candidate pairs some layer links, strongest first, and the places of their ends."""
    first, second, evidence = pairs
    features: dict[int, _Features] = {}
    places: dict[int, frozenset[str] | None] = {}
    edges: list[_Edge] = []
    listings = LISTINGS.c
    columns = [listings[name] for name in _FEATURE_COLUMNS]
    for start in range(0, len(first), 20 * BATCH):
        part = slice(start, start + 20 * BATCH)
        if len(features) > 100 * BATCH:  # bounded memory: features are reloaded when needed
            features.clear()
        wanted = np.union1d(first[part], second[part])
        missing = [int(i) for i in wanted if int(i) not in features]
        for chunk in _chunks(missing):
            query = select(*columns).where(listings.id.in_(chunk))
            for row in connection.execute(query).mappings():
                features[row["id"]] = _features(row)
        for a, b, shared in zip(
            first[part].tolist(), second[part].tolist(), evidence[part].tolist(), strict=True
        ):
            edge = _link(features[a], features[b], shared)
            if edge is not None:
                edges.append(edge)
                places[a], places[b] = features[a].places, features[b].places
    edges.sort(key=lambda e: (LAYERS.index(e[0]), -e[1], -e[2], e[3], e[4]))
    return edges, places


class _Groups:
    """Union-find over listing ids. A group also knows the boards of its live members and the
    cities of its members: a fuzzy link never merges two groups that hold two live postings of
    one board, or two different cities (a listing that names only a country would otherwise
    chain a Berlin and a Munich posting of one company together)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.live_boards: dict[int, set[tuple[str, str]]] = {}
        self.cities: dict[int, set[frozenset[str]]] = {}

    def add(self, member: _Member, places: frozenset[str] | None) -> None:
        if member.id not in self.parent:
            self.parent[member.id] = member.id
            self.live_boards[member.id] = {member.board} if member.live else set()
            self.cities[member.id] = {places} if places else set()

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int, *, fuzzy: bool) -> None:
        root_a, root_b = sorted((self.find(a), self.find(b)))
        if root_a == root_b:
            return
        if fuzzy and (
            self.live_boards[root_a] & self.live_boards[root_b]
            or not all(a & b for a in self.cities[root_a] for b in self.cities[root_b])
        ):
            return
        self.parent[root_b] = root_a
        self.live_boards[root_a] |= self.live_boards.pop(root_b)
        self.cities[root_a] |= self.cities.pop(root_b)


def _cluster(
    members: Mapping[int, _Member],
    edges: Sequence[_Edge],
    places: Mapping[int, frozenset[str] | None],
) -> list[list[_Member]]:
    """Groups after this run: the examined listings linked by `edges` (strongest first, Kruskal
    style: a fuzzy edge that would put two live postings of one board, or two cities, together
    is skipped), the untouched groups they reach kept whole. Singletons included."""
    examined_groups = {m.canonical_id for m in members.values() if m.pending}
    untouched: dict[str, list[_Member]] = defaultdict(list)
    for member in members.values():
        if member.canonical_id and member.canonical_id not in examined_groups:
            untouched[member.canonical_id].append(member)
    groups = _Groups()
    for group in untouched.values():
        for member in group:
            groups.add(member, places.get(member.id))
            groups.union(group[0].id, member.id, fuzzy=False)
    for layer, _titles, _text, a, b in edges:
        groups.add(members[a], places.get(a))
        groups.add(members[b], places.get(b))
        groups.union(a, b, fuzzy=layer in _FUZZY)
    clusters: dict[int, list[_Member]] = defaultdict(list)
    alone: list[list[_Member]] = []
    for member in members.values():
        if member.id in groups.parent:
            clusters[groups.find(member.id)].append(member)
        else:
            alone.append([member])
    return [*clusters.values(), *alone]


def _age(canonical_id: str) -> tuple[int, int, str]:
    """Order of birth of group ids: `123` (from listing 123), then `123.1`, `123.2`…"""
    number, _, suffix = canonical_id.partition(".")
    if number.isdigit() and (not suffix or suffix.isdigit()):
        return int(number), int(suffix or 0), ""
    return 2**62, 0, canonical_id


_RANK_COLUMNS = (
    "remote", "pay_status", "pay_min", "pay_max", "pay_currency", "pay_period",
    "hours_per_week_min", "hours_per_week_max", "total_hours_min", "total_hours_max",
    "duration_days_min", "duration_days_max", "duration_class", "is_short_term",
    "valid_through", "start_date",
)  # fmt: skip


def _ranks(connection: Connection, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """Representative order: the employer's own posting, then the longest description, then the
    most classification fields filled, then the oldest. Greater is better."""
    listings = LISTINGS.c
    columns = [
        listings.id, listings.source, listings.first_seen_at, listings.employment_types,
        func.coalesce(func.length(listings.description_text), 0).label("length"),
        *(listings[name] for name in _RANK_COLUMNS),
    ]  # fmt: skip
    ranks: dict[int, tuple[Any, ...]] = {}
    for chunk in _chunks(ids):
        for row in connection.execute(select(*columns).where(listings.id.in_(chunk))).mappings():
            filled = sum(row[name] is not None for name in _RANK_COLUMNS)
            filled += bool(row["employment_types"])
            seen = row["first_seen_at"].timestamp() if row["first_seen_at"] else 0.0
            ats = row["source"] in ATS_SOURCES
            ranks[row["id"]] = (ats, row["length"], filled, -seen, -row["id"])
    return ranks


def _assign(
    connection: Connection,
    members: Mapping[int, _Member],
    groups: Sequence[list[_Member]],
    edges: Sequence[_Edge],
    provisional: set[int],
    now: datetime,
    result: DedupResult,
) -> None:
    """Give each group its id, founder, reasons and representative; write what differs from
    what the rows hold (their former state, or the provisional one `_refresh_keys` wrote)."""
    canonical_ids, keeper = _group_ids(connection, members, groups, result)
    group_of = {m.id: index for index, group in enumerate(groups) if len(group) > 1 for m in group}
    # The strongest link of each listing, and of each untouched former group, inside its group.
    best: dict[int | str, str] = {}
    for layer, _titles, _text, a, b in edges:
        if a in group_of and group_of[a] == group_of.get(b):
            for end in (a, b):
                best.setdefault(end, layer)
                if not members[end].pending and members[end].canonical_id:
                    best.setdefault(cast(str, members[end].canonical_id), layer)
    old_representative = {m.canonical_id: m.id for m in members.values() if m.representative}
    ranks = _ranks(connection, [m.id for group in groups if len(group) > 1 for m in group])
    changes: list[dict[str, Any]] = []
    for index, (group, canonical_id) in enumerate(zip(groups, canonical_ids, strict=True)):
        founder = min(m.id for m in group)
        live = [m for m in group if m.live] or group
        representative = max(live, key=lambda m: ranks[m.id]).id if len(group) > 1 else founder
        before = old_representative.get(canonical_id)
        if before is not None and before != representative:
            result.representatives_changed += 1
        for member in group:
            moved = member.canonical_id != canonical_id
            if member.id == founder:
                reason = SELF
            elif member.pending or moved or member.reason in (None, SELF):
                reason = best.get(member.id) or best.get(member.canonical_id or "") or TEXT
            else:
                reason = cast(str, member.reason)
            if moved:
                if member.canonical_id and keeper[member.canonical_id] != index:
                    result.left_groups += 1
                if reason != SELF:
                    result.joined[reason] = result.joined.get(reason, 0) + 1
            state = (canonical_id, reason, member.id == representative)
            stored = (
                (str(member.id), SELF, True)
                if member.id in provisional
                else (member.canonical_id, member.reason, member.representative)
            )
            if state != stored:
                changes.append(
                    {
                        "id": member.id,
                        "canonical_id": canonical_id,
                        "canonical_reason": reason,
                        "is_representative": member.id == representative,
                    }
                )
            if len(changes) >= 5000:
                _update_by_id(connection, changes, clustered_at=now)
                changes = []
    _update_by_id(connection, changes, clustered_at=now)


def _group_ids(
    connection: Connection,
    members: Mapping[int, _Member],
    groups: Sequence[list[_Member]],
    result: DedupResult,
) -> tuple[list[str], dict[str, int]]:
    """Each group's canonical_id, and which group kept each former id.

    A former id stays with the group holding most of its former members, then the one holding
    its former representative, then its oldest listing. A group keeping several former ids (a
    merge) takes the oldest. A group keeping none gets the id of its oldest listing, with a
    `.N` suffix when a group that listing left still uses it.
    """
    old_representative = {m.canonical_id: m.id for m in members.values() if m.representative}
    claims: dict[str, tuple[tuple[int, bool, int], int]] = {}
    for index, group in enumerate(groups):
        held = Counter(m.canonical_id for m in group if m.canonical_id)
        if not held:
            continue
        ids = {m.id for m in group}
        for canonical_id, count in held.items():
            bid = (count, old_representative.get(canonical_id) in ids, -min(ids))
            if canonical_id not in claims or bid > claims[canonical_id][0]:
                claims[canonical_id] = (bid, index)
    kept: dict[int, list[str]] = defaultdict(list)
    for canonical_id, (_bid, index) in claims.items():
        kept[index].append(canonical_id)
    canonical_ids: list[str | None] = [None] * len(groups)
    for index, kept_ids in kept.items():
        oldest, *absorbed = sorted(kept_ids, key=_age)
        canonical_ids[index] = oldest
        result.merged_groups += len(absorbed)

    founders = {i: min(m.id for m in groups[i]) for i, v in enumerate(canonical_ids) if not v}
    fresh = {index: str(founder) for index, founder in founders.items()}
    taken = set(claims)
    listings = LISTINGS.c
    # Only a listing that was in a group before can have left its id to a group outside this
    # run: listing ids are never reused, so a new listing's id names no group yet.
    regrouped = sorted(fresh[i] for i, f in founders.items() if members[f].canonical_id)
    for chunk in _chunks(regrouped):
        query = select(listings.canonical_id, listings.id).where(listings.canonical_id.in_(chunk))
        taken.update(
            value for value, listing in connection.execute(query) if listing not in members
        )
    for index, proposal in fresh.items():
        candidate = proposal
        if candidate in taken:
            query = select(listings.canonical_id, listings.id).where(
                listings.canonical_id.startswith(f"{proposal}.", autoescape=True)
            )
            taken.update(
                value for value, listing in connection.execute(query) if listing not in members
            )
            suffix = 1
            while (candidate := f"{proposal}.{suffix}") in taken:
                suffix += 1
        taken.add(candidate)
        canonical_ids[index] = candidate
        result.new_groups += 1
    return cast(list[str], canonical_ids), {g: index for g, (_bid, index) in claims.items()}
