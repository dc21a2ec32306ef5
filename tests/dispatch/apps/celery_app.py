"""The Celery worker module of the dispatch tests (``celery -A ... worker``)."""

from __future__ import annotations

import celery

import authhooks.dispatch
from tests.dispatch.apps.common import BROKER_SOCKET, POLICY, listeners, router, store

QUEUE = "authhooks-test"

app = celery.Celery("authhooks-test", broker=f"redis+socket://{BROKER_SOCKET}")
app.conf.update(
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    # A message whose worker died entirely, or that a worker held when the broker went
    # away, comes back after this (a second copy of a slow job is recognised by the
    # de-duplication store); the workers look for such messages every 2 s (kombu's default
    # is every 10 s, throttled to one in 10: up to 100 s).
    broker_transport_options={
        "visibility_timeout": 20,
        "unacked_restore_interval": 2,
        "unacked_restore_throttle": 1,
        "socket_timeout": 2,
        "socket_connect_timeout": 2,
    },
    task_default_queue=QUEUE,
)
dispatcher = authhooks.dispatch.Celery(app, queue=QUEUE, listeners=listeners, **POLICY)
deliveries = authhooks.dispatch.celery_task(dispatcher, router, dedup=store)
