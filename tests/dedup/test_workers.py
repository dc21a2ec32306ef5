"""Several ASGI worker processes (uvicorn --workers 2) receive the same event at once."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import authhooks
from authhooks.testing import sign_userfront
from tests._servers import free_port, stop

from .conftest import RedisServer

ROOT = Path(__file__).resolve().parents[2]
DELIVERIES = 12


@pytest.fixture
def workers(redis_server: RedisServer, redis_client: Any) -> Iterator[int]:
    port = free_port()
    env = {
        **os.environ,
        "AUTHHOOKS_TEST_REDIS_SOCKET": redis_server.socket,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    command = [
        sys.executable, "-m", "uvicorn", "tests.dedup.asgi_app:app",
        "--workers", "2", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning", "--no-access-log", "--lifespan", "off",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        pids: set[str] = set()
        while len(pids) < 2:  # both workers up and answering
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn workers did not all start: {pids}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/pid")
                pids.add(connection.getresponse().read().decode())
                connection.close()
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        stop(process, timeout=20)


def _deliver_at_once(port: int, body: bytes, headers: dict[str, str]) -> Counter[int]:
    barrier = threading.Barrier(DELIVERIES)
    statuses: list[int] = []
    lock = threading.Lock()

    def deliver() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.connect()
        barrier.wait(30)
        connection.request("POST", "/hook", body, headers)
        status = connection.getresponse().status
        connection.close()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return Counter(statuses)


@pytest.mark.slow
@pytest.mark.network
def test_workers_handle_the_event_once(workers: int, redis_client: Any) -> None:
    for attempt in range(3):
        request = sign_userfront(
            {"action": "create", "model": "user", "record": {"userId": attempt}},
            api_key="multi-worker",
        )
        redis_client.delete("workers")
        statuses = _deliver_at_once(workers, request.body, dict(request.headers))
        event = authhooks.Userfront(api_key="multi-worker").verify(request.body, request.headers)
        assert sum(statuses.values()) == DELIVERIES
        assert statuses[204] == 1, statuses
        assert statuses[204] + statuses[503] + statuses[200] == DELIVERIES, statuses
        assert redis_client.get(f"runs:{event.id}") == b"1"  # exactly one handler run
        # Every later redelivery is acknowledged as a duplicate, by whichever worker.
        assert _deliver_at_once(workers, request.body, dict(request.headers)) == {200: DELIVERIES}
        if redis_client.scard("workers") == 2:
            break  # both workers received this event: the point of the test is made
    assert redis_client.scard("workers") == 2, "one worker received every delivery"
