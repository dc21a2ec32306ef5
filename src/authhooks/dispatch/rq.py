"""RQ: the [`RQ`][authhooks.dispatch.RQ] dispatcher and its job function,
[`rq_job`][authhooks.dispatch.rq_job]."""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

try:
    import redis
    import rq
    from rq.serializers import JSONSerializer
except ImportError as exc:
    raise ImportError(
        "authhooks.dispatch.RQ needs RQ: install authhooks[rq] (pip install 'authhooks[rq]')"
    ) from exc

from authhooks.delivery import Delivery
from authhooks.dispatch._base import Listener
from authhooks.dispatch._queue import DeadLetter, QueueDispatcher, describe, read_delivery
from authhooks.dispatch._worker import Handling
from authhooks.errors import ConfigurationError

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore

__all__ = ["RQ", "rq_job"]


class RQ(QueueDispatcher):
    """Queue each delivery as an RQ job, run by the function
    [`rq_job`][authhooks.dispatch.rq_job] declares.

    ```python
    dispatcher = authhooks.dispatch.RQ(redis.Redis(socket_timeout=2), "hooks.deliveries")
    ```

    RQ names a job's function by its import path: ``function`` is where the module the
    workers import keeps what ``rq_job`` returned (``deliveries = rq_job(...)`` in
    ``hooks.py`` is ``"hooks.deliveries"``). Jobs are serialised as JSON (RQ's
    ``JSONSerializer``, never pickle), so run the workers with ``-S json``, and with
    ``--with-scheduler``, which runs the delayed retries:
    ``rq worker -S json --with-scheduler webhooks``.

    A job whose last attempt fails stays in the queue's ``FailedJobRegistry`` (for RQ's
    ``failure_ttl``, a year by default): [`dead_letters`][authhooks.dispatch.RQ.dead_letters]
    lists them, [`requeue`][authhooks.dispatch.RQ.requeue] runs them again (so does
    ``rq requeue -S json --queue webhooks --all``, with the attempts they had left).

    RQ counts in whole seconds: the waits and the time limit (the job's ``timeout``) are
    rounded up.

    Args:
        queue: an ``rq.Queue`` built with ``serializer=JSONSerializer`` (or
            ``"json"``), or a ``redis.Redis`` connection (the queue is then ``queue_name``).
            Give the connection a ``socket_timeout``.
        function: the import path of the job function.
        queue_name: the queue's name when ``queue`` is a connection.
        attempts: runs of the handler before the job is a dead letter (the whole policy:
            [`QueueDispatcher`][authhooks.dispatch.QueueDispatcher]).
        backoff: seconds before the first retry.
        max_backoff: the longest wait between two attempts.
        time_limit: the longest a handler may run, in seconds.
        timeout: the longest a publish is waited for, in seconds.
        retry_after: the ``Retry-After`` of the 503 when the broker does not take a job.
        listeners: told of every [`Outcome`][authhooks.dispatch.Outcome].
    """

    engine = "rq"

    def __init__(
        self,
        queue: rq.Queue | redis.Redis,
        function: str,
        *,
        queue_name: str = "default",
        attempts: int = 5,
        backoff: float = 10.0,
        max_backoff: float = 600.0,
        time_limit: float = 50.0,
        timeout: float = 5.0,
        retry_after: float = 30.0,
        listeners: Iterable[Listener] = (),
    ) -> None:
        super().__init__(
            attempts=attempts,
            backoff=backoff,
            max_backoff=max_backoff,
            time_limit=time_limit,
            timeout=timeout,
            retry_after=retry_after,
            listeners=listeners,
        )
        if isinstance(queue, rq.Queue):
            serializer = queue.serializer
            if not (isinstance(serializer, type) and issubclass(serializer, JSONSerializer)):
                raise ConfigurationError(
                    "RQ jobs carry JSON: build the queue with serializer=JSONSerializer "
                    "(rq.serializers) and run the workers with -S json"
                )
            self.queue = queue
        elif isinstance(queue, redis.Redis):
            if not isinstance(queue_name, str) or not queue_name:
                raise ConfigurationError("queue_name must be a non-empty string")
            self.queue = rq.Queue(queue_name, connection=queue, serializer=JSONSerializer)
        else:
            raise ConfigurationError("RQ() takes an rq.Queue or a redis.Redis connection")
        if not isinstance(function, str) or "." not in function.strip("."):
            raise ConfigurationError(
                'function is the job function\'s import path ("hooks.deliveries")'
            )
        self.function = function

    def worker_time_limit(self) -> float:
        """The job's ``timeout``: ``time_limit`` in whole seconds."""
        return float(math.ceil(self.time_limit))

    def retry_policy(self, retries_left: int | None = None) -> rq.Retry | None:
        """RQ's ``Retry`` for a job with ``retries_left`` retries (default: every one)."""
        intervals = [max(0, math.ceil(delay)) for delay in self.retry_delays()]
        left = len(intervals) if retries_left is None else retries_left
        if left < 1:
            return None
        return rq.Retry(max=left, interval=intervals[len(intervals) - left :])

    def publish(self, job: str, delivery: Delivery) -> str | None:
        """Enqueue the job (see ``QueueDispatcher.publish``)."""
        return self._enqueue(self.queue, job, describe(delivery)).id

    def _enqueue(
        self,
        queue: rq.Queue,
        job: str,
        description: str,
        *,
        deferrals: int = 0,
        retry: rq.Retry | bool | None = True,
        delay: float = 0.0,
    ) -> rq.job.Job:
        options: dict[str, Any] = {
            "args": (job,) if not deferrals else (job, deferrals),
            "timeout": int(self.worker_time_limit()),
            "result_ttl": 0,
            "description": description,
            "retry": self.retry_policy() if retry is True else retry,
        }
        if delay > 0:
            return queue.enqueue_in(
                timedelta(seconds=math.ceil(delay)), self.function, **_as_call(options)
            )
        return queue.enqueue_call(self.function, **options)

    def connection_errors(self) -> tuple[type[BaseException], ...]:
        """redis-py's errors and ``OSError``."""
        return (redis.exceptions.RedisError, OSError)

    # -- dead letters -------------------------------------------------------------------------

    def _failed(self) -> rq.registry.FailedJobRegistry:
        return rq.registry.FailedJobRegistry(queue=self.queue)

    def _failed_jobs(self) -> list[tuple[rq.job.Job, DeadLetter]]:
        registry = self._failed()
        ids = registry.get_job_ids()
        jobs = rq.job.Job.fetch_many(
            ids, connection=self.queue.connection, serializer=JSONSerializer
        )
        found: list[tuple[rq.job.Job, DeadLetter]] = []
        for job in jobs:
            if job is None or job.func_name != self.function or not job.args:
                continue
            payload = job.args[0]
            if not isinstance(payload, str):
                continue
            ended = job.ended_at
            found.append(
                (
                    job,
                    DeadLetter(
                        id=job.id,
                        delivery=read_delivery(payload),
                        job=payload,
                        failed_at=None if ended is None else ended.timestamp(),
                        error=_last_line(job),
                    ),
                )
            )
        found.sort(key=lambda pair: pair[1].failed_at or 0.0)
        return found

    def dead_letters(self) -> list[DeadLetter]:
        """This dispatcher's jobs in the queue's ``FailedJobRegistry``, oldest failure first."""
        return [letter for _, letter in self._failed_jobs()]

    def requeue(self, ids: Sequence[str] | None = None) -> int:
        """Enqueue dead letters again as new jobs with every attempt, and drop them from the
        ``FailedJobRegistry``.

        Args:
            ids: the job ids of those to run again; ``None``: all of them.
        """
        chosen = None if ids is None else set(ids)
        registry = self._failed()
        count = 0
        for job, letter in self._failed_jobs():
            if chosen is not None and letter.id not in chosen:
                continue
            description = "<dead letter>" if letter.delivery is None else describe(letter.delivery)
            again = self._enqueue(self.queue, letter.job, description)
            _drop(registry, job)
            count += 1
            self._report_requeued(letter, again.id)
        return count


def _drop(registry: rq.registry.FailedJobRegistry, job: rq.job.Job) -> None:
    """Remove a dead letter's job, its runs' records with it.

    RQ may still be finishing the job's last run: a run it lists can be gone before it is
    read (``ValueError: Execution ... not found in Redis``), and the next reading no longer
    lists it. So the removal is tried again, briefly.
    """
    for attempt in range(6):
        try:
            registry.remove(job, delete_job=True)
            return
        except ValueError as exc:
            if "not found" not in str(exc) or attempt == 5:
                raise
            time.sleep(0.05 * 2**attempt)


def _as_call(options: dict[str, Any]) -> dict[str, Any]:
    """``enqueue_call``'s options as ``enqueue_in``'s keywords."""
    args = options.pop("args")
    return {"args": args, "job_timeout": options.pop("timeout"), **options}


def _last_line(job: rq.job.Job) -> str | None:
    result = job.latest_result()
    text = getattr(result, "exc_string", None) if result is not None else None
    if not text:
        # A job that failed without a run's result (RQ failed it for its worker): its own
        # record, which RQ 3 still fills but reports as deprecated.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            text = job.exc_info
    if not text:
        return None
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    return lines[-1][:1000] if lines else None


def rq_job(
    dispatcher: RQ,
    handler: Callable[[Any], Any],
    *,
    dedup: DedupStore | None,
) -> Callable[..., None]:
    """The job function that handles ``dispatcher``'s jobs; keep it at the import path
    given to the dispatcher as ``function``.

    ```python
    # hooks.py
    dispatcher = authhooks.dispatch.RQ(redis.Redis(), "hooks.deliveries")
    deliveries = authhooks.dispatch.rq_job(dispatcher, router, dedup=store)
    ```

    For each job it parses the delivery again (no secret, no verification) and runs
    ``handler`` with the event through ``dedup``: an event is handled once whatever the
    number of its jobs. A failed run raises, and RQ retries the job after ``backoff``,
    ``2 * backoff``... (``Retry``); after ``attempts`` runs it stays in the
    ``FailedJobRegistry``. A work horse that dies mid-handler counts as a failed run; a
    worker that dies entirely leaves its job to the next worker's maintenance (every
    ``--maintenance-interval`` seconds). A job whose event is being handled by another job
    is enqueued again for later (``--with-scheduler``) without counting an attempt.

    Args:
        dispatcher: the [`RQ`][authhooks.dispatch.RQ] dispatcher the web process queues with.
        handler: called with each event: a function, an ``async def`` function or a
            [`Router`][authhooks.Router].
        dedup: the de-duplication store shared by every worker (``RedisStore``); ``None``
            runs the handler for every job (at least once).

    Raises:
        ConfigurationError: ``dedup``'s ``processing_timeout`` does not outlast the
            dispatcher's ``time_limit``, or ``handler`` is not callable.
    """
    if not isinstance(dispatcher, RQ):
        raise ConfigurationError("rq_job() takes an authhooks.dispatch.RQ dispatcher")
    dispatcher.check_worker(dedup)
    handling = Handling(dispatcher, handler, dedup)

    def deliveries(job: str, deferrals: int = 0) -> None:
        current = rq.get_current_job()
        left = None if current is None else current.retries_left
        retries = len(dispatcher.retry_delays())
        attempt = retries - (left or 0) + 1 if left is not None else dispatcher.attempts
        final = not left
        retry_in = None if final else dispatcher.retry_delay(attempt)
        run = handling.run(
            job,
            attempt=attempt,
            final=final,
            deferrals=deferrals,
            job_id=None if current is None else current.id,
            retry_in=retry_in,
        )
        if run.status == "deferred" and current is not None:
            queue = rq.Queue(
                current.origin, connection=current.connection, serializer=JSONSerializer
            )
            dispatcher._enqueue(
                queue,
                job,
                current.description or "<delivery>",
                deferrals=deferrals + 1,
                retry=dispatcher.retry_policy(left or 0),
                delay=run.delay,
            )

    deliveries.__qualname__ = deliveries.__name__ = dispatcher.function.rsplit(".", 1)[1]
    return deliveries
