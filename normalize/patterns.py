"""Regular expressions for lowercased text, each gated by the words a match cannot do without.

Two things made the normalizer's patterns slow, both measured with cProfile on the dev set:
- `re.IGNORECASE`: Python's engine folds the case of every character it compares, 2–3× slower
  than matching text lowercased once per listing;
- large alternations (`\\b(?:competitive|attractive|…)\\s+(?:salary|…)|\\bpaid\\s+…|…`) are tried
  at every position of the text, whatever the text is about.

`Lowered` compiles a pattern written in any case for text that is already lowercase, and
derives from the pattern itself, for each top-level alternative, a set of literal strings of
which every match contains at least one ("salary", "compensation", … for the first alternative
above). An alternative runs only on a text that contains one of its strings; a `str.__contains__`
is a memchr-speed scan. The derivation is sound by construction (it only keeps literals that
are mandatory in the parsed pattern), so gating never changes a result; which string is chosen
(the rarest-looking) only decides how much time is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

try:  # The parser is private: without it every alternative simply always runs.
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    _sre = _sre_parse = None

Literals = frozenset[str]
_GROUP_NAME = re.compile(r"\(\?P(?:<\w+>|=\w+\))")
# A required string shorter than this is not worth a scan (", " or "a" occur everywhere).
_MIN_LITERAL = 2
# Words of most job postings (and of the lines each extractor selects): poor gates too.
_FREQUENT = frozenset(
    {
        "remote", "office", "site", "person", "work", "working", "team", "time", "full", "role",
        "position", "job", "company", "experience", "home", "based", "location", "salary", "pay",
        "compensation", "paid", "hybrid", "contract", "only", "not",
    }
)  # fmt: skip
# Narrowed patterns kept per pattern (one per combination of alternatives seen in texts).
_NARROWED_PATTERNS = 256
# Single characters rare enough in prose to be worth a scan ("?" of a question).
_RARE_CHARACTERS = frozenset("?%|$€£¥₹₪@")
# Words nearly every text contains: a poor choice of required string when a better one exists.
_COMMON = frozenset(
    {
        "the", "our", "and", "for", "you", "are", "with", "from", "in", "on", "at", "to", "an",
        "of", "is", "be", "or", "we", "it", "they", "this", "that", "der", "die", "das", "und",
        "mit", "für", "le", "la", "les", "et", "de", "des", "el", "los", "las", "y", "en",
    }
)  # fmt: skip


def lower_source(source: str) -> str:
    """`source` with every letter lowercased except in escapes (`\\S`, `\\W`, `\\D` keep their
    meaning). Refuses inline case flags: they would mean something else on lowercased text."""
    if re.search(r"\(\?[a-zA-Z]*-?[a-zA-Z]*i", source):
        raise ValueError(f"inline case flags cannot be lowered: {source[:60]!r}")
    out: list[str] = []
    index = 0
    while index < len(source):
        if source[index] == "\\":
            out.append(source[index : index + 2])
            index += 2
            continue
        group = _GROUP_NAME.match(source, index)
        if group:  # "(?P<hour>", "(?P=hour)": the P and the name are syntax, not text
            out.append(group.group())
            index = group.end()
            continue
        out.append(source[index].lower())
        index += 1
    return "".join(out)


def compile_lowered(source: str, flags: int = 0) -> re.Pattern[str]:
    """`source` compiled for lowercased text, without `re.IGNORECASE`."""
    return re.compile(lower_source(source), flags & ~re.IGNORECASE)


class Lowered:
    """A pattern for lowercased text (see the module docstring).

    `search`, `finditer`, `sub` and `split` behave exactly like the whole compiled pattern's but
    run only the alternatives whose strings occur in the text (an alternative that cannot match
    anywhere never wins at any position, so leaving it out changes no result). `test` answers
    "does it match anywhere?" the same way, alternative group by alternative group."""

    def __init__(self, source: str, flags: int = 0) -> None:
        flags &= ~re.IGNORECASE
        self.source = lower_source(source)
        self.flags = flags
        self.pattern = re.compile(self.source, flags)
        # Alternatives that need the same strings run as one pattern: fewer calls, same answer.
        groups: dict[Literals | None, list[str]] = {}
        self.parts: tuple[tuple[str, tuple[str, ...] | None], ...] = ()
        for part in split_alternatives(self.source, verbose=bool(flags & re.VERBOSE)):
            needs = required_literals(part, flags)
            groups.setdefault(needs, []).append(part)
            self.parts += ((part, None if needs is None else tuple(sorted(needs))),)
        # Numbered or named groups would move in a narrowed pattern: keep the whole one then.
        self.narrows = self.pattern.groups == 0
        self.narrowed: dict[tuple[int, ...], re.Pattern[str]] = {}
        self.alternatives: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...] = tuple(
            (re.compile("|".join(parts), flags), None if needs is None else tuple(sorted(needs)))
            for needs, parts in groups.items()
        )
        self.needs: tuple[str, ...] | None = (
            None if None in groups else tuple(sorted(frozenset().union(*groups)))  # type: ignore[arg-type]
        )

    def possible(self, text: str) -> bool:
        """False when no alternative can match: none of the strings they need occurs."""
        if self.needs is None:
            return True
        for literal in self.needs:  # noqa: SIM110 - a plain loop is twice as fast as any()
            if literal in text:
                return True
        return False

    def test(self, text: str) -> bool:
        for pattern, needs in self.alternatives:
            if needs is not None:
                for literal in needs:
                    if literal in text:
                        break
                else:
                    continue
            if pattern.search(text) is not None:
                return True
        return False

    def for_text(self, text: str) -> re.Pattern[str] | None:
        """The pattern of the alternatives that can match in `text` (None: none can)."""
        if not self.narrows:
            return self.pattern if self.possible(text) else None
        present = []
        for index, (_, needs) in enumerate(self.parts):
            if needs is None:
                present.append(index)
                continue
            for literal in needs:
                if literal in text:
                    present.append(index)
                    break
        if not present:
            return None
        if len(present) == len(self.parts):
            return self.pattern
        key = tuple(present)
        pattern = self.narrowed.get(key)
        if pattern is None:
            if len(self.narrowed) >= _NARROWED_PATTERNS:
                return self.pattern
            source = "|".join(self.parts[index][0] for index in key)
            pattern = self.narrowed[key] = re.compile(source, self.flags)
        return pattern

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        pattern = self.for_text(text)
        return pattern.search(text, *args) if pattern else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        pattern = self.for_text(text)
        return pattern.match(text, *args) if pattern else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        pattern = self.for_text(text)
        return pattern.finditer(text, *args) if pattern else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        pattern = self.for_text(text)
        return pattern.sub(repl, text) if pattern else text

    def split(self, text: str) -> list[str]:
        pattern = self.for_text(text)
        return pattern.split(text) if pattern else [text]


def split_alternatives(source: str, *, verbose: bool) -> list[str]:
    """The top-level alternatives of a pattern source (`a|b(c|d)|e` → `a`, `b(c|d)`, `e`)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    index = 0
    while index < len(source):
        character = source[index]
        if character == "\\":
            index += 2
            continue
        if in_class:
            if character == "]":
                in_class = False
        elif character == "[":
            in_class = True
            # "[]…]" and "[^]…]": a leading "]" is a member, not the end of the class.
            if source.startswith("^", index + 1):
                index += 1
            if source.startswith("]", index + 1):
                index += 1
        elif verbose and character == "#":
            raise ValueError("comments in verbose patterns are not supported here")
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif character == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
        index += 1
    parts.append(source[start:])
    return parts


def required_literals(source: str, flags: int = 0) -> Literals | None:
    """Strings of which every match of `source` contains at least one; None when the pattern
    does not force any (an optional group, a character class, `\\w+`…)."""
    if _sre_parse is None:
        return None
    try:
        parsed = _sre_parse.parse(source, flags)
    except re.error:
        return None
    return _sequence(list(parsed))


def _sequence(items: Sequence[tuple[Any, Any]]) -> Literals | None:
    """The best required set among the mandatory items of a sequence: consecutive literal
    characters join into one string; any other item contributes its own required set."""
    candidates: list[Literals] = []
    run: list[str] = []
    for op, value in items:
        if op is _sre.LITERAL:
            run.append(chr(value))
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        found = _item(op, value)
        if found is not None:
            candidates.append(found)
    if run:
        candidates.append(frozenset(["".join(run)]))
    useful = [c for c in candidates if min(map(len, c)) >= _MIN_LITERAL or c <= _RARE_CHARACTERS]
    if not useful:
        return None
    # The most selective: no word found in every text, the longest shortest string, then the
    # fewest strings.
    return max(
        useful,
        key=lambda c: (not (c & _COMMON), not (c & _FREQUENT), min(map(len, c)), -len(c)),
    )


def _item(op: Any, value: Any) -> Literals | None:
    if op is _sre.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(list(value))
    if op is _sre.BRANCH:
        found: set[str] = set()
        for alternative in value[1]:
            required = _sequence(list(alternative))
            if required is None:
                return None
            found |= required
        return frozenset(found)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _, body = value
        return _sequence(list(body)) if low >= 1 else None
    return None
