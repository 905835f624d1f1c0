"""Engines: which database, how to connect, and how to name it without leaking a password."""

from __future__ import annotations

import os
from functools import cache

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

DEFAULT_DATABASE_URL = "sqlite:///opportunities.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(explicit: str | None = None) -> str:
    """The database to use: the explicit value, else `DATABASE_URL`, else the local SQLite file."""
    return explicit or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def _sqlalchemy_url(url: str) -> URL:
    parsed = make_url(url)
    # Plain `postgresql://` means psycopg2 to SQLAlchemy; we ship psycopg 3.
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def masked(url: str) -> str:
    """The URL with its password replaced by `***`, for logs, rows and error messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a database URL at all: say nothing of it
        return "<unparseable database URL>"


@cache
def get_engine(url: str) -> Engine:
    """One engine per database URL and process.

    SQLite runs in WAL mode (readers never block the writer) with a busy timeout, so a second
    writer waits instead of failing with "database is locked".
    """
    sa_url = _sqlalchemy_url(url)
    if sa_url.get_backend_name() != "sqlite":
        return create_engine(sa_url, pool_pre_ping=True)
    engine = create_engine(sa_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
