"""Reading a request body, bounded: from a WSGI-style stream or from ASGI messages."""

from __future__ import annotations

from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from typing import Any

from authhooks.integrations._settings import too_large

__all__ = [
    "ClientDisconnected",
    "aread_asgi_body",
    "aread_limited",
    "asgi_replay",
    "read_limited",
    "stream_chunks",
]

_CHUNK = 64 * 1024


class ClientDisconnected(Exception):
    """The client went away before its body was read: there is no one left to answer."""


def read_limited(chunks: Iterable[bytes], limit: int) -> bytes:
    """Join ``chunks``, raising [`RequestTooLargeError`][authhooks.RequestTooLargeError] as soon as
    they pass ``limit``."""
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def stream_chunks(read: Callable[[int], bytes]) -> Iterable[bytes]:
    """Chunks from a file-like ``read`` until it returns nothing."""
    return iter(lambda: read(_CHUNK), b"")


async def aread_limited(chunks: AsyncIterable[bytes], limit: int) -> bytes:
    """Like ``read_limited`` for an asynchronous stream of chunks.

    A body that comes as one chunk is returned as it is, without a copy; one that comes as
    many is gathered in one buffer, so memory stays within about twice ``limit`` however
    finely it is split.
    """
    first: bytes = b""
    buffer: bytearray | None = None
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        if buffer is not None:
            buffer += chunk
        elif not first:
            first = chunk
        elif chunk:
            buffer = bytearray(first)
            buffer += chunk
    return bytes(first if buffer is None else buffer)


async def aread_asgi_body(receive: Callable[[], Awaitable[Any]], limit: int) -> bytes:
    """The body of an ASGI ``http`` request, read from ``receive`` and bounded by ``limit``.

    A body sent in one message (the usual case) is returned as it is, without a copy; one
    sent in many is gathered in one buffer, so memory stays within about twice ``limit``
    however small the messages are. Raises ``ClientDisconnected`` when the client goes
    away first.
    """
    buffer: bytearray | None = None
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        chunk = message.get("body", b"")
        more = message.get("more_body", False)
        if buffer is None:
            if len(chunk) > limit:
                raise too_large(limit)
            if not more:
                return bytes(chunk)
            buffer = bytearray(chunk)
            continue
        if len(buffer) + len(chunk) > limit:
            raise too_large(limit)
        buffer += chunk
        if not more:
            return bytes(buffer)


def asgi_replay(body: bytes, receive: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
    """A ``receive`` that hands the already-read ``body`` downstream, then defers to ``receive``."""
    sent = False

    async def replay() -> Any:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
