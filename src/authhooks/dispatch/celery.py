"""Celery: the [`Celery`][authhooks.dispatch.Celery] dispatcher and its worker task,
[`celery_task`][authhooks.dispatch.celery_task]."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

try:
    import celery
    import kombu
    from celery.exceptions import Reject
except ImportError as exc:
    raise ImportError(
        "authhooks.dispatch.Celery needs Celery: install authhooks[celery] "
        "(pip install 'authhooks[celery]')"
    ) from exc

from authhooks.delivery import Delivery
from authhooks.dispatch._base import Listener
from authhooks.dispatch._queue import DeadLetter, QueueDispatcher, describe, read_delivery
from authhooks.dispatch._worker import Handling
from authhooks.errors import ConfigurationError

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore

__all__ = ["Celery", "celery_task"]

#: The publish retries once at once: a pooled connection to a restarted broker is stale,
#: and the second try reconnects. A broker still down fails the publish.
_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
_DEAD_LETTER_HEADER = "authhooks_dead_letter"


class Celery(QueueDispatcher):
    """Queue each delivery as a Celery task, run by a worker's
    [`celery_task`][authhooks.dispatch.celery_task].

    ```python
    app = celery.Celery("hooks", broker="redis://localhost:6379/0")
    dispatcher = authhooks.dispatch.Celery(app)
    ```

    The task message carries the delivery's JSON as its one argument, serialised as JSON
    whatever the app's ``task_serializer``; it is sent by name, so the web process needs
    neither the handler nor the task. With RabbitMQ, set ``broker_transport_options=
    {"confirm_publish": True}`` so that a publish returns only once the broker has the
    message.

    A job whose last attempt fails is sent to ``dead_letter_queue``, a queue no worker
    consumes unless told to: [`dead_letters`][authhooks.dispatch.Celery.dead_letters] lists
    it, [`requeue`][authhooks.dispatch.Celery.requeue] runs its jobs again.

    The task's soft time limit is ``time_limit`` (the handler gets
    ``celery.exceptions.SoftTimeLimitExceeded``); Celery applies time limits with its prefork
    pool.

    Args:
        app: the Celery application (its broker receives the jobs).
        task: the task's name, the same in the web process and the workers.
        queue: the queue the jobs go to (``None``: the app's default queue).
        dead_letter_queue: the queue of the jobs whose last attempt failed.
        attempts: runs of the handler before the job is a dead letter (the whole policy:
            [`QueueDispatcher`][authhooks.dispatch.QueueDispatcher]).
        backoff: seconds before the first retry.
        max_backoff: the longest wait between two attempts.
        time_limit: the longest a handler may run, in seconds.
        timeout: the longest a publish is waited for, in seconds.
        retry_after: the ``Retry-After`` of the 503 when the broker does not take a job.
        listeners: told of every [`Outcome`][authhooks.dispatch.Outcome].
    """

    engine = "celery"

    def __init__(
        self,
        app: celery.Celery,
        *,
        task: str = "authhooks.deliveries",
        queue: str | None = None,
        dead_letter_queue: str = "authhooks.dead_letters",
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
        if not isinstance(app, celery.Celery):
            raise ConfigurationError("Celery() takes a celery.Celery application")
        for name, value in (("task", task), ("dead_letter_queue", dead_letter_queue)):
            if not isinstance(value, str) or not value:
                raise ConfigurationError(f"{name} must be a non-empty string")
        if queue is not None and (not isinstance(queue, str) or not queue):
            raise ConfigurationError("queue must be a non-empty string or None")
        if queue == dead_letter_queue:
            raise ConfigurationError("the dead-letter queue must not be the jobs' queue")
        self.app = app
        self.task = task
        self.queue = queue
        self.dead_letter_queue = dead_letter_queue
        self._errors: tuple[type[BaseException], ...] | None = None

    def publish(self, job: str, delivery: Delivery) -> str | None:
        """Send the job as a task message (see ``QueueDispatcher.publish``)."""
        return self._send(job, self.queue, describe(delivery))

    def _send(
        self,
        job: str,
        queue: str | None,
        description: str,
        headers: dict[str, Any] | None = None,
    ) -> str:
        result = self.app.send_task(
            self.task,
            args=(job,),
            queue=queue,
            serializer="json",
            ignore_result=True,
            retry=True,
            retry_policy=_RETRY_POLICY,
            argsrepr=description,
            kwargsrepr="{}",
            headers=headers,
        )
        return str(result.id)

    def connection_errors(self) -> tuple[type[BaseException], ...]:
        """kombu's ``OperationalError`` and the transport's connection and channel errors."""
        if self._errors is None:
            with self.app.connection_for_write() as connection:
                transport: tuple[type[BaseException], ...] = (
                    *connection.connection_errors,
                    *connection.channel_errors,
                )
            self._errors = (kombu.exceptions.OperationalError, OSError, *transport)
        return self._errors

    # -- dead letters -------------------------------------------------------------------------

    def dead_letters(self) -> list[DeadLetter]:
        """The jobs in ``dead_letter_queue``, oldest failure first.

        They are read and left in place (kombu gets them unacknowledged, and the broker
        takes them back when the channel closes).
        """
        letters, _ = self._drain(())
        return letters

    def requeue(self, ids: Sequence[str] | None = None) -> int:
        """Send dead letters back to the jobs' queue as new tasks with every attempt.

        Args:
            ids: the ``DeadLetter.id`` (the dead task's id) of those to run again;
                ``None``: all of them.
        """
        _, count = self._drain(None if ids is None else tuple(ids))
        return count

    def _drain(self, chosen: tuple[str, ...] | None) -> tuple[list[DeadLetter], int]:
        """Read every dead letter; requeue those ``chosen`` (``None``: all) and ack them."""
        letters: list[DeadLetter] = []
        count = 0
        name = self.dead_letter_queue
        queue = kombu.Queue(name, kombu.Exchange(name, type="direct"), routing_key=name)
        with self.app.connection_for_write() as connection, connection.channel() as channel:
            bound = queue(channel)
            bound.declare()
            while True:
                message = bound.get(no_ack=False, accept=["json"])
                if message is None:
                    break
                letter = _letter(message)
                if letter is None:
                    continue  # not one of ours: left in place
                if chosen is None or letter.id in chosen:
                    job_id = self._send(letter.job, self.queue, _describe_letter(letter))
                    message.ack()
                    count += 1
                    self._report_requeued(letter, job_id)
                else:
                    letters.append(letter)
        letters.sort(key=lambda letter: letter.failed_at or 0.0)
        return letters, count


def _letter(message: Any) -> DeadLetter | None:
    headers = message.headers or {}
    record = headers.get(_DEAD_LETTER_HEADER)
    if not isinstance(record, dict):
        return None
    try:
        args = message.decode()[0]
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if not args or not isinstance(args[0], str):
        return None
    job = args[0]
    failed_at = record.get("failed_at")
    error = record.get("error")
    return DeadLetter(
        id=str(headers.get("id", "")),
        delivery=read_delivery(job),
        job=job,
        failed_at=float(failed_at) if isinstance(failed_at, (int, float)) else None,
        error=error if isinstance(error, str) else None,
    )


def _describe_letter(letter: DeadLetter) -> str:
    return "<dead letter>" if letter.delivery is None else describe(letter.delivery)


def _summary(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def celery_task(
    dispatcher: Celery,
    handler: Callable[[Any], Any],
    *,
    dedup: DedupStore | None,
) -> celery.Task[Any, None]:
    """Declare the worker's task that handles ``dispatcher``'s jobs.

    ```python
    deliveries = authhooks.dispatch.celery_task(dispatcher, router, dedup=store)
    ```

    Declare it in a module the worker imports (``celery -A hooks worker``). For each job the
    task parses the delivery again (no secret, no verification) and runs ``handler`` with the
    event, through ``dedup``: an event is handled once whatever the number of its jobs
    (a redelivered webhook, a requeued or restarted job). The task acknowledges its message
    after the run (``acks_late``) and gives it back if the worker process dies
    (``reject_on_worker_lost``); with Redis as broker, a message whose worker died entirely
    comes back after the transport's ``visibility_timeout``.

    A failed run is retried with Celery's ``retry`` after ``backoff``, ``2 * backoff``...
    (with jitter); after ``attempts`` runs the job goes to the dead-letter queue. A job whose
    event is being handled by another job is looked at again later without counting an
    attempt (and found done, or run if the other failed).

    Args:
        dispatcher: the [`Celery`][authhooks.dispatch.Celery] dispatcher the web process
            queues with (its app, task name and retry policy).
        handler: called with each event: a function, an ``async def`` function (run to
            completion on its own event loop) or a [`Router`][authhooks.Router].
        dedup: the de-duplication store, shared by every worker (``RedisStore`` with a
            ``redis.Redis``); ``None`` runs the handler for every job (at least once).

    Raises:
        ConfigurationError: ``dedup``'s ``processing_timeout`` does not outlast the
            dispatcher's ``time_limit``, or ``handler`` is not callable.
    """
    if not isinstance(dispatcher, Celery):
        raise ConfigurationError("celery_task() takes an authhooks.dispatch.Celery dispatcher")
    dispatcher.check_worker(dedup)
    handling = Handling(dispatcher, handler, dedup)
    soft = dispatcher.time_limit
    window = dedup.processing_timeout if dedup is not None else soft + 10.0
    hard = soft + min(5.0, (window - soft) / 2)

    def deliveries(task: celery.Task[Any, None], job: str, deferrals: int = 0) -> None:
        request = task.request
        failures = int(request.retries or 0)
        attempt = failures + 1
        final = attempt >= dispatcher.attempts
        delay = dispatcher.retry_delay(attempt)
        delay = delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 (jitter, not a secret)
        try:
            run = handling.run(
                job,
                attempt=attempt,
                final=final,
                deferrals=deferrals,
                job_id=request.id,
                retry_in=None if final else delay,
            )
        except Exception as exc:
            if final:
                _dead_letter(dispatcher, job, exc)
                raise
            try:
                raise task.retry(exc=exc, countdown=delay) from exc
            except Reject as reject:  # the retry could not be published: give the job back
                raise Reject(getattr(reject, "reason", None), requeue=True) from exc
        if run.status == "deferred":
            again = task.signature_from_request(
                request, (job,), {"deferrals": deferrals + 1}, countdown=run.delay
            )
            try:
                again.apply_async(retries=failures)
            except dispatcher.connection_errors() as exc:
                raise Reject(str(exc), requeue=True) from exc

    options: dict[str, Any] = {
        "name": dispatcher.task,
        "bind": True,
        "acks_late": True,
        "reject_on_worker_lost": True,
        "ignore_result": True,
        "max_retries": None,
        "serializer": "json",
        "soft_time_limit": soft,
        "time_limit": hard,
    }
    task: celery.Task[Any, None] = dispatcher.app.task(**options)(deliveries)
    return task


def _dead_letter(dispatcher: Celery, job: str, exc: Exception) -> None:
    """Keep ``job`` in the dead-letter queue; if that fails, give the message back."""
    delivery = read_delivery(job)
    record = {"failed_at": time.time(), "error": _summary(exc), "attempts": dispatcher.attempts}
    try:
        dispatcher._send(
            job,
            dispatcher.dead_letter_queue,
            "<dead letter>" if delivery is None else describe(delivery),
            headers={_DEAD_LETTER_HEADER: record},
        )
    except dispatcher.connection_errors() as error:
        raise Reject(str(error), requeue=True) from exc
