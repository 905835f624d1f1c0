"""Alembic migrations: the only way the schema is made, on both dialects, both directions."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from store.db import get_engine
from store.migrate import current_revision, downgrade, head_revision, upgrade
from store.models import Base
from tests.support import run

TABLES = {"listings", "crawl_runs", "rejects", "listing_changes"}


def tables(url: str) -> set[str]:
    return set(inspect(get_engine(url)).get_table_names()) - {"alembic_version"}


def test_upgrade_creates_the_schema_and_downgrade_removes_it(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    assert tables(empty_database_url) >= TABLES
    assert current_revision(empty_database_url) == head_revision()

    downgrade(empty_database_url, "base")
    assert tables(empty_database_url) == set()
    assert current_revision(empty_database_url) is None

    upgrade(empty_database_url)
    assert tables(empty_database_url) >= TABLES


def test_the_migrations_build_exactly_the_models(database_url: str) -> None:
    with get_engine(database_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_the_cli_upgrades_an_empty_database(empty_database_url: str) -> None:
    result = run("opportunities", "db", "upgrade", database_url=empty_database_url)

    assert result.returncode == 0, result.stderr
    assert f"schema at revision {head_revision()}" in result.stdout
    assert tables(empty_database_url) >= TABLES
    current = run("opportunities", "db", "current", database_url=empty_database_url)
    assert "up to date" in current.stdout
