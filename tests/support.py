"""Test helpers: throwaway databases, a scriptable local HTTP server, crawls in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Connection, select, text
from sqlalchemy.engine import make_url

from store.db import get_engine
from store.models import Base

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
CASSETTES = ROOT / "fixtures" / "cassettes"
POSTGRES_ADMIN_URL = os.environ.get(
    "DATABASE_TEST_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; dropped afterwards."""
    admin = make_url(POSTGRES_ADMIN_URL)
    name = f"opportunities_test_{uuid.uuid4().hex[:12]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # name is ours: hex only
    url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows(connection: Connection, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a query as dicts (test-side reads; the SQL is a literal in the test)."""
    return [dict(row) for row in connection.execute(text(sql), params).mappings()]


def fetch(url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    with get_engine(url).connect() as connection:
        return rows(connection, sql, **params)


def table_rows(url: str, table: str, *, order_by: str = "id") -> list[dict[str, Any]]:
    """Every row of one of our tables, typed by the models (JSON decoded, aware datetimes)."""
    model_table = Base.metadata.tables[table]
    query = select(model_table).order_by(model_table.c[order_by])
    with get_engine(url).connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


@dataclass
class Route:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class LocalServer:
    """A plain HTTP server on 127.0.0.1 answering scripted routes: `server.add("/path?q", body)`.

    Routes match on the path with its query; a route without a query also matches any query.
    Unrouted paths get 404 (so robots.txt is "no restrictions"). Requests are recorded.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str, bytes]] = []
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def add(
        self,
        path: str,
        body: bytes | str | Any,
        *,
        status: int = 200,
        content_type: str = "application/json; charset=utf-8",
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer `path` with `body`; `delay` seconds later when given (a slow server)."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            body = json.dumps(body).encode("utf-8")
        self.routes[path] = Route(
            body, status, {"Content-Type": content_type, **(headers or {})}, delay
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append((self.command, self.path, body))
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    route = Route(b"not found", 404, {"Content-Type": "text/plain"})
                time.sleep(route.delay)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def run(
    *args: str,
    database_url: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run a command of the project (`scrapy …`, `opportunities …`) in a subprocess from the repo
    root, against `database_url`, with no real network delay settings."""
    command = [sys.executable, "-m", "scrapy", *args[1:]] if args[0] == "scrapy" else [
        sys.executable, "-m", "opportunities.cli", *args[1:]
    ] if args[0] == "opportunities" else list(args)  # fmt: skip
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "OPPORTUNITIES_DOWNLOAD_DELAY": "0",
        **(env or {}),
    }
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )


def crawl(
    spider: str, *arguments: str, database_url: str, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl SPIDER -a …` in a subprocess; `arguments` are `name=value` pairs."""
    flags = [flag for argument in arguments for flag in ("-a", argument)]
    return run("scrapy", "crawl", spider, *flags, database_url=database_url, **kwargs)
