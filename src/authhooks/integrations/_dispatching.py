"""The adapters' ``dispatch=`` option: hand a verified delivery to a dispatcher and answer.

Every adapter calls this one seam after verification: with a task queue the view, handler or
app does not run in the web process; the delivery's job is published, and the answer is
``202 {"status": "accepted"}`` once the broker has stored it, or the refusal of a
[`QueueUnavailableError`][authhooks.QueueUnavailableError] (503 with ``Retry-After``, or what
``on_error`` returns) when it did not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from authhooks.errors import ConfigurationError, RetryLaterError
from authhooks.integrations._answers import ErrorResponse
from authhooks.integrations._tracking import NO_TRACK, Track

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore
    from authhooks.dispatch import Dispatcher
    from authhooks.integrations._settings import Settings
    from authhooks.receiver import Receiver

__all__ = ["ACCEPTED", "ahand_off", "hand_off", "queue_of"]

#: The answer to a delivery whose job the dispatcher accepted.
ACCEPTED = ErrorResponse(202, {"status": "accepted"})


def queue_of(
    dispatch: Dispatcher | None, receiver: Receiver[Any], dedup: DedupStore | None
) -> Dispatcher | None:
    """The dispatcher an entry point hands its deliveries to, or ``None`` when it runs its
    own view (no ``dispatch``, or ``Inline()`` without a handler: today's behaviour).

    Raises:
        ConfigurationError: ``dispatch`` is not a dispatcher; it is combined with ``dedup``
            (the workers de-duplicate: an event marked done on receipt would never be
            handled); or the receiver's hooks are synchronous (the provider acts on the
            handler's answer, which a queue cannot give).
    """
    if dispatch is None:
        return None
    from authhooks.dispatch import Dispatcher

    if not isinstance(dispatch, Dispatcher):
        raise ConfigurationError(
            "dispatch must be an authhooks.dispatch dispatcher (Celery, RQ, Dramatiq, Inline)"
        )
    if dispatch.inline and getattr(dispatch, "handler", None) is None:
        return None
    if dedup is not None:
        raise ConfigurationError(
            "with dispatch=, de-duplication belongs to the workers (celery_task(..., "
            "dedup=store), rq_job, dramatiq_actor): an event claimed on receipt would be "
            "found done by the worker and never handled; leave the adapter's dedup out"
        )
    if receiver.synchronous:
        raise ConfigurationError(
            f"{receiver.provider} hooks are synchronous: the provider acts on the handler's "
            "answer, so they cannot be handed to a task queue"
        )
    return dispatch


def _delivery(settings: Settings, event: Any, route: str | None, track: Track) -> Any:
    from authhooks.delivery import Delivery

    # With a delivery log, the job carries the record's id: the worker resumes that record.
    logged = track.delivery()
    return logged if logged is not None else Delivery.of(settings.receiver, event, route=route)


def _dispatcher(settings: Settings) -> Dispatcher:
    if settings.dispatch is None:
        raise ConfigurationError("this entry point has no dispatcher")
    return settings.dispatch


def hand_off(
    settings: Settings,
    event: Any,
    route: str | None,
    request: Any,
    path: str,
    *,
    track: Track = NO_TRACK,
) -> Any:
    """Enqueue ``event``'s delivery with ``settings.dispatch``; the answer to send
    (``ACCEPTED``, or the refusal).

    A handler failure of an ``Inline(handler)`` propagates (the framework's 500).
    """
    try:
        _dispatcher(settings).enqueue(_delivery(settings, event, route, track))
    except RetryLaterError as exc:
        return settings.refuse(exc, request, path, track)
    track.handed_off(ACCEPTED.status)
    return ACCEPTED


async def ahand_off(
    settings: Settings,
    event: Any,
    route: str | None,
    request: Any,
    path: str,
    *,
    track: Track = NO_TRACK,
) -> Any:
    """``hand_off`` without blocking the event loop."""
    try:
        await _dispatcher(settings).aenqueue(_delivery(settings, event, route, track))
    except RetryLaterError as exc:
        return settings.refuse(exc, request, path, track)
    track.handed_off(ACCEPTED.status)
    return ACCEPTED
