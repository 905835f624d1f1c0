"""The closed vocabularies of DESIGN §3, defined once and used everywhere."""

from __future__ import annotations

from enum import StrEnum


class Remote(StrEnum):
    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "onsite"


class PayStatus(StrEnum):
    PAID = "paid"
    UNPAID = "unpaid"


class PayPeriod(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    PROJECT = "project"


class DurationClass(StrEnum):
    MICRO = "micro"  # ≤ 31 days
    SHORT = "short"  # ≤ 92 days
    MEDIUM = "medium"  # ≤ 183 days
    LONG = "long"  # > 183 days
    OPEN_ENDED = "open_ended"


class EmploymentType(StrEnum):
    """schema.org JobPosting.employmentType values."""

    FULL_TIME = "FULL_TIME"
    PART_TIME = "PART_TIME"
    CONTRACTOR = "CONTRACTOR"
    TEMPORARY = "TEMPORARY"
    INTERN = "INTERN"
    VOLUNTEER = "VOLUNTEER"
    PER_DIEM = "PER_DIEM"
    OTHER = "OTHER"


# The keys `opportunities normalize` writes and `listings` stores, in DESIGN §3 order.
CLASSIFICATION_FIELDS: tuple[str, ...] = (
    "remote",
    "pay_status",
    "pay_min",
    "pay_max",
    "pay_currency",
    "pay_period",
    "hours_per_week_min",
    "hours_per_week_max",
    "total_hours_min",
    "total_hours_max",
    "duration_days_min",
    "duration_days_max",
    "duration_class",
    "is_short_term",
    "employment_types",
    "posted_at",
    "valid_through",
    "start_date",
)
