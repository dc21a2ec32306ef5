"""How an adapter records a delivery: the calls at each point, in the order the adapters make
them. The tests deliver through these functions as an adapter would."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from authhooks import EventInProgressError, LogUnavailableError, RetryLaterError, WebhookError
from authhooks.dedup import DedupStore, Duplicate, arun_once, run_once
from authhooks.integrations import error_response
from authhooks.log import DeliveryLog
from authhooks.receiver import Receiver


def deliver(
    log: DeliveryLog,
    receiver: Receiver[Any],
    body: bytes,
    headers: Mapping[str, str],
    handler: Callable[[Any], Any] = lambda event: None,
    *,
    route: str = "/hooks/test",
    client: str | None = "127.0.0.1",
    dedup: DedupStore | None = None,
    status: int = 204,
) -> tuple[int, str]:
    """Deliver a request as a sync adapter would; return (status, record id)."""
    recording = log.arrived(receiver, route=route, client=client)
    recording.received(body, headers)
    try:
        event = receiver.verify(body, headers)
    except WebhookError as exc:
        answer = error_response(exc).status
        recording.refused(exc, status=answer)
        return answer, recording.id
    try:
        recording.accepted(event)
    except LogUnavailableError as exc:
        recording.refused(exc, status=503)
        return 503, recording.id
    try:
        if dedup is None:
            handler(event)
            result: Any = None
        else:
            result = run_once(dedup, event, lambda: handler(event), scope=route)
    except EventInProgressError as exc:
        recording.in_progress(status=503, error=exc)
        return 503, recording.id
    except RetryLaterError as exc:
        recording.refused(exc, status=503)
        return 503, recording.id
    except Exception as exc:
        recording.failed(exc, status=500)
        return 500, recording.id
    if isinstance(result, Duplicate):
        recording.duplicate(status=200)
        return 200, recording.id
    recording.handled(status=status)
    return status, recording.id


async def adeliver(
    log: DeliveryLog,
    receiver: Receiver[Any],
    body: bytes,
    headers: Mapping[str, str],
    handler: Callable[[Any], Awaitable[Any]],
    *,
    route: str = "/hooks/test",
    client: str | None = "127.0.0.1",
    dedup: DedupStore | None = None,
) -> tuple[int, str]:
    """Deliver a request as an async adapter would; return (status, record id)."""
    recording = log.arrived(receiver, route=route, client=client)
    recording.received(body, headers)
    try:
        event = await receiver.averify(body, headers)
    except WebhookError as exc:
        answer = error_response(exc).status
        recording.refused(exc, status=answer)
        return answer, recording.id
    try:
        await recording.aaccepted(event)
    except LogUnavailableError as exc:
        recording.refused(exc, status=503)
        return 503, recording.id
    try:
        if dedup is None:
            result: Any = await handler(event)
        else:
            result = await arun_once(dedup, event, lambda: handler(event), scope=route)
    except EventInProgressError as exc:
        recording.in_progress(status=503, error=exc)
        return 503, recording.id
    except Exception as exc:
        recording.failed(exc, status=500)
        return 500, recording.id
    if isinstance(result, Duplicate):
        recording.duplicate(status=200)
        return 200, recording.id
    recording.handled(status=204)
    return 204, recording.id
