"""The local receiver of ``listen`` and ``demo``: a Starlette app served by uvicorn.

Each route is the Starlette adapter's ``webhook_endpoint``, which admits every method and
answers all but ``POST`` as the adapters do (405, JSON, ``Allow: POST``); the app is wrapped
in a small ASGI reporter that sees every answer and reports rejections with the request's
method and the reason.
"""

from __future__ import annotations

import contextvars
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from authhooks.batch import Batch
from authhooks.errors import WebhookError
from authhooks.events import WebhookEvent
from authhooks.integrations import ErrorResponse, error_response
from authhooks.receiver import Receiver
from authhooks.starlette import webhook_endpoint

__all__ = [
    "BackgroundServer",
    "Reporter",
    "bind",
    "build_app",
    "make_server",
    "quiet_library_log",
    "serve_forever",
]

#: ``on_event(method, path, event)``: a request verified (an event, or a batch of them).
OnEvent = Callable[[str, str, "WebhookEvent | Batch[Any]"], None]
#: ``on_reject(method, path, status, reason)``: a request answered 4xx or 5xx.
OnReject = Callable[[str, str, int, str], None]
#: ``on_challenge(method, path)``: a sender's verification request answered (Okta's ``GET``).
OnChallenge = Callable[[str, str], None]


_KEEP = 4096
_REQUEST: contextvars.ContextVar[tuple[str, str]] = contextvars.ContextVar(
    "authhooks_cli_request", default=("POST", "/")
)


class Reporter:
    """ASGI middleware: calls ``on_reject(method, path, status, reason)`` for every 4xx/5xx,
    and ``on_challenge(method, path)`` for a 2xx answer to any method but ``POST`` (a
    sender's verification request, answered by the receiver)."""

    def __init__(
        self, app: ASGIApp, on_reject: OnReject, on_challenge: OnChallenge | None = None
    ) -> None:
        self.app = app
        self.on_reject = on_reject
        self.on_challenge = on_challenge

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = str(scope.get("method", "GET")), str(scope.get("path", "/"))
        _REQUEST.set((method, path))
        status = 0
        chunks: list[bytes] = []

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                if 200 <= status < 300 and method != "POST" and self.on_challenge is not None:
                    self.on_challenge(method, path)
            elif message["type"] == "http.response.body" and status >= 400:
                if sum(map(len, chunks)) < _KEEP:
                    chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    self.on_reject(method, path, status, _reason(b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, watch)


def _reason(body: bytes) -> str:
    try:
        doc = json.loads(body)
    except ValueError:
        return body[:200].decode("utf-8", "replace").strip()
    if isinstance(doc, dict):
        detail, error = doc.get("detail"), doc.get("error")
        if detail and error and detail != error:
            return f"{detail} ({error})"
        return str(detail or error or doc)
    return str(doc)


def build_app(
    routes: Mapping[str, Receiver[Any]],
    on_event: OnEvent,
    on_reject: OnReject,
    on_challenge: OnChallenge | None = None,
) -> Any:
    """An ASGI app verifying POSTs to each path of ``routes`` with its receiver.

    ``on_event(method, path, event)`` is called for every verified request. The routes admit
    every method, so that the endpoint itself answers any but ``POST`` (405, ``Allow: POST``;
    a sender's verification request, such as Okta's ``GET``, is answered by its receiver and
    reported to ``on_challenge``). A synchronous hook (Supabase Auth's) is answered with the
    event's own success answer (``event.answer()``: the claims as sent,
    ``{"decision": "continue"}``, ``{}``), so that the provider's flow goes on as without the
    hook; an event without one gets a ``204``.
    """

    async def handler(event: WebhookEvent | Batch[Any]) -> Any:
        method, path = _REQUEST.get()
        on_event(method, path, event)
        return None

    async def hook(event: WebhookEvent) -> Any:
        await handler(event)
        answer = getattr(event, "answer", None)
        return answer() if callable(answer) else None

    app = Starlette(
        routes=[
            # No methods=: the adapter's endpoint answers 405 itself, as in an application.
            Route(
                path,
                webhook_endpoint(
                    receiver, hook if receiver.synchronous else handler, on_error=_detailed
                ),
            )
            for path, receiver in routes.items()
        ]
    )
    return Reporter(app, on_reject, on_challenge)


def _detailed(error: WebhookError, request: Any) -> ErrorResponse:
    """The default answer plus the error's message: this local receiver's sender is its user,
    who is debugging (deployed adapters answer the reason code only)."""
    answer = error_response(error)
    return ErrorResponse(answer.status, {**answer.body, "detail": error.message}, answer.headers)


@contextmanager
def quiet_library_log() -> Iterator[None]:
    """Keep the adapters' warnings off stderr while the command prints rejections itself.

    Records still propagate to any handler the user configured on the root logger.
    """
    logger = logging.getLogger("authhooks")
    handler = logging.NullHandler()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (``0``: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    return sock


def make_server(app: Any) -> Any:
    """A uvicorn server for ``app`` (quiet: warnings only, no access log); set its
    ``should_exit`` to stop it."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    return uvicorn.Server(config)


def serve_forever(app: Any, sock: socket.socket, server: Any = None) -> None:
    """Serve ``app`` on ``sock`` in this thread until interrupted (Ctrl-C), or until the
    caller stops ``server`` (one from ``make_server(app)``)."""
    (server if server is not None else make_server(app)).run(sockets=[sock])


class BackgroundServer:
    """Serve an app with uvicorn in a background thread, for the lifetime of a ``with``."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self._sock = bind(host, port)
        self.host, self.port = self._sock.getsockname()[:2]
        self._server = make_server(app)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:53117``."""
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        for _ in range(1000):
            if self._server.started or not self._thread.is_alive():
                break
            self._thread.join(0.01)
        if not self._server.started:
            self.__exit__(None, None, None)
            raise RuntimeError("the local receiver did not start")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(10)
        self._sock.close()
