"""Engagement length (DESIGN §3): days, class, and whether it is open-ended.

A length counts only when it is the engagement's: next to an engagement word ("3-month
contract", "Praktikum für 6 Monate", "stage de 6 mois", "prácticas de 3 meses", "the project
takes 2 weeks"), after a length label ("Duration: 12 weeks", "Laufzeit: 6 Monate"), in "for a
period of 8 weeks" and its translations, as the span effort is spread over ("20 hours over 2
weeks"), or as start and end dates ("June 1 – August 15, 2026"; labelled start and end dates on
separate lines are read by `normalize.classify` when no length is stated). Experience,
probation, notice, leave, response times, waiting periods, company age, plans ("in your first
90 days") and the posting's own dates are not lengths.
Week = 7 days, month = 30, year = 365, semester = 180.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from normalize.dates import LOWERED_DATE_PATTERNS, date_from_match
from normalize.document import Document, Triggers, anchored, clause
from normalize.patterns import compile_lowered
from normalize.quantities import RANGE_SEPARATOR, parse_number
from normalize.vocab import DurationClass

_FLAGS = re.VERBOSE
_UNIT_DAYS = {
    "day": 1, "days": 1, "tag": 1, "tage": 1, "tagen": 1, "jour": 1, "jours": 1, "día": 1,
    "días": 1, "dia": 1, "dias": 1,
    "week": 7, "weeks": 7, "wk": 7, "wks": 7, "woche": 7, "wochen": 7, "semaine": 7,
    "semaines": 7, "semana": 7, "semanas": 7,
    "month": 30, "months": 30, "mo": 30, "mos": 30, "monat": 30, "monate": 30, "monaten": 30,
    "mois": 30, "mes": 30, "meses": 30,
    "year": 365, "years": 365, "yr": 365, "yrs": 365, "jahr": 365, "jahre": 365, "jahren": 365,
    "an": 365, "ans": 365, "année": 365, "années": 365, "año": 365, "años": 365,
    "semester": 180,
}  # fmt: skip
_UNIT_WORDS = (
    r"days?|Tage[n]?|Tag|jours?|d[ií]as?|weeks?|wks?|Wochen|Woche|semaines?|semanas?"
    r"|months?|mos?|Monate[n]?|Monat|mois|mes(?:es)?|years?|yrs?|Jahre[n]?|Jahr|ans?|années?"
    r"|años?|Semester"
)
_UNIT = rf"(?P<unit>{_UNIT_WORDS})"
# German and hyphenated adjectives: "6-monatiges Praktikum", "12-week", "sechswöchige".
_ADJECTIVE_UNIT = r"(?P<adj>monatig|wöchig|jährig|tägig)\w*"
# "Dauer ab 4 Monaten", "at least 3 months": the length is open above.
_AT_LEAST = (
    r"(?P<atleast>ab|mindestens|mind\.|at\s+least|minimum|min\.|a\s+minimum\s+of|au\s+moins"
    r"|mínimo)?"
)
_ADJECTIVE_DAYS = {"monatig": 30, "wöchig": 7, "jährig": 365, "tägig": 1}
# A figure or any word: number words ("six", "ein", "a") are told apart from others ("several")
# when parsed; matching any word is much faster than an alternation of every number word.
_FIGURE = r"\d+(?:[.,]\d+)?"
# A range only after a figure: with a word as its start, "is a 3-month contract" read as the
# range "is" to 3 hid the real length behind it (a word never starts a range: "two to 3").
_AMOUNT = (
    rf"(?<![\w.,])(?P<low>{_FIGURE}|[^\W\d_]+)(?:(?<=\d){RANGE_SEPARATOR}(?P<high>{_FIGURE}))?"
    r"\s*\+?"
)
_ENGAGEMENT = (
    r"(?:contracts?|internships?|projects?|engagements?|assignments?|positions?|roles?|programm?e?s?"
    r"|placements?|gigs?|jobs?|stints?|fellowships?|co-?ops?|residenc(?:y|ies)|apprenticeships?"
    r"|secondments?|missions?|term|appointments?|cover|freelance|contracting|opportunit(?:y|ies)"
    r"|Praktikum|Praktika|Projekt\w*|Vertrag|Arbeitsvertrag|Einsatz|Auftrag|Stelle|Vertretung"
    r"|Befristung|Anstellung|Tätigkeit|Elternzeitvertretung|stage|CDD|contrat|prácticas|pasantía"
    r"|beca|contrato|proyecto|projet|prestation|micro-?internships?|microprojects?)"
)
# Words a few characters before or after a length that make it something other than the
# engagement's length.
_NOT_ENGAGEMENT = compile_lowered(
    r"""\b(?:experience|experienced|erfahrung\w*|berufserfahrung|expérience|experiencia|exp
    |probation\w*|probezeit|essai|prueba|notice|kündigungsfrist|préavis|preaviso|pto|vacation
    |holidays?|leave|urlaub\w*|congés?|vacaciones|parental|maternity|paternity|sabbatical
    |within|innerhalb|binnen|after|nach|ago|since|seit|founded|gegründet|established|business
    |history|old|alt|every|alle|jede[nm]?|annually|warranty|garantie|response|respond|reply
    |eligible|eligibility|waiting|vesting|vest|cliff|onboarding|ramp|first|ersten|premiers?
    |primeros?|next|nächsten|prochains?|próximos?|the\s+past|the\s+last|letzten|plan|goals?|roadmap|forecast
    |runway|leasing|lease|pkw|minutes?|minuten|retention|guarantee|age|aged|track\s+record
    |ausbildungsdauer|career|karriere|growth|in\s+business
    |paid\s+time|off|sick|bonus|cycles?|sprints?|releases?|per\s+year|pro\s+jahr|a\s+year
    |trial\s+period|been|open\s+for|hiring\s+process|interview\w*|to\s+fill)\b""",
    _FLAGS,
)
_FORMS = tuple(
    compile_lowered(form, _FLAGS)
    for form in (
        # "3-month contract", "12-week summer internship", "6 Monate Praktikum", "6-week paid
        # micro-internship" (two words between at most: more are other sentences' words)
        rf"""{_AMOUNT}[- ]?{_UNIT}\b[- ]?(?:long\s+|lang\w*\s+)?(?:[\w-]+\s+|\w+-){{0,2}}?
            {_ENGAGEMENT}\b""",
        # "6-monatiges Praktikum", "zwölfwöchige Projekt"
        rf"{_AMOUNT}[- ]?{_ADJECTIVE_UNIT}\s+(?:\w+\s+){{0,2}}?{_ENGAGEMENT}\b",
        # "Praktikum für 6 Monate", "stage de 6 mois", "contract for 6 months", "befristet auf 2
        # Jahre", "The internship will last 10 weeks"
        rf"""(?:{_ENGAGEMENT}|befristet)\b[^.\n;:]{{0,40}}?\b(?:of|for|lasting|lasts?|runs?|running
            |spanning|duration|is|für|auf|über|von|dauert|de|d'une\s+durée\s+de|durée\s+de|dure
            |durante|por|con\s+duración\s+de|takes?|taking
            |is\s+expected\s+to\s+(?:last|take|run)|expected\s+to\s+(?:last|take|run)
            |estimated\s+(?:at|to\s+take)|dura|tiene\s+una\s+duración\s+de)\s+
            (?:a\s+(?:period|term|duration)\s+of\s+)?
            (?:approximately|about|around|roughly|ca\.|circa|up\s+to|bis\s+zu|at\s+least|minimum
            |environ|unos|aproximadamente|initially|zunächst)?\s*{_AT_LEAST}\s*
            {_AMOUNT}\s*{_UNIT}\b""",
        # "Duration: 12 weeks", "Laufzeit: 6 Monate", "Durée : 6 mois", "Duración: 3 meses"
        rf"""\b(?:duration|length|term|contract\s+length|contract\s+duration|project\s+duration
            |engagement\s+length|assignment\s+length|timeline|time\s*frame|time\s+commitment
            |commitment(?=\s*[:\-–])
            |(?:internship|contract|project|engagement|assignment|placement)\s+(?:period|term)
            |period\s+of\s+performance|\w*dauer|\w*laufzeit|befristung|\w*zeitraum|durée
            |durée\s+du\s+contrat|durée\s+de\s+la\s+mission|duración|duración\s+del\s+contrato
            |periodo|período)\b
            \s*(?:[:\-–]|is|of|ist|est|es|de|von|del)?\s*
            (?:approximately|about|around|ca\.|circa|environ|up\s+to|roughly|estimated|aprox\.)?
            \s*{_AT_LEAST}\s*{_AMOUNT}\s*{_UNIT}\b""",
        # "Contract (6 months)", "Internship – 12 weeks", "Praktikum (6 Monate)"
        rf"{_ENGAGEMENT}\s*[(,:–-]\s*{_AMOUNT}\s*{_UNIT}\b",
        # "for a period of 8 weeks", "pour une durée de 3 mois", "por un período de 8 semanas":
        # a length by its wording alone (the words around it still must not be experience…).
        rf"""\b(?:(?:for|over)\s+a\s+(?:period|term|duration)\s+of
            |(?:pour|pendant|sur)\s+une\s+(?:durée|période)\s+(?:totale\s+)?de
            |(?:por|durante)\s+un\s+(?:período|periodo|plazo)\s+de
            |für\s+(?:einen\s+Zeitraum|die\s+Dauer)\s+von|über\s+einen\s+Zeitraum\s+von)\s+
            (?:approximately|about|around|roughly|ca\.|circa|environ|unos|aproximadamente)?\s*
            {_AT_LEAST}\s*{_AMOUNT}\s*{_UNIT}\b""",
        # "20 hours over 2 weeks", "20 Stunden verteilt auf 3 Wochen", "20 heures sur 2
        # semaines": the span the engagement's effort is spread over (not days: "35 heures sur
        # 5 jours" is a working week).
        rf"""\d+(?:[.,]\d)?\s*(?:hours?|hrs?|h|stunden|std\.?|heures?|horas?)\s+
            (?:(?:per|a|/)\s*week\s+|of\s+work\s+)?(?:over|spread\s+over|across|über|verteilt\s+auf
            |sur|réparties\s+sur|repartidas\s+en|durante)\s+(?:a\s+period\s+of\s+)?(?:the\s+)?
            {_AMOUNT}\s*{_UNIT}\b""",
        # "for 3 months" / "für 6 Monate" alone: judged by the engagement words of its sentence.
        rf"\b(?:for|für|pendant|durante)\s+(?:a\s+period\s+of\s+)?(?:the\s+)?{_AMOUNT}\s*{_UNIT}\b",
    )
)
_ADJACENT_FORM = _FORMS[0]
_LOOSE_FORM = _FORMS[-1]
_SPREAD_FORM = _FORMS[-2]
# A unit word right after a figure or a word ("6 Monate", "three month", "many years"), or a
# German length adjective; possessive quantifiers keep the scan linear.
_UNIT_ANCHOR = compile_lowered(
    rf"(?<![\w.,])(?P<count>\d++(?:[.,]\d+)?|[^\W\d_]++)[\s-]*+\+?\s*(?:{_UNIT_WORDS})\b"
    r"|monatig|wöchig|jährig|tägig",
)
# How far before and after a unit word the forms above reach.
_REACH_BEFORE, _REACH_AFTER = 130, 60
_ALTERNATIVE = compile_lowered(
    rf"\s*(?:\([^)\n]{{0,30}}\)\s*)?(?:bzw\.|or|oder|ou|o|/)\s*{_AMOUNT}\s*{_UNIT}\b", _FLAGS
)
_ENGAGEMENT_WORD = compile_lowered(rf"\b{_ENGAGEMENT}\b|\bfreelanc\w*|\bcontractor\b")
# A loose "for 6 weeks" also counts in a sentence about the work schedule ("10 hours a week for
# 6 weeks"): hours worked over a span are an engagement's.
_SCHEDULE_WORD = compile_lowered(
    r"\b\d+\s*(?:hours?|hrs?|h|stunden|std\.?|heures?|horas?)\s*(?:/|per|a|an|pro|par|por)\s*"
    r"(?:week|wk|woche|semaine|semana|day|tag|jour|d[ií]a)\b"
)
_OPEN_ENDED = compile_lowered(
    r"""\b(?:permanent|unbefristet\w*|Festanstellung|feste[nr]?\s+Anstellung|Daueranstellung
    |Dauerstelle|CDI|contrat\s+à\s+durée\s+indéterminée|indefinido|indefinida|contrato\s+fijo
    |indefinite|open[- ]ended)\b""",
    _FLAGS,
)
# "permanent resident", "prospect of a permanent position": not this engagement.
_NOT_OPEN_ENDED_AFTER = compile_lowered(
    r"\s*(?:residen\w*|work\s+authori[sz]ation|right|visa|establishment|exhibition|magnet|record"
    r"|(?:\w+\s+)?(?:problems?|challenges?|questions?|research|tasks?|exploration|conversations?)"
    r"|employees|staff|workers|team\s+members|members|positions|roles|hires"
    r"|ly\b|basis\s+after|place\s+to\s+live|collection|fixture)",
)
_NOT_OPEN_ENDED_BEFORE = compile_lowered(
    r"\b(?:Perspektive|Übernahme|Option|Chance|Möglichkeit|possibility|possible|potential|path|"
    r"pathway|convert\w*|conversion|to\s+hire|could\s+become|lead\s+to|leads\s+to|turn\s+into|"
    r"eventual|future|spätere[rn]?|possibilité|posibilidad|contract[- ]to|temp[- ]to|"
    r"befristet\s+mit|"
    r"opportunity\s+for|aussicht|ziel|goal)\W+(?:\w+\W+){0,2}$",
)
_RANGE_JOIN = compile_lowered(
    r"\s*(?:-|–|—|to|until|till|through|bis(?:\s+zum)?|au|al|jusqu'au|hasta(?:\s+el)?)\s*"
)
_MAX_DAYS = 3650
# Lines that can state a length: a unit, an open-ended word, or a year (for date ranges).
_TRIGGERS = Triggers(
    "day", "week", "month", "year", "tag", "woche", "monat", "jahr", "jour", "semaine", "mois",
    "année", "día", "semana", "meses", "año", "semester", "wks", " mo", "yrs", "wöchig", "jährig",
    "tägig", "permanent", "befrist", "festanstellung", "feste", "dauer", "cdi",
    "indefinid", "indefinite", "open-ended", "open ended",
)  # fmt: skip
# A date range needs a year ("June 1 – August 15, 2026").
_YEAR_TRIGGERS = Triggers("201", "202", "203")


@dataclass(frozen=True, slots=True)
class Duration:
    days_min: int | None = None
    days_max: int | None = None
    open_ended: bool = False
    phrase: str | None = None
    start: date | None = None
    """The first day, when the length was read from start and end dates."""


def duration_class(days: int | None, *, open_ended: bool = False) -> str | None:
    if days is None:
        return DurationClass.OPEN_ENDED.value if open_ended else None
    if days <= 31:
        return DurationClass.MICRO.value
    if days <= 92:
        return DurationClass.SHORT.value
    if days <= 183:
        return DurationClass.MEDIUM.value
    return DurationClass.LONG.value


def extract_duration(document: Document, reference: date | None = None) -> Duration:
    """Engagement length from the header and body; several stated lengths give the shortest
    minimum and the longest maximum. The patterns run on the lowercased lines (see
    normalize.patterns); phrases are cut from the original lines."""
    text = document.select(_TRIGGERS, lowered=True)
    spans = _lengths(text, _Original(document, _TRIGGERS, text))
    dated = document.select(_YEAR_TRIGGERS, lowered=True)
    ranges = _date_ranges(dated, _Original(document, _YEAR_TRIGGERS, dated), reference)
    spans += [(days, days, phrase) for days, phrase, _ in ranges]
    if spans:
        lows = [low for low, _, _ in spans]
        highs = [high for _, high, _ in spans]
        return Duration(
            days_min=min(lows),
            days_max=None if None in highs else max(h for h in highs if h is not None),
            phrase="; ".join(dict.fromkeys(phrase for _, _, phrase in spans)),
            start=ranges[0][2] if ranges else None,
        )
    return Duration(open_ended=_says_open_ended(text))


def _says_open_ended(text: str) -> bool:
    for match in _OPEN_ENDED.finditer(text):
        before = text[max(0, match.start() - 50) : match.start()]
        if _NOT_OPEN_ENDED_AFTER.match(text, match.end()) or _NOT_OPEN_ENDED_BEFORE.search(before):
            continue
        return True
    return False


class _Original:
    """The original (not lowercased) lines a lowercased selection was made of, read only when a
    phrase is kept; the lowercased text stands in if lowercasing changed its length (rare
    letters such as "İ" lowercase to two characters), so that offsets still agree."""

    def __init__(self, document: Document, triggers: Triggers, lowered: str) -> None:
        self.document, self.triggers, self.lowered = document, triggers, lowered
        self.text: str | None = None

    def cut(self, start: int, end: int) -> str:
        if self.text is None:
            original = self.document.select(self.triggers)
            self.text = original if len(original) == len(self.lowered) else self.lowered
        return self.text[start:end]

    def phrase(self, match: re.Match[str]) -> str:
        return self.cut(match.start(), match.end()).strip()


def _lengths(text: str, original: _Original) -> list[tuple[int, int | None, str]]:
    found: list[tuple[int, int | None, str]] = []
    for match in anchored(
        _FORMS, text, _UNIT_ANCHOR, _REACH_BEFORE, _REACH_AFTER, keep=_counts_something
    ):
        span = _span(text, match, original, loose=match.re is _LOOSE_FORM)
        if span is None:
            continue
        found.append(span)
        # "7-8 Semester (Bachelor) bzw. 3-4 Semester (Master)": alternatives of the same length
        alternative = _ALTERNATIVE.match(text, match.end())
        if alternative:
            found.append(_days(alternative, original.phrase(alternative)))
    return found


def _counts_something(anchor: re.Match[str]) -> bool:
    """False for "many years", "the months": only a figure or a number word makes a length."""
    count = anchor.group("count")
    return count is None or parse_number(count) is not None


def _span(
    text: str, match: re.Match[str], original: _Original, *, loose: bool
) -> tuple[int, int | None, str] | None:
    low = parse_number(match.group("low"))
    high = parse_number(match.group("high")) if match.group("high") else None
    if low is None or low <= 0 or (high is not None and high <= low):
        return None
    left, right = clause(text, match.start(), match.end())
    before = text[max(left, match.start() - 40) : match.start()]
    after = text[match.end() : min(right, match.end() + 30)]
    number_start = match.start("low") - match.start()
    if _NOT_ENGAGEMENT.search(before) or _NOT_ENGAGEMENT.search(after):
        return None
    if _NOT_ENGAGEMENT.search(match.group(0)[:number_start]):
        return None
    # Words between the unit and the engagement word ("a 3-month onboarding program").
    if match.re is _ADJACENT_FORM and _NOT_ENGAGEMENT.search(
        match.group(0)[match.end("unit") - match.start() :]
    ):
        return None
    if match.re is _SPREAD_FORM and _UNIT_DAYS.get(match.group("unit"), 0) < 7:
        return None
    # "2+ years in technical roles": years with a "+" are experience, never a length.
    unit = match.groupdict().get("unit")
    if (
        unit
        and _UNIT_DAYS.get(unit, 0) >= 365
        and "+" in text[match.end("low") : match.start("unit")]
    ):
        return None
    if (
        loose
        and not _ENGAGEMENT_WORD.search(text, left, right)
        and not _SCHEDULE_WORD.search(text, left, right)
    ):
        return None
    days = _days(match, original.phrase(match))
    return None if (days[1] or days[0]) > _MAX_DAYS else days


def _days(match: re.Match[str], phrase: str) -> tuple[int, int | None, str]:
    groups = match.groupdict()
    low = parse_number(groups["low"]) or 0
    high = parse_number(groups["high"]) if groups.get("high") else None
    if groups.get("adj"):
        unit_days = _ADJECTIVE_DAYS[groups["adj"]]
    else:
        unit_days = _UNIT_DAYS.get(groups["unit"], 0)
    if high is None and groups.get("atleast"):
        return round(low * unit_days), None, phrase
    return round(low * unit_days), round((high or low) * unit_days), phrase


def _date_ranges(
    text: str, original: _Original, reference: date | None
) -> list[tuple[int, str, date]]:
    """Start and end dates written as a range ("June 1 – August 15, 2026", "01.06.–31.08.2026"),
    in a sentence about the engagement, not the application window."""
    found: list[tuple[int, str, date]] = []
    for pattern in LOWERED_DATE_PATTERNS:
        for first in pattern.finditer(text):
            join = _RANGE_JOIN.match(text, first.end())
            if not join:
                continue
            second = _next_date(text, join.end())
            if second is None:
                continue
            end_match, end_date = second
            start_date = date_from_match(first, end_date.replace(month=1, day=1))
            if start_date is None or start_date >= end_date:
                continue
            left, right = clause(text, first.start(), end_match.end())
            context = text[left:right]
            if _POSTING_WINDOW.search(context) or not (
                _ENGAGEMENT_WORD.search(context) or _DATES_LABEL.search(context)
            ):
                continue
            days = (end_date - start_date).days
            if days <= _MAX_DAYS:
                found.append((days, original.cut(first.start(), end_match.end()), start_date))
    return found


def _next_date(text: str, position: int) -> tuple[re.Match[str], date] | None:
    for pattern in LOWERED_DATE_PATTERNS:
        match = pattern.match(text, position)
        if match:
            found = date_from_match(match, None)
            if found is not None:
                return match, found
    return None


# "Dates: June 1 – August 15, 2026", "Zeitraum: 01.06.–31.08.2026": a range of dates labelled
# as the work's dates (the posting's own window is told apart by `_POSTING_WINDOW`).
_DATES_LABEL = compile_lowered(
    r"\b(?:dates?|period|timeline|timeframe|schedule|zeitraum|période|dates|fechas|periodo"
    r"|período)\s*:"
)
_POSTING_WINDOW = compile_lowered(
    r"\b(?:apply|application|applications|deadline|posted|published|closing|closes|bewerb\w*"
    r"|candidature|postula\w*|interview\w*)\b",
)
