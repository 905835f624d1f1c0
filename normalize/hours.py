"""Working hours (DESIGN §3): stated weekly figures and whole-engagement totals.

Only figures count: "full-time" alone gives no hours, a schedule ("Mo–Fr 8–17 Uhr") is not a
figure, and hours per day or month are not converted. A weekly figure needs a week unit
("10–15 hrs/week", "20 Std./Woche", "24h hebdomadaires", "40-hour week") or a full-/part-time
word right before it ("Teilzeit (20 Std.)"); a total needs "total"/"insgesamt"/"au total".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from normalize.document import Document, Triggers, anchored
from normalize.patterns import compile_lowered
from normalize.quantities import RANGE_SEPARATOR, parse_number

# Hours are written as figures ("20", "7.5"), never as words in the postings we read.
_NUMBER = r"\d{1,3}(?:[.,]\d)?"
_HOURS = r"(?:hours?|hrs?|h|Std\.?|Stunden|Wochenstunden|heures?|horas?)"
_WEEK = r"(?:week|wk|w|Woche|semaine|semana)"
_BOUND = (
    r"(?P<bound>up\s+to|max(?:imum|\.)?|bis\s+zu|at\s+least|min(?:imum|\.)?|mind(?:estens|\.)?"
    r"|jusqu'à|hasta|about|approx(?:imately|\.)?|around|ca\.|~|circa|environ|unos)?"
)
_FIGURES = rf"(?<![\w.,])(?P<low>{_NUMBER})(?:{RANGE_SEPARATOR}(?P<high>{_NUMBER}))?\s*\+?"

_PER_WEEK = rf"""(?:(?:per|a|an|/|each|every|pro|je|in\s+der|par|por|a\s+la|à\s+la|la|al)\s*)?
    (?:{_WEEK}\b|weekly\b|wöchentlich\b|hebdomadaires?\b|semanales\b)"""
_NOT_PER_DAY_OR_MONTH = (
    r"(?!\s*(?:/|per|pro|a|an|par|por|am)\s*(?:day|Tag|jour|d[ií]a|month|Monat|mois|mes))"
)


def _patterns(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_lowered(source, re.VERBOSE) for source in sources)


_WEEKLY = _patterns(
    rf"{_BOUND}\s*{_FIGURES}\s*{_HOURS}\.?\s*{_PER_WEEK}",
    rf"{_BOUND}\s*{_FIGURES}[- ](?:hour|Stunden)[- ](?:work[- ]?)?(?:week|Woche)\b",
    rf"{_BOUND}\s*{_FIGURES}\s*(?:Wochenstunden|hpw|h/w)\b",
    rf"""(?:weekly\s+hours|hours\s+per\s+week|Wochenarbeitszeit|heures\s+hebdomadaires
        |horas\s+semanales)\s*:?\s*(?:von\s+|of\s+)?{_BOUND}\s*{_FIGURES}""",
    # "Teilzeit (20 Std.)", "part-time, 20h": the schedule word makes the figure weekly.
    rf"""(?:Teilzeit|Vollzeit|part[- ]time|full[- ]time|temps\s+partiel|temps\s+plein
        |Werkstudent\w*|working\s+student)\W{{1,4}}(?:mit\s+|with\s+|de\s+|à\s+)?
        {_BOUND}\s*{_FIGURES}\s*{_HOURS}\b{_NOT_PER_DAY_OR_MONTH}""",
)
_TOTAL = _patterns(
    rf"""{_BOUND}\s*{_FIGURES}\s*{_HOURS}\s*(?:in\s+total|total|overall|insgesamt|au\s+total
        |en\s+total|gesamt)\b""",
    rf"""(?:a\s+total\s+of|insgesamt|au\s+total|en\s+total|total\s+of)\s*{_BOUND}\s*{_FIGURES}
        \s*{_HOURS}\b""",
    rf"{_BOUND}\s*{_FIGURES}[- ]hours?\s+(?:project|engagement|assignment|task|gig|contract)\b",
)
# Every pattern needs a week, total or schedule word, or "hour".
_TRIGGERS = Triggers(
    "week", "woche", "semaine", "semana", "hebdo", "semanal", "wk", "hpw", "h/w", "total",
    "insgesamt", "gesamt", "teilzeit", "vollzeit", "part-time", "full-time", "part time",
    "full time", "werkstudent", "working student", "temps", "hour", "arbeitszeit",
)  # fmt: skip
# An hours unit as a whole word or right after a figure ("48hrs"): "have" and "help" are not.
_HOURS_ANCHOR = compile_lowered(
    rf"(?:\b|(?<=\d)){_HOURS}\b|\b(?:hpw|h/w|weekly\s+hours|Wochenarbeitszeit"
    r"|heures\s+hebdomadaires|horas\s+semanales)\b",
)
_REACH_BEFORE, _REACH_AFTER = 90, 50
_MAX_WEEKLY = 80
_MAX_TOTAL = 5000


@dataclass(frozen=True, slots=True)
class Hours:
    week_min: float | None = None
    week_max: float | None = None
    total_min: float | None = None
    total_max: float | None = None
    phrase: str | None = None


def extract_hours(document: Document) -> Hours:
    # The body first: titles are often slugs ("Freelance 8 20 hrs week"). The patterns run on
    # the lowercased lines (see normalize.patterns); phrases are cut from the original lines.
    lowered = (
        f"{document.select(_TRIGGERS, header=False, lowered=True)}\n\n"
        f"{document.select(_TRIGGERS, body=False, lowered=True)}"
    )
    if not _HOURS_ANCHOR.search(lowered):
        return Hours()
    text = f"{document.select(_TRIGGERS, header=False)}\n\n{document.select(_TRIGGERS, body=False)}"
    original = text if len(text) == len(lowered) else lowered
    weekly = _union(_WEEKLY, lowered, original, _MAX_WEEKLY)
    total = _union(_TOTAL, lowered, original, _MAX_TOTAL)
    phrases = [found[2] for found in (weekly, total) if found]
    return Hours(
        week_min=weekly[0] if weekly else None,
        week_max=weekly[1] if weekly else None,
        total_min=total[0] if total else None,
        total_max=total[1] if total else None,
        phrase="; ".join(phrases) or None,
    )


def _union(
    patterns: tuple[re.Pattern[str], ...], text: str, original: str, ceiling: float
) -> tuple[float | None, float | None, str] | None:
    """Every stated figure together ("20 Wochenstunden, in den Semesterferien bis zu 40"): the
    lowest known minimum, the highest known maximum and the phrases."""
    found = list(_figures(patterns, text, original, ceiling))
    if not found:
        return None
    lows = [low for low, _, _ in found if low is not None]
    highs = [high for _, high, _ in found if high is not None]
    return (
        min(lows) if lows else None,
        max(highs) if highs else None,
        "; ".join(dict.fromkeys(phrase for _, _, phrase in found)),
    )


def _figures(
    patterns: tuple[re.Pattern[str], ...], text: str, original: str, ceiling: float
) -> Iterator[tuple[float | None, float | None, str]]:
    """(min, max, phrase) of each plausible figure in lowercased `text`, in text order; the
    phrase is cut from `original` (the same text before lowercasing)."""
    for match in anchored(patterns, text, _HOURS_ANCHOR, _REACH_BEFORE, _REACH_AFTER):
        low = parse_number(match.group("low"))
        high = parse_number(match.group("high")) if match.group("high") else None
        if low is None or not 0 < low <= ceiling:
            continue
        if high is not None and not low < high <= ceiling:
            continue
        bound = match.group("bound") or ""
        phrase = original[match.start() : match.end()].strip()
        if high is None and bound in _UP_TO:
            yield None, low, phrase
        else:
            yield low, high if high is not None or bound in _AT_LEAST else low, phrase


_UP_TO = frozenset({"up to", "max", "max.", "maximum", "bis zu", "jusqu'à", "hasta"})
_AT_LEAST = frozenset({"at least", "min", "min.", "minimum", "mind", "mind.", "mindestens"})
