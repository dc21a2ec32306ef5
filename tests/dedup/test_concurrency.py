"""Many workers receive the same event at the same moment: exactly one handler run."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from authhooks import EventInProgressError
from authhooks.dedup import DedupStore, Duplicate, run_once
from authhooks.testing import sign_userfront

from . import _workers, stores
from .conftest import RedisServer, make_event

THREADS = 16
PROCESSES = 6


@pytest.mark.parametrize("name", sorted(stores.SYNC_STORES))
def test_threads_run_the_handler_once(
    name: str, redis_server: RedisServer, redis_client: Any
) -> None:
    store: DedupStore = stores.SYNC_STORES[name](redis_server)
    runs = 0
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def handler() -> str:
        nonlocal runs
        with lock:
            runs += 1
        barrier_done.wait(10)  # hold the claim until every thread has tried
        return "ran"

    barrier_done = threading.Event()

    def deliver() -> None:
        event = make_event(42)
        barrier.wait(10)
        try:
            result = run_once(store, event, handler)
        except EventInProgressError:
            result = "in-progress"
        with lock:
            outcomes.append("duplicate" if isinstance(result, Duplicate) else str(result))
            if len(outcomes) == THREADS - 1:
                barrier_done.set()

    threads = [threading.Thread(target=deliver) for _ in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        barrier_done.set()
        stores.close(store)
    assert runs == 1
    assert Counter(outcomes) == {"ran": 1, "in-progress": THREADS - 1}


def _round(
    pool: ProcessPoolExecutor, manager: Any, kind: str, server: RedisServer, fail: bool
) -> Counter[str]:
    request = sign_userfront(
        {"action": "create", "model": "user", "record": {"userId": 1}}, api_key="key"
    )
    barrier = manager.Barrier(PROCESSES)
    futures = [
        pool.submit(
            _workers.deliver,
            kind,
            server.socket,
            (request.body, dict(request.headers)),
            fail,
            barrier,
        )
        for _ in range(PROCESSES)
    ]
    return Counter(future.result(timeout=120) for future in futures)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["redis", "django-redis"])
def test_processes_run_the_handler_once(
    kind: str, redis_server: RedisServer, redis_client: Any
) -> None:
    """Separate processes (spawned, as gunicorn workers are) share one Redis."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        # A failing handler runs once; its claim is released.
        first = _round(pool, manager, kind, redis_server, fail=True)
        assert redis_client.get("handler-runs") == b"1"
        assert first == {"failed": 1, "in-progress": PROCESSES - 1}
        # The provider's retry is processed, once.
        second = _round(pool, manager, kind, redis_server, fail=False)
        assert redis_client.get("handler-runs") == b"2"
        assert second == {"ran": 1, "in-progress": PROCESSES - 1}
        # Every later redelivery is a duplicate.
        third = _round(pool, manager, kind, redis_server, fail=False)
        assert redis_client.get("handler-runs") == b"2"
        assert third == {"duplicate": PROCESSES}
