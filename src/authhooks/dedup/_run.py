"""Running a handler once per event: [`run_once`][authhooks.dedup.run_once] and
[`arun_once`][authhooks.dedup.arun_once]."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from authhooks.dedup._base import DONE, DedupStore
from authhooks.errors import ConfigurationError, EventInProgressError, StoreUnavailableError

if TYPE_CHECKING:
    from authhooks.events import WebhookEvent

__all__ = [
    "Claim",
    "Duplicate",
    "aclaim",
    "arun_once",
    "check_store",
    "check_sync",
    "claim",
    "run_once",
]

logger = logging.getLogger("authhooks")

T = TypeVar("T")


@dataclass(frozen=True)
class Duplicate:
    """The event was already handled: the handler was not called again.

    Acknowledge it (HTTP 200, ``{"status": "duplicate"}``) so the provider stops retrying.

    Attributes:
        provider: the event's provider.
        event_id: the event's id.
    """

    provider: str
    event_id: str

    #: The status to report to the provider.
    status: Literal["duplicate"] = "duplicate"


_CLAIM_ATTEMPTS = 3


def _existing(store: DedupStore, event: WebhookEvent, value: str) -> Duplicate:
    if value == DONE:
        logger.debug(
            "duplicate %s event %s acknowledged without handling", event.provider, event.id
        )
        return Duplicate(event.provider, event.id)
    retry_after = store._retry_after(value)
    raise EventInProgressError(
        f"{event.provider} event {event.id} is being handled by another delivery; "
        f"retry in {retry_after} s",
        retry_after=retry_after,
    )


def _unavailable(store: DedupStore, event: WebhookEvent, exc: StoreUnavailableError) -> None:
    if store.on_unavailable == "process":
        logger.warning(
            "de-duplication store %s unreachable (%s); handling %s event %s without de-duplication",
            type(store).__name__,
            exc,
            event.provider,
            event.id,
        )
        return
    logger.error(
        "de-duplication store %s unreachable (%s); refusing %s event %s so the provider retries it",
        type(store).__name__,
        exc,
        event.provider,
        event.id,
    )
    raise exc


def _log_release_failure(event: WebhookEvent, exc: StoreUnavailableError) -> None:
    logger.error(
        "could not release the claim on %s event %s (%s); a retry is handled once the "
        "processing window ends",
        event.provider,
        event.id,
        exc,
    )


def _log_done_failure(event: WebhookEvent, exc: StoreUnavailableError) -> None:
    logger.error(
        "%s event %s was handled but could not be marked done (%s); a redelivery after the "
        "processing window may handle it again",
        event.provider,
        event.id,
        exc,
    )


def check_store(store: DedupStore) -> None:
    """Refuse what is not a de-duplication store."""
    if not isinstance(store, DedupStore):
        raise ConfigurationError("dedup must be a DedupStore (MemoryStore, RedisStore, ...)")


def check_sync(store: DedupStore) -> None:
    """Refuse what is not a store usable from sync code."""
    check_store(store)
    if getattr(store, "is_async", False):
        raise ConfigurationError(
            f"{type(store).__name__} wraps an asyncio client: use it from async code (arun_once)"
        )


@dataclass(frozen=True)
class Claim:
    """An event claimed in a store: settle it once, with ``done`` or ``release``."""

    store: DedupStore
    event: WebhookEvent
    key: str
    token: str

    def done(self) -> None:
        """Mark the event handled (a failure to is logged: the claim then lapses)."""
        try:
            self.store.set(self.key, DONE, self.store.retention)
        except StoreUnavailableError as exc:
            _log_done_failure(self.event, exc)

    def release(self) -> None:
        """Release the claim, so that the provider's retry handles the event."""
        try:
            self.store.delete(self.key, self.token)
        except StoreUnavailableError as exc:
            _log_release_failure(self.event, exc)

    async def adone(self) -> None:
        """Async ``done``."""
        try:
            await self.store.aset(self.key, DONE, self.store.retention)
        except StoreUnavailableError as exc:
            _log_done_failure(self.event, exc)

    async def arelease(self) -> None:
        """Async ``release``."""
        try:
            await self.store.adelete(self.key, self.token)
        except StoreUnavailableError as exc:
            _log_release_failure(self.event, exc)


def claim(store: DedupStore, event: WebhookEvent, scope: str | None) -> Claim | Duplicate | None:
    """Claim ``event`` for this delivery: the ``Claim``, ``Duplicate`` when it was handled
    before, or ``None`` when the store cannot be reached and ``on_unavailable="process"``
    (handle it without de-duplication).

    Raises:
        EventInProgressError: another delivery of the event is being handled right now.
        StoreUnavailableError: the store cannot be reached (and ``on_unavailable="fail"``).
    """
    key = store.key(event.provider, event.id, scope)
    token = store._claim_value()
    try:
        for _ in range(_CLAIM_ATTEMPTS):
            if store.add(key, token, store.processing_timeout):
                return Claim(store, event, key, token)
            current = store.get(key)
            if current is not None:
                return _existing(store, event, current)
        # The key keeps vanishing between add and get: another delivery is mid-release.
        return _existing(store, event, token)
    except StoreUnavailableError as exc:
        _unavailable(store, event, exc)
        return None


async def aclaim(
    store: DedupStore, event: WebhookEvent, scope: str | None
) -> Claim | Duplicate | None:
    """Async ``claim``."""
    key = store.key(event.provider, event.id, scope)
    token = store._claim_value()
    try:
        for _ in range(_CLAIM_ATTEMPTS):
            if await store.aadd(key, token, store.processing_timeout):
                return Claim(store, event, key, token)
            current = await store.aget(key)
            if current is not None:
                return _existing(store, event, current)
        return _existing(store, event, token)
    except StoreUnavailableError as exc:
        _unavailable(store, event, exc)
        return None


def run_once(
    store: DedupStore,
    event: WebhookEvent,
    call: Callable[[], T],
    *,
    scope: str | None = None,
) -> T | Duplicate:
    """Call ``call()`` unless ``event`` was already handled, and remember that it was.

    Returns the handler's result, or [`Duplicate`][authhooks.dedup.Duplicate] when the event was
    handled before. An exception from ``call`` releases the claim (so a retry is processed) and
    propagates.

    Args:
        store: the de-duplication store.
        event: the verified event; its ``provider`` and ``id`` identify it.
        call: the handler, called with no arguments.
        scope: names the endpoint that received the event, so that two endpoints sharing
            a store keep separate records (the framework adapters pass the route). The same
            endpoint must pass the same scope in every process. ``None``: no scope.

    Raises:
        EventInProgressError: another delivery of the event is being handled right now.
        StoreUnavailableError: the store cannot be reached (and ``on_unavailable="fail"``).
    """
    check_sync(store)
    claimed = claim(store, event, scope)
    if claimed is None:
        return call()
    if isinstance(claimed, Duplicate):
        return claimed
    try:
        result = call()
    except BaseException:
        claimed.release()
        raise
    claimed.done()
    return result


async def arun_once(
    store: DedupStore,
    event: WebhookEvent,
    call: Callable[[], Awaitable[T]],
    *,
    scope: str | None = None,
) -> T | Duplicate:
    """Async [`run_once`][authhooks.dedup.run_once]: ``call()`` returns an awaitable, awaited at
    most once."""
    check_store(store)
    claimed = await aclaim(store, event, scope)
    if claimed is None:
        return await call()
    if isinstance(claimed, Duplicate):
        return claimed
    try:
        result = await call()
    except BaseException:
        await claimed.arelease()
        raise
    await claimed.adone()
    return result
