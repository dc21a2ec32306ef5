"""The Dramatiq worker module of the dispatch tests (``dramatiq ...``)."""

from __future__ import annotations

from dramatiq.brokers.redis import MAINTENANCE_SCALE, RedisBroker

import authhooks.dispatch
from tests.dispatch.apps.common import BROKER_SOCKET, POLICY, listeners, router, store

QUEUE = "authhooks_test"

# A worker that stops beating for 5 s is dead: its messages go back to the queue at the next
# command of another worker (every command does this maintenance here).
broker = RedisBroker(
    unix_socket_path=BROKER_SOCKET,
    socket_timeout=2,
    socket_connect_timeout=2,
    heartbeat_timeout=5000,
    maintenance_chance=MAINTENANCE_SCALE,
)
dispatcher = authhooks.dispatch.Dramatiq(broker, queue_name=QUEUE, listeners=listeners, **POLICY)
deliveries = authhooks.dispatch.dramatiq_actor(dispatcher, router, dedup=store)
