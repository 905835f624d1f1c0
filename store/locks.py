"""One crawl per source at a time, across processes and hosts.

PostgreSQL: a session advisory lock keyed by the source, held on a dedicated connection for the
crawl's lifetime (the server drops it if the process dies); the `source_locks` row only says who
holds it. SQLite: the `source_locks` row is the lock, with a lease its holder renews; a lease
that ran out, or a holder on this host whose process is gone, can be taken over.
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from store.db import get_engine
from store.models import SourceLock as SourceLockRow
from store.models import now
from store.runs import alive

LOCKS = cast(Table, SourceLockRow.__table__)
LEASE = timedelta(minutes=10)


class SourceLocked(RuntimeError):
    """Another crawl of the same source is running."""

    def __init__(self, source: str, holder: dict[str, Any] | None):
        self.source = source
        self.holder = holder
        if holder:
            who = (
                f"{holder['hostname']} pid {holder['pid']} since "
                f"{holder['acquired_at']:%Y-%m-%d %H:%M:%S} UTC"
            )
        else:
            who = "another process (no details recorded)"
        super().__init__(f"{source} is already being crawled by {who}; not starting")


def _advisory_key(source: str) -> int:
    digest = hashlib.sha256(f"opportunities:{source}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class SourceLock:
    """`with SourceLock(url, "greenhouse"): …` — raises SourceLocked when held elsewhere."""

    def __init__(self, url: str, source: str, *, lease: timedelta = LEASE):
        self.engine = get_engine(url)
        self.source = source
        self.lease = lease
        self.hostname = socket.gethostname()
        self.pid = os.getpid()
        self._connection: Connection | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def __enter__(self) -> SourceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        if self.engine.dialect.name == "postgresql":
            self._acquire_advisory()
        else:
            self._acquire_lease()
            self._renewer = threading.Thread(target=self._renew, daemon=True)
            self._renewer.start()

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
        with self.engine.begin() as connection:
            connection.execute(delete(LOCKS).where(*self._mine()))
        if self._connection is not None:
            self._connection.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": _advisory_key(self.source)}
            )
            self._connection.commit()
            self._connection.close()
            self._connection = None

    def _mine(self) -> tuple[Any, ...]:
        return (
            LOCKS.c.source == self.source,
            LOCKS.c.hostname == self.hostname,
            LOCKS.c.pid == self.pid,
        )

    def _row(self, at: datetime) -> dict[str, Any]:
        return {
            "source": self.source,
            "hostname": self.hostname,
            "pid": self.pid,
            "acquired_at": at,
            "expires_at": at + self.lease,
        }

    def _acquire_advisory(self) -> None:
        connection = self.engine.connect()
        taken = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": _advisory_key(self.source)}
        ).scalar()
        connection.commit()
        if not taken:
            connection.close()
            with self.engine.connect() as reader:
                holder = reader.execute(
                    select(LOCKS).where(LOCKS.c.source == self.source)
                ).mappings().first()  # fmt: skip
            raise SourceLocked(self.source, dict(holder) if holder else None)
        self._connection = connection
        with self.engine.begin() as writer:  # the previous holder died without cleaning up
            writer.execute(delete(LOCKS).where(LOCKS.c.source == self.source))
            writer.execute(insert(LOCKS).values(self._row(now())))

    def _acquire_lease(self) -> None:
        """Insert the row (the primary key makes that atomic); if a holder is there and may be
        taken over, delete exactly that holder's row and try again."""
        for _ in range(5):
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(LOCKS).values(self._row(now())))
                return
            except IntegrityError:
                pass
            with self.engine.begin() as connection:
                holder = connection.execute(
                    select(LOCKS).where(LOCKS.c.source == self.source)
                ).mappings().first()  # fmt: skip
                if holder is None:
                    continue
                if not self._can_take_over(dict(holder), now()):
                    raise SourceLocked(self.source, dict(holder))
                connection.execute(
                    delete(LOCKS).where(
                        LOCKS.c.source == self.source,
                        LOCKS.c.hostname == holder["hostname"],
                        LOCKS.c.pid == holder["pid"],
                        LOCKS.c.acquired_at == holder["acquired_at"],
                    )
                )
        raise SourceLocked(self.source, None)

    def _can_take_over(self, holder: dict[str, Any], at: datetime) -> bool:
        if holder["expires_at"] <= at:
            return True
        return holder["hostname"] == self.hostname and not alive(holder["pid"])

    def _renew(self) -> None:
        while not self._stop.wait(self.lease.total_seconds() / 3):
            with self.engine.begin() as connection:
                connection.execute(
                    update(LOCKS).where(*self._mine()).values(expires_at=now() + self.lease)
                )
