"""The dispatchers of the adapter tests: one per engine on the tests' broker, publishing to
queues no worker consumes (the tests read the jobs back), and one whose broker is down."""

from __future__ import annotations

import base64
import json
import os
import tempfile
from typing import Any

import celery
import redis
import rq
from dramatiq import Message
from dramatiq.brokers.redis import RedisBroker
from rq.serializers import JSONSerializer

import authhooks.dispatch
from authhooks import Delivery
from tests.dispatch.apps.common import BROKER_SOCKET

CELERY_QUEUE = RQ_QUEUE = "authhooks-adapters"
DRAMATIQ_QUEUE = "authhooks_adapters"
#: ``Retry-After`` of the dispatcher whose broker is down.
DOWN_RETRY_AFTER = 11

_connection = redis.Redis(unix_socket_path=BROKER_SOCKET, socket_timeout=2)
_celery = celery.Celery("authhooks-adapters", broker=f"redis+socket://{BROKER_SOCKET}")
_celery.conf.update(broker_connection_retry_on_startup=False)
_dramatiq = RedisBroker(unix_socket_path=BROKER_SOCKET, socket_timeout=2)

DISPATCHERS: dict[str, authhooks.dispatch.Dispatcher] = {
    "celery": authhooks.dispatch.Celery(_celery, queue=CELERY_QUEUE),
    "rq": authhooks.dispatch.RQ(
        _connection, "tests.dispatch.apps.rq_app.deliveries", queue_name=RQ_QUEUE
    ),
    "dramatiq": authhooks.dispatch.Dramatiq(_dramatiq, queue_name=DRAMATIQ_QUEUE),
}

# A socket nothing listens on: every publish is refused.
_nowhere = os.path.join(tempfile.gettempdir(), f"authhooks-no-broker-{os.getpid()}.sock")
DOWN = authhooks.dispatch.RQ(
    redis.Redis(unix_socket_path=_nowhere, socket_timeout=1, socket_connect_timeout=1),
    "tests.dispatch.apps.rq_app.deliveries",
    queue_name=RQ_QUEUE,
    timeout=2.0,
    retry_after=DOWN_RETRY_AFTER,
)


def _jobs(engine: str) -> list[str]:
    """The jobs queued for ``engine``, oldest first, taken off the queue."""
    if engine == "rq":
        queue = rq.Queue(RQ_QUEUE, connection=_connection, serializer=JSONSerializer)
        jobs = [job.args[0] for job in queue.get_jobs()]
        queue.empty()
        return jobs
    if engine == "celery":
        messages = _connection.lrange(CELERY_QUEUE, 0, -1)
        _connection.delete(CELERY_QUEUE)
        found = []
        for raw in reversed(messages):  # kombu pushes to the head
            message: dict[str, Any] = json.loads(raw)
            args = json.loads(base64.b64decode(message["body"]))[0]
            found.append(args[0])
        return found
    ids = _connection.lrange(f"dramatiq:{DRAMATIQ_QUEUE}", 0, -1)
    datas = _connection.hmget(f"dramatiq:{DRAMATIQ_QUEUE}.msgs", ids) if ids else []
    _connection.delete(f"dramatiq:{DRAMATIQ_QUEUE}", f"dramatiq:{DRAMATIQ_QUEUE}.msgs")
    return [Message.decode(data).args[0] for data in datas if data is not None]


def queued(engine: str) -> list[Delivery]:
    """The deliveries queued for ``engine``'s workers, taken off the queue."""
    return [Delivery.from_json(job) for job in _jobs(engine)]
