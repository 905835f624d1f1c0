"""The entry point: a listing's texts (and a source's structured hints) → DESIGN §3 values.

Structured hints win key by key; the text fills every key they leave empty. Derived keys
(duration_class from days, is_short_term from class and total hours) are computed after the
merge, so a structured duration still gets its class.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from normalize.dates import (
    labelled_span,
    parse_date_text,
    parse_timestamp,
    start_date,
    valid_through_date,
)
from normalize.document import Document, Triggers, prepare
from normalize.duration import duration_class, extract_duration
from normalize.employment import extract_employment_types
from normalize.hours import extract_hours
from normalize.pay import Pay, extract_pay
from normalize.remote import extract_remote
from normalize.vocab import CLASSIFICATION_FIELDS, DurationClass

Origin = Literal["structured", "text"]
_SHORT = frozenset({DurationClass.MICRO.value, DurationClass.SHORT.value})
_NOT_SHORT = frozenset(
    {DurationClass.MEDIUM.value, DurationClass.LONG.value, DurationClass.OPEN_ENDED.value}
)
_SHORT_TERM_HOURS = 160
_PAY_AMOUNT_KEYS = ("pay_min", "pay_max")
# Lines worth reading for a start date or an application deadline.
_DATE_CUE_TRIGGERS = Triggers(
    "open until", "applications until", "start", "begin", "commenc", "eintritt", "ab ", "début",
    "partir du", "prise de poste",
    "inicio", "incorporación", "deadline", "apply", "closing", "close", "bewerb", "einsende",
    "limite", "límite", "plazo", "end date", "end:", "ends on", "ending on", "enddatum", "ende:",
    "endtermin", "vertragsende", "projektende", "einsatzende", "date de fin", "fin du", "fin de",
    "fecha de fin", "fecha fin", "término",
)  # fmt: skip
_DURATION_KEYS = ("duration_days_min", "duration_days_max", "duration_class")
_MAX_SPAN_DAYS = 3650


@dataclass(frozen=True, slots=True)
class ListingText:
    """What a listing says, as text (HTML allowed in `description`)."""

    title: str | None = None
    company: str | None = None
    location: str | None = None
    description: str | None = None
    salary: str | None = None
    employment_type: str | None = None
    posted: str | None = None

    @classmethod
    def from_json(cls, record: Mapping[str, Any]) -> ListingText:
        """An `opportunities normalize` input object (DESIGN §3 keys); non-text values ignored."""
        fields = {name: record.get(name) for name in cls.__dataclass_fields__}
        return cls(**{name: v if isinstance(v, str) else None for name, v in fields.items()})


@dataclass(slots=True)
class Classification:
    """Every DESIGN §3 key (None = unknown), the phrases values were read from, and per key
    whether it came from the source's structured data or from the text."""

    remote: str | None = None
    pay_status: str | None = None
    pay_min: float | None = None
    pay_max: float | None = None
    pay_currency: str | None = None
    pay_period: str | None = None
    hours_per_week_min: float | None = None
    hours_per_week_max: float | None = None
    total_hours_min: float | None = None
    total_hours_max: float | None = None
    duration_days_min: int | None = None
    duration_days_max: int | None = None
    duration_class: str | None = None
    is_short_term: bool | None = None
    employment_types: list[str] = field(default_factory=list)
    posted_at: str | None = None
    valid_through: str | None = None
    start_date: str | None = None
    pay_raw: str | None = None
    duration_raw: str | None = None
    hours_raw: str | None = None
    origin: dict[str, Origin] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The DESIGN §3 JSON object: every key, null when unknown."""
        return {key: getattr(self, key) for key in CLASSIFICATION_FIELDS}


def listing_text(listing: Mapping[str, Any]) -> ListingText:
    """What the normalizer reads of a listing or a stored `listings` row (column names).

    `pay_raw` is read as the salary text only when a source gave it: the normalizer stores the
    phrase it matched in the description there too, and reading that back as a salary field
    would make an old reading of the text authoritative on re-normalisation.
    """
    description = listing.get("description_html") or listing.get("description_text")
    pay_raw = listing.get("pay_raw")
    plain = listing.get("description_text") or description or ""
    if pay_raw and all(part in plain for part in pay_raw.split("; ")):
        pay_raw = None
    return ListingText(
        title=listing.get("title"),
        company=listing.get("company"),
        location=listing.get("location_text") or listing.get("location_raw"),
        description=description,
        salary=pay_raw,
        employment_type=listing.get("employment_type_raw"),
        posted=listing.get("posted_raw"),
    )


def classify(text: ListingText, hints: Mapping[str, Any] | None = None) -> Classification:
    """Classify one listing. Pure: same input, same output; never raises on odd text."""
    given = {key: value for key, value in (hints or {}).items() if _present(value)}
    document = prepare(
        title=text.title,
        location=text.location,
        description=text.description,
        salary=text.salary,
        employment_type=text.employment_type,
    )
    result = Classification()
    origin: dict[str, Origin] = {}

    def put(key: str, value: Any, source: Origin) -> None:
        if _present(value):
            setattr(result, key, value)
            origin[key] = source

    posted = _iso(given["posted_at"]) if "posted_at" in given else None
    if posted:
        put("posted_at", posted, "structured")
    else:
        # The language is guessed only if dateparser is needed (a date field that is neither
        # ISO 8601, an epoch, nor a date our own patterns read).
        posted_text = parse_date_text(text.posted, lambda: document.language)
        put("posted_at", _iso(posted_text), "text")
    reference = date.fromisoformat(result.posted_at) if result.posted_at else None

    put("remote", given.get("remote") or extract_remote(document), _source("remote", given))
    _pay(document, given, put, result)
    _hours(document, given, put, result)
    engagement_start = _duration(document, given, put, result, reference)

    types = given.get("employment_types")
    if types:
        put("employment_types", sorted(set(types)), "structured")
    else:
        put("employment_types", extract_employment_types(document), "text")

    cued = document.select(_DATE_CUE_TRIGGERS, header=False, lowered=True)
    if "valid_through" in given:
        put("valid_through", _iso(given["valid_through"]), "structured")
    else:
        put("valid_through", _iso(valid_through_date(cued, reference)), "text")
    if "start_date" in given:
        put("start_date", _iso(given["start_date"]), "structured")
    else:
        put("start_date", _iso(start_date(cued, reference) or engagement_start), "text")

    if not any(key in given or getattr(result, key) is not None for key in _DURATION_KEYS):
        _labelled_dates(cued, reference, put, result)
    _short_term(given, put, result, origin)
    result.origin = origin
    return result


def _labelled_dates(cued: str, reference: date | None, put: Any, result: Classification) -> None:
    """DESIGN §3: explicit start and end dates give end − start. Read last, when no length was
    stated: "Start date: June 1, 2026" and "End date: August 15, 2026" on their own lines."""
    span = labelled_span(cued, reference)
    if span is None:
        return
    first, last, phrase = span
    days = (last - first).days
    if days > _MAX_SPAN_DAYS:
        return
    put("duration_days_min", days, "text")
    put("duration_days_max", days, "text")
    put("duration_class", duration_class(days), "text")
    result.duration_raw = phrase


def _pay(document: Document, given: Mapping[str, Any], put: Any, result: Classification) -> None:
    text_pay = extract_pay(document)
    structured_amounts = any(key in given for key in _PAY_AMOUNT_KEYS)
    # Text lends currency and period to structured amounts only when it states the same figures.
    agrees = structured_amounts and _same_amounts(given, text_pay)
    for key, text_value in (
        ("pay_min", text_pay.minimum),
        ("pay_max", text_pay.maximum),
        ("pay_currency", text_pay.currency),
        ("pay_period", text_pay.period),
    ):
        if key in given:
            put(key, given[key], "structured")
        elif not structured_amounts or agrees:
            put(key, text_value, "text")
    if "pay_status" in given:
        put("pay_status", given["pay_status"], "structured")
    elif structured_amounts:
        put("pay_status", "paid", "structured")
    else:
        put("pay_status", text_pay.status, "text")
    result.pay_raw = text_pay.phrase


def _same_amounts(given: Mapping[str, Any], pay: Pay) -> bool:
    pairs = [(given.get("pay_min"), pay.minimum), (given.get("pay_max"), pay.maximum)]
    compared = [(a, b) for a, b in pairs if a is not None and b is not None]
    return bool(compared) and all(abs(a - b) <= 0.01 * max(a, b) for a, b in compared)


def _hours(document: Document, given: Mapping[str, Any], put: Any, result: Classification) -> None:
    hours = extract_hours(document)
    pairs = (
        ("hours_per_week_min", "hours_per_week_max", hours.week_min, hours.week_max),
        ("total_hours_min", "total_hours_max", hours.total_min, hours.total_max),
    )
    for low_key, high_key, low, high in pairs:
        if low_key in given or high_key in given:
            put(low_key, given.get(low_key), "structured")
            put(high_key, given.get(high_key), "structured")
        else:
            put(low_key, low, "text")
            put(high_key, high, "text")
    result.hours_raw = hours.phrase


def _duration(
    document: Document,
    given: Mapping[str, Any],
    put: Any,
    result: Classification,
    reference: date | None,
) -> date | None:
    """Fill the duration keys; return the engagement's first day when dates gave its length."""
    start = None
    if "duration_days_min" in given or "duration_days_max" in given:
        put("duration_days_min", given.get("duration_days_min"), "structured")
        put("duration_days_max", given.get("duration_days_max"), "structured")
        days_source: Origin = "structured"
        open_ended = False
    else:
        duration = extract_duration(document, reference)
        put("duration_days_min", duration.days_min, "text")
        put("duration_days_max", duration.days_max, "text")
        result.duration_raw = duration.phrase
        days_source = "text"
        open_ended = duration.open_ended
        start = duration.start
    if "duration_class" in given:
        put("duration_class", given["duration_class"], "structured")
    else:
        days = result.duration_days_max or result.duration_days_min
        put("duration_class", duration_class(days, open_ended=open_ended), days_source)
    return start


def _short_term(
    given: Mapping[str, Any], put: Any, result: Classification, origin: Mapping[str, Origin]
) -> None:
    if "is_short_term" in given:
        put("is_short_term", bool(given["is_short_term"]), "structured")
        return
    total = result.total_hours_max
    if result.duration_class in _SHORT:
        put("is_short_term", True, origin["duration_class"])
    elif total is not None and total <= _SHORT_TERM_HOURS:
        put("is_short_term", True, origin["total_hours_max"])
    elif result.duration_class in _NOT_SHORT:
        put("is_short_term", False, origin["duration_class"])


def _present(value: Any) -> bool:
    return value is not None and value != [] and value != ""


def _source(key: str, given: Mapping[str, Any]) -> Origin:
    return "structured" if key in given else "text"


def _iso(value: Any) -> str | None:
    """An ISO 8601 date from a date, a datetime, or text a source gave."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    moment = parse_timestamp(value)
    return moment.date().isoformat() if moment else None
