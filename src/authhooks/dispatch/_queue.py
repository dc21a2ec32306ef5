"""[`QueueDispatcher`][authhooks.dispatch.QueueDispatcher]: the base of the task-queue
dispatchers, a bounded publish, the retry policy, and dead letters."""

from __future__ import annotations

import asyncio
import concurrent.futures
import math
import os
import threading
import time
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from authhooks.delivery import Delivery
from authhooks.dispatch._base import Dispatcher, Listener, check_delivery, elapsed, number
from authhooks.errors import ConfigurationError, QueueUnavailableError

__all__ = ["DeadLetter", "QueueDispatcher", "describe", "read_delivery"]

#: Publishes in flight at once per process; more wait for a thread (within their deadline).
_PUBLISHERS = 16


@dataclass(frozen=True)
class DeadLetter:
    """A job whose last attempt failed, kept by the engine until it is requeued.

    Attributes:
        id: the engine's id of the kept job (give it to ``requeue``).
        delivery: the delivery, or ``None`` when the job is not a delivery's JSON.
        job: the job as it was queued (the delivery's JSON).
        failed_at: when the last attempt failed, in Unix seconds, when the engine records it.
        error: what the engine recorded of the last failure (an exception's type and
            message, or a traceback), when it records one.
    """

    id: str
    delivery: Delivery | None
    job: str
    failed_at: float | None = None
    error: str | None = None


def describe(delivery: Delivery) -> str:
    """A job's description for the engines' logs and dashboards: never the payload."""
    return f"<{delivery.provider} {delivery.event_type[:64]} {delivery.event_id[:80]}>"


def read_delivery(job: str | bytes) -> Delivery | None:
    """The delivery in ``job``, or ``None`` when it is not a delivery's JSON."""
    from authhooks.errors import PayloadError

    try:
        return Delivery.from_json(job)
    except PayloadError:
        return None


class QueueDispatcher(Dispatcher):
    """The base of the task-queue dispatchers: a publish bounded in time, the retry policy
    the workers apply, and the dead letters they keep.

    ``enqueue`` returns only once the broker has stored the job. The publish runs on a small
    pool of threads and is waited for at most ``timeout`` seconds, whatever the client's own
    settings: a broker that refuses, fails or does not answer in time raises
    [`QueueUnavailableError`][authhooks.QueueUnavailableError] (``retry_after`` seconds),
    which the adapters answer with 503 and ``Retry-After``. A job the broker stores after
    the deadline is handled once all the same: the provider's retry is recognised by the
    workers' de-duplication.

    Args:
        attempts: how many times a worker runs the handler before the job becomes a dead
            letter (1: no retry).
        backoff: seconds before the first retry; each next one waits twice as long.
        max_backoff: the longest wait between two attempts, in seconds.
        time_limit: the longest a handler may run, in seconds; the engine stops it then and
            the attempt fails. Keep the de-duplication store's ``processing_timeout`` above
            it (the worker declarations check it), so a running handler always holds its
            claim.
        timeout: the longest ``enqueue`` waits for the broker, in seconds.
        retry_after: the ``retry_after`` of the ``QueueUnavailableError`` raised.
        listeners: see [`Dispatcher`][authhooks.dispatch.Dispatcher].
    """

    def __init__(
        self,
        *,
        attempts: int = 5,
        backoff: float = 10.0,
        max_backoff: float = 600.0,
        time_limit: float = 50.0,
        timeout: float = 5.0,
        retry_after: float = 30.0,
        listeners: Iterable[Listener] = (),
    ) -> None:
        super().__init__(listeners=listeners)
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
            raise ConfigurationError("attempts must be a positive integer")
        self.attempts = attempts
        self.backoff = number("backoff", backoff, allow_zero=True)
        self.max_backoff = number("max_backoff", max_backoff, allow_zero=True)
        self.time_limit = number("time_limit", time_limit)
        self.timeout = number("timeout", timeout)
        self.retry_after = number("retry_after", retry_after, allow_zero=True)
        self._pool_lock = threading.Lock()
        self._pool: tuple[int, concurrent.futures.ThreadPoolExecutor] | None = None

    # -- the retry policy ---------------------------------------------------------------------

    def retry_delay(self, failures: int) -> float:
        """Seconds to wait before the attempt that follows ``failures`` failed ones."""
        if failures < 1:
            return 0.0
        return min(self.max_backoff, self.backoff * 2.0 ** min(failures - 1, 64))

    def retry_delays(self) -> list[float]:
        """The waits before each retry, in order (``attempts - 1`` of them)."""
        return [self.retry_delay(failures) for failures in range(1, self.attempts)]

    def check_worker(self, dedup: Any) -> None:
        """Check a worker's de-duplication store against this dispatcher's ``time_limit``.

        Raises:
            ConfigurationError: ``dedup`` is not a sync store, or its ``processing_timeout``
                does not outlast ``time_limit``.
        """
        from authhooks.dedup import DedupStore

        if dedup is None:
            return
        if not isinstance(dedup, DedupStore):
            raise ConfigurationError("dedup must be a DedupStore (RedisStore, ...) or None")
        if getattr(dedup, "is_async", False):
            raise ConfigurationError(
                "a worker's de-duplication store needs a sync client (redis.Redis, not "
                "redis.asyncio.Redis)"
            )
        if not dedup.processing_timeout > self.worker_time_limit():
            raise ConfigurationError(
                f"the store's processing_timeout ({dedup.processing_timeout:g} s) must be longer "
                f"than the handlers' time limit ({self.worker_time_limit():g} s): a handler "
                "still running when its claim lapses could run twice"
            )

    def worker_time_limit(self) -> float:
        """The longest a handler runs before the engine stops it (``time_limit``)."""
        return self.time_limit

    # -- the publish --------------------------------------------------------------------------

    @abstractmethod
    def publish(self, job: str, delivery: Delivery) -> str | None:
        """Send ``job`` (the delivery's JSON) to the broker; return the engine's job id.

        Runs on a publishing thread. Raise one of ``connection_errors()`` when the broker
        cannot be reached.
        """

    @abstractmethod
    def connection_errors(self) -> tuple[type[BaseException], ...]:
        """The exceptions that mean the broker did not accept a job."""

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        # A pool made before a fork (gunicorn --preload, Celery's prefork) has no threads in
        # the child: each process makes its own.
        pid = os.getpid()
        pool = self._pool
        if pool is not None and pool[0] == pid:
            return pool[1]
        with self._pool_lock:
            if self._pool is None or self._pool[0] != pid:
                executor = concurrent.futures.ThreadPoolExecutor(
                    _PUBLISHERS, thread_name_prefix=f"authhooks-{self.engine}"
                )
                self._pool = (pid, executor)
            return self._pool[1]

    def enqueue(self, delivery: Delivery) -> None:
        """Publish the delivery's job; return once the broker has stored it.

        Raises:
            QueueUnavailableError: the broker did not store it within ``timeout`` seconds.
        """
        check_delivery(delivery)
        job = delivery.to_json().decode("ascii")
        started = time.perf_counter()
        future = self._executor().submit(self.publish, job, delivery)
        try:
            job_id = future.result(self.timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise self._unavailable(delivery, None, started) from None
        except self.connection_errors() as exc:
            raise self._unavailable(delivery, exc, started) from exc
        self.report("enqueued", delivery, job_id=job_id, duration=elapsed(started))

    async def aenqueue(self, delivery: Delivery) -> None:
        """[`enqueue`][authhooks.dispatch.QueueDispatcher.enqueue] without blocking the event
        loop (asyncio or trio)."""
        check_delivery(delivery)
        job = delivery.to_json().decode("ascii")
        started = time.perf_counter()
        future = self._executor().submit(self.publish, job, delivery)
        try:
            job_id = await _wait(future, self.timeout)
        except (asyncio.TimeoutError, concurrent.futures.TimeoutError, TimeoutError):
            future.cancel()
            raise self._unavailable(delivery, None, started) from None
        except self.connection_errors() as exc:
            raise self._unavailable(delivery, exc, started) from exc
        self.report("enqueued", delivery, job_id=job_id, duration=elapsed(started))

    def _unavailable(
        self, delivery: Delivery, exc: BaseException | None, started: float
    ) -> QueueUnavailableError:
        # The broker's own message may hold its address and credentials: only its type is
        # kept in ours (the exception is chained for the log).
        why = (
            f"did not answer within {self.timeout:g} s"
            if exc is None
            else f"refused the job ({type(exc).__name__})"
        )
        error = QueueUnavailableError(
            f"the {self.engine} broker {why}", retry_after=self.retry_after
        )
        self.report("unavailable", delivery, error=error, duration=elapsed(started))
        return error

    # -- dead letters -------------------------------------------------------------------------

    @abstractmethod
    def dead_letters(self) -> list[DeadLetter]:
        """The jobs of this dispatcher whose last attempt failed, oldest first."""

    @abstractmethod
    def requeue(self, ids: Sequence[str] | None = None) -> int:
        """Send dead letters to be run again, as new jobs with every attempt; return how many.

        Args:
            ids: the ``DeadLetter.id`` of those to run again; ``None``: all of them.
        """

    def _report_requeued(self, letter: DeadLetter, job_id: str | None) -> None:
        self.report("requeued", letter.delivery, job_id=job_id)


async def _wait(future: concurrent.futures.Future[str | None], timeout: float) -> str | None:
    """The result of ``future``, awaited for at most ``timeout`` seconds."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # another event loop (trio): wait on a worker thread
        import anyio.to_thread

        return await anyio.to_thread.run_sync(future.result, timeout)
    return await asyncio.wait_for(asyncio.wrap_future(future), timeout)


def whole_seconds(value: float) -> int:
    """``value`` rounded up to whole seconds (engines that count in seconds)."""
    return max(0, math.ceil(value))
