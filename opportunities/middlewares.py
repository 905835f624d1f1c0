"""Middlewares for a hostile internet: retries that back off and honour `Retry-After`, redirects
that cannot vanish, guards that let only http(s) requests to public hosts out, and parser errors
that fail their page instead of passing it off as complete.

Scrapy's own RetryMiddleware retries at once and ignores `Retry-After`: against a rate-limited or
overloaded source that burns every retry within a second and ends the crawl early.
`BackoffRetryMiddleware` replaces it (settings.DOWNLOADER_MIDDLEWARES) and keeps its settings
(`RETRY_TIMES`, `RETRY_HTTP_CODES`, `RETRY_EXCEPTIONS`, `dont_retry`, `max_retry_times`) and stats.
"""

from __future__ import annotations

import ipaddress
import logging
import random
import socket
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)

NOT_BEFORE = "retry_not_before"
"""Request meta: the `time.monotonic()` before which a retry must not be sent."""
FETCHED_SCHEMES = frozenset({"http", "https"})


def parse_retry_after(value: bytes | str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), None when
    absent or unreadable; a date in the past is 0."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(retry: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with "equal jitter": half of `min(cap, base · 2^(retry−1))` plus a
    random part up to the other half, so clients that failed together do not retry together."""
    ceiling = min(cap, base * 2 ** (retry - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries 429/5xx/timeouts after a delay instead of at once.

    Before retry n the request waits the longer of the server's `Retry-After` and
    `backoff_delay(n)` (`RETRY_BACKOFF_BASE`, `RETRY_BACKOFF_MAX`). A `Retry-After` also pauses
    every other request to that host until it has passed: the server asked the client, not the
    URL, to wait. A `Retry-After` longer than `RETRY_AFTER_MAX` is not waited for: the response
    goes to the spider now (the board fails or becomes incomplete, and the log says why) rather
    than stalling the crawl for an hour.
    """

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self.paused_until: dict[str, float] = {}
        self.rng = random.Random()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    async def process_request(self, request: Request) -> None:
        ready_at = max(
            request.meta.get(NOT_BEFORE, 0.0), self.paused_until.get(_host(request), 0.0)
        )
        wait = ready_at - monotonic()
        if wait > 0:
            await sleep(wait)

    # Scrapy >= 2.14 passes no spider; the base signatures keep it for old callers only.
    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is not None and retry_after > self.retry_after_max:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("retry/retry_after_too_long")
            logger.error(
                "Not retrying %s: HTTP %d asks to retry after %.0f s, more than RETRY_AFTER_MAX "
                "(%.0f s)", request, response.status, retry_after, self.retry_after_max,
            )  # fmt: skip
            return response
        reason = response_status_message(response.status)
        return self._retry_later(request, reason, retry_after) or response

    def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | None:
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get(
            "dont_retry", False
        ):
            return self._retry_later(request, exception, None)
        return None

    def _retry_later(
        self, request: Request, reason: str | Exception, retry_after: float | None
    ) -> Request | None:
        retry = self._retry(request, reason)
        if retry is None:
            return None
        now = monotonic()
        delay = backoff_delay(
            retry.meta["retry_times"], base=self.backoff_base, cap=self.backoff_max, rng=self.rng
        )
        if retry_after is not None:
            delay = max(delay, retry_after)
            host = _host(request)
            self.paused_until[host] = max(self.paused_until.get(host, 0.0), now + retry_after)
        retry.meta[NOT_BEFORE] = now + delay
        logger.info(
            "Retry %d of %s in %.2f s (%s%s)", retry.meta["retry_times"], request.url, delay,
            reason if isinstance(reason, str) else type(reason).__name__,
            f", Retry-After {retry_after:.0f} s" if retry_after is not None else "",
        )  # fmt: skip
        return retry


def _never_filtered(result: Request | Response) -> Request | Response:
    if isinstance(result, Request):
        result.dont_filter = True
    return result


class LoopSafeRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, except that a redirected request is never dropped as a duplicate.

    Scrapy sends a redirect through the duplicate filter: in a loop (A → B → A) the second A is
    dropped silently, with neither callback nor errback, and the board would look complete and
    empty. Unfiltered, a loop runs into REDIRECT_MAX_TIMES and fails the page ("max redirections
    reached"); two postings redirected to one page both get their answer.
    """

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        return _never_filtered(super().process_response(request, response))


class LoopSafeMetaRefreshMiddleware(MetaRefreshMiddleware):
    """`<meta http-equiv="refresh">` redirects, never dropped as duplicates (see above): a
    challenge page refreshing to itself must fail the page, not make it disappear."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        return _never_filtered(super().process_response(request, response))


class HttpOnlyMiddleware:
    """Refuses any request whose scheme is not http(s) before it reaches a download handler.

    Spiders follow links a source sent (`links.next`, sitemaps, detail URLs); a hostile or broken
    source could name `file:///etc/passwd` or `s3://…`, and Scrapy has handlers for those. The
    refusal reaches the request's errback, so the board records it as a failed page.
    """

    def process_request(self, request: Request) -> None:
        scheme = urlparse_cached(request).scheme
        if scheme not in FETCHED_SCHEMES:
            raise IgnoreRequest(f"refused to fetch a {scheme or 'scheme-less'}: URL (http(s) only)")


def private_host(host: str) -> bool:
    """True for `localhost` names and for addresses that are not on the public internet
    (loopback, private, link-local such as a cloud's 169.254.169.254 metadata service, …),
    including the legacy IPv4 spellings a resolver still accepts (`2130706433`, `0x7f.1`)."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(host)
    except ValueError:
        if not host or not host[0].isdigit():
            return False
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return False
    return not address.is_global


class PublicHostsMiddleware:
    """Refuses requests to private addresses, unless the operator named the host: the spider's
    `operator_hosts` (`api_base`; the pages given to the JSON-LD spider) or
    `PRIVATE_HOSTS_ALLOWED`.

    A source's payload names the links a spider follows (`links.next`, detail URLs, redirects);
    without this, a hostile source could point the crawler at an internal service and have the
    answer stored as a reject. Host *names* that resolve to private addresses are not checked.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.allowed = {h.lower() for h in crawler.settings.getlist("PRIVATE_HOSTS_ALLOWED")}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PublicHostsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        if not private_host(host) or host in self.allowed:
            return
        if host in getattr(self.crawler.spider, "operator_hosts", ()):
            return
        raise IgnoreRequest(
            f"refused to fetch a private address {host} (not named by the operator: api_base, "
            "PRIVATE_HOSTS_ALLOWED)"
        )


def _host(request: Request) -> str:
    return urlparse_cached(request).netloc


class ParserErrorMiddleware:
    """A spider middleware: an exception escaping a callback fails that page like an unreadable
    body does (a stored reject with the body, the board `failed` or `incomplete`).

    Without it Scrapy logs the error and carries on: the postings after the failing one are
    never seen, yet the board reports `complete`, and expiry would retire them. A parser that
    meets a payload it did not expect (a list where it wanted text) is exactly that case.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParserErrorMiddleware:
        return cls(crawler)

    def process_spider_exception(
        self, response: Response, exception: Exception
    ) -> Iterable[Any] | None:
        spider = self.crawler.spider
        page_failed = getattr(spider, "page_failed", None)
        if spider is None or page_failed is None or isinstance(exception, HttpError):
            return None
        logger.error(
            "%s: the parser failed on %s", spider.name, response.url,
            exc_info=(type(exception), exception, exception.__traceback__),
        )  # fmt: skip
        reason = f"parser error: {type(exception).__name__}: {exception}"
        return list(page_failed(response.request, reason, response=response))
