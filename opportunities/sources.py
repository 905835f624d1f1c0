"""`sources.toml`: what every spider crawls when it is not told otherwise.

Sources that share a platform are data, not code: one table per spider, listing its boards.
The file is loaded into frozen dataclasses and validated once; a bad entry is an error that names
the file, the entry and what is wrong.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCES_FILE_ENV = "OPPORTUNITIES_SOURCES"
_KNOWN_KEYS = frozenset({"boards", "enabled", "schedule"})


class SourcesError(ValueError):
    """sources.toml is missing, unreadable or has a bad entry."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    spider: str
    boards: tuple[str, ...]
    enabled: bool = True
    schedule: str | None = None
    """A crontab expression (UTC) replacing the nightly default for this source."""


def sources_path() -> Path:
    """`$OPPORTUNITIES_SOURCES`, else `./sources.toml`, else the project's own."""
    if explicit := os.environ.get(SOURCES_FILE_ENV):
        return Path(explicit)
    local = Path("sources.toml")
    return local if local.is_file() else PROJECT_ROOT / "sources.toml"


def load_sources(path: Path | None = None) -> dict[str, SourceConfig]:
    path = path or sources_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SourcesError(f"{path}: no such file (set ${SOURCES_FILE_ENV})") from error
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{path}: not valid TOML: {error}") from error
    return {name: _entry(path, name, value) for name, value in data.items()}


def _entry(path: Path, name: str, value: Any) -> SourceConfig:
    where = f"{path}: [{name}]"
    if not isinstance(value, dict):
        raise SourcesError(f"{where}: expected a table, got {type(value).__name__}")
    unknown = set(value) - _KNOWN_KEYS
    if unknown:
        raise SourcesError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(_KNOWN_KEYS))})"
        )
    boards = value.get("boards", [])
    if not isinstance(boards, list) or not all(isinstance(b, str) and b.strip() for b in boards):
        raise SourcesError(f"{where}: `boards` must be a list of non-empty strings")
    if len(set(boards)) != len(boards):
        raise SourcesError(f"{where}: `boards` lists a board twice")
    enabled = value.get("enabled", True)
    if not isinstance(enabled, bool):
        raise SourcesError(f"{where}: `enabled` must be true or false")
    schedule = value.get("schedule")
    if schedule is not None and not _valid_crontab(schedule):
        raise SourcesError(
            f'{where}: `schedule` must be a crontab expression like "0 */6 * * *", got {schedule!r}'
        )
    return SourceConfig(
        spider=name, boards=tuple(b.strip() for b in boards), enabled=enabled, schedule=schedule
    )


def _valid_crontab(expression: object) -> bool:
    from apscheduler.triggers.cron import CronTrigger

    if not isinstance(expression, str) or len(expression.split()) != 5:
        return False
    try:
        CronTrigger.from_crontab(expression, timezone="UTC")
    except ValueError:
        return False
    return True
