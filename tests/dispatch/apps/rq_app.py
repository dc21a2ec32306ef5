"""The RQ job module of the dispatch tests (``rq worker -S json --with-scheduler``)."""

from __future__ import annotations

import redis

import authhooks.dispatch
from tests.dispatch.apps.common import BROKER_SOCKET, POLICY, listeners, router, store

QUEUE = "authhooks-test"

connection = redis.Redis(unix_socket_path=BROKER_SOCKET, socket_timeout=2, socket_connect_timeout=2)
dispatcher = authhooks.dispatch.RQ(
    connection,
    "tests.dispatch.apps.rq_app.deliveries",
    queue_name=QUEUE,
    listeners=listeners,
    **POLICY,
)
deliveries = authhooks.dispatch.rq_job(dispatcher, router, dedup=store)
