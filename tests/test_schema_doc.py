"""docs/SCHEMA.md is the contract downstream apps code against: it must match the real schema."""

from __future__ import annotations

import re
import uuid

import psycopg
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from store.db import get_engine
from store.migrate import upgrade
from tests.support import ROOT, throwaway_postgres

HEADING = re.compile(r"^## `(\w+)`")
COLUMN_ROW = re.compile(r"^\| `(\w+)` \|")


def documented() -> dict[str, list[str]]:
    relations: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in (ROOT / "docs" / "SCHEMA.md").read_text().splitlines():
        if heading := HEADING.match(line):
            current = relations.setdefault(heading.group(1), [])
        elif line.startswith("## "):
            current = None
        elif current is not None and (row := COLUMN_ROW.match(line)):
            current.append(row.group(1))
    return relations


def test_every_table_view_and_column_is_documented_in_order(database_url: str) -> None:
    inspector = inspect(get_engine(database_url))
    names = set(inspector.get_table_names()) - {"alembic_version"}
    names |= set(inspector.get_view_names())
    actual = {name: [column["name"] for column in inspector.get_columns(name)] for name in names}

    assert documented() == actual


def sql_blocks() -> list[str]:
    text = (ROOT / "docs" / "SCHEMA.md").read_text()
    return re.findall(r"```sql\n(.*?)```", text, re.DOTALL)


@pytest.mark.postgres
def test_the_example_queries_run_on_postgresql() -> None:
    with throwaway_postgres() as url:
        upgrade(url)
        with get_engine(url).connect() as connection:
            for block in sql_blocks():
                for statement in filter(str.strip, block.split(";")):
                    connection.execute(text(statement), {"id": "1"}).all()


@pytest.mark.postgres
def test_the_reader_role_reads_everything_and_writes_nothing() -> None:
    script = (ROOT / "store" / "sql" / "readonly_role.sql").read_text()
    login = f"reader_{uuid.uuid4().hex[:8]}"
    with throwaway_postgres() as url:
        upgrade(url)
        admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(script)
            connection.execute(f'CREATE ROLE "{login}" LOGIN IN ROLE opportunities_reader')
        try:
            with psycopg.connect(make_url(admin).set(username=login).render_as_string(
                hide_password=False
            )) as reader:  # fmt: skip
                assert reader.execute("SELECT count(*) FROM opportunities").fetchone() == (0,)
                assert reader.execute("SELECT count(*) FROM crawl_runs").fetchone() == (0,)
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    reader.execute("DELETE FROM listings")
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP ROLE "{login}"')
                connection.execute("DROP OWNED BY opportunities_reader")
