"""Numbers as job postings write them: "1,200", "1.200", "2.5", "twelve", "sechs", "3–6"."""

from __future__ import annotations

import re

# A figure with optional thousands groups ("120,000", "1.200", "101, 125") and decimals.
NUMBER = r"\d{1,3}(?:[,.’' ]\d{3}|,\s\d{3}(?!\d))+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"

WORD_NUMBERS: dict[str, float] = {}
for _value, _words in enumerate(
    (
        "",
        "one a an single ein eine einen einem einer un une uno una",
        "two zwei deux dos",
        "three drei trois tres",
        "four vier quatre cuatro",
        "five fünf fünf cinq cinco",
        "six sechs six seis",
        "seven sieben sept siete",
        "eight acht huit ocho",
        "nine neun neuf nueve",
        "ten zehn dix diez",
        "eleven elf onze once",
        "twelve zwölf douze doce",
    )
):
    for _word in _words.split():
        WORD_NUMBERS[_word] = float(_value)
WORD_NUMBERS |= {"half": 0.5, "halbes": 0.5, "fifteen": 15, "eighteen": 18, "twenty": 20,
                 "twenty-four": 24, "thirty": 30}  # fmt: skip
RANGE_SEPARATOR = r"\s*(?:-|–|—|~|to|bis|à|a|y|or|oder|ou|und|and|et)\s*"

_THOUSANDS = re.compile(r"^\d{1,3}(?:[,.’' ]|,\s)\d{3}(?:(?:[,.’' ]|,\s)\d{3})*")


def parse_number(text: str) -> float | None:
    """The value of a figure as `NUMBER` matches it; a lone separator before exactly three digits
    is a thousands separator ("1,200" and "1.200" are 1200), before one or two it is a decimal."""
    text = text.strip()
    if not text:
        return None
    word = WORD_NUMBERS.get(text.lower())
    if word is not None:
        return word
    grouped = _THOUSANDS.match(text)
    if grouped:
        whole = re.sub(r"\D", "", grouped.group(0))
        rest = text[grouped.end() :]
        decimals = rest[1:] if rest[:1] in ",." and rest[1:].isdigit() else ""
        return float(f"{whole}.{decimals}" if decimals else whole)
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None
