"""The texts of one listing, prepared once for every extractor: plain text, header, lowercased
lines, and which lines hold each extractor's trigger words (one scan for all of them)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import ftfy

from normalize.patterns import required_literals
from normalize.text import collapse_whitespace, html_to_text, unescape_markup

LANGUAGES = ("en", "de", "fr", "es")

# Frequent short words that are specific enough to one language to vote for it.
_STOPWORDS = {
    "en": "the and with for you our are will this that have from your who what be is of to",
    "de": "und der die das mit für wir sie ist ein eine bei auf nicht oder dich du zu den von",
    "fr": "et les des pour une vous nous avec est dans sur qui être le la du au votre notre",
    "es": "y los las para una con por que del como nuestro sus usted tu más es en el al",
}
_STOPWORD_SETS = {language: frozenset(words.split()) for language, words in _STOPWORDS.items()}
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
# A header segment longer than this may be prose ("VISA ok We are hiring experienced …").
_SEGMENT_MAX = 100
_SEGMENT_END = re.compile(
    r"(?<=\w)\s+(?=(?:We|We're|We’re|Our|I'm|I’m|Hi|Hello|Join|Come|Looking)\b)|[.!?](?:\s|$)"
)
# Prose inside a long middle segment: abbreviations ("Gen. Software Engineer") are no sentence
# end, so only a sentence opening counts there.
_PROSE_START = re.compile(
    r"(?<=\w)[.!?]?\s+(?=(?:We|We're|We’re|Our|I'm|I’m|Hi|Hello|Join|Come|Looking)\b)"
)
_LABEL_LINE = re.compile(
    r"^\W{0,3}(?:location|locations|keywords|remote|onsite|work\s+location|workplace|position"
    r"|position\s+type"
    r"|job\s+type|employment\s+type|type|status|standort|arbeitsort|einsatzort)\s*:[^\n]{1,80}$",
    re.IGNORECASE,
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
    header_lines: tuple[str, ...]
    body_lines: tuple[str, ...]
    header_lowered: tuple[str, ...]
    """`header_lines` lowercased, line by line (patterns for lowercased text run faster)."""
    body_lowered: tuple[str, ...]
    header_selected: Mapping[int, set[int]]
    """Set of triggers (`Triggers.registered`) → numbers of the header lines with its words."""
    body_selected: Mapping[int, set[int]]
    scanner: _KeyScanner
    # A one-item cache of the guessed language (the dataclass is frozen).
    _language: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def language(self) -> str:
        """`en`, `de`, `fr` or `es`: the most likely language of title and body. Guessed on
        first use only: few listings need it (French "stage", dateparser's fallback)."""
        if not self._language:
            self._language.append(guess_language(f"{self.title}\n{self.body[:_LANGUAGE_SAMPLE]}"))
        return self._language[0]

    def select(
        self,
        triggers: Triggers,
        *,
        header: bool = True,
        body: bool = True,
        lowered: bool = False,
    ) -> str:
        """The lines that contain a trigger, header lines first, joined by newlines (lowercased
        when `lowered`). Extractors run their patterns on these lines only: patterns tried at
        every position of a long description were the normalizer's main cost."""
        parts: list[str] = []
        if header:
            lines = self.header_lowered if lowered else self.header_lines
            parts += self._lines(triggers, lines, self.header_selected, self.header_lowered)
        if body:
            lines = self.body_lowered if lowered else self.body_lines
            parts += self._lines(triggers, lines, self.body_selected, self.body_lowered)
        return "\n".join(parts)

    def body_numbers(self, triggers: Triggers) -> list[int]:
        """The numbers of the body lines that contain a trigger, in order (for extractors that
        also read a line's neighbours, such as the heading above a list of pay ranges)."""
        if triggers.registered > self.scanner.registered:
            return [n for n, low in enumerate(self.body_lowered) if triggers.within(low)]
        return sorted(self.body_selected.get(triggers.registered, ()))

    def _lines(
        self,
        triggers: Triggers,
        lines: Sequence[str],
        selected: Mapping[int, set[int]],
        lowered: Sequence[str],
    ) -> list[str]:
        if triggers.registered > self.scanner.registered:
            # Triggers made after this document was prepared: look for their words directly.
            return [line for line, low in zip(lines, lowered, strict=True) if triggers.within(low)]
        numbers = selected.get(triggers.registered)
        return [lines[number] for number in sorted(numbers)] if numbers else []


class Triggers:
    """Lowercase words whose presence makes a line worth reading for one extractor.

    Every set of triggers is registered: `prepare` finds the words of all of them in one scan of
    the listing (`_KeyScanner`) instead of one `str.find` loop per word and extractor."""

    def __init__(self, *words: str) -> None:
        self.words = tuple(dict.fromkeys(words))
        # Registration order: a scanner built after this knows these words.
        self.registered = len(_REGISTERED_SETS)
        _REGISTERED_SETS.append(self)

    def within(self, line: str) -> bool:
        """True when a lowercased line contains one of the words."""
        return any(word in line for word in self.words)


_REGISTERED_SETS: list[Triggers] = []


class _KeyScanner:
    """Finds every occurrence of a fixed set of words in one regular-expression pass.

    The pattern is a trie of the words (`sal(?:ar|…)|…`), so each position costs a test of its
    first character; at a position it matches the longest word. Words that overlap a match are
    recovered from tables: the words inside it, and the words that start inside it and run on
    past its end (matches do not overlap). So the result is exactly "which lines contain which
    words", as a `str.find` per word would give."""

    def __init__(self, sets: Sequence[Triggers]) -> None:
        keys = frozenset(word for triggers in sets for word in triggers.words)
        self.registered = len(sets) - 1
        self.pattern = re.compile(_trie(keys))
        sets_of: dict[str, set[int]] = {}
        for triggers in sets:
            for word in triggers.words:
                sets_of.setdefault(word, set()).add(triggers.registered)
        # For each word the pattern can match: the sets of triggers of the words inside it.
        self.inside = {
            key: tuple(sorted(set().union(*(sets_of[other] for other in keys if other in key))))
            for key in keys
        }
        # Words that may start inside a match and run past its end, by how far back they start:
        # one `str.startswith(tuple)` per distance finds whether any of them is there.
        self.crossing: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = {}
        for key in keys:
            by_overlap: dict[int, list[str]] = {}
            for other in keys:
                for overlap in range(1, min(len(key), len(other))):
                    if key.endswith(other[:overlap]):
                        by_overlap.setdefault(overlap, []).append(other)
            self.crossing[key] = tuple(
                (overlap, tuple(others)) for overlap, others in sorted(by_overlap.items())
            )

    def scan(self, text: str) -> dict[int, set[int]]:
        """Set of triggers (its registration number) → the numbers of the lines of `text` that
        contain one of its words."""
        found: dict[int, set[int]] = {}
        inside, crossing = self.inside, self.crossing
        number = previous = 0
        for match in self.pattern.finditer(text):
            key = match.group()
            number += text.count("\n", previous, match.start())
            previous = match.start()
            sets = inside[key]
            end = match.end()
            for overlap, others in crossing[key]:
                if text.startswith(others, end - overlap):
                    for other in others:
                        if text.startswith(other, end - overlap):
                            sets += inside[other]
            for registered in sets:
                numbers = found.get(registered)
                if numbers is None:
                    found[registered] = {number}
                else:
                    numbers.add(number)
        return found


def _trie(words: frozenset[str]) -> str:
    """A regular expression matching any of `words`, longest first, shaped as a trie."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(root) or "(?!)"


_SCANNER: list[_KeyScanner] = []


def _scanner() -> _KeyScanner:
    """The scanner for every registered trigger word (rebuilt when new triggers appear)."""
    if not _SCANNER or _SCANNER[0].registered != len(_REGISTERED_SETS) - 1:
        _SCANNER[:] = [_KeyScanner(_REGISTERED_SETS)]
    return _SCANNER[0]


def fix_text(text: str | None) -> str:
    """Mojibake-repaired text. A text that is UTF-8 read as Windows-1252 or as Latin-1 throughout
    (RemoteOK's "Weâ\x80\x99re" is the latter) is decoded back at once; otherwise ftfy repairs
    the lines that look broken (it costs milliseconds on a whole description)."""
    if not text:
        return ""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
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
    body_lines = tuple(body.split("\n"))
    header_lines.extend(_header_lines(body, body_lines, title_text))
    header = tuple(line for line in header_lines if line)
    header_lowered = tuple(line.lower() for line in header)
    body_lower = body.lower()
    body_lowered = tuple(body_lower.split("\n"))
    scanner = _scanner()
    return Document(
        title=title_text,
        location=location_text,
        salary=salary_text,
        employment_type=type_text,
        body=body,
        header="\n".join(header),
        header_lines=header,
        body_lines=body_lines,
        header_lowered=header_lowered,
        body_lowered=body_lowered,
        header_selected=scanner.scan("\n".join(header_lowered)),
        body_selected=scanner.scan(body_lower),
        scanner=scanner,
    )


def _header_lines(body: str, body_lines: Sequence[str], title: str) -> list[str]:
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
    header = _pipe_header(first_line)
    if header:
        lines.append(header)
    lines.extend(line.strip() for line in body_lines if ":" in line and _LABEL_LINE.match(line))
    return lines


def _pipe_header(line: str) -> str | None:
    """The header part of a pipe-separated first line: its segments up to the first one where
    prose starts. A one-paragraph HN post ("eBay | New York | NYC | ONSITE | jobs@… | VISA ok
    We are hiring … a growing remote office. … | Ask for Adam") has pipes after its prose too;
    only the segments before the prose are the header."""
    pipes = list(_PIPES.finditer(line))
    if not pipes:
        return None
    # Short segments are kept whole ("Apple, Inc. | Ft. Lauderdale" has no prose); a long one
    # that starts a sentence ends the header there.
    start = 0
    for pipe in pipes:
        if pipe.start() - start > _SEGMENT_MAX:
            tail = _PROSE_START.search(line, start, pipe.start())
            if tail is not None:
                return line[: tail.start()]
        start = pipe.end()
    tail = _SEGMENT_END.search(line, start)
    return line[: tail.start() if tail else start + _LAST_SEGMENT]


def guess_language(text: str) -> str:
    """The language whose common short words occur most often; English when nothing votes."""
    counts = Counter(_WORD.findall(text.lower())).get
    votes = {
        language: sum(counts(word, 0) for word in words)
        for language, words in _STOPWORD_SETS.items()
    }
    best = max(LANGUAGES, key=lambda language: votes[language])
    return best if votes[best] > 0 else "en"


def anchored(
    patterns: Sequence[re.Pattern[str]],
    text: str,
    anchor: re.Pattern[str] | Sequence[re.Pattern[str]],
    before: int,
    after: int,
    keep: Callable[[re.Match[str]], bool] | None = None,
) -> list[re.Match[str]]:
    """For each occurrence of `anchor` (a unit word such as "months" or "hours"), the first
    match of `patterns` (in order) that covers it, looked for only within `before`/`after`
    characters of it on its line. Full patterns tried at every position of a text are slow;
    anchors are rare and cheap to find; `keep` can drop an anchor before any pattern runs.
    Several anchor patterns (whose matches never overlap) are one anchor in two scans, each
    fast on its own. Matches come in text order."""
    found: list[re.Match[str]] = []
    covered = -1
    if isinstance(anchor, re.Pattern):
        hits: Iterable[re.Match[str]] = anchor.finditer(text)
    else:
        hits = sorted((h for a in anchor for h in a.finditer(text)), key=lambda h: h.start())
    for hit in hits:
        if hit.start() < covered or (keep is not None and not keep(hit)):
            continue
        line_start = text.rfind("\n", 0, hit.start()) + 1
        line_end = text.find("\n", hit.end())
        start = max(line_start, hit.start() - before)
        end = min(line_end if line_end >= 0 else len(text), hit.end() + after)
        window = text[start:end]
        for pattern in patterns:
            needs = _needs(pattern)
            if needs is not None and not _contains_any(window, needs):
                continue  # a string every match of this pattern contains is not there
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


def _contains_any(text: str, literals: Sequence[str]) -> bool:
    for literal in literals:  # noqa: SIM110 - a plain loop is twice as fast as any()
        if literal in text:
            return True
    return False


@cache
def _needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings of which every match of a case-sensitive pattern contains one (None: unknown)."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = required_literals(pattern.pattern, pattern.flags)
    return None if found is None else tuple(sorted(found))


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
