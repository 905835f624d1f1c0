"""Clean: sanitised description HTML, plain description text, tidy strings, parsed dates."""

from __future__ import annotations

from normalize.dates import parse_timestamp
from normalize.text import collapse_whitespace, html_to_text, sanitize_html
from opportunities.items import Listing
from pipelines.stage import ListingStage, json_safe

TEXT_FIELDS = (
    "source", "source_id", "board", "url", "title", "apply_url", "company", "location_raw",
    "location_text", "description_html", "description_text", "language", "posted_raw",
    "employment_type_raw", "pay_raw", "attribution",
)  # fmt: skip


def clean_listing(listing: Listing) -> Listing:
    """Tidy a listing in place and return it. A text field holding something else (a list, a
    number) is a TypeError naming the field: the posting becomes a reject, not a guess."""
    for name in TEXT_FIELDS:
        value = getattr(listing, name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise TypeError(f"{name} is {type(value).__name__}, not text: {value!r:.200}")
        setattr(listing, name, json_safe(value))
    listing.raw = json_safe(listing.raw)
    listing.hints = json_safe(listing.hints)
    listing.title = collapse_whitespace(listing.title or "")
    listing.source_id = (listing.source_id or "").strip()
    listing.url = (listing.url or "").strip()
    if listing.apply_url is not None:
        listing.apply_url = listing.apply_url.strip() or None
    if listing.company is not None:
        listing.company = collapse_whitespace(listing.company) or None
    if listing.location_raw is not None and listing.location_text is None:
        listing.location_text = collapse_whitespace(listing.location_raw) or None
    if listing.description_html:
        listing.description_html = sanitize_html(listing.description_html) or None
    if listing.description_html and not listing.description_text:
        listing.description_text = html_to_text(listing.description_html) or None
    elif listing.description_text:
        listing.description_text = html_to_text(listing.description_text) or None
    if listing.posted_at is None and listing.posted_raw is not None:
        listing.posted_at = parse_timestamp(listing.posted_raw)
    return listing


class CleanPipeline(ListingStage):
    verb = "clean"

    def transform(self, listing: Listing) -> Listing:
        return clean_listing(listing)
