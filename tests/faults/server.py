"""A local HTTP server that misbehaves on cue.

Each path gets a script: a sequence of `Reply`s answered in order, the last one repeated
(`server.script("/jobs", Reply(503), Reply(503), Reply(body=...))`). A reply can be slow, stall
until released, lie about its length, close the connection early, or redirect. Every request is
recorded with its arrival time, so tests can measure the waits between retries.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: bytes | str | Any = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (longer than DOWNLOAD_TIMEOUT: a read timeout)."""
    stall: threading.Event | None = None
    """Wait until this event is set (or the server stops) before answering."""
    content_length: int | None = None
    """Declared Content-Length when it should differ from the body's."""
    send: int | None = None
    """Send only this many bytes of the body, then close the connection."""

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    at: float
    """time.monotonic() when the request arrived."""
    authorization: str | None = None
    """The request's Authorization header."""


class FaultServer:
    """Serves scripted replies on 127.0.0.1; unscripted paths get 404 (robots.txt: no rules)."""

    def __init__(self) -> None:
        self.scripts: dict[str, list[Reply]] = {}
        self.hits: list[Hit] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.on_request: Callable[[Hit], None] | None = None
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, path: str, *replies: Reply) -> None:
        """Answer `path` (with its query, or any query when it has none) with `replies` in
        order; the last one answers every later request."""
        assert replies, "a script needs at least one reply"
        with self.lock:
            self.scripts[path] = list(replies)

    def serve(self, path: str, body: bytes | str | Any, **reply: Any) -> None:
        self.script(path, Reply(body=body, **reply))

    def hits_of(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.path.split("?")[0] == path.split("?")[0]]

    def _next_reply(self, path: str) -> Reply:
        with self.lock:
            replies = self.scripts.get(path) or self.scripts.get(path.split("?")[0])
            if replies is None:
                return Reply(status=404, body=b"not found", content_type="text/plain")
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                hit = Hit(
                    self.command, self.path, time.monotonic(), self.headers.get("Authorization")
                )
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with server.lock:
                    server.hits.append(hit)
                if server.on_request is not None:
                    server.on_request(hit)
                reply = server._next_reply(self.path)
                if reply.delay and server.stopping.wait(reply.delay):
                    return
                if reply.stall is not None:
                    while not reply.stall.wait(0.05):
                        if server.stopping.is_set():
                            return
                body = reply.payload()
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                declared = len(body) if reply.content_length is None else reply.content_length
                self.send_header("Content-Length", str(declared))
                self.end_headers()
                try:
                    self.wfile.write(body if reply.send is None else body[: reply.send])
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                if reply.send is not None or reply.content_length is not None:
                    self.close_connection = True

            do_GET = do_POST = do_HEAD = _answer

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections are refused)."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server
