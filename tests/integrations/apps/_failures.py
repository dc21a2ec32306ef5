"""What the apps' fail-once routes share: their de-duplication store and a run counter.

A fail-once route answers its first run of an event with a failure (the form of failure is
in the path), and its later runs with ``200 {"runs": n}``. With de-duplication, the first
failure must release the event: the provider's retry then runs the handler a second time
(``{"runs": 2}``), and the delivery after that is a duplicate.

The store and the counter live in the app's process (``MemoryStore``), or in the Redis whose
Unix socket ``AUTHHOOKS_TEST_REDIS_SOCKET`` names, so that several servers can share them.
"""

from __future__ import annotations

import os
import threading
from collections import Counter

from authhooks.dedup import DedupStore, MemoryStore, RedisStore

REDIS_SOCKET = "AUTHHOOKS_TEST_REDIS_SOCKET"

_runs: Counter[str] = Counter()
_lock = threading.Lock()


def _redis_socket() -> str | None:
    return os.environ.get(REDIS_SOCKET) or None


def fail_once_store() -> DedupStore:
    """The fail-once routes' store: Redis when the environment names one, else in memory."""
    socket = _redis_socket()
    if socket is None:
        return MemoryStore()
    import redis

    return RedisStore(redis.Redis(unix_socket_path=socket, socket_timeout=5))


def count_run(form: str, event_id: str) -> int:
    """Count one run of the handler for ``event_id`` on the route of ``form``; return the
    number of runs so far, this one included."""
    key = f"runs:{form}:{event_id}"
    socket = _redis_socket()
    if socket is None:
        with _lock:
            _runs[key] += 1
            return _runs[key]
    import redis

    with redis.Redis(unix_socket_path=socket, socket_timeout=5) as client:
        return int(client.incr(key))
