"""The database schema: SQLAlchemy 2.0 typed models. Alembic migrations create it; docs/SCHEMA.md
describes it for downstream apps."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSONB on PostgreSQL (indexable, compact), JSON text elsewhere.
JSONType = JSON().with_variant(postgresql.JSONB(), "postgresql")
# SQLite only auto-increments an INTEGER PRIMARY KEY.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps are stored and returned as aware UTC datetimes on every dialect.

    PostgreSQL keeps the zone (timestamptz); SQLite has none, so values are stored as UTC and
    given their zone back on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CrawlRun(Base):
    """One spider run, however it ended."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    spider: Mapped[str] = mapped_column(String(64), index=True)
    arguments: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), index=True)
    finish_reason: Mapped[str | None] = mapped_column(Text)
    items_scraped: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    items_updated: Mapped[int] = mapped_column(Integer, default=0)
    items_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    items_rejected: Mapped[int] = mapped_column(Integer, default=0)
    items_expired: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    boards: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    stats: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    hostname: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    log_path: Mapped[str | None] = mapped_column(Text)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONType, default=list, server_default="[]"
    )


class SourceLock(Base):
    """Who is crawling a source right now: at most one crawl per source across processes and
    hosts (store/locks.py). On PostgreSQL an advisory lock is the guard and this row says who
    holds it; on SQLite the row is the guard, with a lease its holder keeps renewing."""

    __tablename__ = "source_locks"

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Listing(Base):
    """One posting of one source. Column meanings: docs/SCHEMA.md."""

    __tablename__ = "listings"
    __table_args__ = (
        UniqueConstraint("source", "source_id"),
        Index(None, "source", "board"),
        # The filters downstream apps use (docs/SCHEMA.md, "Indexes").
        Index(None, "remote"),
        Index(None, "duration_class"),
        Index(None, "pay_period", "pay_min"),
        Index(None, "is_short_term"),
        Index(None, "expired_at"),
        # GIN on PostgreSQL answers `employment_types @> '["INTERN"]'`.
        Index(None, "employment_types", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[str] = mapped_column(String(255))
    board: Mapped[str] = mapped_column(String(255), default="")
    url: Mapped[str] = mapped_column(Text)
    apply_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(Text)
    location_raw: Mapped[str | None] = mapped_column(Text)
    location_text: Mapped[str | None] = mapped_column(Text)
    description_html: Mapped[str | None] = mapped_column(Text)
    description_text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    posted_raw: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    employment_type_raw: Mapped[str | None] = mapped_column(Text)
    pay_raw: Mapped[str | None] = mapped_column(Text)
    hints: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    attribution: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    remote: Mapped[str | None] = mapped_column(String(16))
    pay_status: Mapped[str | None] = mapped_column(String(16))
    pay_min: Mapped[float | None] = mapped_column(Float)
    pay_max: Mapped[float | None] = mapped_column(Float)
    pay_currency: Mapped[str | None] = mapped_column(String(3))
    pay_period: Mapped[str | None] = mapped_column(String(16))
    hours_per_week_min: Mapped[float | None] = mapped_column(Float)
    hours_per_week_max: Mapped[float | None] = mapped_column(Float)
    total_hours_min: Mapped[float | None] = mapped_column(Float)
    total_hours_max: Mapped[float | None] = mapped_column(Float)
    duration_days_min: Mapped[int | None] = mapped_column(Integer)
    duration_days_max: Mapped[int | None] = mapped_column(Integer)
    duration_class: Mapped[str | None] = mapped_column(String(16))
    is_short_term: Mapped[bool | None] = mapped_column(Boolean)
    employment_types: Mapped[list[str]] = mapped_column(JSONType, default=list)
    valid_through: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date | None] = mapped_column(Date)
    duration_raw: Mapped[str | None] = mapped_column(Text)
    hours_raw: Mapped[str | None] = mapped_column(Text)
    normalizer_version: Mapped[str | None] = mapped_column(String(32))

    content_hash: Mapped[str] = mapped_column(String(64))
    canonical_id: Mapped[str | None] = mapped_column(String(64), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_run_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )

    # Deduplication across sources (store/dedup.py).
    url_key: Mapped[str | None] = mapped_column(Text, index=True)
    apply_url_key: Mapped[str | None] = mapped_column(Text, index=True)
    identity_key: Mapped[str | None] = mapped_column(Text, index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    shingle_count: Mapped[int | None] = mapped_column(Integer)
    canonical_reason: Mapped[str | None] = mapped_column(String(32))
    is_representative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    clustered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ListingBand(Base):
    """One LSH band hash of a listing's description MinHash: near-duplicate candidates are the
    listings sharing a (band, hash)."""

    __tablename__ = "listing_bands"
    __table_args__ = (Index(None, "band", "hash"),)

    listing_id: Mapped[int] = mapped_column(
        Id, ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger)


class ListingChange(Base):
    """A change of a listing's content (fields old → new), a reopening or an expiry."""

    __tablename__ = "listing_changes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        Id, ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    crawl_run_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("crawl_runs.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class Reject(Base):
    """Something received that could not become a valid listing, with why."""

    __tablename__ = "rejects"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    crawl_run_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("crawl_runs.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[str] = mapped_column(String(64), index=True)
    board: Mapped[str] = mapped_column(String(255), default="")
    url: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[Any] = mapped_column(JSONType, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def now() -> datetime:
    return datetime.now(UTC)
