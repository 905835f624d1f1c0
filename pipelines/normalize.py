"""Normalize: fills every classification field of a listing (DESIGN §3) from its texts and the
structured hints its spider mapped, with `normalize.classify`."""

from __future__ import annotations

from datetime import date

from normalize import NORMALIZER_VERSION, classify, listing_text
from normalize.dates import parse_timestamp
from normalize.vocab import CLASSIFICATION_FIELDS
from opportunities.items import Listing
from pipelines.stage import ListingStage

# Stored as dates, not ISO text.
_DATE_FIELDS = frozenset({"valid_through", "start_date"})
_TEXT_FIELDS = (
    "title", "company", "location_text", "location_raw", "description_html", "description_text",
    "pay_raw", "employment_type_raw", "posted_raw",
)  # fmt: skip


def normalize_listing(listing: Listing) -> Listing:
    """Fill the classification fields of a listing in place and return it."""
    fields = {name: getattr(listing, name) for name in _TEXT_FIELDS}
    result = classify(listing_text(fields), listing.hints)
    for key in CLASSIFICATION_FIELDS:
        value = getattr(result, key)
        if key in _DATE_FIELDS:
            setattr(listing, key, date.fromisoformat(value) if value else None)
        elif key == "posted_at":
            # The clean stage's timestamp keeps its time of day; the result has only the date.
            if listing.posted_at is None and value:
                listing.posted_at = parse_timestamp(value)
        else:
            setattr(listing, key, value)
    listing.pay_raw = listing.pay_raw or result.pay_raw
    listing.duration_raw = result.duration_raw
    listing.hours_raw = result.hours_raw
    listing.normalizer_version = NORMALIZER_VERSION
    return listing


class NormalizePipeline(ListingStage):
    verb = "normalize"

    def transform(self, listing: Listing) -> Listing:
        return normalize_listing(listing)
