"""Starlette and any ASGI app: :class:`WebhookMiddleware` and :func:`webhook_endpoint`."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any

try:
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import Headers
    from starlette.requests import ClientDisconnect, Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send
except ImportError as exc:  # pragma: no cover - exercised only without Starlette
    raise ImportError(
        "authhooks.starlette needs Starlette: install authhooks[starlette]"
        " (pip install 'authhooks[starlette]')"
    ) from exc

from authhooks.errors import EventInProgressError, StoreUnavailableError, WebhookError
from authhooks.integrations._common import (
    DUPLICATE,
    METHOD_NOT_ALLOWED,
    ErrorResponse,
    OnError,
    Settings,
    aread_limited,
    is_duplicate,
    run_async,
)
from authhooks.receiver import Receiver

__all__ = ["WebhookMiddleware", "webhook_endpoint"]


def render(answer: Any) -> Any:
    """An ASGI response for an :class:`ErrorResponse`; any other answer is returned as is."""
    if isinstance(answer, ErrorResponse):
        return Response(answer.content, answer.status, answer.headers, "application/json")
    return answer


async def _chunks(receive: Receive) -> Any:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


async def read_and_verify(settings: Settings, scope: Scope, receive: Receive) -> tuple[Any, bytes]:
    """Check, read (bounded) and verify the request of ``scope``; return the event and body."""
    headers = Headers(scope=scope)
    client = scope.get("client")
    settings.check_request(
        client[0] if client else None,
        ",".join(headers.getlist("x-forwarded-for")) or None,
        headers.get("content-length"),
    )
    body = await aread_limited(_chunks(receive), settings.max_body_size)
    event = await run_in_threadpool(settings.receiver.verify, body, headers)
    return event, body


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the already-read body downstream, then defers to ``receive``."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class WebhookMiddleware:
    """ASGI middleware verifying webhooks on the given paths before the app sees them.

    On a verified request the app runs with the event in ``request.state.webhook_event``
    (``scope["state"]["webhook_event"]``) and the body still readable. A refused request
    (or any method but ``POST``) is answered by the middleware; ``on_error(error, request)``
    may replace that answer. Other paths and scope types pass through untouched.

    With ``dedup``, the app runs once per event id: a repeat gets 200 ``{"status":
    "duplicate"}``, and an app that raises or answers 5xx releases the event for a retry.
    """

    def __init__(
        self,
        app: ASGIApp,
        routes: Mapping[str, Receiver[Any]],
        *,
        max_body_size: int | None = None,
        on_error: OnError | None = None,
        allow_from: Iterable[str] | None = None,
        trusted_proxies: Iterable[str] = (),
        dedup: Any = None,
    ) -> None:
        self.app = app
        self.dedup = dedup
        self.routes = {
            path: Settings(
                receiver,
                max_body_size=max_body_size,
                on_error=on_error,
                allow_from=allow_from,
                trusted_proxies=trusted_proxies,
                dedup=dedup,
            )
            for path, receiver in routes.items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = self.routes.get(scope["path"]) if scope["type"] == "http" else None
        if settings is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] != "POST":
            await render(METHOD_NOT_ALLOWED)(scope, receive, send)
            return
        try:
            event, body = await read_and_verify(settings, scope, receive)
        except ClientDisconnect:
            return
        except WebhookError as exc:
            await render(settings.refuse(exc, Request(scope), scope["path"]))(scope, receive, send)
            return
        scope.setdefault("state", {})["webhook_event"] = event
        downstream = _replay(body, receive)
        status: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        async def call() -> Any:
            await self.app(scope, downstream, watch)
            if self.dedup is not None and status and status[0] >= 500:
                raise _AppFailed

        try:
            result = await run_async(self.dedup, event, call)
        except _AppFailed:
            return
        except (EventInProgressError, StoreUnavailableError) as exc:
            await render(settings.refuse(exc, Request(scope), scope["path"]))(scope, receive, send)
            return
        if is_duplicate(self.dedup, result):
            await render(DUPLICATE)(scope, receive, send)


class _AppFailed(Exception):
    """The app answered 5xx: the de-duplication store must release the event."""


class _Endpoint:
    """The ASGI app :func:`webhook_endpoint` returns (a class, so routes admit every method)."""

    def __init__(self, settings: Settings, handler: Callable[[Any], Any]) -> None:
        self.settings = settings
        self.handler = handler

    async def _run(self, event: Any) -> Any:
        if inspect.iscoroutinefunction(self.handler):
            return await self.handler(event)
        result = await run_in_threadpool(self.handler, event)
        return await result if inspect.isawaitable(result) else result

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = self.settings
        if scope["method"] != "POST":
            await render(METHOD_NOT_ALLOWED)(scope, receive, send)
            return
        try:
            event, _ = await read_and_verify(settings, scope, receive)
        except ClientDisconnect:
            return
        except WebhookError as exc:
            await render(settings.refuse(exc, Request(scope), scope["path"]))(scope, receive, send)
            return
        try:
            result = await run_async(settings.dedup, event, lambda: self._run(event))
        except (EventInProgressError, StoreUnavailableError) as exc:
            result = settings.refuse(exc, Request(scope), scope["path"])
        if is_duplicate(settings.dedup, result):
            result = DUPLICATE
        elif result is None:
            result = Response(status_code=204)
        elif not isinstance(result, (Response, ErrorResponse)):
            raise TypeError(f"a webhook handler returns None or a Response, not {type(result)}")
        await render(result)(scope, receive, send)


def webhook_endpoint(
    receiver: Receiver[Any],
    handler: Callable[[Any], Any],
    *,
    max_body_size: int | None = None,
    on_error: OnError | None = None,
    allow_from: Iterable[str] | None = None,
    trusted_proxies: Iterable[str] = (),
    dedup: Any = None,
) -> Callable[[Scope, Receive, Send], Any]:
    """An ASGI endpoint for ``Route(path, webhook_endpoint(receiver, handler))``.

    ``handler(event)`` may be sync (run in a thread), ``async``, or a router whose result
    may be awaitable. It returns ``None`` (answered 204) or a Starlette ``Response``; an
    exception gives the framework's 500. Any method but ``POST`` gets 405 with
    ``Allow: POST``, whatever the route admits. Options are those of :class:`WebhookMiddleware`.
    """
    settings = Settings(
        receiver,
        max_body_size=max_body_size,
        on_error=on_error,
        allow_from=allow_from,
        trusted_proxies=trusted_proxies,
        dedup=dedup,
    )
    return _Endpoint(settings, handler)
