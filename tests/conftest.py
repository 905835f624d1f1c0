"""Shared fixtures: every store test runs on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.db import get_engine
from store.migrate import upgrade
from tests.support import LocalServer, throwaway_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema) on each dialect."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        yield url
        get_engine(url).dispose()
    else:
        with throwaway_postgres() as url:
            yield url


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    """A database with the current schema, on each dialect."""
    upgrade(empty_database_url)
    return empty_database_url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A migrated SQLite database, for tests about one dialect's behaviour."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    upgrade(url)
    yield url
    get_engine(url).dispose()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local
