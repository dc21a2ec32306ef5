"""The answer to a synchronous hook (see [`Receiver.synchronous`][authhooks.Receiver.synchronous]):
what the handler returned, as the receiver renders it, or the provider's error format when the
handler failed."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from authhooks.answers import HTTPAnswer
from authhooks.integrations._answers import status_of
from authhooks.integrations._tracking import NO_TRACK, Track
from authhooks.receiver import Receiver

__all__ = ["ahook_answer", "failed", "hook_answer"]

logger = logging.getLogger("authhooks")


def failed(receiver: Receiver[Any], path: str, error: Exception) -> HTTPAnswer:
    """Log ``error`` (with its traceback, as a framework logs an exception of a view) and
    return the receiver's [`failure_answer`][authhooks.Receiver.failure_answer]."""
    answer = receiver.failure_answer(error)
    logger.error(
        "webhook handler failed: %s %s -> %s %s",
        receiver.provider,
        path,
        answer.status,
        type(error).__name__,
        exc_info=error,
    )
    return answer


def hook_answer(
    receiver: Receiver[Any],
    path: str,
    call: Callable[[], Any],
    *,
    sent_as_is: Callable[[Any], bool],
    track: Track = NO_TRACK,
) -> Any:
    """Run the handler (``call``) and return the answer to send: a framework response it
    returned (``sent_as_is``), else [`receiver.answer`][authhooks.Receiver.answer] of its
    result; the receiver's failure answer when it raises or returns no answer. ``track``
    records the answer."""
    try:
        result = call()
        answer = result if sent_as_is(result) else receiver.answer(result)
    except Exception as exc:
        answer = failed(receiver, path, exc)
        track.raised(exc, answer.status)
        return answer
    track.answered(status_of(answer))
    return answer


async def ahook_answer(
    receiver: Receiver[Any],
    path: str,
    call: Callable[[], Awaitable[Any]],
    *,
    sent_as_is: Callable[[Any], bool],
    track: Track = NO_TRACK,
) -> Any:
    """``hook_answer`` for an awaited handler."""
    try:
        result = await call()
        answer = result if sent_as_is(result) else receiver.answer(result)
    except Exception as exc:
        answer = failed(receiver, path, exc)
        track.raised(exc, answer.status)
        return answer
    track.answered(status_of(answer))
    return answer
