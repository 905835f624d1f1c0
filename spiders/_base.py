"""What every spider shares: arguments, `sources.toml` boards, `api_base`, and a per-board record of
what went wrong.

A spider subclasses `SourceSpider`, sets `name` and `default_api`, builds its requests with
`api_request`, and hands each response body to its module's pure parse functions via
`parse_json`. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit, urlunsplit

import scrapy
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.http import basic_auth_header

from opportunities.items import Listing, Reject
from opportunities.sources import load_sources
from spiders._payload import PayloadError, clip, decode_json

# A paged source's parse step also yields the request for its next page.
Parsed = Iterable[Listing | Reject | Request]


class SpiderArgumentError(ValueError):
    """A `-a name=value` argument the spider cannot use."""


def http_url(value: str, *, argument: str) -> str:
    """`value` if it is an absolute http(s) URL, else a SpiderArgumentError naming the argument."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SpiderArgumentError(f"-a {argument}={value!r}: expected an http(s) URL")
    return value.strip()


def json_text(response: Response) -> str:
    """The body of a JSON response as text. JSON travels as UTF-8 (RFC 8259 §8.1) whatever charset
    the Content-Type claims, so a body that is valid UTF-8 is read as UTF-8 (a server declaring
    ISO-8859-1 would otherwise garble every accent); anything else in the declared charset."""
    try:
        return response.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return response.text


def without_credentials(url: str) -> tuple[str, bytes | None]:
    """`url` without its `user:password@`, and those credentials as a Basic `Authorization` header
    value: sent as a header, they never show in a request URL that Scrapy logs."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    netloc = parts.netloc.rpartition("@")[2]
    authorization = basic_auth_header(unquote(parts.username or ""), unquote(parts.password or ""))
    return urlunsplit(parts._replace(netloc=netloc)), authorization


def with_api_base(url: str, api_base: str | None) -> str:
    """`url` with its scheme and host replaced by those of `api_base`; path and query unchanged."""
    if not api_base:
        return url
    base, parts = urlsplit(api_base), urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


@dataclass
class BoardOutcome:
    """How the crawl of one board went: `failed` when its first page failed (nothing known about
    the board), `incomplete` when a later page or a detail request failed."""

    failure: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.failure:
            return "failed"
        return "incomplete" if self.problems else "complete"

    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = {"status": self.status}
        if self.failure:
            report["failure"] = self.failure
        if self.problems:
            report["problems"] = self.problems[:20]
        return report


class SourceSpider(scrapy.Spider):
    default_api: ClassVar[str]
    """Scheme and host of the real API, e.g. `https://boards-api.greenhouse.io`."""
    arguments: ClassVar[frozenset[str]] = frozenset({"board", "api_base"})
    """The `-a` arguments this spider accepts."""
    default_boards: ClassVar[tuple[str, ...]] = ()
    """What to crawl when neither `-a board=` nor sources.toml names boards: `("",)` for a
    source with a single feed."""

    def __init__(self, *, board: str | None = None, api_base: str | None = None, **kwargs: Any):
        unknown = set(kwargs) - set(self.arguments) - {"name", "_job"}
        if unknown:
            raise SpiderArgumentError(
                f"{self.name}: unknown argument(s) {', '.join(sorted(unknown))}; "
                f"accepted: {', '.join(sorted(self.arguments))}"
            )
        super().__init__(**kwargs)
        self.api_base: str | None = None
        self.api_authorization: bytes | None = None
        if api_base:
            self.api_base, self.api_authorization = without_credentials(
                http_url(api_base, argument="api_base")
            )
        self.boards: tuple[str, ...] = self._boards(board)
        self.outcomes: dict[str, BoardOutcome] = {b: BoardOutcome() for b in self.boards}

    @property
    def operator_hosts(self) -> frozenset[str]:
        """Hosts the operator named (`api_base`): fetched even at a private address."""
        host = urlsplit(self.api_base).hostname if self.api_base else None
        return frozenset({host} if host else ())

    def _boards(self, board: str | None) -> tuple[str, ...]:
        if board is not None:
            boards = tuple(b.strip() for b in board.split(",") if b.strip())
            if not boards:
                raise SpiderArgumentError(f"{self.name}: -a board= is empty")
            return boards
        config = load_sources().get(self.name)
        if config is not None and config.boards:
            return config.boards
        if self.default_boards:
            return self.default_boards
        raise SpiderArgumentError(
            f"{self.name}: no boards listed under [{self.name}] in sources.toml; "
            f"pass -a board=TOKEN"
        )

    # Requests ------------------------------------------------------------------------------

    def api_request(
        self,
        url: str,
        *,
        board: str,
        callback: Callable[..., Any],
        first_page: bool = False,
        **kwargs: Any,
    ) -> Request:
        """A request for `url` on the real API, sent to `api_base` when one was given.

        `meta["api_url"]` keeps the real URL: cassettes are recorded and matched on it.
        `meta={"fallback": listing}` (a detail request) stores `listing`, built from the list
        data, when the request or its body fails; the failure is still counted.
        """
        meta = {"api_url": url, "board": board, "first_page": first_page, **kwargs.pop("meta", {})}
        cb_kwargs = {"board": board, **kwargs.pop("cb_kwargs", {})}
        if self.api_authorization:
            headers = kwargs.get("headers") or {}
            kwargs["headers"] = {"Authorization": self.api_authorization, **headers}
        return Request(
            with_api_base(url, self.api_base),
            callback=callback,
            errback=self.on_request_error,
            meta=meta,
            cb_kwargs=cb_kwargs,
            **kwargs,
        )

    def on_request_error(self, failure: Failure) -> Iterator[Listing | Reject]:
        request: Request = failure.request  # type: ignore[attr-defined]
        error = failure.value
        if isinstance(error, HttpError):
            reason = f"HTTP {error.response.status}"
        else:
            reason = f"{type(error).__name__}: {error}".rstrip(": ")
        yield from self.page_failed(request, reason)

    # Responses -----------------------------------------------------------------------------

    def parse_json(
        self,
        response: Response,
        parse: Callable[[Any], Parsed],
        *,
        salvage_array: str | None = None,
    ) -> Iterator[Listing | Reject | Request]:
        """Decode the body and hand it to the pure `parse`; a body that is unusable as a whole
        fails the page (and, on the first page, the board) with a stored reject."""
        try:
            data, problem = decode_json(json_text(response), salvage_array=salvage_array)
        except PayloadError as error:
            yield from self.page_failed(response.request, str(error), response=response)
            return
        except AttributeError:  # a binary response has no .text
            yield from self.page_failed(response.request, "binary response", response=response)
            return
        if problem:
            yield from self.page_failed(response.request, problem, response=response, partial=True)
        try:
            yield from parse(data)
        except PayloadError as error:
            yield from self.page_failed(response.request, str(error), response=response)

    def page_failed(
        self,
        request: Request | None,
        reason: str,
        *,
        response: Response | None = None,
        partial: bool = False,
    ) -> Iterator[Listing | Reject]:
        """Record that a page could not be used; the response body is kept as a reject."""
        meta = request.meta if request is not None else {}
        board = meta.get("board", "")
        url = meta.get("api_url") or (request.url if request is not None else None)
        outcome = self.outcomes.setdefault(board, BoardOutcome())
        if meta.get("first_page") and not partial:
            outcome.failure = f"{reason} ({url})"
        else:
            outcome.problems.append(f"{reason} ({url})")
        self.logger.error("%s board %r: %s (%s)", self.name, board, reason, url)
        self.crawler.stats.inc_value(f"{self.name}/pages_failed")
        if response is not None:
            yield Reject(
                source=self.name,
                board=board,
                url=url,
                reason=reason,
                whole_page=True,
                payload={
                    "status": response.status,
                    "content_type": (response.headers.get("Content-Type") or b"").decode("latin-1"),
                    "body": clip(getattr(response, "text", "") or repr(response.body[:2000])),
                },
            )
        if not partial and isinstance(fallback := meta.get("fallback"), Listing):
            yield fallback

    def board_report(self) -> dict[str, dict[str, Any]]:
        """{board: {"status": "complete" | "incomplete" | "failed", ...}} for the crawl_runs row."""
        return {board: outcome.report() for board, outcome in self.outcomes.items()}


def pay_text(minimum: object, maximum: object, currency: object, period: object) -> str | None:
    """A source's structured pay as text for `Listing.pay_raw`, values as the source gave them:
    `3750–5250 EUR (month)`, `from 40 USD (per-hour-wage)`; None when no amount is given."""
    low, high = (None if value in (None, "") else str(value) for value in (minimum, maximum))
    if low and high:
        amounts = f"{low}–{high}"
    elif low or high:
        amounts = f"from {low}" if low else f"up to {high}"
    else:
        return None
    parts = (amounts, str(currency or ""), f"({period})" if period else "")
    return " ".join(part for part in parts if part)


def next_offset(offset: int, count: int, total: int | None) -> int | None:
    """Where the next page of an offset-paged list starts, or None at the end: after an empty
    page, or once the `total` the source reported (when known) is reached."""
    following = offset + count
    if count == 0 or (total is not None and following >= total):
        return None
    return following


def text_value(value: object) -> str | None:
    """A payload field that should be text: the string when it is a non-blank one, else None
    (a number or an object where text belongs is not stored as text)."""
    return value if isinstance(value, str) and value.strip() else None
