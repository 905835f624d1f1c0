"""Secrets never reach logs, rows or messages: mask them before they leave a function."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SECRET_NAMES = re.compile(r"pass|secret|token|key|auth|cookie|session", re.IGNORECASE)
MASK = "***"


def redact_url(url: str) -> str:
    """`scheme://user:***@host/…` for a URL carrying a password; other URLs unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    netloc = f"{parts.username}:{MASK}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def redact_arguments(arguments: dict[str, Any]) -> dict[str, Any]:
    """Spider arguments as they may be stored: secret-looking names masked, URL passwords masked.

    `board` is exempt from the name rule: a board *token* is a public board name, not a secret.
    """
    redacted: dict[str, Any] = {}
    for name, value in arguments.items():
        if name not in ("board", "boards") and SECRET_NAMES.search(name):
            redacted[name] = MASK
        elif isinstance(value, str):
            redacted[name] = redact_url(value)
        else:
            redacted[name] = value
    return redacted
