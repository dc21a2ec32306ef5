"""FastAPI: the [`verified_event`][authhooks.fastapi.verified_event] dependency
factory and the [`WebhookRoute`][authhooks.fastapi.WebhookRoute] route class."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable
from typing import TYPE_CHECKING, Any

try:
    from fastapi import HTTPException, Request
    from fastapi.routing import APIRoute
    from starlette.requests import ClientDisconnect
    from starlette.responses import Response
except ImportError as exc:
    raise ImportError(
        "authhooks.fastapi needs FastAPI: install authhooks[fastapi]"
        " (pip install 'authhooks[fastapi]')"
    ) from exc

from authhooks.errors import EventInProgressError, StoreUnavailableError, WebhookError
from authhooks.integrations._answers import (
    DUPLICATE,
    ErrorResponse,
    OnError,
    is_failure_status,
)
from authhooks.integrations._asgi import render, track, verify
from authhooks.integrations._dispatching import ahand_off
from authhooks.integrations._reading import aread_limited
from authhooks.integrations._routes import asgi_route
from authhooks.integrations._running import run_async
from authhooks.integrations._settings import Settings
from authhooks.integrations._synchronous import failed
from authhooks.integrations._tracking import NO_TRACK, Track
from authhooks.receiver import Receiver

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore
    from authhooks.dispatch import Dispatcher
    from authhooks.log import DeliveryLog

__all__ = ["WebhookRejected", "WebhookRoute", "verified_event"]

logger = logging.getLogger("authhooks")

#: The scope entry where a ``WebhookRoute`` collects the claims its dependencies open.
_CLAIMS = "authhooks.claims"
#: The scope entry where a ``WebhookRoute`` collects its dependencies' delivery records.
_TRACKS = "authhooks.tracks"

#: The answer to a client that went away before its body was read: no one receives it (the
#: server drops it), but the route must not run and the request must end without an error.
_CLIENT_GONE = ErrorResponse(400, {"error": "client_disconnected"})


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


async def _verified(settings: Settings, request: Request, recorded: Track = NO_TRACK) -> Any:
    if request.method != "POST":
        answer = settings.answer_other_method(
            request.method,
            request.headers,
            request.client.host if request.client else None,
            ",".join(request.headers.getlist("x-forwarded-for")) or None,
            request=request,
            path=request.url.path,
            track=recorded,
        )
        raise _reject(request, answer)
    try:
        settings.check_request(
            request.client.host if request.client else None,
            ",".join(request.headers.getlist("x-forwarded-for")) or None,
            request.headers.get("content-length"),
        )
        body = await aread_limited(request.stream(), settings.max_body_size)
        request._body = body  # keep ``await request.body()`` working downstream
        recorded.received(body, request.headers)
        event = await verify(settings.receiver, body, request.headers)
        await recorded.aaccepted(event)
    except ClientDisconnect:
        recorded.refused(None, None, "client_disconnected")
        raise _reject(request, _CLIENT_GONE) from None
    except WebhookError as exc:
        answer = settings.refuse(exc, request, request.url.path, recorded)
        raise _reject(request, answer) from None
    return event


def _handed_over(request: Request, recorded: Track) -> bool:
    """Give the record of the route's answer to its ``WebhookRoute`` (which sees the
    response); ``False`` on another route."""
    tracks: list[Track] | None = request.scope.get(_TRACKS)
    if tracks is None:
        return False
    tracks.append(recorded)
    return True


def _answered(recorded: Track, request: Request, error: BaseException | None) -> None:
    """Record the answer of a route that is not a ``WebhookRoute``: the status of the
    exception it raised, else the route's declared status (200 by default)."""
    if error is not None:
        recorded.raised(error)
        return
    declared = getattr(request.scope.get("route"), "status_code", None)
    recorded.answered(declared if isinstance(declared, int) else 200)


class _FailureAnswer(Exception):
    """The route answered a failure status: the claim is released, not marked done."""


class _Claim:
    """An event claimed in the de-duplication store, held while the route runs."""

    def __init__(self, dedup: DedupStore, event: Any, scope: str | None) -> None:
        self.started = asyncio.Event()
        self.outcome: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        #: What the route receives: the event, or a batch's events not handled before.
        self.delivered: Any = event
        self.task = asyncio.ensure_future(run_async(dedup, event, self._held, scope=scope))

    async def _held(self, delivered: Any) -> bool:
        self.delivered = delivered
        self.started.set()
        await self.outcome  # an exception set on the outcome is raised here: a release
        return True

    async def open(self) -> bool:
        """Whether the route may run: ``False`` for a duplicate; raises when the store
        refuses (event in progress, store unreachable)."""
        waiter = asyncio.ensure_future(self.started.wait())
        await asyncio.wait({self.task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if self.started.is_set():
            return True
        self.task.result()  # EventInProgressError or StoreUnavailableError
        return False

    async def settle(self, failure: BaseException | None) -> None:
        """Mark the event done (``failure`` is ``None``) or release it; once."""
        if not self.outcome.done():
            if failure is None:
                self.outcome.set_result(None)
            else:
                self.outcome.set_exception(failure)
        with contextlib.suppress(Exception):
            await self.task

    def abandon(self) -> None:
        """Release the claim of a cancelled request."""
        self.task.cancel()


class WebhookRoute(APIRoute):
    """A route class that settles de-duplication claims on the answer the route sends.

    A dependency cannot see the route's response, so on its own
    [`verified_event(..., dedup=store)`][authhooks.fastapi.verified_event]
    releases an event only when the route raises. On a route of this class, the event is
    marked done only when the answer is a 2xx; anything else releases it for the provider's
    retry: a returned `JSONResponse({...}, status_code=503)`, a status set on an injected
    `Response`, an `HTTPException`, any other exception.

    Use it for the routes of a router, or for every route of the app:

    ```python
    router = APIRouter(route_class=WebhookRoute)

    app = FastAPI()
    app.router.route_class = WebhookRoute  # before the routes are declared
    ```
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's handler, settling the claims of its dependencies on its answer."""
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            claims: list[_Claim] = []
            tracks: list[Track] = []
            request.scope[_CLAIMS] = claims
            request.scope[_TRACKS] = tracks
            try:
                response = await handler(request)
            except Exception as exc:
                for claim in claims:
                    await claim.settle(exc)
                for recorded in tracks:
                    recorded.raised(exc)
                raise
            except BaseException:
                for claim in claims:
                    claim.abandon()
                raise
            failed = is_failure_status(response.status_code)
            for claim in claims:
                await claim.settle(_FailureAnswer(response.status_code) if failed else None)
            for recorded in tracks:
                recorded.answered(response.status_code)
            return response

        return route


def verified_event(
    receiver: Receiver[Any],
    *,
    max_body_size: int | None = None,
    on_error: OnError | None = None,
    allow_from: Iterable[str] | None = None,
    trusted_proxies: Iterable[str] = (),
    dedup: DedupStore | None = None,
    dispatch: Dispatcher | None = None,
    log: DeliveryLog | None = None,
) -> Callable[..., Any]:
    """A FastAPI dependency giving the verified event: ``event = Depends(verified_event(r))``.

    The route runs only for a verified request; any other is answered with a small JSON
    error (or what ``on_error(error, request)`` returns), and any method but ``POST`` with 405
    and ``Allow: POST``. Declare ``status_code=204`` on a route that returns nothing, and no
    body parameter (the event is the body). A client that goes away before its body is read
    ends the request quietly: the route does not run, nothing is claimed or logged.

    With ``dedup`` (asyncio only) the route runs once per event id: a repeat gets 200
    ``{"status": "duplicate"}``, and a route that raises releases the event for a retry. On a
    route of class [`WebhookRoute`][authhooks.fastapi.WebhookRoute], any answer
    but a 2xx releases it too; elsewhere the dependency cannot see the answer, so a route
    that *returns* an error response has its event marked done (a warning says so once).

    For a synchronous hook (a receiver whose ``synchronous`` is true, such as
    ``authhooks.Supabase``) the route returns the answer the provider acts on, and FastAPI
    sends it as JSON: an answer helper as its exact document (declare
    ``response_model=None``: older FastAPI releases validate the answer against the declared
    return type). A route that raises (an ``HTTPException`` included) is answered with the
    receiver's [`failure_answer`][authhooks.Receiver.failure_answer] (the exception is
    logged), on a ``WebhookRoute`` or not.

    Args:
        receiver: the provider's receiver.
        max_body_size: the largest body accepted, in bytes: the receiver's own limit by
            default (1 MiB), and never more than it (the smaller of the two applies).
        on_error: called with the error and the request; return a response to send instead.
        allow_from: addresses or networks allowed to send (e.g. ``FRONTEGG_SOURCE_IPS``).
        trusted_proxies: proxies whose ``X-Forwarded-For`` is believed.
        dedup: a de-duplication store; each event id is then handled once.
        dispatch: hand each verified delivery to a task queue
            ([`Celery`][authhooks.dispatch.Celery], [`RQ`][authhooks.dispatch.RQ],
            [`Dramatiq`][authhooks.dispatch.Dramatiq]) instead of running the route here: the
            answer is 202 ``{"status": "accepted"}`` once the broker has stored the job,
            503 with ``Retry-After`` when it has not; the workers run the handler. ``None``
            (or ``Inline()``): the route runs in this process. Not with ``dedup`` (the workers
            de-duplicate).
        log: a [`DeliveryLog`][authhooks.log.DeliveryLog]: every request is recorded. On a
            ``WebhookRoute`` with the status of the route's answer; elsewhere with the
            status of the exception it raised, else the route's declared ``status_code``
            (a dependency does not see the response).

    Raises:
        ConfigurationError: ``dedup`` is given for a synchronous hook's receiver; or
            ``dispatch`` is a task queue and ``dedup`` is given, or the hooks are synchronous.
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

    async def dependency(request: Request) -> Any:
        return await _verified(settings, request)

    if settings.dispatch is not None:

        async def dispatched(request: Request) -> Any:
            recorded = track(settings, request.scope, asgi_route(request.scope))
            event = await _verified(settings, request, recorded)
            answer = await ahand_off(
                settings,
                event,
                asgi_route(request.scope),
                request,
                request.url.path,
                track=recorded,
            )
            raise _reject(request, answer)  # the route does not run: the workers handle it

        return dispatched

    if receiver.synchronous:
        return _synchronous(settings)
    if dedup is None:
        return dependency if log is None else _logged(settings)
    return _deduplicated(settings, dedup)


def _logged(settings: Settings) -> Callable[..., Any]:
    """The dependency recording each request in the entry point's log."""

    async def logged(request: Request) -> AsyncIterator[Any]:
        recorded = track(settings, request.scope, asgi_route(request.scope))
        event = await _verified(settings, request, recorded)
        handed = _handed_over(request, recorded)
        try:
            yield event
        except Exception as exc:
            if not handed:
                _answered(recorded, request, exc)
            raise
        if not handed:
            _answered(recorded, request, None)

    return logged


def _deduplicated(settings: Settings, store: DedupStore) -> Callable[..., Any]:
    """The dependency handling each event once (and recording it, with a log)."""
    warned = False

    async def deduplicated(request: Request) -> AsyncIterator[Any]:
        nonlocal warned
        recorded = track(settings, request.scope, asgi_route(request.scope))
        event = await _verified(settings, request, recorded)
        claim = _Claim(store, event, asgi_route(request.scope))
        try:
            opened = await claim.open()
        except (EventInProgressError, StoreUnavailableError) as exc:
            answer = settings.refuse(exc, request, request.url.path, recorded)
            raise _reject(request, answer) from None
        if not opened:
            recorded.duplicate()
            raise _reject(request, DUPLICATE)
        handed = _handed_over(request, recorded)
        route: list[_Claim] | None = request.scope.get(_CLAIMS)
        if route is not None:
            route.append(claim)  # the route class settles it on the answer
        elif not warned:
            warned = True
            logger.warning(
                "verified_event(dedup=...) on %s outside a WebhookRoute: an error response"
                " the route returns (rather than raises) marks the event done",
                request.url.path,
            )
        try:
            yield claim.delivered
        except Exception as exc:
            await claim.settle(exc)
            if not handed:
                _answered(recorded, request, exc)
            raise
        except BaseException:
            claim.abandon()
            raise
        if route is None:
            await claim.settle(None)
        if not handed:
            _answered(recorded, request, None)

    return deduplicated


def _synchronous(settings: Settings) -> Callable[..., Any]:
    """The dependency of a synchronous hook: an exception of the route is answered with the
    receiver's failure answer (FastAPI throws it into the dependency before it answers)."""

    async def synchronous(request: Request) -> AsyncIterator[Any]:
        recorded = track(settings, request.scope, asgi_route(request.scope))
        event = await _verified(settings, request, recorded)
        # Not handed to a WebhookRoute: it would see the exception before it is answered.
        try:
            yield event
        except Exception as exc:
            answer = failed(settings.receiver, request.url.path, exc)
            recorded.raised(exc, answer.status)
            raise _reject(request, answer) from None
        _answered(recorded, request, None)

    return synchronous
