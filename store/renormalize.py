"""Re-normalising stored listings: the current normalizer applied to each row's raw text fields
and structured hints, no re-crawl. A row whose classification changes is updated (with a new
content hash) and gets a `listing_changes` row of kind `renormalized`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update

from normalize import NORMALIZER_VERSION, classify, listing_text
from normalize.dates import parse_timestamp
from normalize.vocab import CLASSIFICATION_FIELDS
from store.listings import LISTINGS, content_hash, jsonable
from store.models import ListingChange, now

_DATE_COLUMNS = frozenset({"valid_through", "start_date"})
_PHRASE_COLUMNS = ("pay_raw", "duration_raw", "hours_raw")
BATCH_SIZE = 500


@dataclass
class RenormalizeResult:
    examined: int = 0
    changed: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    """How many rows changed, per classification column."""


def renormalize_listings(
    connection: Connection,
    *,
    source: str | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
) -> RenormalizeResult:
    """Re-apply the normalizer to every stored listing (of one source). Call inside a
    transaction; with `dry_run` nothing is written and the result says what would change."""
    result = RenormalizeResult()
    last_id = 0
    while True:
        query = select(LISTINGS).where(LISTINGS.c.id > last_id).order_by(LISTINGS.c.id)
        if source:
            query = query.where(LISTINGS.c.source == source)
        rows = [dict(row) for row in connection.execute(query.limit(batch_size)).mappings()]
        if not rows:
            return result
        last_id = rows[-1]["id"]
        changes = []
        for row in rows:
            result.examined += 1
            values = _normalized(row)
            diff = {
                column: [jsonable(row[column]), jsonable(values[column])]
                for column in CLASSIFICATION_FIELDS
                if jsonable(row[column]) != jsonable(values[column])
            }
            if diff:
                result.changed += 1
                result.fields.update(diff.keys())
                changes.append({"listing_id": row["id"], "changes": diff})
            if not dry_run:
                _write(connection, row, values, changed=bool(diff))
        if changes and not dry_run:
            moment = now()
            connection.execute(
                insert(ListingChange),
                [change | {"changed_at": moment, "kind": "renormalized"} for change in changes],
            )


def _normalized(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row's classification columns as the current normalizer fills them."""
    classification = classify(listing_text(row), row.get("hints") or {})
    values: dict[str, Any] = {}
    for column in CLASSIFICATION_FIELDS:
        value = getattr(classification, column)
        if column in _DATE_COLUMNS:
            value = date.fromisoformat(value) if value else None
        elif column == "posted_at":
            # Keep the crawl's timestamp (it has a time of day); fill it only when missing.
            value = row["posted_at"] or (parse_timestamp(value) if value else None)
        values[column] = value
    values["pay_raw"] = row["pay_raw"] if listing_text(row).salary else classification.pay_raw
    values["duration_raw"] = classification.duration_raw
    values["hours_raw"] = classification.hours_raw
    return values


def _write(
    connection: Connection, row: Mapping[str, Any], values: Mapping[str, Any], *, changed: bool
) -> None:
    update_values = dict(values) | {"normalizer_version": NORMALIZER_VERSION}
    unchanged_phrases = all(row[c] == values[c] for c in _PHRASE_COLUMNS)
    if not changed and unchanged_phrases and row["normalizer_version"] == NORMALIZER_VERSION:
        return
    update_values["content_hash"] = content_hash(dict(row) | update_values)
    if changed:
        update_values["updated_at"] = now()
    connection.execute(update(LISTINGS).where(LISTINGS.c.id == row["id"]).values(update_values))
