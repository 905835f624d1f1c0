"""Decoding what a source sent — JSON that may be truncated or not JSON at all — and turning its
postings into listings without letting one bad posting stop the rest.

Pure functions, no Scrapy: spiders call them, tests call them directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from opportunities.items import Listing, Reject

T = TypeVar("T")

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class PayloadError(ValueError):
    """The response as a whole is unusable: not JSON, an HTML page, or the wrong shape."""


def describe_non_json(text: str) -> str:
    """Why `text` is not the JSON we asked for, in words an operator can act on."""
    stripped = text.lstrip()
    if not stripped:
        return "empty response body where JSON was expected"
    if stripped.startswith("<"):
        title = _TITLE.search(stripped[:20_000])
        named = f" (title: {' '.join(title.group(1).split())[:120]!r})" if title else ""
        return f"expected JSON, got an HTML or XML page{named}"
    return f"expected JSON, got {stripped[:60]!r}…"


def decode_json(text: str, *, salvage_array: str | None = None) -> tuple[Any, str | None]:
    """Decode a JSON body. Returns (data, problem).

    When the body is cut short and `salvage_array` names the top-level key of the postings array
    (`"jobs"`), the complete postings before the cut are kept: data is `{key: [...]}` and problem
    says how much was salvaged. Raises PayloadError when nothing usable is left.
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        if salvage_array is None or text.lstrip()[:1] not in ("{", "["):
            if text.lstrip()[:1] in ("{", "["):
                raise PayloadError(f"invalid JSON: {error}") from error
            raise PayloadError(describe_non_json(text)) from error
        salvaged = _salvage(text, salvage_array)
        if salvaged is None:
            raise PayloadError(f"invalid JSON: {error}") from error
        return (
            {salvage_array: salvaged},
            f"truncated or invalid JSON ({error}); {len(salvaged)} complete postings salvaged",
        )


def _salvage(text: str, key: str) -> list[Any] | None:
    """The complete elements of the array under `key` in a JSON text cut short."""
    match = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
    if match is None:
        return None
    decoder = json.JSONDecoder()
    position = match.end()
    items: list[Any] = []
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return items
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return items
        items.append(item)


def clip(text: str, limit: int = 65_536) -> str:
    """At most `limit` characters of a response body kept in a reject."""
    return text if len(text) <= limit else text[:limit] + f"… [{len(text) - limit} more characters]"


# What reading a posting of an unexpected shape raises: a missing key, a wrong type, a bad value.
UNREADABLE = (KeyError, TypeError, ValueError, AttributeError)


def each_posting(
    postings: Iterable[T],
    parse: Callable[[T], Listing],
    *,
    source: str,
    board: str,
    url: str | Callable[[T], str | None] | None = None,
    what: str = "posting",
    payload: Callable[[T], Any] | None = None,
) -> Iterator[Listing | Reject]:
    """`parse` applied to every posting of a response; one that cannot be read becomes a Reject
    saying why (keeping the posting, or `payload(posting)`), and never stops the others.

    `url` names the posting's URL for the reject: a key of a dict posting, or a function."""
    for posting in postings:
        try:
            yield parse(posting)
        except UNREADABLE as error:
            where = _posting_url(posting, url)
            yield Reject(
                source=source,
                board=board,
                url=where if isinstance(where, str) else None,
                reason=f"unusable {what}: {type(error).__name__}: {error}",
                payload=payload(posting) if payload is not None else posting,
            )


def _posting_url(posting: Any, url: str | Callable[[Any], str | None] | None) -> str | None:
    try:
        if callable(url):
            return url(posting)
        return posting.get(url) if url is not None and isinstance(posting, dict) else None
    except UNREADABLE:  # the posting is too broken to name its URL
        return None
