"""Fixtures of the fault matrix: a scriptable server, and databases seeded by two good crawls.

Seeding runs the good crawls once per session into a template database; each test gets a copy
(a file copy for SQLite, `CREATE DATABASE … TEMPLATE` for PostgreSQL), so a test pays only for its
own faulty crawl.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from store.db import get_engine
from store.migrate import upgrade
from tests.faults.crawling import (
    ARBEITNOW_PAGES,
    GREENHOUSE_JOBS,
    SEEDED_SOURCES,
    arbeitnow_page,
    crawl_together,
    greenhouse_board,
)
from tests.faults.server import FaultServer
from tests.support import POSTGRES_ADMIN_URL, throwaway_postgres


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def _seed(url: str, directory: Path) -> None:
    """Two good crawls of Greenhouse (board `amplitude`) and of Arbeitnow (two pages)."""
    upgrade(url)
    sources = directory / "sources.toml"
    sources.write_text(SEEDED_SOURCES, encoding="utf-8")
    with FaultServer() as server:
        server.serve(GREENHOUSE_JOBS, greenhouse_board())
        for page in (1, 2):
            server.serve(f"{ARBEITNOW_PAGES}?page={page}", arbeitnow_page(page))
        for _ in range(2):
            result = crawl_together(["greenhouse", "arbeitnow"], server, url,
                                    env={"OPPORTUNITIES_SOURCES": str(sources)})  # fmt: skip
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    get_engine(url).dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("template")
    path = directory / "seeded.db"
    url = f"sqlite:///{path}"
    _seed(url, directory)
    with get_engine(url).connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    get_engine(url).dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with throwaway_postgres() as url:
        _seed(url, tmp_path_factory.mktemp("template"))
        yield url


def _admin_conninfo() -> str:
    return make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql").render_as_string(False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database holding what two good crawls of each seeded source stored."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, tmp_path / "seeded.db")
        url = f"sqlite:///{tmp_path / 'seeded.db'}"
        yield url
        get_engine(url).dispose()
        return
    template_url: str = request.getfixturevalue("postgres_template")
    template_name = make_url(template_url).database
    name = f"opportunities_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_conninfo(), autocommit=True) as connection:
        # names are ours (hex only); CREATE DATABASE takes no bound parameters
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    url = make_url(template_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(_admin_conninfo(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
