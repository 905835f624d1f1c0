"""Dates: the machine-readable timestamps sources publish (ISO 8601, epoch seconds or ms)."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
