"""Dramatiq: the [`Dramatiq`][authhooks.dispatch.Dramatiq] dispatcher and its actor,
[`dramatiq_actor`][authhooks.dispatch.dramatiq_actor]."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

try:
    import dramatiq
    import redis
    from dramatiq.brokers.redis import RedisBroker
    from dramatiq.middleware import CurrentMessage
except ImportError as exc:
    raise ImportError(
        "authhooks.dispatch.Dramatiq needs Dramatiq: install authhooks[dramatiq] "
        "(pip install 'authhooks[dramatiq]')"
    ) from exc

from authhooks.delivery import Delivery
from authhooks.dispatch._base import Listener
from authhooks.dispatch._queue import DeadLetter, QueueDispatcher, read_delivery
from authhooks.dispatch._worker import Handling
from authhooks.errors import ConfigurationError

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore

__all__ = ["Dramatiq", "dramatiq_actor"]

_QUEUE_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9._-]*")


class Dramatiq(QueueDispatcher):
    """Queue each delivery as a Dramatiq message for the actor
    [`dramatiq_actor`][authhooks.dispatch.dramatiq_actor] declares.

    ```python
    broker = RedisBroker(url="redis://localhost:6379/0", socket_timeout=2)
    dispatcher = authhooks.dispatch.Dramatiq(broker)
    ```

    The message is sent by actor name, so the web process needs neither the handler nor the
    actor; it is encoded with Dramatiq's JSON encoder (a pickle encoder is refused).

    A message whose last attempt fails is dead-lettered by Dramatiq (kept for the broker's
    ``dead_message_ttl``, 7 days by default):
    [`dead_letters`][authhooks.dispatch.Dramatiq.dead_letters] lists them and
    [`requeue`][authhooks.dispatch.Dramatiq.requeue] runs them again, with a Redis broker.

    The waits between attempts are Dramatiq's own exponential backoff (with jitter) from
    ``backoff`` up to ``max_backoff``.

    Args:
        broker: the Dramatiq broker (``RedisBroker``; RabbitMQ works for queueing, its
            dead letters are read in RabbitMQ's own tools).
        actor_name: the actor's name, the same in the web process and the workers.
        queue_name: the queue the messages go to.
        attempts: runs of the handler before the job is a dead letter (the whole policy:
            [`QueueDispatcher`][authhooks.dispatch.QueueDispatcher]).
        backoff: seconds before the first retry.
        max_backoff: the longest wait between two attempts.
        time_limit: the longest a handler may run, in seconds.
        timeout: the longest a publish is waited for, in seconds.
        retry_after: the ``Retry-After`` of the 503 when the broker does not take a job.
        listeners: told of every [`Outcome`][authhooks.dispatch.Outcome].
    """

    engine = "dramatiq"

    def __init__(
        self,
        broker: dramatiq.Broker,
        *,
        actor_name: str = "authhooks_deliveries",
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
        if not isinstance(broker, dramatiq.Broker):
            raise ConfigurationError("Dramatiq() takes a dramatiq broker")
        if not isinstance(actor_name, str) or not actor_name:
            raise ConfigurationError("actor_name must be a non-empty string")
        if not isinstance(queue_name, str) or not _QUEUE_NAME.fullmatch(queue_name):
            raise ConfigurationError("queue_name must be a Dramatiq queue name")
        if isinstance(dramatiq.get_encoder(), dramatiq.PickleEncoder):
            raise ConfigurationError(
                "Dramatiq's encoder is set to pickle: deliveries travel as JSON only"
            )
        self.broker = broker
        self.actor_name = actor_name
        self.queue_name = queue_name

    def publish(self, job: str, delivery: Delivery) -> str | None:
        """Enqueue a message for the actor (see ``QueueDispatcher.publish``)."""
        message: dramatiq.Message[Any] = dramatiq.Message(
            queue_name=self.queue_name,
            actor_name=self.actor_name,
            args=(job,),
            kwargs={},
            options={},
        )
        return self.broker.enqueue(message).message_id

    def connection_errors(self) -> tuple[type[BaseException], ...]:
        """Dramatiq's ``ConnectionError``, redis-py's errors and ``OSError``."""
        return (dramatiq.errors.ConnectionError, redis.exceptions.RedisError, OSError)

    # -- dead letters -------------------------------------------------------------------------

    def _redis(self) -> RedisBroker:
        if not isinstance(self.broker, RedisBroker):
            raise ConfigurationError(
                "dead letters are read from a RedisBroker; with RabbitMQ they are in the "
                f"queue {self.queue_name}.XQ"
            )
        return self.broker

    def _keys(self) -> tuple[str, str]:
        broker = self._redis()
        queue = f"{broker.namespace}:{self.queue_name}.XQ"
        return queue, f"{queue}.msgs"

    def _letters(self) -> list[tuple[str, DeadLetter]]:
        broker = self._redis()
        ids_key, messages_key = self._keys()
        entries = broker.client.zrange(ids_key, 0, -1, withscores=True)
        if not entries:
            return []
        ids = [entry[0] for entry in entries]
        datas = broker.client.hmget(messages_key, ids)
        found: list[tuple[str, DeadLetter]] = []
        for (redis_id, score), data in zip(entries, datas, strict=True):
            if data is None:
                continue
            try:
                message: dramatiq.Message[Any] = dramatiq.Message.decode(data)
            except dramatiq.errors.DecodeError:
                continue
            if message.actor_name != self.actor_name or not message.args:
                continue
            job = message.args[0]
            if not isinstance(job, str):
                continue
            key = redis_id.decode() if isinstance(redis_id, bytes) else str(redis_id)
            found.append(
                (
                    key,
                    DeadLetter(
                        id=message.message_id,
                        delivery=read_delivery(job),
                        job=job,
                        failed_at=float(score) / 1000,
                        error=_last_line(message.options.get("traceback")),
                    ),
                )
            )
        return found

    def dead_letters(self) -> list[DeadLetter]:
        """This dispatcher's dead-lettered messages, oldest failure first."""
        return [letter for _, letter in self._letters()]

    def requeue(self, ids: Sequence[str] | None = None) -> int:
        """Enqueue dead letters again as new messages with every attempt, and drop them from
        the dead-letter queue.

        Args:
            ids: the message ids of those to run again; ``None``: all of them.
        """
        chosen = None if ids is None else set(ids)
        broker = self._redis()
        ids_key, messages_key = self._keys()
        count = 0
        for redis_id, letter in self._letters():
            if chosen is not None and letter.id not in chosen:
                continue
            message: dramatiq.Message[Any] = dramatiq.Message(
                queue_name=self.queue_name,
                actor_name=self.actor_name,
                args=(letter.job,),
                kwargs={},
                options={},
            )
            sent = broker.enqueue(message)
            broker.client.zrem(ids_key, redis_id)
            broker.client.hdel(messages_key, redis_id)
            count += 1
            self._report_requeued(letter, sent.message_id)
        return count


def _last_line(traceback: Any) -> str | None:
    if not isinstance(traceback, str):
        return None
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1][:1000] if lines else None


def dramatiq_actor(
    dispatcher: Dramatiq,
    handler: Callable[[Any], Any],
    *,
    dedup: DedupStore | None,
) -> dramatiq.Actor[..., None]:
    """Declare the actor that handles ``dispatcher``'s messages, on its broker.

    ```python
    deliveries = authhooks.dispatch.dramatiq_actor(dispatcher, router, dedup=store)
    ```

    Declare it in the module the workers import (``dramatiq hooks``). For each message the
    actor parses the delivery again (no secret, no verification) and runs ``handler`` with
    the event through ``dedup``: an event is handled once whatever the number of its
    messages. Dramatiq acknowledges a message after its run; the messages of a worker that
    died are given back by the other workers once its heartbeat is older than the broker's
    ``heartbeat_timeout``.

    A failed run raises, and Dramatiq's ``Retries`` retries it with exponential backoff from
    ``backoff`` to ``max_backoff``; after ``attempts`` runs the message is dead-lettered. A
    message whose event is being handled by another is enqueued again for later without
    counting an attempt. The actor's ``time_limit`` is the dispatcher's. The broker gets
    Dramatiq's ``CurrentMessage`` middleware if it has none.

    Args:
        dispatcher: the [`Dramatiq`][authhooks.dispatch.Dramatiq] dispatcher the web process
            queues with.
        handler: called with each event: a function, an ``async def`` function or a
            [`Router`][authhooks.Router].
        dedup: the de-duplication store shared by every worker (``RedisStore``); ``None``
            runs the handler for every message (at least once).

    Raises:
        ConfigurationError: ``dedup``'s ``processing_timeout`` does not outlast the
            dispatcher's ``time_limit``, or ``handler`` is not callable.
    """
    if not isinstance(dispatcher, Dramatiq):
        raise ConfigurationError("dramatiq_actor() takes an authhooks.dispatch.Dramatiq dispatcher")
    dispatcher.check_worker(dedup)
    handling = Handling(dispatcher, handler, dedup)
    broker = dispatcher.broker
    if not any(isinstance(middleware, CurrentMessage) for middleware in broker.middleware):
        broker.add_middleware(CurrentMessage())
    retries = dispatcher.attempts - 1

    def deliveries(job: str, deferrals: int = 0) -> None:
        message = CurrentMessage.get_current_message()
        options = {} if message is None else message.options
        failures = int(options.get("retries", 0) or 0)
        attempt = failures + 1
        final = failures >= int(options.get("max_retries", retries))
        run = handling.run(
            job,
            attempt=attempt,
            final=final,
            deferrals=deferrals,
            job_id=None if message is None else message.message_id,
            retry_in=None if final else dispatcher.retry_delay(attempt),
        )
        if run.status == "deferred" and message is not None:
            again = message.copy(
                queue_name=dispatcher.queue_name, kwargs={"deferrals": deferrals + 1}
            )
            broker.enqueue(again, delay=math.ceil(run.delay * 1000))

    deliveries.__name__ = deliveries.__qualname__ = dispatcher.actor_name
    declare = dramatiq.actor(
        actor_name=dispatcher.actor_name,
        queue_name=dispatcher.queue_name,
        broker=broker,
        max_retries=retries,
        min_backoff=max(1, math.ceil(dispatcher.backoff * 1000)),
        max_backoff=max(1, math.ceil(dispatcher.max_backoff * 1000)),
        time_limit=math.ceil(dispatcher.time_limit * 1000),
    )
    actor: dramatiq.Actor[..., None] = declare(deliveries)
    return actor
