"""The speed-ups change no result: gated patterns, the one-pass trigger scan, lowercased text.

`normalize.patterns.Lowered` runs only the alternatives whose required strings occur in a text,
and `normalize.document` finds every extractor's trigger words in one scan. Both claim to give
exactly what the plain pattern or a `str.find` per word would; these tests hold them to it on the
real postings of the dev set and on generated text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import dates, duration, employment, hours, pay, remote
from normalize.document import _REGISTERED_SETS, Triggers, prepare
from normalize.patterns import Lowered, lower_source, required_literals, split_alternatives
from normalize.scoring import load_examples
from normalize.text import html_to_text

MODULES = (remote, pay, employment, duration, hours, dates)


def lowered_patterns() -> Iterator[tuple[str, Lowered]]:
    for module in MODULES:
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else [value]
            for index, item in enumerate(values):
                if isinstance(item, Lowered):
                    yield f"{module.__name__}.{name}[{index}]", item


PATTERNS = dict(lowered_patterns())
# The dev set's descriptions as the extractors see them: plain text, lowercased.
TEXTS = [
    html_to_text(example.input.get("description") or "").lower() for example in load_examples()[::3]
]


def test_every_module_pattern_is_covered() -> None:
    assert len(PATTERNS) > 30


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_gated_pattern_equals_the_whole_pattern_on_real_postings(name: str) -> None:
    pattern = PATTERNS[name]
    whole = re.compile(pattern.source, pattern.flags)
    for text in TEXTS:
        for line in text.split("\n"):
            assert pattern.test(line) == (whole.search(line) is not None), line
        assert pattern.sub(" ", text) == whole.sub(" ", text)
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in whole.finditer(text)
        ]


# Words the patterns are about, so that generated text exercises their alternatives.
WORDS = [
    "remote", "remotely", "office", "on-site", "onsite", "in person", "hybrid", "fully", "100%",
    "not", "no", "only", "5 days a week", "2 days", "in the office", "work from anywhere",
    "for up to", "a month", "workation", "distributed", "team", "we are a", "experience with",
    "salary", "competitive", "compensation", "doe", "stipend", "unpaid", "volunteer", "intern",
    "internship", "full-time", "part-time", "contract", "freelance", "befristet", "homeoffice",
    "home office", "mobiles arbeiten", "start date:", "apply by", "june 1, 2026", "?", ".", ",",
    "\n", " ", "|", ":", "(", ")",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join))
def test_gated_pattern_equals_the_whole_pattern_on_generated_text(text: str) -> None:
    for pattern in PATTERNS.values():
        whole = re.compile(pattern.source, pattern.flags)
        assert pattern.test(text) == (whole.search(text) is not None)
        assert pattern.sub(" ", text) == whole.sub(" ", text)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (
            r"\b(?:competitive|attractive)\s+(?:base\s+)?(?:salary|pay)\b",
            "a competitive base salary",
        ),
        (r"remote(?:ly)?\s+(?:work|team)", "we work remotely team"),
        (r"\b(?:100\s?%|fully)\s+remote\b", "100 % remote"),
        (r"(?:up\s+to\s+)?\d+\s+(?:weeks?|days?)\s+of\s+remote\s+work", "30 days of remote work"),
        (r"\bkein(?:e|en)?\s+(?:remote|home[- ]?office)\b", "keine homeoffice"),
    ],
)
def test_required_literals_occur_in_every_match(source: str, text: str) -> None:
    literals = required_literals(source)
    assert literals
    match = re.search(source, text)
    assert match is not None
    assert any(literal in match.group() for literal in literals)


@pytest.mark.parametrize("source", [r"\w+", r"(?:remote)?\s+", r"[a-z]{3}", r"a|\d+"])
def test_patterns_without_a_mandatory_string_have_no_gate(source: str) -> None:
    assert required_literals(source) is None


def test_lower_source_keeps_escapes_and_group_names() -> None:
    assert lower_source(r"\bHome\S+\W(?P<hour>X)\D") == r"\bhome\S+\W(?P<hour>x)\D"
    with pytest.raises(ValueError):
        lower_source(r"(?-i:INTERNS)")


def test_split_alternatives_respects_groups_classes_and_escapes() -> None:
    assert split_alternatives(r"a|b(c|d)|[|]|e\|f|[]|x]", verbose=False) == [
        "a",
        "b(c|d)",
        "[|]",
        r"e\|f",
        "[]|x]",
    ]


def test_one_scan_selects_the_lines_a_find_per_word_selects() -> None:
    for example in load_examples()[::2]:
        document = prepare(
            title=example.input.get("title"),
            location=example.input.get("location"),
            description=example.input.get("description"),
            salary=example.input.get("salary"),
            employment_type=example.input.get("employment_type"),
        )
        for triggers in _REGISTERED_SETS:
            for lines, lowered, header in (
                (document.header_lines, document.header_lowered, True),
                (document.body_lines, document.body_lowered, False),
            ):
                expected = [
                    line
                    for line, low in zip(lines, lowered, strict=True)
                    if any(word in low for word in triggers.words)
                ]
                selected = document.select(triggers, header=header, body=not header)
                assert selected == "\n".join(expected)


def test_triggers_made_after_a_document_still_select() -> None:
    document = prepare(description="Line one about cats\nLine two about dogs")
    late = Triggers("dogs")
    assert document.select(late) == "Line two about dogs"
    assert prepare(description="cats\ndogs").select(late) == "dogs"


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p> a \xa0 b </p>\n\n<p>c</p><br> <br>d", "a b\n\nc\n\nd"),
        ("  x \t y \r\n\n\n\n z  ", "x y\n\nz"),
        ("<ul><li>one</li><li> two </li></ul>", "• one\n• two"),
    ],
)
def test_html_to_text_spacing(markup: str, text: str) -> None:
    assert html_to_text(markup) == text
