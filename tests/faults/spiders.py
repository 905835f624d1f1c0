"""A spider that exists only for the fault tests (`-s SPIDER_MODULES=spiders,tests.faults.spiders`):
its parser breaks on a posting titled BOOM, as a parser does on a payload it did not expect."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from opportunities.items import Listing, Reject
from spiders._base import SourceSpider

SOURCE = "faulty"


def parse_jobs(data: Any, *, board: str) -> Iterator[Listing]:
    for job in data["jobs"]:
        if job["title"] == "BOOM":
            raise TypeError("unhashable type: 'list'")
        yield Listing(
            source=SOURCE, board=board, source_id=str(job["id"]), url=job["url"], title=job["title"]
        )


class FaultySpider(SourceSpider):
    name = SOURCE
    default_api = "https://faulty.example"

    async def start(self) -> AsyncIterator[Request]:
        for board in self.boards:
            yield self.api_request(
                f"https://faulty.example/boards/{board}/jobs",
                board=board,
                callback=self.parse_board,
                first_page=True,
            )

    def parse_board(self, response: Response, board: str) -> Iterator[Listing | Reject | Request]:
        yield from self.parse_json(response, lambda data: parse_jobs(data, board=board))
