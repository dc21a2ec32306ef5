"""Code run in child processes by the multi-process tests (imported by name under spawn)."""

from __future__ import annotations

import time
from typing import Any

import authhooks
from authhooks import EventInProgressError
from authhooks.dedup import DjangoCacheStore, Duplicate, RedisStore, run_once


def deliver(
    store_kind: str, socket: str, request: tuple[bytes, dict[str, str]], fail: bool, barrier: Any
) -> str:
    """Receive one delivery of the event, as a worker process would; report the outcome."""
    import redis

    event = authhooks.Userfront(api_key="key").verify(*request)
    counter = redis.Redis(unix_socket_path=socket)
    if store_kind == "redis":
        store: Any = RedisStore(redis.Redis(unix_socket_path=socket))
    else:
        from django.core.cache.backends.redis import RedisCache

        store = DjangoCacheStore(RedisCache(f"unix://{socket}", {}))

    def handler() -> str:
        counter.incr("handler-runs")
        time.sleep(1.0)  # hold the claim while the other workers try
        if fail:
            raise RuntimeError("handler failed")
        return "ran"

    barrier.wait(60)
    try:
        outcome = run_once(store, event, handler)
    except EventInProgressError:
        outcome = "in-progress"
    except RuntimeError:
        outcome = "failed"
    finally:
        counter.close()
    return "duplicate" if isinstance(outcome, Duplicate) else str(outcome)
