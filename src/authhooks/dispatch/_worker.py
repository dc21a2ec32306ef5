"""What every engine's worker does with a job: read the delivery, parse it again, run the
handler once per event, and report."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from authhooks.delivery import Delivery
from authhooks.dispatch._base import Dispatcher, elapsed
from authhooks.errors import ConfigurationError, RetryLaterError

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore

__all__ = ["Handling", "Run"]


@dataclass(frozen=True)
class Run:
    """What became of one run of a job that did not raise.

    Attributes:
        status: ``"handled"``, ``"duplicate"`` or ``"deferred"`` (run the job again in
            ``delay`` seconds, without counting an attempt).
        delay: for ``"deferred"``, seconds to wait.
    """

    status: Literal["handled", "duplicate", "deferred"]
    delay: float = 0.0


class _HandlerRetryLater(Exception):
    """A ``RetryLaterError`` raised by the handler itself: a failure like any other, not a
    deferral (which only the de-duplication store asks for)."""

    def __init__(self, error: RetryLaterError) -> None:
        super().__init__(str(error))
        self.error = error


class Handling:
    """The worker side shared by the engines.

    Args:
        dispatcher: the dispatcher the jobs were queued with (its listeners are told of each
            outcome; its ``max_backoff`` bounds a deferral).
        handler: called with the parsed event: a function, an ``async def`` function, or a
            [`Router`][authhooks.Router].
        dedup: the de-duplication store (``None``: at least once, no de-duplication).
    """

    def __init__(
        self, dispatcher: Dispatcher, handler: Callable[[Any], Any], dedup: DedupStore | None
    ) -> None:
        if not callable(handler):
            raise ConfigurationError("the handler must be callable (a function or a Router)")
        self.dispatcher = dispatcher
        self.handler = handler
        self.dedup = dedup

    def run(
        self,
        job: str | bytes,
        *,
        attempt: int,
        final: bool,
        deferrals: int = 0,
        job_id: str | None = None,
        retry_in: float | None = None,
        defer: bool = True,
    ) -> Run:
        """Run one attempt of ``job``.

        Returns a [`Run`][authhooks.dispatch._worker.Run] unless the attempt failed, in which
        case the exception propagates (after a ``"failed"`` outcome, or ``"dead_letter"``
        when ``final``) for the engine to retry or keep the job.

        Args:
            job: the delivery's JSON.
            attempt: this attempt's number (1 for the first).
            final: whether a failure now makes the job a dead letter.
            deferrals: how many times the job was deferred before.
            job_id: the engine's id of the job.
            retry_in: seconds before the next attempt should this one fail.
            defer: whether a ``RetryLaterError`` of the de-duplication store (the event in
                progress elsewhere, the store unreachable) returns a deferral; ``False``:
                it propagates, after a ``"deferred"`` outcome.
        """
        started = time.perf_counter()
        delivery: Delivery | None = None
        try:
            delivery = Delivery.from_json(job)
            result = self._handle(delivery)
        except _HandlerRetryLater as wrapped:
            self._failed(
                delivery,
                wrapped.error,
                attempt=attempt,
                final=final,
                job_id=job_id,
                retry_in=retry_in,
                started=started,
            )
            raise wrapped.error from None
        except RetryLaterError as exc:
            # The event is being handled by another job, or the store is unreachable: look
            # again later (soon at first, then less often), without counting an attempt.
            max_backoff = getattr(self.dispatcher, "max_backoff", 600.0)
            delay = max(1.0, min(float(exc.retry_after), 2.0 ** min(deferrals, 30), max_backoff))
            if not defer:
                delay = float(exc.retry_after)
            self.dispatcher.report(
                "deferred",
                delivery,
                job_id=job_id,
                attempt=attempt,
                error=exc,
                duration=elapsed(started),
                retry_in=delay,
            )
            if not defer:
                raise
            return Run("deferred", delay)
        except Exception as exc:
            self._failed(
                delivery,
                exc,
                attempt=attempt,
                final=final,
                job_id=job_id,
                retry_in=retry_in,
                started=started,
            )
            raise
        self.dispatcher.report(
            result, delivery, job_id=job_id, attempt=attempt, duration=elapsed(started)
        )
        return Run(result)

    def _handle(self, delivery: Delivery) -> Literal["handled", "duplicate"]:
        """Parse the delivery and run the handler through the store, as the adapters do: a
        [`Batch`][authhooks.Batch] is claimed event by event, the handler gets the events not
        handled before, and each is marked done or released on its own (a router's failing
        event is retried alone: the job's next attempt finds the others done)."""
        from authhooks.integrations._running import finish_sync, is_duplicate, run_sync

        def call(delivered: Any) -> Any:
            try:
                return finish_sync(self.handler(delivered))
            except RetryLaterError as exc:
                raise _HandlerRetryLater(exc) from exc

        result = run_sync(self.dedup, delivery.parse(), call, scope=delivery.route)
        return "duplicate" if is_duplicate(self.dedup, result) else "handled"

    def _failed(
        self,
        delivery: Delivery | None,
        error: BaseException,
        *,
        attempt: int,
        final: bool,
        job_id: str | None,
        retry_in: float | None,
        started: float,
    ) -> None:
        self.dispatcher.report(
            "dead_letter" if final else "failed",
            delivery,
            job_id=job_id,
            attempt=attempt,
            error=error,
            duration=elapsed(started),
            retry_in=None if final else retry_in,
        )
