"""FastAPI: the :func:`verified_event` dependency factory."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable
from typing import TYPE_CHECKING, Any

try:
    from fastapi import HTTPException, Request
    from starlette.responses import Response
except ImportError as exc:
    raise ImportError(
        "authhooks.fastapi needs FastAPI: install authhooks[fastapi]"
        " (pip install 'authhooks[fastapi]')"
    ) from exc

from authhooks.errors import EventInProgressError, StoreUnavailableError, WebhookError
from authhooks.integrations._asgi import render, verify
from authhooks.integrations._common import (
    DUPLICATE,
    METHOD_NOT_ALLOWED,
    OnError,
    Settings,
    aread_limited,
    run_async,
)
from authhooks.integrations._routes import asgi_route
from authhooks.receiver import Receiver

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore

__all__ = ["WebhookRejected", "verified_event"]


class WebhookRejected(HTTPException):
    """Raised by the dependency to answer the request with ``response`` instead of the route.

    Attributes:
        response: the answer sent (a JSON error, or what ``on_error`` returned).
    """

    def __init__(self, response: Response) -> None:
        body = getattr(response, "body", b"")  # a streaming response has none
        super().__init__(response.status_code, detail=bytes(body).decode("utf-8", "replace"))
        self.response = response


async def _send_rejection(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, WebhookRejected):  # registered for that class only
        raise exc
    return exc.response


def _reject(request: Request, answer: Any) -> WebhookRejected:
    # Starlette finds exception handlers in this scope entry, looked up by class when the
    # exception is caught: registering ours there makes the app send ``exc.response`` as is.
    handlers = request.scope.get("starlette.exception_handlers")
    if isinstance(handlers, tuple) and handlers and isinstance(handlers[0], dict):
        handlers[0].setdefault(WebhookRejected, _send_rejection)
    return WebhookRejected(render(answer))


async def _verified(settings: Settings, request: Request) -> Any:
    if request.method != "POST":
        raise _reject(request, METHOD_NOT_ALLOWED)
    try:
        settings.check_request(
            request.client.host if request.client else None,
            ",".join(request.headers.getlist("x-forwarded-for")) or None,
            request.headers.get("content-length"),
        )
        body = await aread_limited(request.stream(), settings.max_body_size)
        request._body = body  # keep ``await request.body()`` working downstream
        return await verify(settings.receiver, body, request.headers)
    except WebhookError as exc:
        raise _reject(request, settings.refuse(exc, request, request.url.path)) from None


def verified_event(
    receiver: Receiver[Any],
    *,
    max_body_size: int | None = None,
    on_error: OnError | None = None,
    allow_from: Iterable[str] | None = None,
    trusted_proxies: Iterable[str] = (),
    dedup: DedupStore | None = None,
) -> Callable[..., Any]:
    """A FastAPI dependency giving the verified event: ``event = Depends(verified_event(r))``.

    The route runs only for a verified request; any other is answered with a small JSON
    error (or what ``on_error(error, request)`` returns), and any method but ``POST`` with 405
    and ``Allow: POST``. Declare ``status_code=204`` on a route that returns nothing, and no
    body parameter (the event is the body). With ``dedup`` (asyncio only) the route runs once
    per event id: a repeat gets 200 ``{"status": "duplicate"}``, and a route that raises
    releases the event for a retry.

    Args:
        receiver: the provider's receiver.
        max_body_size: the largest body accepted, in bytes (default: the receiver's, 1 MiB).
        on_error: called with the error and the request; return a response to send instead.
        allow_from: addresses or networks allowed to send (e.g. ``FRONTEGG_SOURCE_IPS``).
        trusted_proxies: proxies whose ``X-Forwarded-For`` is believed.
        dedup: a de-duplication store; each event id is then handled once.
    """
    settings = Settings(receiver, max_body_size, on_error, allow_from, trusted_proxies, dedup)

    async def dependency(request: Request) -> Any:
        return await _verified(settings, request)

    async def deduplicated(request: Request) -> AsyncIterator[Any]:
        event = await _verified(settings, request)
        started = asyncio.Event()
        outcome: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        async def route_done() -> bool:
            started.set()
            await outcome  # the route's own exception, thrown in below, is raised here
            return True

        claim = asyncio.ensure_future(
            run_async(dedup, event, route_done, scope=asgi_route(request.scope))
        )
        waiter = asyncio.ensure_future(started.wait())
        await asyncio.wait({claim, waiter}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if not started.is_set():
            try:
                claim.result()
            except (EventInProgressError, StoreUnavailableError) as exc:
                raise _reject(request, settings.refuse(exc, request, request.url.path)) from None
            raise _reject(request, DUPLICATE)
        try:
            yield event
        except Exception as exc:
            outcome.set_exception(exc)
            with contextlib.suppress(Exception):
                await claim
            raise
        except BaseException:
            claim.cancel()
            raise
        outcome.set_result(None)
        await claim

    return dependency if dedup is None else deduplicated
