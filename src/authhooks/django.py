"""Django: the [`webhook`][authhooks.django.webhook] view decorator, for sync and
``async def`` views."""

from __future__ import annotations

import functools
import inspect
import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar, overload

try:
    from django.http import HttpRequest, HttpResponse, HttpResponseBase
except ImportError as exc:
    raise ImportError(
        "authhooks.django needs Django: install authhooks[django] (pip install 'authhooks[django]')"
    ) from exc

from authhooks.answers import HTTPAnswer
from authhooks.errors import EventInProgressError, StoreUnavailableError, WebhookError
from authhooks.integrations._answers import (
    DUPLICATE,
    ErrorResponse,
    OnError,
    is_failure_status,
)
from authhooks.integrations._dispatching import ahand_off, hand_off
from authhooks.integrations._reading import read_limited, stream_chunks
from authhooks.integrations._routes import request_route
from authhooks.integrations._running import finish_sync, is_duplicate, run_async, run_sync
from authhooks.integrations._settings import Settings
from authhooks.integrations._synchronous import ahook_answer, hook_answer
from authhooks.receiver import Receiver
from authhooks.routing import Router

if TYPE_CHECKING:
    from authhooks.batch import Batch
    from authhooks.dedup import DedupStore
    from authhooks.dispatch import Dispatcher
    from authhooks.events import WebhookEvent
    from authhooks.integrations._tracking import Track
    from authhooks.log import DeliveryLog

__all__ = ["ViewDecorator", "webhook"]

E = TypeVar("E", bound="WebhookEvent | Batch[Any]")
E_co = TypeVar("E_co", bound="WebhookEvent | Batch[Any]", covariant=True)
P = ParamSpec("P")


class ViewDecorator(Protocol[E_co]):
    """What [`webhook`][authhooks.django.webhook] returns: it turns a view
    ``view(request, event, ...)`` (or a [`Router`][authhooks.Router], called with the event)
    into a Django view ``view(request, ...)``."""

    @overload
    def __call__(self, view: Router, /) -> Callable[..., Any]: ...

    @overload
    def __call__(
        self, view: Callable[Concatenate[HttpRequest, E_co, P], Any], /
    ) -> Callable[Concatenate[HttpRequest, P], Any]: ...


def _render(answer: Any) -> Any:
    if isinstance(answer, ErrorResponse):
        return HttpResponse(
            answer.content,
            status=answer.status,
            headers=answer.headers,
            content_type="application/json",
        )
    if isinstance(answer, HTTPAnswer):
        content = answer.content
        response = HttpResponse(content, status=answer.status, headers=answer.headers)
        if "Content-Type" not in answer.headers:
            del response["Content-Type"]  # no body (204): no type either
        elif "Content-Length" not in answer.headers:
            # A known size: a chunked answer is refused by older Supabase Auth servers.
            response["Content-Length"] = str(len(content))
        return response
    return answer


def _is_response(result: Any) -> bool:
    return isinstance(result, HttpResponseBase)


def _no_content() -> HttpResponse:
    """``204 No Content``: no body, so no ``Content-Type`` either."""
    response = HttpResponse(status=204)
    del response["Content-Type"]
    return response


def _answer(dedup: DedupStore | None, result: Any, track: Track) -> Any:
    if is_duplicate(dedup, result):
        track.duplicate()
        return _render(DUPLICATE)
    if result is None:
        track.answered(204)
        return _no_content()
    track.answered(result.status_code if isinstance(result, HttpResponseBase) else 500)
    return result


def _raised(error: Exception) -> int:
    """The status Django answers an exception of a view with."""
    from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
    from django.http import Http404

    if isinstance(error, Http404):
        return 404
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, (BadRequest, SuspiciousOperation)):
        return 400
    return 500


def _track(settings: Settings, request: HttpRequest) -> Track:
    meta = request.META
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    return settings.track(request_route(request), meta.get("REMOTE_ADDR"), forwarded)


def _failed(result: Any) -> bool:
    """Whether the view's result tells the provider the delivery failed: a response whose
    status is not 2xx, or anything else but ``None`` (Django answers that with a 500)."""
    if result is None:
        return False
    return not isinstance(result, HttpResponseBase) or is_failure_status(result.status_code)


def _read_body(request: HttpRequest, limit: int) -> bytes:
    """The raw body, bounded by ``limit``, whatever the server; it stays readable downstream.

    A WSGI server that passes a chunked request on without declaring its length (gunicorn)
    marks its input ``wsgi.input_terminated``: it ends the input itself. Django's stream
    stops at the declared length, so it would read nothing: read the server's input to its end.
    """
    meta = request.META
    declared = (meta.get("CONTENT_LENGTH") or "").strip()
    if meta.get("wsgi.input_terminated") and not declared.lstrip("0") and "wsgi.input" in meta:
        read = meta["wsgi.input"].read
    else:
        read = request.read
    body = read_limited(stream_chunks(read), limit)
    # What Django does once it has read request.body: request.body and request.read() work.
    request._body = body
    request._stream = io.BytesIO(body)
    return body


def _read(settings: Settings, request: HttpRequest, track: Track) -> bytes:
    """The checked, bounded body of a ``POST``."""
    settings.check_request(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        request.META.get("CONTENT_LENGTH"),
    )
    body = _read_body(request, settings.max_body_size)
    track.received(body, request.headers)
    return body


def _other_method(settings: Settings, request: HttpRequest, track: Track) -> Any:
    """The answer to any method but ``POST``: a verification request's, or 405."""
    return _render(
        settings.answer_other_method(
            str(request.method),
            request.headers,
            request.META.get("REMOTE_ADDR"),
            request.META.get("HTTP_X_FORWARDED_FOR"),
            request=request,
            path=request.path,
            track=track,
        )
    )


def _verify(settings: Settings, request: HttpRequest, track: Track) -> tuple[Any, Any]:
    """``(event, None)`` for a verified request, ``(None, response)`` for a refused one."""
    if request.method != "POST":
        return None, _other_method(settings, request, track)
    try:
        event = settings.receiver.verify(_read(settings, request, track), request.headers)
        track.accepted(event)
    except WebhookError as exc:
        return None, _render(settings.refuse(exc, request, request.path, track=track))
    return event, None


async def _averify(settings: Settings, request: HttpRequest, track: Track) -> tuple[Any, Any]:
    """``_verify`` for ``async def`` views: keys are fetched without blocking the loop."""
    if request.method != "POST":
        return None, _other_method(settings, request, track)
    try:
        body = _read(settings, request, track)  # Django's ASGI handler has read it already
        event = await settings.receiver.averify(body, request.headers)
        await track.aaccepted(event)
    except WebhookError as exc:
        return None, _render(settings.refuse(exc, request, request.path, track=track))
    return event, None


def _routed(router: Router) -> Callable[..., Any]:
    """A view ``(request, event, ...)`` handing the event to ``router``."""

    def view(request: HttpRequest, event: Any, *args: Any, **kwargs: Any) -> Any:
        return router(event)

    return view


def webhook(
    receiver: Receiver[E],
    *,
    max_body_size: int | None = None,
    on_error: OnError | None = None,
    allow_from: Iterable[str] | None = None,
    trusted_proxies: Iterable[str] = (),
    dedup: DedupStore | None = None,
    dispatch: Dispatcher | None = None,
    log: DeliveryLog | None = None,
) -> ViewDecorator[E]:
    """Decorate a Django function view ``view(request, event, ...)`` to receive verified webhooks.

    An [`authhooks.Router`][authhooks.Router] may stand for the view: it is called with the event
    alone.

    Works on sync and ``async def`` views; the view is CSRF-exempt and answers only ``POST``
    (405 with ``Allow: POST`` otherwise). A view returning ``None`` answers 204 (no body, no
    ``Content-Type``); a returned ``HttpResponse`` is sent as is; an exception gives Django's
    500. The body is read whatever the server, chunked requests included (gunicorn). A
    refused request is answered by the decorator; ``on_error(error, request)`` may replace
    that answer. When a sync view (or a router) returns a coroutine, it is run to completion
    with ``asyncio.run``.

    For a synchronous hook (a receiver whose ``synchronous`` is true, such as
    ``authhooks.Supabase``) the view's return value is the answer the provider acts on: an
    answer helper, a mapping or ``None`` is sent as the receiver's
    [`answer`][authhooks.Receiver.answer], an ``HttpResponse`` as it is, and a view that
    raises is answered with the receiver's
    [`failure_answer`][authhooks.Receiver.failure_answer] (the exception is logged) instead
    of Django's 500.

    Args:
        receiver: the provider's receiver.
        max_body_size: the largest body accepted, in bytes: the receiver's own limit by
            default (1 MiB), and never more than it (the smaller of the two applies).
        on_error: called with the error and the request; return a response to send instead.
        allow_from: addresses or networks allowed to send (e.g. ``FRONTEGG_SOURCE_IPS``).
        trusted_proxies: proxies whose ``X-Forwarded-For`` is believed.
        dedup: a de-duplication store; each event id is then handled once. A view that
            raises (``Http404`` included) or answers a failure (any status but 2xx, e.g.
            ``HttpResponse(status=503)``) releases the event, so the provider's retry runs it.
        dispatch: hand each verified delivery to a task queue
            ([`Celery`][authhooks.dispatch.Celery], [`RQ`][authhooks.dispatch.RQ],
            [`Dramatiq`][authhooks.dispatch.Dramatiq]) instead of running the view here: the
            answer is 202 ``{"status": "accepted"}`` once the broker has stored the job,
            503 with ``Retry-After`` when it has not; the workers run the handler. ``None``
            (or ``Inline()``): the view runs in this process. Not with ``dedup`` (the workers
            de-duplicate).
        log: a [`DeliveryLog`][authhooks.log.DeliveryLog]: every request is recorded, with
            the status answered (an exception's as Django answers it: 404 for ``Http404``,
            403, 400, else 500).

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

    def decorator(view: Any) -> Callable[..., Any]:
        wrapper: Callable[..., Any]
        if isinstance(view, Router):
            view = _routed(view)
        if inspect.iscoroutinefunction(view):

            async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                track = _track(settings, request)
                event, refused = await _averify(settings, request, track)
                if refused is not None:
                    return refused
                if settings.dispatch is not None:
                    return _render(
                        await ahand_off(
                            settings,
                            event,
                            request_route(request),
                            request,
                            request.path,
                            track=track,
                        )
                    )

                async def call(delivered: Any) -> Any:
                    result = view(request, delivered, *args, **kwargs)
                    return await result if inspect.isawaitable(result) else result

                if receiver.synchronous:
                    return _render(
                        await ahook_answer(
                            receiver,
                            request.path,
                            lambda: call(event),
                            sent_as_is=_is_response,
                            track=track,
                        )
                    )

                try:
                    result = await run_async(
                        dedup, event, call, failed=_failed, scope=request_route(request)
                    )
                except (EventInProgressError, StoreUnavailableError) as exc:
                    return _render(settings.refuse(exc, request, request.path, track=track))
                except Exception as exc:
                    track.raised(exc, _raised(exc))
                    raise
                return _answer(dedup, result, track)

            wrapper = async_wrapper
        else:

            def sync_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                track = _track(settings, request)
                event, refused = _verify(settings, request, track)
                if refused is not None:
                    return refused
                if settings.dispatch is not None:
                    route = request_route(request)
                    return _render(
                        hand_off(settings, event, route, request, request.path, track=track)
                    )
                if receiver.synchronous:
                    return _render(
                        hook_answer(
                            receiver,
                            request.path,
                            lambda: finish_sync(view(request, event, *args, **kwargs)),
                            sent_as_is=_is_response,
                            track=track,
                        )
                    )
                try:
                    result = run_sync(
                        dedup,
                        event,
                        lambda delivered: view(request, delivered, *args, **kwargs),
                        failed=_failed,
                        scope=request_route(request),
                    )
                except (EventInProgressError, StoreUnavailableError) as exc:
                    return _render(settings.refuse(exc, request, request.path, track=track))
                except Exception as exc:
                    track.raised(exc, _raised(exc))
                    raise
                return _answer(dedup, result, track)

            wrapper = sync_wrapper
        wrapper = functools.wraps(view)(wrapper)
        wrapper.csrf_exempt = True  # type: ignore[attr-defined]  # what CsrfViewMiddleware reads
        return wrapper

    return decorator
