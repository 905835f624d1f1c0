"""The texts of one listing, prepared once for every extractor: plain text, header, language."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ftfy

from normalize.text import collapse_whitespace, html_to_text, unescape_markup

LANGUAGES = ("en", "de", "fr", "es")

# Frequent short words that are specific enough to one language to vote for it.
_STOPWORDS = {
    "en": "the and with for you our are will this that have from your who what be is of to",
    "de": "und der die das mit für wir sie ist ein eine bei auf nicht oder dich du zu den von",
    "fr": "et les des pour une vous nous avec est dans sur qui être le la du au votre notre",
    "es": "y los las para una con por que del como nuestro sus usted tu más es en el al",
}
_LANGUAGE_OF: dict[str, list[str]] = {}
for _language, _words in _STOPWORDS.items():
    for _word in _words.split():
        _LANGUAGE_OF.setdefault(_word, []).append(_language)
_WORD = re.compile(r"[a-zà-ÿß]+")
# Mojibake: UTF-8 read as Latin-1 or Windows-1252 ("Ã¼", "â€™", "Å").
_MOJIBAKE = re.compile(r"[ÃÂÅâ][\x80-\xbf€™œž¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾]")
# A pipe-separated first line ("Company | Role | City | ONSITE | $120k") is a header (HN style).
_PIPES = re.compile(r"\s[|｜]\s")
# Type codes: "fulltime_permanent", "FullTime", "PART_TIME".
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Descriptions often open with the title again, with its work mode ("Pricing Manager - Remote").
_TITLE_LINES = 3
_TITLE_LINE_MAX = 120
# The prose after a header's last segment starts at a sentence or after this many characters.
_LAST_SEGMENT = 60
_SEGMENT_END = re.compile(
    r"(?<=\w)\s+(?=(?:We|We're|We’re|Our|I'm|I’m|Hi|Hello|Join|Come|Looking)\b)|[.!?](?:\s|$)"
)
_LABEL_LINE = re.compile(
    r"^\W{0,3}(?:location|locations|keywords|remote|onsite|work\s+location|workplace|position"
    r"|position\s+type"
    r"|job\s+type|employment\s+type|type|status|standort|arbeitsort|einsatzort)\s*:[^\n]{1,80}$",
    re.IGNORECASE | re.MULTILINE,
)
# The language vote only needs the start of a long description.
_LANGUAGE_SAMPLE = 1500


@dataclass(frozen=True, slots=True)
class Document:
    """One listing's texts as the extractors read them."""

    title: str
    location: str
    salary: str
    employment_type: str
    body: str
    """The description as plain text: one paragraph or list item per line."""
    header: str
    """Title, location, type and salary fields, plus a pipe-separated first line of the body."""
    language: str
    """`en`, `de`, `fr` or `es`: the most likely language of title and body."""
    header_lines: tuple[str, ...]
    body_lines: tuple[str, ...]
    header_lowered: str
    body_lowered: str
    header_starts: tuple[int, ...]
    body_starts: tuple[int, ...]

    @property
    def full(self) -> str:
        """Header and body: everything the listing says, for scans that do not care where."""
        return f"{self.header}\n\n{self.body}"

    def select(self, triggers: Triggers, *, header: bool = True, body: bool = True) -> str:
        """The lines that contain a trigger, header lines first, joined by newlines. Extractors
        run their patterns on these lines only: one scan for the trigger words is far cheaper
        than each pattern tried at every position of a long description."""
        parts = []
        if header:
            parts += triggers.lines(self.header_lines, self.header_lowered, self.header_starts)
        if body:
            parts += triggers.lines(self.body_lines, self.body_lowered, self.body_starts)
        return "\n".join(parts)


class Triggers:
    """Lowercase words whose presence makes a line worth reading for one extractor."""

    def __init__(self, *words: str) -> None:
        self.words = tuple(dict.fromkeys(words))

    def lines(self, lines: Sequence[str], lowered: str, starts: Sequence[int]) -> list[str]:
        """The lines with a trigger. `lowered` is the lines lowercased and joined by newlines,
        `starts` the offset of each line in it; `str.find` is the fastest scan Python has."""
        numbers: set[int] = set()
        for word in self.words:
            position = lowered.find(word)
            while position >= 0:
                number = bisect_right(starts, position) - 1
                numbers.add(number)
                next_line = starts[number + 1] if number + 1 < len(starts) else len(lowered)
                position = lowered.find(word, next_line)
        return [lines[number] for number in sorted(numbers)]


def fix_text(text: str | None) -> str:
    """Mojibake-repaired text. A text that is UTF-8 read as Windows-1252 throughout is decoded
    back at once; otherwise ftfy repairs the lines that look broken (it is slow on whole texts)."""
    if not text:
        return ""
    if not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        pass
    return "\n".join(
        ftfy.fix_encoding(line) if _MOJIBAKE.search(line) else line for line in text.split("\n")
    )


def prepare(
    *,
    title: str | None = None,
    location: str | None = None,
    description: str | None = None,
    salary: str | None = None,
    employment_type: str | None = None,
) -> Document:
    body = html_to_text(unescape_markup(fix_text(description)))
    title_text = collapse_whitespace(fix_text(title))
    location_text = collapse_whitespace(fix_text(location))
    salary_text = collapse_whitespace(fix_text(salary))
    type_text = collapse_whitespace(_CAMEL.sub(" ", fix_text(employment_type)).replace("_", " "))
    header_lines = [title_text, location_text, type_text, salary_text]
    header_lines.extend(_header_lines(body, title_text))
    header = tuple(line for line in header_lines if line)
    body_lines = tuple(body.split("\n"))
    header_lowered = "\n".join(header).lower()
    body_lowered = body.lower()
    return Document(
        title=title_text,
        location=location_text,
        salary=salary_text,
        employment_type=type_text,
        body=body,
        header="\n".join(header),
        language=guess_language(f"{title_text}\n{body[:_LANGUAGE_SAMPLE]}"),
        header_lines=header,
        body_lines=body_lines,
        header_lowered=header_lowered,
        body_lowered=body_lowered,
        header_starts=_line_starts(header_lowered),
        body_starts=_line_starts(body_lowered),
    )


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return tuple(starts)


def _header_lines(body: str, title: str) -> list[str]:
    """Lines of the body that work as a header: the title repeated with more ("Pricing Manager -
    Remote"), the pipe-separated first line of an HN-style post (cut after its last segment,
    where the prose starts), and short "Label: value" lines such as "Location: Santa Monica,
    CA" or "Keywords: ONSITE"."""
    title = title.lower()
    lines = [
        line
        for line in body.split("\n", _TITLE_LINES)[:_TITLE_LINES]
        if title and len(line) <= _TITLE_LINE_MAX and title in line.lower()
    ]
    first_line = body.split("\n", 1)[0]
    pipes = list(_PIPES.finditer(first_line))
    if pipes:
        last = pipes[-1].end()
        tail = _SEGMENT_END.search(first_line, last)
        lines.append(first_line[: tail.start() if tail else last + _LAST_SEGMENT])
    lines.extend(match.group(0).strip() for match in _LABEL_LINE.finditer(body))
    return lines


def guess_language(text: str) -> str:
    """The language whose common short words occur most often; English when nothing votes."""
    votes = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(text.lower()):
        for language in _LANGUAGE_OF.get(word, ()):
            votes[language] += 1
    best = max(LANGUAGES, key=lambda language: votes[language])
    return best if votes[best] > 0 else "en"


def anchored(
    patterns: Sequence[re.Pattern[str]],
    text: str,
    anchor: re.Pattern[str],
    before: int,
    after: int,
    keep: Callable[[re.Match[str]], bool] | None = None,
) -> list[re.Match[str]]:
    """For each occurrence of `anchor` (a unit word such as "months" or "hours"), the first
    match of `patterns` (in order) that covers it, looked for only within `before`/`after`
    characters of it on its line. Full patterns tried at every position of a text are slow;
    anchors are rare and cheap to find; `keep` can drop an anchor before any pattern runs.
    Matches come in text order."""
    found: list[re.Match[str]] = []
    covered = -1
    for hit in anchor.finditer(text):
        if hit.start() < covered or (keep is not None and not keep(hit)):
            continue
        line_start = text.rfind("\n", 0, hit.start()) + 1
        line_end = text.find("\n", hit.end())
        start = max(line_start, hit.start() - before)
        end = min(line_end if line_end >= 0 else len(text), hit.end() + after)
        for pattern in patterns:
            match = next(
                (
                    m
                    for m in pattern.finditer(text, start, end)
                    if m.start() <= hit.start() < m.end()
                ),
                None,
            )
            if match is not None:
                found.append(match)
                covered = match.end()
                break
    return found


_CLAUSE_END = re.compile(r"[.!?;•|\n](?:\s|$)|\n")


def clause(text: str, start: int, end: int, reach: int = 160) -> tuple[int, int]:
    """The bounds of the sentence or list item around text[start:end], at most `reach` characters
    to either side."""
    low = max(0, start - reach)
    left = low
    for boundary in _CLAUSE_END.finditer(text, low, start):
        left = boundary.end()
    right_match = _CLAUSE_END.search(text, end, min(len(text), end + reach))
    right = right_match.start() if right_match else min(len(text), end + reach)
    return left, right
