"""Flask: the [`webhook`][authhooks.flask.webhook] view decorator."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

try:
    from flask import Response, current_app, request
    from werkzeug.wrappers import Response as BaseResponse
except ImportError as exc:
    raise ImportError(
        "authhooks.flask needs Flask: install authhooks[flask] (pip install 'authhooks[flask]')"
    ) from exc

from authhooks.answers import HTTPAnswer
from authhooks.errors import EventInProgressError, StoreUnavailableError, WebhookError
from authhooks.integrations._answers import (
    DUPLICATE,
    ErrorResponse,
    OnError,
    is_failure_status,
)
from authhooks.integrations._dispatching import hand_off
from authhooks.integrations._reading import read_limited, stream_chunks
from authhooks.integrations._routes import request_route
from authhooks.integrations._running import finish_sync, is_duplicate, run_sync
from authhooks.integrations._settings import Settings
from authhooks.integrations._synchronous import hook_answer
from authhooks.receiver import Receiver

if TYPE_CHECKING:
    from authhooks.batch import Batch
    from authhooks.dedup import DedupStore
    from authhooks.dispatch import Dispatcher
    from authhooks.events import WebhookEvent
    from authhooks.log import DeliveryLog

__all__ = ["webhook"]

E = TypeVar("E", bound="WebhookEvent | Batch[Any]")
P = ParamSpec("P")


def _render(answer: Any) -> Any:
    if isinstance(answer, ErrorResponse):
        return Response(answer.content, answer.status, answer.headers, mimetype="application/json")
    if isinstance(answer, HTTPAnswer):
        response = Response(answer.content, answer.status, dict(answer.headers))
        if "Content-Type" not in answer.headers:
            response.headers.pop("Content-Type", None)  # no body (204): no type either
        return response
    return answer


def _is_response(result: Any) -> bool:
    return isinstance(result, BaseResponse)


def _respond(result: Any) -> Response | None:
    """The view's result as Flask's response (``None`` stays ``None``), so its status is known:
    a string, a ``(body, status, headers)`` tuple, a dict... become what Flask would send."""
    result = finish_sync(result)
    if result is None:
        return None
    response: Response = current_app.make_response(result)
    return response


def _failed(response: Response | None) -> bool:
    return response is not None and is_failure_status(response.status_code)


def _no_content() -> Response:
    """``204 No Content``: no body, so no ``Content-Type`` either."""
    response = Response(status=204)
    response.headers.pop("Content-Type", None)
    return response


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
) -> Callable[[Callable[Concatenate[E, P], Any]], Callable[P, Any]]:
    """Decorate a Flask view so that it runs only for verified webhooks.

    The view is called with the verified event as its first argument, then the URL
    variables as usual:

    ```python
    @app.post("/hooks/userfront")
    @webhook(receiver)
    def userfront(event): ...
    ```

    A view returning ``None`` answers 204 (no body, no ``Content-Type``); a returned value is
    Flask's response as usual; an exception gives Flask's 500. A refused request is answered
    by the decorator (see [`error_response`][authhooks.integrations.error_response]);
    ``on_error(error, request)`` may replace that answer. Any method but ``POST`` gets 405
    with ``Allow: POST``. When the view (or a router) returns a coroutine, it is run to
    completion with ``asyncio.run``.

    For a synchronous hook (a receiver whose ``synchronous`` is true, such as
    ``authhooks.Supabase``) the view's return value is the answer the provider acts on: an
    answer helper, a mapping or ``None`` is sent as the receiver's
    [`answer`][authhooks.Receiver.answer], a Flask response as it is, and a view that raises
    is answered with the receiver's [`failure_answer`][authhooks.Receiver.failure_answer]
    (the exception is logged) instead of Flask's 500.

    Args:
        receiver: the provider's receiver.
        max_body_size: the largest body accepted, in bytes: the receiver's own limit by
            default (1 MiB), and never more than it (the smaller of the two applies).
        on_error: called with the error and the request; return a response to send instead.
        allow_from: addresses or networks allowed to send (e.g. ``FRONTEGG_SOURCE_IPS``).
        trusted_proxies: proxies whose ``X-Forwarded-For`` is believed.
        dedup: a de-duplication store; each event id is then handled once. A view that
            raises (``abort(500)`` included) or answers a failure (any status but 2xx, e.g.
            ``return "busy", 503``) releases the event, so the provider's retry runs it.
        dispatch: hand each verified delivery to a task queue
            ([`Celery`][authhooks.dispatch.Celery], [`RQ`][authhooks.dispatch.RQ],
            [`Dramatiq`][authhooks.dispatch.Dramatiq]) instead of running the view here: the
            answer is 202 ``{"status": "accepted"}`` once the broker has stored the job,
            503 with ``Retry-After`` when it has not; the workers run the handler. ``None``
            (or ``Inline()``): the view runs in this process. Not with ``dedup`` (the workers
            de-duplicate).
        log: a [`DeliveryLog`][authhooks.log.DeliveryLog]: every request is recorded, with
            the status answered (an exception's: its ``HTTPException`` code, else 500).

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

    def decorator(view: Callable[Concatenate[E, P], Any]) -> Callable[P, Any]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
            forwarded = request.headers.get("X-Forwarded-For")
            track = settings.track(request_route(request), request.remote_addr, forwarded)
            if request.method != "POST":
                return _render(
                    settings.answer_other_method(
                        request.method,
                        request.headers,
                        request.remote_addr,
                        forwarded,
                        request=request,
                        path=request.path,
                        track=track,
                    )
                )
            try:
                settings.check_request(
                    request.remote_addr, forwarded, request.headers.get("Content-Length")
                )
                body = read_limited(stream_chunks(request.stream.read), settings.max_body_size)
                request._cached_data = body  # keep request.get_data() working downstream
                track.received(body, request.headers)
                event = receiver.verify(body, dict(request.headers))
                track.accepted(event)
            except WebhookError as exc:
                return _render(settings.refuse(exc, request, request.path, track=track))
            if settings.dispatch is not None:
                route = request_route(request)
                return _render(hand_off(settings, event, route, request, request.path, track=track))
            if receiver.synchronous:
                return _render(
                    hook_answer(
                        receiver,
                        request.path,
                        lambda: finish_sync(view(event, *args, **kwargs)),
                        sent_as_is=_is_response,
                        track=track,
                    )
                )
            try:
                result = run_sync(
                    dedup,
                    event,
                    lambda delivered: _respond(view(delivered, *args, **kwargs)),
                    failed=_failed,
                    scope=request_route(request),
                )
            except (EventInProgressError, StoreUnavailableError) as exc:
                return _render(settings.refuse(exc, request, request.path, track=track))
            except Exception as exc:
                track.raised(exc)
                raise
            if is_duplicate(dedup, result):
                track.duplicate()
                return _render(DUPLICATE)
            if result is None:
                track.answered(204)
                return _no_content()
            track.answered(result.status_code)
            return result

        return wrapper

    return decorator
