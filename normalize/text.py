"""Text cleanup: HTML to plain text, HTML sanitising, whitespace."""

from __future__ import annotations

import html
import re

import lxml.html
import nh3
from lxml import etree

# Tags a job description legitimately uses; everything else is unwrapped (its text kept).
SAFE_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "span", "strong",
        "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
SAFE_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_PARAGRAPH_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main",
        "nav", "ol", "p", "pre", "section", "table", "ul",
    }
)  # fmt: skip
_LINE_TAGS = frozenset({"br", "dd", "dt", "li", "tr"})
_BLANK_LINES = re.compile(r"\n\n+")
_ESCAPED_MARKUP = re.compile(r"&lt;/?[a-zA-Z][^&]{0,200}?&gt;")


def collapse_whitespace(text: str) -> str:
    """One space between words, no leading or trailing space."""
    return " ".join(text.split())


def unescape_markup(text: str) -> str:
    """Decode HTML that a source delivered entity-escaped (`&lt;p&gt;…`), leave real HTML alone.

    Greenhouse's `content` and some boards' descriptions arrive escaped once; decoding real HTML
    again would turn a literal `&lt;` written by the employer into a tag.
    """
    if _ESCAPED_MARKUP.search(text):
        return html.unescape(text)
    return text


def sanitize_html(markup: str) -> str:
    """Keep the formatting of a description, drop anything executable or tracking.

    nh3 (ammonia) parses like a browser, so obfuscated vectors are judged on what a browser would
    run; links may only be http(s) or mailto and get `rel="noopener noreferrer nofollow"`.
    """
    return nh3.clean(
        markup,
        tags=set(SAFE_TAGS),
        attributes={tag: set(attrs) for tag, attrs in SAFE_ATTRIBUTES.items()},
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(markup: str) -> str:
    """Readable plain text: block elements become line breaks, inline whitespace is collapsed."""
    if not markup or not markup.strip():
        return ""
    if "<" not in markup:
        return _tidy_lines(html.unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy_lines(html.unescape(markup))
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    parts: list[str] = []
    _walk(root, parts)
    return _tidy_lines("".join(parts))


def _walk(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    paragraph = tag in _PARAGRAPH_TAGS
    if paragraph:
        parts.append("\n\n")
    elif tag in _LINE_TAGS:
        parts.append("\n• " if tag == "li" else "\n")
    if tag and element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
    if paragraph:
        parts.append("\n\n")
    if element.tail:
        parts.append(element.tail)


def _tidy_lines(text: str) -> str:
    """One space between words, no space at either end of a line, at most one blank line.
    `str.split()` splits on exactly the whitespace a regular expression calls non-newline space
    once lines are apart, and is several times faster than replacing every space by a pattern."""
    lines = [" ".join(line.split()) for line in text.replace("\r", "").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
