"""The benchmark's receiving app (served by uvicorn): an AuthCore endpoint whose handler
works for ``BENCH_HANDLER_MS`` milliseconds, run inline or handed to the engine named by
``BENCH_MODE`` (``noop``: a handler that returns at once, inline)."""

from __future__ import annotations

import os
import time
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Route

import authhooks
from authhooks.starlette import webhook_endpoint

SECRET = "bench-dispatch-signing-secret"
MODE = os.environ.get("BENCH_MODE", "noop")
SOCKET = os.environ.get("BENCH_BROKER_SOCKET", "")
WORK = float(os.environ.get("BENCH_HANDLER_MS", "200")) / 1000

receiver = authhooks.AuthCore(SECRET)


def work(event: Any) -> None:
    """The handler: 200 ms of waiting on something (an email, an API call)."""
    time.sleep(WORK)


def noop(event: Any) -> None:
    return None


def _dispatcher() -> Any:
    import authhooks.dispatch

    if MODE == "celery":
        import celery

        app = celery.Celery("bench", broker=f"redis+socket://{SOCKET}")
        return authhooks.dispatch.Celery(app, queue="bench")
    if MODE == "rq":
        import redis

        connection = redis.Redis(unix_socket_path=SOCKET, socket_timeout=2)
        return authhooks.dispatch.RQ(connection, "bench.deliveries", queue_name="bench")
    if MODE == "dramatiq":
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(unix_socket_path=SOCKET, socket_timeout=2)
        return authhooks.dispatch.Dramatiq(broker, queue_name="bench")
    return None


handler = noop if MODE == "noop" else work
app = Starlette(
    routes=[
        Route(
            "/hooks/authcore",
            webhook_endpoint(receiver, handler, dispatch=_dispatcher()),
            methods=["POST"],
        )
    ]
)
