"""Working hours (DESIGN §3): stated weekly figures and whole-engagement totals.

Only figures count: "full-time" alone gives no hours, a schedule ("Mo–Fr 8–17 Uhr") is not a
figure, and hours per day or month are not converted. A weekly figure needs a week unit
("10–15 hrs/week", "20 Std./Woche", "24h hebdomadaires", "40-hour week") or a full-/part-time
word right before it ("Teilzeit (20 Std.)"); a whole-engagement total needs "total"/"insgesamt"/
"au total", an effort word or label ("estimated 15 hours of work", "Arbeitsaufwand: 30
Stunden"), the work taking it ("the project will take 20 hours") or a span of weeks it is spread
over ("20 hours over 2 weeks"), and no week, day or month after it.
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
    r"|jusqu'à|hasta|about|approx(?:imately|\.)?|around|ca\.|~|circa|environ|unos|estimated|est\."
    r"|roughly|geschätzt|etwa|rund|estimé(?:es)?|estimad[oa]s?|aprox(?:imadamente|\.)?)?"
)
_FIGURES = rf"(?<![\w.,])(?P<low>{_NUMBER})(?:{RANGE_SEPARATOR}(?P<high>{_NUMBER}))?\s*\+?"

_PER_WEEK = rf"""(?:(?:per|a|an|/|each|every|pro|je|in\s+der|par|por|a\s+la|à\s+la|la|al)\s*)?
    (?:{_WEEK}\b|weekly\b|wöchentlich\b|hebdomadaires?\b|semanales\b)"""
_NOT_PER_DAY_OR_MONTH = (
    r"(?!\s*(?:/|per|pro|a|an|par|por|am)\s*(?:day|Tag|jour|d[ií]a|month|Monat|mois|mes))"
)
# A whole-engagement figure is not one per week, day or month ("15 hours of work per week").
# "40 hours work week" names the week without a "per".
_NOT_PERIODIC = r"""(?!\s*(?:of\s+(?:work|time|effort)\s+)?(?:(?:/|per|a|an|each|every|pro|je
    |in\s+der|par|por|la|à\s+la|a\s+la|al|am)\s*)?(?:week|wk|w\b|Woche|semaine|semana|day|Tag
    |jour|d[ií]a|month|Monat|mois|mes|weekly|wöchentlich|hebdo|semanal|daily|täglich|quotidien
    |diari))"""
# Spread over a span: the figure before is the whole engagement's effort. Weeks and months
# only: "35 heures sur 5 jours", "40 hours over 5 days" describe a working week.
_SPREAD = r"""(?:over|spread\s+over|across|within|über|verteilt\s+auf|innerhalb\s+von|sur
    |réparties\s+sur|en|repartidas\s+en|durante)"""
# Words of effort for a whole piece of work: "15 hours of work", "Arbeitsaufwand: 30 Stunden".
_EFFORT = r"""(?:work|effort|project\s+work|Arbeit|Arbeitsaufwand|travail|trabajo|dedicación)"""


def _patterns(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_lowered(source, re.VERBOSE) for source in sources)


_WEEKLY = _patterns(
    rf"{_BOUND}\s*{_FIGURES}\s*{_HOURS}\.?\s*(?:of\s+(?:work|time)\s+)?{_PER_WEEK}",
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
    # "estimated 15 hours of work", "20 Stunden Arbeit", "30 heures de travail", "30 horas de
    # trabajo": effort for the piece of work, unless it is per week, day or month.
    rf"""{_BOUND}\s*{_FIGURES}\s*{_HOURS}\s+(?:of\s+|de\s+)?{_EFFORT}\b{_NOT_PERIODIC}""",
    # "Estimated hours: 10-20", "Time commitment: 20 hours", "Aufwand: ca. 30 Stunden", "charge de
    # travail : 30 heures", "The project takes about 20 hours".
    # A bare "Time commitment: 20 hours" may be weekly: only an estimated or total one counts.
    rf"""(?:estimated\s+(?:hours|time|effort|workload)(?:\s+commitment)?
        |total\s+(?:hours|effort|time\s+commitment)|effort|workload|project\s+hours|hours\s+required
        |(?:Arbeits|Gesamt|Zeit)?aufwand|Stundenumfang\s+gesamt|charge\s+de\s+travail(?:\s+estimée)?
        |volume\s+horaire(?:\s+total)?|carga\s+de\s+trabajo|dedicación\s+total
        |(?:project|engagement|assignment|task|gig|work|deliverables?|internship)\s+
        (?:(?:will|should|typically|usually|is\s+expected\s+to|is\s+estimated\s+to)\s+)?takes?
        (?:\s+you)?)\s*(?:[:\-–]|is|of|von|de|beträgt|est\s+de|es\s+de)?\s*{_BOUND}\s*{_FIGURES}\s*{_HOURS}\b(?!\s+to\s+(?:respond|reply|hear|get))
        {_NOT_PERIODIC}""",
    rf"""(?:estimated|total|project)\s+hours\s*:\s*{_BOUND}\s*{_FIGURES}(?!\s*{_HOURS}?\s*(?:/|per))""",
    rf"""\bhours\s*:\s*{_BOUND}\s*{_FIGURES}\s*(?:{_HOURS}\s*)?(?:in\s+)?total\b""",
    # "20 hours over 2 weeks", "20 Stunden verteilt auf 3 Wochen", "20 heures sur 2 semaines",
    # "20 horas repartidas en 3 semanas": effort spread over the engagement.
    rf"""{_BOUND}\s*{_FIGURES}\s*{_HOURS}\s+(?:of\s+{_EFFORT}\s+)?{_SPREAD}\s+(?:a\s+period\s+of\s+)?
        (?:the\s+)?(?:\d+|a|one|two|three|four|five|six|eight|ten|twelve|zwei|drei|vier|fünf|sechs
        |deux|trois|quatre|cinq|dos|tres|cuatro|cinco|seis)[\s-]*(?:weeks?|months?|Wochen
        |Monate[n]?|semaines|mois|semanas|meses)\b""",
)
# Every pattern needs a week, total or schedule word, or "hour".
_TRIGGERS = Triggers(
    "week", "woche", "semaine", "semana", "hebdo", "semanal", "wk", "hpw", "h/w", "total",
    "insgesamt", "gesamt", "teilzeit", "vollzeit", "part-time", "full-time", "part time",
    "full time", "werkstudent", "working student", "temps", "hour", "arbeitszeit", "stunde",
    "std", "heure", "hora", "aufwand", "effort", "commitment",
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
