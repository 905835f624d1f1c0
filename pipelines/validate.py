"""Validate: a listing that breaks the contract becomes a Reject with every reason, never a row."""

from __future__ import annotations

import math
from enum import StrEnum
from urllib.parse import urlsplit

from normalize.vocab import DurationClass, EmploymentType, PayPeriod, PayStatus, Remote
from opportunities.items import Listing, Reject
from pipelines.stage import ListingStage, rejected

REQUIRED = ("source", "source_id", "url", "title")
MAX_LENGTHS = {"source": 64, "source_id": 255, "board": 255, "title": 500, "language": 16}
VOCABULARIES: dict[str, type[StrEnum]] = {
    "remote": Remote,
    "pay_status": PayStatus,
    "pay_period": PayPeriod,
    "duration_class": DurationClass,
}
RANGES = (
    ("pay_min", "pay_max"),
    ("hours_per_week_min", "hours_per_week_max"),
    ("total_hours_min", "total_hours_max"),
    ("duration_days_min", "duration_days_max"),
)


def listing_problems(listing: Listing) -> list[str]:
    """Everything wrong with a listing, in words; empty when it is valid."""
    problems = [f"{name} is required" for name in REQUIRED if not getattr(listing, name)]
    for name, limit in MAX_LENGTHS.items():
        value = getattr(listing, name)
        if value and len(value) > limit:
            problems.append(f"{name} is {len(value)} characters long (at most {limit})")
    for name in ("url", "apply_url"):
        value = getattr(listing, name)
        if value and urlsplit(value).scheme not in ("http", "https"):
            problems.append(f"{name} {value[:200]!r} is not an http(s) URL")
    for name, vocabulary in VOCABULARIES.items():
        value = getattr(listing, name)
        if value is not None and value not in {member.value for member in vocabulary}:
            problems.append(f"{name} {value!r} is not one of {[m.value for m in vocabulary]}")
    unknown_types = set(listing.employment_types) - {member.value for member in EmploymentType}
    if unknown_types:
        problems.append(f"employment_types has unknown values {sorted(unknown_types)}")
    if listing.pay_currency is not None and not (
        len(listing.pay_currency) == 3 and listing.pay_currency.isalpha()
    ):
        problems.append(f"pay_currency {listing.pay_currency!r} is not an ISO 4217 code")
    for low_name, high_name in RANGES:
        low, high = getattr(listing, low_name), getattr(listing, high_name)
        numbers = []
        for name, value in ((low_name, low), (high_name, high)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(f"{name} {value!r} is not a number")
            elif not math.isfinite(value) or value < 0:
                problems.append(f"{name} {value!r} is negative or not finite")
            else:
                numbers.append(value)
        if len(numbers) == 2 and low > high:
            problems.append(f"{low_name} {low} is greater than {high_name} {high}")
    if listing.posted_at is not None and listing.posted_at.tzinfo is None:
        problems.append("posted_at has no time zone")
    return problems


class ValidatePipeline(ListingStage):
    verb = "validate"

    def transform(self, listing: Listing) -> Listing | Reject:
        if problems := listing_problems(listing):
            return rejected(listing, "invalid listing: " + "; ".join(problems))
        return listing
