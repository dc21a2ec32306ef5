"""Fixtures of the adapter tests: a de-duplication store and real servers on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import types
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from authhooks import EventInProgressError, StoreUnavailableError

ROOT = Path(__file__).resolve().parents[2]

_SERVER = """
import importlib, sys
kind, target, port = sys.argv[1:]
module, _, name = target.partition(":")
app = getattr(importlib.import_module(module), name)
if kind == "wsgi":
    import waitress
    # waitress drops X-Forwarded-* by default: keep them, the adapters decide whom to trust.
    waitress.serve(app, host="127.0.0.1", port=int(port), threads=4, _quiet=True,
                   clear_untrusted_proxy_headers=False)
else:
    import uvicorn
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning",
                proxy_headers=False, lifespan="off", access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(kind: str, target: str, timeout: float = 30.0) -> Iterator[str]:
    """Serve ``module:app`` with waitress (``wsgi``) or uvicorn (``asgi``); yield its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVER, kind, target, str(port)], cwd=ROOT, env=env
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the {kind} server exited with {process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


class Duplicate:
    """What the store returns for an event it has already handled."""


class FakeStore:
    """An in-memory store following the de-duplication contract the adapters rely on."""

    def __init__(self) -> None:
        self.done: set[str] = set()
        self.in_progress: set[str] = set()
        self.unavailable = False
        self.fail = False

    def claim(self, event: Any) -> Duplicate | None:
        if self.unavailable:
            raise StoreUnavailableError("the store is unreachable", retry_after=7)
        if event.id in self.in_progress:
            raise EventInProgressError("the event is being handled", retry_after=5)
        if event.id in self.done:
            return Duplicate()
        self.in_progress.add(event.id)
        return None


def run_once(store: FakeStore, event: Any, call: Callable[[], Any]) -> Any:
    duplicate = store.claim(event)
    if duplicate is not None:
        return duplicate
    try:
        result = call()
    finally:
        store.in_progress.discard(event.id)
    store.done.add(event.id)
    return result


async def arun_once(store: FakeStore, event: Any, call: Callable[[], Awaitable[Any]]) -> Any:
    duplicate = store.claim(event)
    if duplicate is not None:
        return duplicate
    try:
        result = await call()
    finally:
        store.in_progress.discard(event.id)
    store.done.add(event.id)
    return result


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> FakeStore:
    """A store, with ``authhooks.dedup`` standing for the contract it follows."""
    module = types.ModuleType("authhooks.dedup")
    module.run_once = run_once  # type: ignore[attr-defined]
    module.arun_once = arun_once  # type: ignore[attr-defined]
    module.Duplicate = Duplicate  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "authhooks.dedup", module)
    return FakeStore()
