"""What every listing stage shares: a listing the stage cannot process becomes a Reject saying
why, never an exception that makes Scrapy drop the item unseen."""

from __future__ import annotations

import dataclasses
import logging
import math
from datetime import date, datetime
from typing import Any

from opportunities.items import Listing, Reject

logger = logging.getLogger(__name__)


def json_safe(value: Any) -> Any:
    """The value as every database stores it: no NUL characters (PostgreSQL text refuses them),
    no NaN or infinities (JSONB refuses them), dates as ISO 8601."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {json_safe(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def rejected(listing: Listing, reason: str) -> Reject:
    """The Reject that stands for `listing`: its payload and, when known, its id."""
    return Reject(
        source=listing.source or "",
        board=listing.board,
        url=listing.url if isinstance(listing.url, str) and listing.url else None,
        reason=reason,
        payload=json_safe(listing.raw or dataclasses.asdict(listing)),
        source_id=listing.source_id if isinstance(listing.source_id, str) else None,
    )


class ListingStage:
    """A pipeline stage over listings; everything else passes through untouched."""

    verb = "process"

    def transform(self, listing: Listing) -> Listing | Reject:
        raise NotImplementedError

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Listing):
            return item
        try:
            return self.transform(item)
        except Exception as error:  # a value no stage expected must cost one posting, not vanish
            logger.exception("could not %s %s listing %s", self.verb, item.source, item.url)
            return rejected(item, f"could not {self.verb} listing: {type(error).__name__}: {error}")
