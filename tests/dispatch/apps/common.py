"""What the web app and the workers of the dispatch tests share: the receiver, the
de-duplication store, the handlers and the sink the tests read.

With ``AUTHHOOKS_TEST_DISPATCH_LOG`` (an SQLite file), the web app and the workers share a delivery
log: the web app records each request and its hand-off, the workers each attempt.

The sink is a Redis hash per fact, keyed by event id: ``handled`` (completed handlings),
``started`` (the pid of the process running the handler), ``failures``, ``dead`` (the
attempt reported as a dead letter), and ``outcomes:<scenario>`` (the dispatchers' reported
outcomes, by status). Event ids are ``evt_<scenario>_<n>``, so each test reads its own.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import redis

import authhooks
from authhooks.dedup import RedisStore
from authhooks.dispatch import Listener, Outcome
from authhooks.log import DeliveryLog, WorkerOutcomes

SECRET = "dispatch-test-signing-secret"
ROUTE = "/hooks/authcore"
#: The claim window of the workers' store, and the handlers' time limit below it.
PROCESSING_TIMEOUT = 6.0
TIME_LIMIT = 4.0
#: The retry policy of every engine in the tests.
POLICY: dict[str, Any] = {
    "attempts": 3,
    "backoff": 0.2,
    "max_backoff": 2.0,
    "time_limit": TIME_LIMIT,
    "timeout": 2.0,
    "retry_after": 7.0,
}

BROKER_SOCKET = os.environ.get("AUTHHOOKS_TEST_BROKER_SOCKET", "")
STORE_SOCKET = os.environ.get("AUTHHOOKS_TEST_STORE_SOCKET", "")

LOG_PATH = os.environ.get("AUTHHOOKS_TEST_DISPATCH_LOG", "")

receiver = authhooks.AuthCore(SECRET)
sink = redis.Redis(unix_socket_path=STORE_SOCKET, socket_timeout=5)
store = RedisStore(
    redis.Redis(unix_socket_path=STORE_SOCKET, socket_timeout=5),
    prefix="authhooks:test:",
    processing_timeout=PROCESSING_TIMEOUT,
)


def record(outcome: Outcome) -> None:
    """A dispatcher listener: count each outcome by scenario and status."""
    if outcome.delivery is None:
        return
    event_id = outcome.delivery.event_id
    scenario = event_id.split("_")[1] if event_id.count("_") >= 2 else "other"
    sink.hincrby(f"outcomes:{scenario}", outcome.status, 1)
    if outcome.status == "dead_letter":
        sink.hset("dead", event_id, outcome.attempt)


#: The delivery log shared by the web app and the workers (``None`` without one).
delivery_log = DeliveryLog(LOG_PATH) if LOG_PATH else None
#: Every dispatcher's listeners: the sink's count, and the delivery log's worker outcomes.
listeners: list[Listener] = [record]
if delivery_log is not None:
    listeners.append(WorkerOutcomes(delivery_log))


def work(event: authhooks.AuthCoreEvent) -> None:
    """The handler's work, steered by the event's ``test`` flags."""
    flags = event.raw.get("test") or {}
    event_id = event.id
    sink.hset("started", event_id, os.getpid())
    if flags.get("block") and sink.set(f"blocked:{event_id}", 1, nx=True):
        time.sleep(30)  # the test kills this process here
    if flags.get("fail_once") and sink.set(f"failed:{event_id}", 1, nx=True):
        raise RuntimeError("the handler fails once")
    if flags.get("always_fail") and not sink.sismember("healed", event_id):
        sink.hincrby("failures", event_id, 1)
        raise RuntimeError("the handler always fails")
    sink.hincrby("handled", event_id, 1)


router = authhooks.Router()


@router.on("user.created")
async def created(event: authhooks.AuthCoreEvent) -> None:
    """An ``async def`` handler: every engine runs it to completion."""
    await asyncio.sleep(0)
    work(event)
    sink.sadd("async", event.id)


@router.default
def other(event: authhooks.AuthCoreEvent) -> None:
    work(event)
