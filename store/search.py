"""Reading opportunities back: the filters people use, over the `opportunities` view."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Float,
    Integer,
    MetaData,
    Table,
    Text,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import ColumnElement

from store.models import JSONType, Listing, ListingChange, UTCDateTime

LISTINGS = typing.cast(Table, Listing.__table__)
CHANGES = typing.cast(Table, ListingChange.__table__)

# The views, described for queries only: migrations create them, this metadata never does.
_VIEWS = MetaData()
_VIEW_COLUMNS = (
    Column("canonical_id", Text), Column("listing_id", Integer), Column("source", Text),
    Column("url", Text), Column("apply_url", Text), Column("title", Text), Column("company", Text),
    Column("location_text", Text), Column("description_html", Text),
    Column("description_text", Text), Column("remote", Text), Column("pay_status", Text),
    Column("pay_min", Float), Column("pay_max", Float), Column("pay_currency", Text),
    Column("pay_period", Text), Column("hours_per_week_min", Float),
    Column("hours_per_week_max", Float), Column("total_hours_min", Float),
    Column("total_hours_max", Float), Column("duration_days_min", Integer),
    Column("duration_days_max", Integer), Column("duration_class", Text),
    Column("is_short_term", Boolean), Column("employment_types", JSONType),
    Column("posted_at", UTCDateTime), Column("valid_through", Date), Column("start_date", Date),
    Column("first_seen_at", UTCDateTime), Column("last_seen_at", UTCDateTime),
    Column("sources", Text), Column("member_count", Integer),
)  # fmt: skip
OPPORTUNITIES = Table("opportunities", _VIEWS, *_VIEW_COLUMNS)


@dataclass
class Filters:
    remote: str | None = None
    short_term: bool = False
    max_days: int | None = None
    max_hours_per_week: float | None = None
    min_pay: float | None = None
    pay_period: str | None = None
    pay_currency: str | None = None
    employment_types: Sequence[str] = field(default_factory=tuple)
    since: datetime | None = None
    sources: Sequence[str] = field(default_factory=tuple)
    text: str | None = None


def conditions(filters: Filters, dialect: str) -> list[ColumnElement[bool]]:
    view = OPPORTUNITIES.c
    where: list[ColumnElement[bool]] = []
    if filters.remote:
        where.append(view.remote == filters.remote)
    if filters.short_term:
        where.append(view.is_short_term.is_(True))
    if filters.max_days is not None:
        days = func.coalesce(view.duration_days_max, view.duration_days_min)
        where.append(days <= filters.max_days)
    if filters.max_hours_per_week is not None:
        hours = func.coalesce(view.hours_per_week_max, view.hours_per_week_min)
        where.append(hours <= filters.max_hours_per_week)
    if filters.min_pay is not None:
        where.append(func.coalesce(view.pay_max, view.pay_min) >= filters.min_pay)
    if filters.pay_period:
        where.append(view.pay_period == filters.pay_period)
    if filters.pay_currency:
        where.append(view.pay_currency == filters.pay_currency.upper())
    for employment_type in filters.employment_types:
        if dialect == "postgresql":  # uses the GIN index
            as_jsonb = type_coerce(view.employment_types, postgresql.JSONB)
            where.append(as_jsonb.contains([employment_type]))
        else:  # the JSON text holds each closed-vocabulary value in quotes
            where.append(cast(view.employment_types, Text).like(f'%"{employment_type}"%'))
    if filters.since is not None:
        where.append(
            or_(
                view.posted_at >= filters.since,
                and_(view.posted_at.is_(None), view.first_seen_at >= filters.since),
            )
        )
    if filters.sources:
        listed = literal(",") + view.sources + literal(",")
        where.append(or_(*(listed.like(f"%,{source},%") for source in filters.sources)))
    if filters.text:
        pattern = f"%{filters.text}%"
        where.append(
            or_(
                view.title.ilike(pattern),
                view.company.ilike(pattern),
                view.description_text.ilike(pattern),
            )
        )
    return where


def search(
    connection: Connection, filters: Filters, *, limit: int | None = 50
) -> list[dict[str, Any]]:
    """Live opportunities (one per duplicate group) matching every filter, newest first."""
    view = OPPORTUNITIES.c
    query = (
        select(OPPORTUNITIES)
        .where(*conditions(filters, connection.dialect.name))
        .order_by(view.posted_at.desc().nulls_last(), view.listing_id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [dict(row) for row in connection.execute(query).mappings()]


def group(connection: Connection, identifier: str) -> dict[str, Any] | None:
    """An opportunity by canonical id (or the id of any listing in it): its listings, newest
    representative first, and every change of any of them."""
    match = LISTINGS.c.canonical_id == identifier
    if identifier.isdigit():
        canonical = connection.execute(
            select(LISTINGS.c.canonical_id).where(LISTINGS.c.id == int(identifier))
        ).scalar_one_or_none()
        match = or_(match, LISTINGS.c.id == int(identifier))
        if canonical is not None:
            match = or_(match, LISTINGS.c.canonical_id == canonical)
    members = [
        dict(row)
        for row in connection.execute(
            select(LISTINGS)
            .where(match)
            .order_by(LISTINGS.c.is_representative.desc(), LISTINGS.c.id)
        ).mappings()
    ]
    if not members:
        return None
    ids = [member["id"] for member in members]
    changes = [
        dict(row)
        for row in connection.execute(
            select(CHANGES).where(CHANGES.c.listing_id.in_(ids)).order_by(CHANGES.c.changed_at)
        ).mappings()
    ]
    return {"members": members, "changes": changes}
