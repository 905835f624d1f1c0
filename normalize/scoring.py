"""Scoring the normalizer against hand-labelled postings (the dev set, fixtures/normalize/devset).

Per field: n (listings with a labelled value), accuracy (share of all listings where output and
label agree, both-unknown included), recall (share of labelled values found: numbers within 1 %,
day counts within 10 %) and false-positive rate (share of unlabelled listings that got a value).
Recall, not accuracy, is the goal: most listings state no hours or duration, so saying nothing
scores a high accuracy. The dev-set test, the benchmark and docs/NORMALIZATION.md use this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normalize.classify import ListingText, classify

DEVSET = Path(__file__).resolve().parent.parent / "fixtures" / "normalize" / "devset"
NUMBER_TOLERANCE = 0.01
DAYS_TOLERANCE = 0.10


@dataclass(frozen=True, slots=True)
class Field:
    """A scored field: one key, or keys that must all match together (pay, hours)."""

    name: str
    keys: tuple[str, ...]
    recall_goal: float | None
    tolerance: float = NUMBER_TOLERANCE


FALSE_POSITIVE_LIMIT = 0.02
FIELDS: tuple[Field, ...] = (
    Field("remote", ("remote",), 0.95),
    Field("pay_status", ("pay_status",), 0.95),
    Field("pay", ("pay_min", "pay_max", "pay_currency", "pay_period"), 0.90),
    Field("hours_per_week", ("hours_per_week_min", "hours_per_week_max"), 0.90),
    Field("total_hours", ("total_hours_min", "total_hours_max"), 0.90),
    Field("duration_days", ("duration_days_min", "duration_days_max"), 0.90, DAYS_TOLERANCE),
    Field("duration_class", ("duration_class",), 0.90),
    Field("employment_types", ("employment_types",), 0.85),
    Field("is_short_term", ("is_short_term",), None),
    Field("posted_at", ("posted_at",), None),
    Field("valid_through", ("valid_through",), None),
    Field("start_date", ("start_date",), None),
)


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    input: dict[str, Any]
    label: dict[str, Any]

    def text(self) -> ListingText:
        return ListingText.from_json(self.input)


@dataclass(frozen=True, slots=True)
class Score:
    field: Field
    total: int
    labelled: int
    agreed: int
    found: int
    false_positives: int
    misses: tuple[str, ...]
    """Ids of labelled listings whose value was not found, then of false positives."""

    @property
    def accuracy(self) -> float:
        return self.agreed / self.total if self.total else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def false_positive_rate(self) -> float:
        unlabelled = self.total - self.labelled
        return self.false_positives / unlabelled if unlabelled else 0.0

    def failures(self) -> list[str]:
        """Why this field misses its goals, in words; empty when it meets them."""
        problems = []
        goal = self.field.recall_goal
        if goal is not None and self.recall < goal:
            problems.append(f"{self.field.name}: recall {self.recall:.1%} < {goal:.0%}")
        if self.false_positive_rate > FALSE_POSITIVE_LIMIT:
            problems.append(
                f"{self.field.name}: false positives {self.false_positive_rate:.1%} "
                f"> {FALSE_POSITIVE_LIMIT:.0%}"
            )
        return problems


def load_examples(directory: Path = DEVSET) -> list[Example]:
    return [
        Example(id=record["id"], input=record["input"], label=record["label"])
        for path in sorted(directory.glob("*.jsonl"))
        for record in _records(path)
    ]


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def score(examples: Sequence[Example], outputs: Sequence[Mapping[str, Any]]) -> list[Score]:
    return [_score_field(f, examples, outputs) for f in FIELDS]


def evaluate(examples: Sequence[Example]) -> list[Score]:
    """Classify every example from its text alone (no hints: the CLI path) and score it."""
    return score(examples, [classify(example.text()).as_dict() for example in examples])


def _score_field(
    field: Field, examples: Sequence[Example], outputs: Sequence[Mapping[str, Any]]
) -> Score:
    labelled = agreed = found = false_positives = 0
    missed: list[str] = []
    spurious: list[str] = []
    for example, output in zip(examples, outputs, strict=True):
        expected = [example.label.get(key) for key in field.keys]
        actual = [output.get(key) for key in field.keys]
        match = all(_same(a, e, field.tolerance) for a, e in zip(actual, expected, strict=True))
        agreed += match
        if any(_known(value) for value in expected):
            labelled += 1
            found += match
            if not match:
                missed.append(example.id)
        elif any(_known(value) for value in actual):
            false_positives += 1
            spurious.append(example.id)
    return Score(
        field=field,
        total=len(examples),
        labelled=labelled,
        agreed=agreed,
        found=found,
        false_positives=false_positives,
        misses=tuple(missed + spurious),
    )


def _known(value: Any) -> bool:
    return value is not None and value != []


def _same(actual: Any, expected: Any, tolerance: float) -> bool:
    if not _known(actual) or not _known(expected):
        return not _known(actual) and not _known(expected)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(actual - expected) <= tolerance * max(abs(expected), abs(actual))
    if isinstance(expected, list) and isinstance(actual, list):
        return sorted(actual) == sorted(expected)
    return bool(actual == expected)


def table(scores: Iterable[Score]) -> str:
    """The per-field table, as printed by the dev-set test and the benchmark."""
    lines = [
        f"{'field':<18}{'n':>5}{'accuracy':>10}{'recall':>9}{'FP rate':>9}  goal",
    ]
    for s in scores:
        goal = f"recall ≥ {s.field.recall_goal:.0%}, " if s.field.recall_goal else ""
        lines.append(
            f"{s.field.name:<18}{s.labelled:>5}{s.accuracy:>10.1%}{s.recall:>9.1%}"
            f"{s.false_positive_rate:>9.1%}  {goal}FP ≤ {FALSE_POSITIVE_LIMIT:.0%}"
        )
    return "\n".join(lines)
