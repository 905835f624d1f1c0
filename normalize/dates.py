"""Dates: the machine-readable timestamps sources publish (ISO 8601, epoch seconds or ms)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from normalize.patterns import Lowered, compile_lowered

# Epoch values above this are milliseconds (1e11 s is the year 5138).
_EPOCH_MS_THRESHOLD = 100_000_000_000


def parse_timestamp(value: object) -> datetime | None:
    """An aware UTC datetime from ISO 8601 text or an epoch number; None when it is neither.

    A time without a zone is taken as UTC: sources that omit it (Remotive) publish in UTC.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float):
        seconds = value / 1000 if abs(value) >= _EPOCH_MS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return parse_timestamp(int(text))
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


# Dates written in text ------------------------------------------------------------------------

_MONTH_NAMES: dict[int, str] = {
    1: "january jan januar janvier janv enero ene jänner",
    2: "february feb februar février févr fevrier febrero",
    3: "march mar märz maerz mars marzo",
    4: "april apr avril avr abril abr",
    5: "may mai mayo",
    6: "june jun juni juin junio",
    7: "july jul juli juillet juil julio",
    8: "august aug août aout agosto ago",
    9: "september sep sept septembre septiembre setiembre",
    10: "october oct oktober okt octobre octubre",
    11: "november nov novembre noviembre",
    12: "december dec dezember dez décembre decembre diciembre dic",
}
MONTHS: dict[str, int] = {
    name: number for number, names in _MONTH_NAMES.items() for name in names.split()
}
MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?:19|20)\d\d"

# One pattern per written form; each names day, month (name or number) and an optional year.
_DATE_FORMS = (
    rf"(?P<y>{_YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b",
    rf"\b(?P<d>{_DAY})\s*(?:of\s+|de\s+)?(?P<m>{MONTH})(?:\s*(?:de\s+|,\s*)?(?P<y>{_YEAR}))?\b",
    rf"\b(?P<m>{MONTH})\s+(?P<d>{_DAY})(?:\s*,?\s*(?P<y>{_YEAR}))?\b",
    rf"\b(?P<d>[12]\d|3[01]|0?[1-9])[./](?P<mn>1[0-2]|0?[1-9])[./](?P<y>{_YEAR}|\d\d)\b",
)
DATE_PATTERNS = tuple(re.compile(form, re.IGNORECASE) for form in _DATE_FORMS)
# The same for lowercased text (see normalize.patterns).
LOWERED_DATE_PATTERNS = tuple(compile_lowered(form) for form in _DATE_FORMS)


def date_from_match(match: re.Match[str], reference: date | None) -> date | None:
    """The date a `DATE_PATTERNS` match names; a missing year is the first one that puts the date
    on or after `reference` (none without a reference)."""
    groups = match.groupdict()
    day = int(re.sub(r"\D", "", groups["d"]))
    month = MONTHS.get(groups["m"].lower().rstrip(".")) if groups.get("m") else None
    if month is None and groups.get("mn"):
        month = int(groups["mn"])
    if month is None:
        return None
    year_text = groups.get("y")
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    elif reference is not None:
        year = reference.year
        if (month, day) < (reference.month, reference.day):
            year += 1
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, reference: date | None = None) -> tuple[date, re.Match[str]] | None:
    """The first date written in `text`."""
    best: tuple[date, re.Match[str]] | None = None
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1].start():
                break
            found = date_from_match(match, reference)
            if found is not None:
                best = (found, match)
                break
    return best


def parse_date_text(value: str | None, language: str | Callable[[], str] = "en") -> date | None:
    """A date from a posting's date field: ISO 8601 or epoch, a written date, else dateparser
    restricted to the posting's language and to absolute dates ("3 days ago" has no fixed
    meaning once stored). `language` may be a function: it is called only for dateparser."""
    if not value or not value.strip():
        return None
    moment = parse_timestamp(value)
    if moment is not None:
        return moment.date()
    found = find_date(value)
    if found is not None:
        return found[0]
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=[language if isinstance(language, str) else language()],
        settings={
            "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    return parsed.date() if parsed else None


# Cues are looked for in lowercased text (see normalize.patterns).
_VALID_THROUGH_CUE = Lowered(
    r"\b(?:apply\s+(?:by|before|until)|application\s+deadline|deadline(?:\s+to\s+apply)?|closing\s+date"
    r"|(?:remain|remains|be|is)\s+open\s+until|accepting\s+applications\s+until"
    r"|applications?\s+close[sd]?(?:\s+on)?|bewerbungsfrist|bewerbungsschluss|einsendeschluss"
    r"|bewerbung\s+bis(?:\s+zum)?|date\s+limite(?:\s+de\s+candidature)?|fecha\s+l[ií]mite"
    r"|plazo(?:\s+de\s+solicitud)?)\b\W{0,4}(?:is|ist|on|am|le|el|:)?\s*",
)
_START_CUE = Lowered(
    r"\b(?:start(?:ing)?\s+date|start(?:s|ing)?(?:\s+(?:on|from|in))?|beginning|commencing|Startdatum"
    r"|Starttermin|Eintrittsdatum|Eintrittstermin|Eintritt|Arbeitsbeginn|Beginn|ab\s+dem|ab"
    r"|date\s+de\s+début|début|à\s+partir\s+du|prise\s+de\s+poste|fecha\s+de\s+inicio"
    r"|incorporación|inicio)\b\W{0,4}(?:is|ist|on|am|le|el|zum|from|:)?\s*",
)
# The end of the engagement, labelled ("End date: August 15, 2026", "Vertragsende: 31.08.2026",
# "Date de fin : 31 août 2026", "Fecha de fin: 31 de agosto"): with a labelled start date it
# gives the engagement's length (DESIGN §3: explicit start and end dates give end − start).
_END_CUE = Lowered(
    r"\b(?:end\s+date|end(?:s|ing)?\s+(?:on|date)|end\s*:|finish(?:es|ing)?\s+(?:on|date)|enddatum"
    r"|endtermin|vertragsende|projektende|einsatzende|ende\s*:|date\s+de\s+fin|fin\s+(?:du\s+contrat"
    r"|de\s+(?:la\s+)?mission)|fecha\s+(?:de\s+)?(?:fin(?:alización)?|término))(?!\w)\W{0,4}"
    r"(?:is|ist|on|am|le|el|:)?\s*",
)
# Lines about the posting or the application, whose dates are not the engagement's.
_WINDOW_LINE = Lowered(
    r"\b(?:apply|application|applications|posting|posted|published|closing|deadline|bewerb\w*"
    r"|ausschreibung|candidature|publication|postula\w*|publicación)\b"
)
_CUE_REACH = 30


def cued_date(text: str, cue: Lowered, reference: date | None) -> tuple[date, str] | None:
    """The first date written right after a cue ("Start Date: May 1, 2026", "Bewerbungsfrist:
    15.03.2026"), with the phrase it was read from."""
    for match in cue.finditer(text):
        window = text[match.end() : match.end() + _CUE_REACH]
        found = find_date(window, reference)
        if found is not None and found[1].start() <= 2:
            moment, date_match = found
            return moment, text[match.start() : match.end() + date_match.end()]
    return None


def valid_through_date(text: str, reference: date | None) -> date | None:
    """The application deadline in lowercased text."""
    found = cued_date(text, _VALID_THROUGH_CUE, reference)
    return found[0] if found else None


def start_date(text: str, reference: date | None) -> date | None:
    """The start date in lowercased text."""
    found = cued_date(text, _START_CUE, reference)
    return found[0] if found else None


def labelled_span(text: str, reference: date | None) -> tuple[date, date, str] | None:
    """A labelled start date and a labelled end date after it, on lines that are not about the
    posting or the application (lowercased text): the engagement's first and last day and the
    phrases they were read from."""
    lines = "\n".join(line for line in text.split("\n") if not _WINDOW_LINE.search(line))
    start = cued_date(lines, _START_CUE, reference)
    if start is None:
        return None
    end = cued_date(lines, _END_CUE, start[0])
    if end is None or end[0] <= start[0]:
        return None
    return start[0], end[0], f"{start[1]}; {end[1]}"
