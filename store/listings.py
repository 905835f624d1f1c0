"""Writing listings: batched upsert on (source, source_id), change tracking by content hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Date, DateTime, Float, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from store.models import Listing, ListingChange, now

LISTINGS = cast(Table, Listing.__table__)
CHANGES = cast(Table, ListingChange.__table__)
KEY_COLUMNS = ("source", "source_id")
_BOOKKEEPING = frozenset(
    {
        "id", "content_hash", "first_seen_at", "last_seen_at", "updated_at", "expired_at",
        "last_seen_run_id",
        # Owned by deduplication (store/dedup.py).
        "canonical_id", "url_key", "apply_url_key", "identity_key", "minhash", "shingle_count",
        "canonical_reason", "is_representative", "clustered_at",
    }
)  # fmt: skip
# What a spider and the normalizer provide.
CONTENT_COLUMNS: tuple[str, ...] = tuple(
    c.name for c in LISTINGS.columns if c.name not in _BOOKKEEPING and c.name not in KEY_COLUMNS
)
# What the content hash covers: everything said about the opportunity, not the payload it came in
# (Greenhouse bumps `updated_at` without changing a word) nor which normalizer version read it.
HASHED_COLUMNS: tuple[str, ...] = tuple(
    c for c in CONTENT_COLUMNS if c not in {"raw", "hints", "normalizer_version"}
)


@dataclass
class UpsertResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: UpsertResult) -> UpsertResult:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


_FLOAT_COLUMNS = frozenset(c.name for c in LISTINGS.columns if isinstance(c.type, Float))
_DATE_COLUMNS = frozenset(
    c
    for c in HASHED_COLUMNS
    if isinstance(getattr(LISTINGS.c[c].type, "impl_instance", LISTINGS.c[c].type), Date | DateTime)
)
_ACCEPTED_COLUMNS = frozenset((*CONTENT_COLUMNS, *KEY_COLUMNS))


def jsonable(value: Any) -> Any:
    """The value as JSON can hold it: datetimes as UTC ISO 8601, dates as ISO 8601."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def content_hash(row: Mapping[str, Any]) -> str:
    content = {column: row.get(column) for column in HASHED_COLUMNS}
    for column in _DATE_COLUMNS:  # the hot path: only these can hold dates
        content[column] = jsonable(content[column])
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _insert(connection: Connection) -> postgresql.Insert | sqlite.Insert:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(LISTINGS)
    if dialect == "sqlite":
        return sqlite.insert(LISTINGS)
    raise NotImplementedError(f"no upsert for the {dialect} dialect")


def upsert_listings(
    connection: Connection,
    rows: Iterable[Mapping[str, Any]],
    *,
    run_id: int | None = None,
    seen_at: datetime | None = None,
) -> UpsertResult:
    """Insert new listings, update changed ones, touch only `last_seen_at` of unchanged ones.

    `rows` map column names to values (at least the key columns, `url` and `title`). Call inside a
    transaction: a batch is written whole or not at all. Rows are written in key order, so two
    writers upserting overlapping batches take row locks in the same order and cannot deadlock.
    """
    seen_at = seen_at or now()
    batch: dict[tuple[Any, Any], dict[str, Any]] = {}
    for row in rows:
        unknown = row.keys() - _ACCEPTED_COLUMNS
        if unknown:
            raise ValueError(f"unknown listing columns: {sorted(unknown)}")
        full = {column: row.get(column) for column in CONTENT_COLUMNS}
        for column in _FLOAT_COLUMNS.intersection(full):
            if (value := full[column]) is not None:
                full[column] = float(value)
        full.update(source=row["source"], source_id=row["source_id"])
        full["board"] = full["board"] or ""
        full["hints"] = full["hints"] or {}
        full["raw"] = full["raw"] or {}
        full["employment_types"] = full["employment_types"] or []
        full["content_hash"] = content_hash(full)
        batch[(full["source"], full["source_id"])] = full  # a repeat within the batch: last wins
    if not batch:
        return UpsertResult()

    existing = _existing(connection, batch.keys())
    result = UpsertResult()
    to_write: list[dict[str, Any]] = []
    unchanged_ids: list[int] = []
    changes: list[tuple[int, str, dict[str, list[Any]]]] = []
    for key in sorted(batch):
        row = batch[key]
        old = existing.get(key)
        if old is None:
            result.new += 1
        elif old["content_hash"] == row["content_hash"] and old["expired_at"] is None:
            result.unchanged += 1
            unchanged_ids.append(old["id"])
            continue
        else:
            result.updated += 1
            kind = "updated" if old["expired_at"] is None else "reopened"
            changes.append((old["id"], kind, _diff(old, row)))
        to_write.append(
            row
            | {"first_seen_at": seen_at, "last_seen_at": seen_at, "updated_at": seen_at}
            | {"last_seen_run_id": run_id, "expired_at": None}
        )

    if to_write:
        insert = _insert(connection)
        refreshed = (*CONTENT_COLUMNS, "content_hash", "last_seen_at", "updated_at")
        statement = insert.on_conflict_do_update(
            index_elements=list(KEY_COLUMNS),
            set_={column: insert.excluded[column] for column in refreshed}
            | {"expired_at": None, "last_seen_run_id": insert.excluded.last_seen_run_id},
        )
        connection.execute(statement, to_write)
    if unchanged_ids:
        connection.execute(
            update(LISTINGS)
            .where(LISTINGS.c.id.in_(unchanged_ids))
            .values(last_seen_at=seen_at, last_seen_run_id=run_id)
        )
    if changes:
        connection.execute(
            CHANGES.insert(),
            [
                {
                    "listing_id": listing_id,
                    "crawl_run_id": run_id,
                    "changed_at": seen_at,
                    "kind": kind,
                    "changes": diff,
                }
                for listing_id, kind, diff in changes
            ],
        )
    return result


def _existing(
    connection: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    by_source: dict[str, list[str]] = {}
    for source, source_id in keys:
        by_source.setdefault(source, []).append(source_id)
    columns = [LISTINGS.c[c] for c in ("id", "content_hash", "expired_at", *HASHED_COLUMNS)]
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for source, source_ids in by_source.items():
        query = select(LISTINGS.c.source_id, *columns).where(
            LISTINGS.c.source == source, LISTINGS.c.source_id.in_(source_ids)
        )
        for record in connection.execute(query).mappings():
            found[(source, record["source_id"])] = dict(record)
    return found


def _diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{column: [old, new]} for every hashed column whose value changed."""
    diff = {}
    for column in HASHED_COLUMNS:
        before, after = old.get(column), new.get(column)
        if column in _DATE_COLUMNS:
            before, after = jsonable(before), jsonable(after)
        if before != after:
            diff[column] = [before, after]
    if old.get("expired_at") is not None:
        diff["expired_at"] = [jsonable(old["expired_at"]), None]
    return diff


def touch_listings(
    connection: Connection,
    source: str,
    source_ids: Iterable[str],
    *,
    run_id: int | None = None,
    seen_at: datetime | None = None,
) -> None:
    """Mark live listings as seen without reading their content: their postings were there but
    could not be read this time, which is no reason to expire them."""
    ids = sorted(set(source_ids))
    if ids:
        connection.execute(
            update(LISTINGS)
            .where(
                LISTINGS.c.source == source,
                LISTINGS.c.source_id.in_(ids),
                LISTINGS.c.expired_at.is_(None),
            )
            .values(last_seen_at=seen_at or now(), last_seen_run_id=run_id)
        )
