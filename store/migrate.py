"""Schema migrations: the only way the schema is created or changed (Alembic)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from store.db import get_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Passed as an attribute, not an option: ConfigParser would choke on `%` in passwords.
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


def current_revision(url: str) -> str | None:
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ensure_current(url: str, *, auto_upgrade: bool) -> None:
    """Bring the schema to the latest migration, or say clearly that it is behind."""
    if current_revision(url) == head_revision():
        return
    if not auto_upgrade:
        raise RuntimeError(
            f"database schema is at {current_revision(url) or 'nothing'}, the code needs "
            f"{head_revision()}: run `opportunities db upgrade`"
        )
    upgrade(url)
