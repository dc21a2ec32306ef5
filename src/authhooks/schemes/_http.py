"""The HTTP exchange of a JWKS fetch: httpx, under one deadline for the whole exchange.

httpx's timeouts bound each operation (the connection, each read, each write): an endpoint
that sends its status line, headers or chunk framing a byte at a time keeps every read short
and the exchange endless. So the exchange runs as a coroutine inside one cancel scope
([`anyio.fail_after`](https://anyio.readthedocs.io/en/stable/cancellation.html)) that covers
all of it: connection, TLS handshake, status line, headers, chunk framing and body.
Cancellation interrupts whichever wait is pending, and the fetch ends at the deadline.

Synchronous callers run the same coroutine on a private event loop in their own thread (in a
helper thread they wait for when their thread already runs an event loop). The alternatives
do not bound the wall time: a blocking socket read cannot be interrupted, so httpx's
synchronous client would need every read capped at the remaining time, which means replacing
httpcore's network backend (httpx does not expose it, and the transports it builds for the
environment's proxies make their own); a worker thread abandoned at the deadline stays
blocked for as long as the endpoint likes. On the private loop, the only work that can
outlive the deadline is a DNS lookup in the loop's executor thread, which ends when the
system resolver gives up; the loop is closed without waiting for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from authhooks.errors import KeysUnavailableError

if TYPE_CHECKING:
    import ssl

    import httpx

__all__ = ["fetch_async", "fetch_blocking", "new_client", "run_blocking"]

_T = TypeVar("_T")

_HEADERS = {
    "Accept": "application/jwk-set+json, application/json",
    # Asked for, and required: a compressed body would escape the size cap.
    "Accept-Encoding": "identity",
    "User-Agent": "authhooks",
}
# ASCII digits only: ``str.isdigit`` and ``int`` accept other scripts' digits.
_LENGTH = re.compile(r"[0-9]{1,18}")
#: httpcore's trace events that hand over a newly opened network stream.
_OPENED = (".connect_tcp.complete", ".connect_unix_socket.complete", ".start_tls.complete")
#: A bound on closing the client and its sockets (local work; a safety net only).
_CLOSE_TIMEOUT = 0.5


def new_client(verify: ssl.SSLContext, timeout: float) -> httpx.AsyncClient:
    """An httpx client for one fetch.

    It honours the environment's proxies (``https_proxy``, ``http_proxy``, ``all_proxy``,
    ``no_proxy``), follows no redirect and keeps no connection. Building it imports httpx and
    reads the environment: event loops build it in a worker thread.
    """
    import httpx

    return httpx.AsyncClient(
        verify=verify,
        trust_env=True,
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        limits=httpx.Limits(max_connections=1, max_keepalive_connections=0),
        headers=_HEADERS,
    )


async def fetch_async(
    url: str,
    *,
    deadline: float,
    max_size: int,
    make_client: Callable[[], httpx.AsyncClient],
) -> bytes:
    """The body of a ``200`` answer from ``url``, fetched from the running event loop.

    The client is built in a worker thread, so the loop never waits on imports, CA
    certificates or proxy settings. Raises ``KeysUnavailableError`` for every failure, at the
    latest at ``deadline`` (on the ``time.monotonic`` clock).
    """
    import anyio.to_thread

    try:
        client = await anyio.to_thread.run_sync(make_client)
    except Exception as exc:
        raise _unavailable(exc) from None
    return await _exchange_until(client, url, deadline, max_size)


def fetch_blocking(
    url: str,
    *,
    deadline: float,
    max_size: int,
    make_client: Callable[[], httpx.AsyncClient],
) -> bytes:
    """``fetch_async`` for synchronous callers, on a private event loop; returns or raises
    by ``deadline``."""
    try:
        client = make_client()
    except Exception as exc:
        raise _unavailable(exc) from None
    return run_blocking(lambda: _exchange_until(client, url, deadline, max_size))


def run_blocking(coroutine: Callable[[], Awaitable[_T]]) -> _T:
    """Run ``coroutine()`` to completion on a private event loop and return its result.

    The loop runs in this thread, or in a helper thread when this thread already runs an
    event loop (one thread cannot run two): the coroutine's own deadline bounds the wait.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_on_new_loop(coroutine)
    outcome: list[_T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(_run_on_new_loop(coroutine))
        except BaseException as exc:
            failure.append(exc)

    helper = threading.Thread(target=run, name="authhooks-jwks-fetch", daemon=True)
    helper.start()
    helper.join()
    if failure:
        raise failure[0]
    return outcome[0]


def _run_on_new_loop(coroutine: Callable[[], Awaitable[_T]]) -> _T:
    async def main() -> _T:
        return await coroutine()

    loop = asyncio.new_event_loop()
    task = loop.create_task(main())
    try:
        return loop.run_until_complete(task)
    except BaseException:
        if not task.done():  # interrupted (KeyboardInterrupt): let the fetch clean up
            task.cancel()
            with contextlib.suppress(BaseException):
                loop.run_until_complete(task)
        raise
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            # Not ``shutdown_default_executor``: it would wait for a DNS lookup left running.
            loop.close()


async def _exchange_until(
    client: httpx.AsyncClient, url: str, deadline: float, max_size: int
) -> bytes:
    import anyio

    # Every connection httpcore opens, to close it whatever happens: a cancellation during
    # the TLS handshake leaves httpcore without a reference to the connection's socket.
    opened: list[Any] = []

    async def track(event: str, info: Mapping[str, Any]) -> None:
        if event.endswith(_OPENED) and hasattr(info.get("return_value"), "aclose"):
            opened.append(info["return_value"])

    anyio.current_time()  # loads anyio's backend (once) before the time left is measured
    try:
        try:
            with anyio.fail_after(max(deadline - time.monotonic(), 0.0)):
                return await _exchange(client, url, max_size, {"trace": track})
        finally:
            # Closing only drops local sockets: it runs even when the deadline struck.
            with anyio.move_on_after(_CLOSE_TIMEOUT, shield=True):
                for closable in (client, *opened):
                    with contextlib.suppress(Exception):
                        await closable.aclose()
    except KeysUnavailableError:
        raise
    except Exception as exc:
        raise _unavailable(exc) from None


async def _exchange(
    client: httpx.AsyncClient, url: str, max_size: int, extensions: dict[str, Any]
) -> bytes:
    async with client.stream("GET", url, extensions=extensions) as response:
        if response.status_code != 200:
            raise KeysUnavailableError(
                f"the JWKS endpoint answered HTTP {response.status_code}", retry_after=30
            )
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise KeysUnavailableError("the JWKS endpoint sent a compressed document")
        length = response.headers.get("Content-Length")
        if length is not None:
            if _LENGTH.fullmatch(length) is None:
                raise KeysUnavailableError("the JWKS endpoint sent a malformed Content-Length")
            if int(length) > max_size:
                raise KeysUnavailableError("the JWKS document is too large")
        chunks: list[bytes] = []
        total = 0
        async for chunk in response.aiter_raw():
            total += len(chunk)
            if total > max_size:
                raise KeysUnavailableError("the JWKS document is too large")
            chunks.append(chunk)
    return b"".join(chunks)


def _unavailable(exc: BaseException) -> KeysUnavailableError:
    """Our error for a failed exchange: the exception's class only, never its text (which
    may hold the URL, its credentials or what the endpoint sent)."""
    httpx = sys.modules.get("httpx")
    timed_out = isinstance(exc, TimeoutError) or (
        httpx is not None and isinstance(exc, httpx.TimeoutException)
    )
    kind = "timed out" if timed_out else type(exc).__name__
    return KeysUnavailableError(f"the JWKS endpoint could not be read ({kind})")
