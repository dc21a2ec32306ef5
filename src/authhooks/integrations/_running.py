"""Running the handler of a verified event, through the de-duplication store when there is one.

A delivery carrying several events (a [`Batch`][authhooks.Batch]) is run event by event:

- with a store, each event is claimed on its own; those handled before are left out, and the
  handler receives the batch of the others (none left: the delivery is a duplicate);
- a [`Router`][authhooks.Router] given a batch runs each event's handler in turn
  (``run_each``), going on past a failure, and records each event's outcome on the batch;
- when the delivery is answered, each claimed event is marked done or released by its own
  outcome; an event whose handler was not run on its own follows the answer (2xx: done).

So the provider's retry of a delivery where one event's handler failed runs that event only,
and the adapter answers once for the whole delivery: a 2xx only when every event was handled
or was a duplicate.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from authhooks.batch import Batch
from authhooks.integrations._answers import is_failure_status, status_of

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore
    from authhooks.dedup._run import Claim

__all__ = ["finish_sync", "is_duplicate", "run_async", "run_each", "run_sync"]

logger = logging.getLogger("authhooks")


async def _await(value: Awaitable[Any]) -> Any:
    return await value


def finish_sync(result: Any) -> Any:
    """Run an awaitable result (an ``async`` handler behind a router) to completion."""
    if inspect.isawaitable(result):
        coroutine = result if inspect.iscoroutine(result) else _await(result)
        return asyncio.run(coroutine)
    return result


class _FailureAnswer(Exception):
    """Raised inside the de-duplicated call when the handler answered a failure, so that the
    store releases the claim; the adapter then sends ``answer`` as it is."""

    def __init__(self, answer: Any) -> None:
        super().__init__("the handler answered a failure status")
        self.answer = answer


def run_sync(
    dedup: DedupStore | None,
    event: Any,
    call: Callable[[Any], Any],
    *,
    failed: Callable[[Any], bool] | None = None,
    scope: str | None = None,
) -> Any:
    """Run ``call`` (through the de-duplication store when there is one) from sync code.

    ``event`` is what the receiver verified: an event, or a [`Batch`][authhooks.Batch].
    ``call`` is given what the handler receives: the event, or the batch of the events not
    handled before.

    With ``failed``, a result for which ``failed(result)`` is true (an answer that tells the
    provider the delivery failed, see ``is_failure_status``) releases the event for the
    provider's retry instead of marking it done; the result is returned as it is.

    ``scope`` names the endpoint (its route), so that two endpoints sharing a store keep
    separate keys.
    """
    if isinstance(event, Batch):
        return _run_batch_sync(dedup, event, call, failed, scope)
    if dedup is None:
        return finish_sync(call(event))
    from authhooks.dedup import run_once

    def checked() -> Any:
        result = finish_sync(call(event))
        if failed is not None and failed(result):
            raise _FailureAnswer(result)
        return result

    try:
        return run_once(dedup, event, checked, scope=scope)
    except _FailureAnswer as answer:
        return answer.answer


async def run_async(
    dedup: DedupStore | None,
    event: Any,
    call: Callable[[Any], Awaitable[Any]],
    *,
    failed: Callable[[Any], bool] | None = None,
    scope: str | None = None,
) -> Any:
    """Await ``call(...)`` (through the de-duplication store when there is one).

    ``event``, ``call``, ``failed`` and ``scope`` are those of ``run_sync``.
    """
    if isinstance(event, Batch):
        return await _run_batch_async(dedup, event, call, failed, scope)
    if dedup is None:
        return await call(event)
    from authhooks.dedup import arun_once

    async def checked() -> Any:
        result = await call(event)
        if failed is not None and failed(result):
            raise _FailureAnswer(result)
        return result

    try:
        return await arun_once(dedup, event, checked, scope=scope)
    except _FailureAnswer as answer:
        return answer.answer


def is_duplicate(dedup: DedupStore | None, result: Any) -> bool:
    """Whether ``result`` says the store had already seen the event (the handler did not run)."""
    if dedup is None or result is None:
        return False
    from authhooks.dedup import Duplicate

    return isinstance(result, Duplicate)


# -- batches -----------------------------------------------------------------------------------


def _answered_ok(failed: Callable[[Any], bool] | None, result: Any) -> bool:
    return failed is None or not failed(result)


def _run_batch_sync(
    dedup: DedupStore | None,
    batch: Batch[Any],
    call: Callable[[Any], Any],
    failed: Callable[[Any], bool] | None,
    scope: str | None,
) -> Any:
    if dedup is None:
        result = finish_sync(call(batch))
        _check_answer(batch, _answered_ok(failed, result))
        return result
    from authhooks.dedup._run import Duplicate, check_sync, claim

    check_sync(dedup)
    claims: dict[int, Claim | None] = {}
    try:
        for position, event in enumerate(batch.events):
            claimed = claim(dedup, event, scope)
            if not isinstance(claimed, Duplicate):
                claims[position] = claimed
    except BaseException:  # another delivery holds an event, or the store is down: retry later
        for taken in claims.values():
            if taken is not None:
                taken.release()
        raise
    if not claims:
        return Duplicate(batch.provider, batch.id)
    fresh = batch._part(list(claims))
    held = list(claims.values())
    try:
        result = finish_sync(call(fresh))
    except BaseException:
        for claimed, ok in _settlements(fresh, held, answered_ok=False):
            claimed.done() if ok else claimed.release()
        raise
    for claimed, ok in _settlements(fresh, held, answered_ok=_answered_ok(failed, result)):
        claimed.done() if ok else claimed.release()
    return result


async def _run_batch_async(
    dedup: DedupStore | None,
    batch: Batch[Any],
    call: Callable[[Any], Awaitable[Any]],
    failed: Callable[[Any], bool] | None,
    scope: str | None,
) -> Any:
    if dedup is None:
        result = await call(batch)
        _check_answer(batch, _answered_ok(failed, result))
        return result
    from authhooks.dedup._run import Duplicate, aclaim, check_store

    check_store(dedup)
    claims: dict[int, Claim | None] = {}
    try:
        for position, event in enumerate(batch.events):
            claimed = await aclaim(dedup, event, scope)
            if not isinstance(claimed, Duplicate):
                claims[position] = claimed
    except BaseException:
        for taken in claims.values():
            if taken is not None:
                await taken.arelease()
        raise
    if not claims:
        return Duplicate(batch.provider, batch.id)
    fresh = batch._part(list(claims))
    held = list(claims.values())
    try:
        result = await call(fresh)
    except BaseException:
        for claimed, ok in _settlements(fresh, held, answered_ok=False):
            await (claimed.adone() if ok else claimed.arelease())
        raise
    for claimed, ok in _settlements(fresh, held, answered_ok=_answered_ok(failed, result)):
        await (claimed.adone() if ok else claimed.arelease())
    return result


def _settlements(
    batch: Batch[Any], claims: Sequence[Claim | None], *, answered_ok: bool
) -> list[tuple[Claim, bool]]:
    """Each claim of ``batch``'s events with whether it is done: by the event's own outcome
    when its handler ran on its own (a router), else by the delivery's answer."""
    _check_answer(batch, answered_ok)
    outcomes = batch._outcomes
    return [
        (claimed, outcomes.get(position, answered_ok))
        for position, claimed in enumerate(claims)
        if claimed is not None
    ]


def _check_answer(batch: Batch[Any], answered_ok: bool) -> None:
    """Warn when an event failed but the delivery was answered as handled: the provider will
    not deliver it again."""
    if not answered_ok:
        return
    for position, ok in batch._outcomes.items():
        if not ok:
            event = batch.events[position]
            logger.warning(
                "%s event %s failed, but its delivery %s was answered with a success: the "
                "provider will not retry it",
                event.provider,
                event.id,
                batch.id,
            )


def run_each(batch: Batch[Any], handle: Callable[[Any], Any]) -> Any:
    """Run ``handle(event)`` for each event of ``batch`` in order, each on its own.

    A failure (an exception, or an answer whose status is not a 2xx) does not stop the
    others. Each event's outcome is recorded on the batch, so that the adapters settle its
    de-duplication claim on its own. Returns ``None`` when every event was handled; else the
    first failure: its exception is raised, its answer returned (the others are logged). An
    ``async`` handler makes the result an awaitable doing the same.
    """
    return _Each(batch, handle).run()


class _Each:
    """The loop of ``run_each``: sync until a handler returns an awaitable."""

    def __init__(self, batch: Batch[Any], handle: Callable[[Any], Any]) -> None:
        self.batch = batch
        self.handle = handle
        self.first: tuple[BaseException | None, Any] | None = None

    def run(self) -> Any:
        events = self.batch.events
        for position, event in enumerate(events):
            try:
                result = self.handle(event)
            except Exception as exc:
                self._failed(position, exc, None)
                continue
            if inspect.isawaitable(result):
                return self._finish(position, result)
            self._done(position, result)
        return self._conclude()

    async def _finish(self, position: int, pending: Awaitable[Any]) -> Any:
        events = self.batch.events
        try:
            result = await pending
        except Exception as exc:
            self._failed(position, exc, None)
        else:
            self._done(position, result)
        for later in range(position + 1, len(events)):
            try:
                result = self.handle(events[later])
                if inspect.isawaitable(result):
                    result = await result
            except Exception as exc:
                self._failed(later, exc, None)
                continue
            self._done(later, result)
        return self._conclude()

    def _done(self, position: int, result: Any) -> None:
        status = status_of(result)
        if status is not None and is_failure_status(status):
            self._failed(position, None, result)
            return
        self.batch._outcomes[position] = True

    def _failed(self, position: int, error: BaseException | None, answer: Any) -> None:
        self.batch._outcomes[position] = False
        if self.first is None:
            self.first = (error, answer)
            return
        event = self.batch.events[position]
        if error is not None:
            logger.error(
                "%s event %s (%s): the handler raised",
                event.provider,
                event.id,
                event.type,
                exc_info=(type(error), error, error.__traceback__),
            )
        else:
            logger.warning(
                "%s event %s (%s): the handler answered %s",
                event.provider,
                event.id,
                event.type,
                status_of(answer),
            )

    def _conclude(self) -> Any:
        if self.first is None:
            return None
        error, answer = self.first
        if error is not None:
            raise error
        return answer
