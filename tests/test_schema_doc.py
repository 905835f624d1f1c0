"""docs/SCHEMA.md is the contract downstream apps code against: it must match the real schema."""

from __future__ import annotations

import re

from sqlalchemy import inspect

from store.db import get_engine
from tests.support import ROOT

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
