"""Robustness: arbitrary text and HTML never raise, and every output satisfies the schema."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import ListingText, classify
from normalize.vocab import (
    CLASSIFICATION_FIELDS,
    DurationClass,
    EmploymentType,
    PayPeriod,
    PayStatus,
    Remote,
)

VOCABULARIES = {
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
# Fragments that make the generated text hit the extractors, not just random letters.
FRAGMENTS = [
    "$", "€", "£", "k", "K", "-", "–", "+", "/hr", " per year", " a month", "/Monat", " hours",
    " hrs/week", " Stunden pro Woche", " months", "-month contract", " weeks", " internship",
    " Praktikum für ", " stage de ", " mois", " remote", " hybrid", " on-site", " Homeoffice",
    " Vollzeit", " part-time", " Freelance", " unbefristet", " permanent", " up to ", " at least ",
    "Start Date: ", "June 1 – August 15, 2026", "01.09.2026", " 12", "120,000", "1.200", "0",
    "99999",
    " 3-6", " | ", "\n", "<p>", "</p>", "<li>", "&amp;", "&lt;p&gt;", "<script>x</script>",
    "Ã¼", "â€™", " total", " Salary: ", " Duration: ", " befristet auf ", " years", " days",
]  # fmt: skip
texty = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map(
    "".join
)
maybe_text = st.one_of(st.none(), texty)


def assert_schema(output: dict[str, Any]) -> None:
    assert list(output) == list(CLASSIFICATION_FIELDS)
    for key, vocabulary in VOCABULARIES.items():
        assert output[key] is None or output[key] in {member.value for member in vocabulary}
    assert output["is_short_term"] in (None, True, False)
    assert output["pay_currency"] is None or (
        len(output["pay_currency"]) == 3 and output["pay_currency"].isupper()
    )
    types = output["employment_types"]
    assert types == sorted(set(types))
    assert set(types) <= {member.value for member in EmploymentType}
    for low_key, high_key in RANGES:
        low, high = output[low_key], output[high_key]
        for value in (low, high):
            assert value is None or (
                isinstance(value, int | float) and math.isfinite(value) and value >= 0
            )
        if low is not None and high is not None:
            assert low <= high
    for key in ("duration_days_min", "duration_days_max"):
        assert output[key] is None or isinstance(output[key], int)
    for key in ("posted_at", "valid_through", "start_date"):
        assert output[key] is None or date.fromisoformat(output[key]).isoformat() == output[key]


@settings(max_examples=300, deadline=None)
@given(
    title=maybe_text,
    location=maybe_text,
    description=maybe_text,
    salary=maybe_text,
    employment_type=maybe_text,
    posted=maybe_text,
)
def test_any_text_gives_a_valid_classification(
    title: str | None,
    location: str | None,
    description: str | None,
    salary: str | None,
    employment_type: str | None,
    posted: str | None,
) -> None:
    result = classify(
        ListingText(
            title=title,
            location=location,
            description=description,
            salary=salary,
            employment_type=employment_type,
            posted=posted,
        )
    )
    assert_schema(result.as_dict())
    assert set(result.origin) <= set(CLASSIFICATION_FIELDS)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_any_unicode_description_gives_a_valid_classification(description: str) -> None:
    assert_schema(classify(ListingText(description=description)).as_dict())
