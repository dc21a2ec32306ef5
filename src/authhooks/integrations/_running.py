"""Running the handler of a verified event, through the de-duplication store when there is one."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore

__all__ = ["finish_sync", "is_duplicate", "run_async", "run_sync"]


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
    call: Callable[[], Any],
    *,
    failed: Callable[[Any], bool] | None = None,
    scope: str | None = None,
) -> Any:
    """Run ``call`` (through the de-duplication store when there is one) from sync code.

    With ``failed``, a result for which ``failed(result)`` is true (an answer that tells the
    provider the delivery failed, see ``is_failure_status``) releases the event for the
    provider's retry instead of marking it done; the result is returned as it is.

    ``scope`` names the endpoint (its route), so that two endpoints sharing a store keep
    separate keys.
    """
    if dedup is None:
        return finish_sync(call())
    from authhooks.dedup import run_once

    def checked() -> Any:
        result = finish_sync(call())
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
    call: Callable[[], Awaitable[Any]],
    *,
    failed: Callable[[Any], bool] | None = None,
    scope: str | None = None,
) -> Any:
    """Await ``call()`` (through the de-duplication store when there is one).

    ``failed`` and ``scope`` are those of ``run_sync``.
    """
    if dedup is None:
        return await call()
    from authhooks.dedup import arun_once

    async def checked() -> Any:
        result = await call()
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
