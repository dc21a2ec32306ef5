"""Starlette and any ASGI app:
[`WebhookMiddleware`][authhooks.starlette.WebhookMiddleware] and
[`webhook_endpoint`][authhooks.starlette.webhook_endpoint]."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

try:
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send
except ImportError as exc:
    raise ImportError(
        "authhooks.starlette needs Starlette: install authhooks[starlette]"
        " (pip install 'authhooks[starlette]')"
    ) from exc

from authhooks.errors import EventInProgressError, StoreUnavailableError
from authhooks.integrations._answers import (
    DUPLICATE,
    ErrorResponse,
    OnError,
    is_failure_status,
    status_of,
)
from authhooks.integrations._asgi import PathTable, accept, refuse, render, track
from authhooks.integrations._dispatching import ahand_off
from authhooks.integrations._reading import asgi_replay
from authhooks.integrations._routes import asgi_route
from authhooks.integrations._running import is_duplicate, run_async
from authhooks.integrations._settings import Settings
from authhooks.integrations._synchronous import ahook_answer, failed
from authhooks.receiver import Receiver

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore
    from authhooks.dispatch import Dispatcher
    from authhooks.integrations._tracking import Track
    from authhooks.log import DeliveryLog

__all__ = ["WebhookMiddleware", "webhook_endpoint"]


class _Failed(Exception):
    """The app or handler answered a failure: the de-duplication store releases the event."""

    def __init__(self, answer: Any = None) -> None:
        super().__init__()
        self.answer = answer


def _is_response(result: Any) -> bool:
    return isinstance(result, Response)


class WebhookMiddleware:
    """ASGI middleware verifying webhooks on the given paths before the app sees them.

    On a verified request the app runs with the event in ``request.state.webhook_event``
    (``scope["state"]["webhook_event"]``) and the body still readable. A refused request
    (or any method but ``POST``) is answered by the middleware; ``on_error(error, request)``
    may replace that answer. Other paths and scope types pass through untouched.

    The paths are those the wrapped app routes: under its mount point and the server's root
    path (``scope["root_path"]``), like a ``Route`` of that app; the full URL path matches too.
    Matching fails closed: a request is verified when any reading of its path names a
    configured one, whatever its case, percent-escapes, repeated or trailing slashes and
    dot segments, with or without the root path in it.

    With ``dedup``, the app runs once per event id: a repeat gets 200 ``{"status":
    "duplicate"}``, and an app that raises, or answers anything but a 2xx, releases the event
    for a retry.

    With ``dispatch`` (a task queue: [`Celery`][authhooks.dispatch.Celery],
    [`RQ`][authhooks.dispatch.RQ], [`Dramatiq`][authhooks.dispatch.Dramatiq]) the app does
    not see a verified request: the middleware publishes its delivery and answers 202
    ``{"status": "accepted"}`` once the broker has stored it, 503 with ``Retry-After`` when
    it has not; the workers run the handler. Not with ``dedup`` (the workers de-duplicate).

    For a synchronous hook (a receiver whose ``synchronous`` is true, such as
    ``authhooks.Supabase``) the app answers itself, as always behind a middleware: it sends
    the answer the provider acts on (``answer.to_response()``'s ``status``, ``headers`` and
    ``content``). An exception the app raises before it answers is answered with the
    receiver's [`failure_answer`][authhooks.Receiver.failure_answer] (and logged) instead of
    the server's 500.

    With ``log`` (a [`DeliveryLog`][authhooks.log.DeliveryLog]), every request to a
    configured path is recorded, with the status the app answered (500 for an exception it
    raised before answering).

    Raises:
        ConfigurationError: a path does not start with ``/``, holds a path parameter, or
            names the same route as another one; or ``dedup`` is given with a synchronous
            hook's receiver.
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
        dedup: DedupStore | None = None,
        dispatch: Dispatcher | None = None,
        log: DeliveryLog | None = None,
    ) -> None:
        self.app = app
        self.dedup = dedup
        self.routes = PathTable(
            {
                path: Settings(
                    receiver,
                    max_body_size,
                    on_error,
                    allow_from,
                    trusted_proxies,
                    dedup,
                    route=path,
                    dispatch=dispatch,
                    log=log,
                )
                for path, receiver in routes.items()
            }
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = self.routes.match(scope) if scope["type"] == "http" else None
        if settings is None:
            await self.app(scope, receive, send)
            return
        recorded = track(settings, scope, settings.route)
        if (accepted := await accept(settings, scope, receive, send, recorded)) is None:
            return
        event, body = accepted
        if settings.dispatch is not None:
            answer = await ahand_off(
                settings, event, settings.route, Request(scope), scope["path"], track=recorded
            )
            await render(answer)(scope, receive, send)
            return
        scope.setdefault("state", {})["webhook_event"] = event
        downstream = asgi_replay(body, receive)
        if settings.receiver.synchronous:
            await self._hook(settings, scope, downstream, send, recorded)
            return
        if self.dedup is None and not recorded.on:
            # No store to release on a 5xx: the app answers directly, nothing to watch.
            await self.app(scope, downstream, send)
            return
        status: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        async def call(delivered: Any) -> Any:
            scope["state"]["webhook_event"] = delivered  # a batch: its events not handled before
            await self.app(scope, downstream, watch)
            if not status or is_failure_status(status[0]):  # no answer is no success either
                raise _Failed

        try:
            result = await run_async(self.dedup, event, call, scope=settings.route)
        except _Failed:
            recorded.answered(status[0] if status else None)
            return
        except (EventInProgressError, StoreUnavailableError) as exc:
            await refuse(settings, exc, scope, receive, send, track=recorded)
            return
        except Exception as exc:
            recorded.raised(exc, status[0] if status else 500)
            raise
        if is_duplicate(self.dedup, result):
            recorded.duplicate()
            await render(DUPLICATE)(scope, receive, send)
            return
        recorded.answered(status[0])

    async def _hook(
        self, settings: Settings, scope: Scope, receive: Receive, send: Send, recorded: Track
    ) -> None:
        """Run the app for a synchronous hook: it answers itself; an exception it raises
        before answering is answered with the receiver's failure answer."""
        status: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if status:
                recorded.raised(exc, status[0])
                raise  # part of an answer is sent: the server ends it
            answer = failed(settings.receiver, scope["path"], exc)
            recorded.raised(exc, answer.status)
            await render(answer)(scope, receive, send)
            return
        recorded.answered(status[0] if status else None)


@dataclass(frozen=True)
class _Endpoint:
    """The ASGI app [`webhook_endpoint`][authhooks.starlette.webhook_endpoint] returns
    (a class, so routes admit every method)."""

    settings: Settings
    handler: Callable[[Any], Any]

    async def _result(self, event: Any) -> Any:
        """What the handler returned (run in a thread when it is sync), awaited."""
        if inspect.iscoroutinefunction(self.handler):
            return await self.handler(event)
        result = await run_in_threadpool(self.handler, event)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def _run(self, event: Any) -> Any:
        result = await self._result(event)
        if result is None:
            return Response(status_code=204)
        if not isinstance(result, (Response, ErrorResponse)):
            raise TypeError(f"a webhook handler returns None or a Response, not {type(result)}")
        status = result.status if isinstance(result, ErrorResponse) else result.status_code
        if is_failure_status(status):
            raise _Failed(result)  # the event is released for the provider's retry
        return result

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = self.settings
        recorded = track(settings, scope, asgi_route(scope))
        if (accepted := await accept(settings, scope, receive, send, recorded)) is None:
            return
        event = accepted[0]
        if settings.dispatch is not None:
            answer = await ahand_off(
                settings, event, asgi_route(scope), Request(scope), scope["path"], track=recorded
            )
            await render(answer)(scope, receive, send)
            return
        if settings.receiver.synchronous:
            answer = await ahook_answer(
                settings.receiver,
                scope["path"],
                lambda: self._result(event),
                sent_as_is=_is_response,
                track=recorded,
            )
            await render(answer)(scope, receive, send)
            return
        try:
            result = await run_async(settings.dedup, event, self._run, scope=asgi_route(scope))
        except _Failed as failed:
            result = failed.answer
        except (EventInProgressError, StoreUnavailableError) as exc:
            result = settings.refuse(exc, Request(scope), scope["path"], recorded)
        except Exception as exc:
            recorded.raised(exc)
            raise
        if is_duplicate(settings.dedup, result):
            recorded.duplicate()
            result = DUPLICATE
        recorded.answered(status_of(result))  # not after a refusal or a duplicate: once
        await render(result)(scope, receive, send)


def webhook_endpoint(
    receiver: Receiver[Any],
    handler: Callable[[Any], Any],
    *,
    max_body_size: int | None = None,
    on_error: OnError | None = None,
    allow_from: Iterable[str] | None = None,
    trusted_proxies: Iterable[str] = (),
    dedup: DedupStore | None = None,
    dispatch: Dispatcher | None = None,
    log: DeliveryLog | None = None,
) -> Callable[[Scope, Receive, Send], Any]:
    """An ASGI endpoint for ``Route(path, webhook_endpoint(receiver, handler))``.

    ``handler(event)`` may be sync (run in a thread), ``async``, or a router whose result
    may be awaitable. It returns ``None`` (answered 204) or a Starlette ``Response``; an
    exception gives the framework's 500. Any method but ``POST`` gets 405 with
    ``Allow: POST``, whatever the route admits. Options are those of
    [`WebhookMiddleware`][authhooks.starlette.WebhookMiddleware].

    With ``dedup``, the handler runs once per event id: a repeat gets 200 ``{"status":
    "duplicate"}``; a handler that raises, or returns a response that is not a 2xx, releases
    the event for the provider's retry.

    With ``dispatch`` (a task queue) ``handler`` does not run here: the delivery is published
    and answered 202 once the broker has stored it (503 with ``Retry-After`` otherwise), and
    the workers run their handler (the same function or router, declared with
    [`celery_task`][authhooks.dispatch.celery_task] and the like).

    For a synchronous hook (a receiver whose ``synchronous`` is true, such as
    ``authhooks.Supabase``) the handler's return value is the answer the provider acts on:
    an answer helper, a mapping or ``None`` is sent as the receiver's
    [`answer`][authhooks.Receiver.answer], a ``Response`` as it is, and a handler that
    raises is answered with the receiver's
    [`failure_answer`][authhooks.Receiver.failure_answer] (the exception is logged) instead
    of the framework's 500. ``dedup`` is refused for it (``ConfigurationError``).

    With ``log`` (a [`DeliveryLog`][authhooks.log.DeliveryLog]), every request is
    recorded, with the status answered (an exception's: its ``HTTPException`` status, else
    500).
    """
    settings = Settings(
        receiver,
        max_body_size,
        on_error,
        allow_from,
        trusted_proxies,
        dedup,
        dispatch=dispatch,
        log=log,
    )
    return _Endpoint(settings, handler)
