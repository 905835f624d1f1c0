"""Replay and record crawls with vcrpy cassettes.

vcrpy patches Python HTTP clients, not Twisted, so Scrapy's downloads reach cassettes through these
downloader middlewares. They use vcrpy's own cassette format, (de)serialisers and matchers: a
request matches on method, host, path, query (order-insensitive) and body. The URL matched is the
real API's (`meta["api_url"]`), so a spider pointed at a mirror with `-a api_base=` still replays
and records against the real addresses.

Layout: `<dir>/<spider>/<name>.yaml`, every cassette of the spider's folder loaded.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes
from vcr import matchers
from vcr.request import Request as VcrRequest
from vcr.serialize import deserialize, serialize
from vcr.serializers import yamlserializer

from opportunities.sources import PROJECT_ROOT

logger = logging.getLogger(__name__)

DEFAULT_CASSETTES = PROJECT_ROOT / "fixtures" / "cassettes"
MATCH_ON = (matchers.method, matchers.host, matchers.path, matchers.query, matchers.body)
# Response headers worth keeping in a cassette; the rest is noise or identifies the recording.
RECORDED_HEADERS = frozenset({"content-type", "etag", "last-modified", "location", "retry-after"})


class ReplayMiss(Exception):
    """A request that no cassette answers."""


def _vcr_request(request: Request) -> VcrRequest:
    return VcrRequest(
        request.method, request.meta.get("api_url", request.url), request.body or None, {}
    )


def load_cassettes(directory: Path) -> list[tuple[VcrRequest, dict[str, Any]]]:
    """Every recorded (request, response) under `directory`, in file and recording order."""
    interactions: list[tuple[VcrRequest, dict[str, Any]]] = []
    for path in sorted(directory.glob("*.yaml")):
        requests, responses, *_ = deserialize(path.read_text(encoding="utf-8"), yamlserializer)
        interactions.extend(zip(requests, responses, strict=True))
    return interactions


def find_response(
    interactions: list[tuple[VcrRequest, dict[str, Any]]], request: VcrRequest
) -> dict[str, Any] | None:
    for recorded, response in interactions:
        if all(_matches(matcher, request, recorded) for matcher in MATCH_ON):
            return response
    return None


def _matches(matcher: Any, first: VcrRequest, second: VcrRequest) -> bool:
    try:
        matcher(first, second)
    except AssertionError:
        return False
    return True


def scrapy_response(request: Request, recorded: dict[str, Any]) -> Response:
    headers = {name: values for name, values in (recorded.get("headers") or {}).items()}
    body = recorded["body"]["string"] or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
    return response_class(
        url=request.url,
        status=int(recorded["status"]["code"]),
        headers=headers,
        body=body,
        request=request,
        flags=["replay"],
    )


class ReplayMiddleware:
    """Answers every request from cassettes when REPLAY_DIR is set; nothing reaches the network.

    An unmatched request fails at once with ReplayMiss (no hang, no network); a robots.txt that was
    never recorded is answered 404, which Scrapy reads as "no restrictions".
    """

    def __init__(self, crawler: Crawler, directory: Path):
        self.crawler = crawler
        self.directory = directory
        self.interactions: list[tuple[VcrRequest, dict[str, Any]]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        directory = crawler.settings.get("REPLAY_DIR")
        if not directory:
            raise NotConfigured
        middleware = cls(crawler, Path(directory))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self) -> None:
        assert self.crawler.spider is not None
        folder = self.directory / self.crawler.spider.name
        self.interactions = load_cassettes(folder) if folder.is_dir() else []
        logger.info("replaying %d recorded responses from %s", len(self.interactions), folder)

    def process_request(self, request: Request) -> Response:
        stats = self.crawler.stats
        assert stats is not None
        vcr_request = _vcr_request(request)
        recorded = find_response(self.interactions, vcr_request)
        if recorded is not None:
            stats.inc_value("replay/hits")
            return scrapy_response(request, recorded)
        if vcr_request.path == "/robots.txt":
            return Response(request.url, status=404, request=request, flags=["replay"])
        stats.inc_value("replay/misses")
        spider = self.crawler.spider.name if self.crawler.spider else "?"
        raise ReplayMiss(
            f"no recorded response for {request.method} {vcr_request.uri} in "
            f"{self.directory / spider}; record one with `opportunities fixtures record {spider}`"
        )


class RecordMiddleware:
    """Writes every response of the crawl into RECORD_DIR/<spider>/<RECORD_NAME>.yaml."""

    def __init__(self, crawler: Crawler, directory: Path, name: str):
        self.crawler = crawler
        self.directory = directory
        self.name = name
        self.requests: list[VcrRequest] = []
        self.responses: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordMiddleware:
        directory = crawler.settings.get("RECORD_DIR")
        if not directory:
            raise NotConfigured
        middleware = cls(
            crawler, Path(directory), crawler.settings.get("RECORD_NAME") or "recorded"
        )
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response) -> Response:
        if "replay" in response.flags:
            return response
        self.requests.append(_vcr_request(request))
        self.responses.append(
            {
                "status": {"code": response.status, "message": _reason(response.status)},
                "headers": {
                    key.decode("latin-1"): [v.decode("latin-1") for v in values]
                    for key, values in response.headers.items()
                    if key.decode("latin-1").lower() in RECORDED_HEADERS
                },
                "body": {"string": response.body},
            }
        )
        return response

    def spider_closed(self) -> None:
        assert self.crawler.spider is not None
        path = self.directory / self.crawler.spider.name / f"{self.name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        cassette = {"requests": self.requests, "responses": self.responses}
        path.write_text(serialize(cassette, yamlserializer), encoding="utf-8")
        logger.info("recorded %d responses into %s", len(self.requests), path)


def add_interaction(
    path: Path,
    *,
    url: str,
    body: bytes,
    status: int = 200,
    content_type: str,
    method: str = "GET",
    request_body: bytes | None = None,
) -> int:
    """Append one recorded request (a GET, or a POST with the exact `request_body` the spider
    sends) to a cassette file (created when missing); returns its size."""
    requests: list[VcrRequest] = []
    responses: list[dict[str, Any]] = []
    if path.exists():
        requests, responses, *_ = deserialize(path.read_text(encoding="utf-8"), yamlserializer)
    requests.append(VcrRequest(method, url, request_body, {}))
    responses.append(
        {
            "status": {"code": status, "message": _reason(status)},
            "headers": {"Content-Type": [content_type]},
            "body": {"string": body},
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    cassette = {"requests": requests, "responses": responses}
    path.write_text(serialize(cassette, yamlserializer), encoding="utf-8")
    return len(requests)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
