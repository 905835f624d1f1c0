"""Clean: sanitised description HTML, plain description text, tidy strings, parsed dates."""

from __future__ import annotations

from typing import Any

from normalize.dates import parse_timestamp
from normalize.text import collapse_whitespace, html_to_text, sanitize_html
from opportunities.items import Listing


def clean_listing(listing: Listing) -> Listing:
    """Tidy a listing in place and return it."""
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


class CleanPipeline:
    def process_item(self, item: Any) -> Any:
        return clean_listing(item) if isinstance(item, Listing) else item
