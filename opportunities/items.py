"""What spiders yield: a `Listing` per posting, or a `Reject` for what could not become one.

Field names follow schema.org / zyte-common-items `JobPosting` in snake_case. Every value the
source gave is kept as said (`*_raw`, `raw`) beside what we derive, so stored rows can be
re-normalised without a re-crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(kw_only=True, slots=True)
class Listing:
    source: str
    """Spider name, e.g. `greenhouse`."""
    source_id: str
    """The source's own id for the posting; unique within `source`."""
    board: str = ""
    """Board, company or feed within the source (a `sources.toml` entry); empty if only one."""
    url: str
    """The posting's public page."""
    title: str
    """Job title as published."""
    apply_url: str | None = None
    """Where to apply, when the source gives a separate address."""
    company: str | None = None
    """Hiring organisation's name."""
    location_raw: str | None = None
    """Location exactly as the source gave it (several places joined by ` | `)."""
    location_text: str | None = None
    """Cleaned, human-readable location."""
    description_html: str | None = None
    """Description HTML: as given by the spider, sanitised by the clean pipeline."""
    description_text: str | None = None
    """Plain-text description, derived from the HTML when the spider gives none."""
    language: str | None = None
    """Language of the posting (ISO 639-1) when the source says."""
    posted_raw: str | None = None
    """Publication date exactly as the source gave it."""
    posted_at: datetime | None = None
    """Publication time, UTC."""
    employment_type_raw: str | None = None
    """Employment type / commitment exactly as the source gave it."""
    pay_raw: str | None = None
    """Pay as the source stated it (text, or its structured fields rendered as text)."""
    hints: dict[str, Any] = field(default_factory=dict)
    """Classification values mapped from the source's structured fields (keys of DESIGN §3)."""
    attribution: str | None = None
    """Credit line a source's terms require us to show with its postings."""
    raw: dict[str, Any] = field(default_factory=dict)
    """The posting's payload exactly as received."""

    # Filled by the normalize stage (DESIGN §3); None = unknown.
    remote: str | None = None
    """`remote`, `hybrid` or `onsite`."""
    pay_status: str | None = None
    """`paid` or `unpaid`."""
    pay_min: float | None = None
    """Lowest stated base pay, in currency units per `pay_period`."""
    pay_max: float | None = None
    """Highest stated base pay, in currency units per `pay_period`."""
    pay_currency: str | None = None
    """ISO 4217 code."""
    pay_period: str | None = None
    """`hour`, `day`, `week`, `month`, `year` or `project`."""
    hours_per_week_min: float | None = None
    """Stated weekly hours, lower bound."""
    hours_per_week_max: float | None = None
    """Stated weekly hours, upper bound."""
    total_hours_min: float | None = None
    """Stated effort for the whole engagement, lower bound."""
    total_hours_max: float | None = None
    """Stated effort for the whole engagement, upper bound."""
    duration_days_min: int | None = None
    """Engagement length in days, lower bound."""
    duration_days_max: int | None = None
    """Engagement length in days, upper bound."""
    duration_class: str | None = None
    """`micro`, `short`, `medium`, `long` or `open_ended`."""
    is_short_term: bool | None = None
    """True for micro/short engagements or ≤ 160 hours in all."""
    employment_types: list[str] = field(default_factory=list)
    """schema.org employment types the posting states."""
    valid_through: date | None = None
    """Last day to apply."""
    start_date: date | None = None
    """When the engagement starts."""
    duration_raw: str | None = None
    """The phrase the duration was read from."""
    hours_raw: str | None = None
    """The phrase the hours were read from."""
    normalizer_version: str | None = None
    """`normalize.NORMALIZER_VERSION` that filled the classification fields."""


@dataclass(kw_only=True, slots=True)
class Reject:
    """Something a spider received that is not a valid listing; stored, never dropped."""

    source: str
    """Spider name."""
    reason: str
    """Why it was rejected, for a human."""
    url: str | None = None
    """The response or posting URL it came from."""
    board: str = ""
    """Board within the source."""
    payload: Any = None
    """What was received (the posting object, or the response text)."""
    source_id: str | None = None
    """The posting's id when it is known: its stored listing, if any, counts as seen, so a
    posting we could not read this time is never expired for it."""
    whole_page: bool = False
    """A response unusable as a whole (its board's outcome already records the failure), not one
    posting of it."""
