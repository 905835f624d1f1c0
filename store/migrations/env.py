"""Alembic environment: run by `opportunities db upgrade` (store.migrate), never by hand-edited
config. The database URL arrives in `config.attributes["url"]`."""

from __future__ import annotations

from alembic import context

from store.db import get_engine
from store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with get_engine(config.attributes["url"]).begin() as connection:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit(
        "offline (SQL script) migrations are not supported; run `opportunities db upgrade`"
    )
run_migrations_online()
