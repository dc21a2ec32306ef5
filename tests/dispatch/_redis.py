"""A throw-away redis-server for the task-queue tests that can be stopped and started again
on the same socket, keeping its data (append-only file, flushed on a graceful stop)."""

from __future__ import annotations

import os
import subprocess
import time

import redis

from tests.dedup.conftest import redis_server_binary


class Server:
    """A redis-server on a Unix socket in ``directory``; ``stop()`` then ``start()`` keeps
    what it stored."""

    def __init__(self, directory: str, name: str, *, durable: bool = False) -> None:
        self.directory = directory
        self.name = name
        self.durable = durable
        self.socket = os.path.join(directory, f"{name}.sock")
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "everysec", "--appendfilename", "broker.aof"]
            if self.durable
            else ["--appendonly", "no"]
        )
        self.process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port", "0",
                "--unixsocket", self.socket,
                "--unixsocketperm", "700",
                "--save", "",
                "--dir", self.directory,
                "--dbfilename", f"{self.name}.rdb",
                *persistence,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while True:
            try:
                with self.client() as client:
                    client.ping()
                return
            except (redis.ConnectionError, FileNotFoundError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"redis-server {self.name} did not start") from None
                time.sleep(0.05)

    def client(self) -> redis.Redis:
        return redis.Redis(unix_socket_path=self.socket, socket_timeout=5)

    def stop(self) -> None:
        """Stop gracefully (SIGTERM: the append-only file is flushed first)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
