from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from authhooks.testing import AkamaiTestKeys

AUDIENCE = "https://hooks.example.com/akamai"
ISSUER = "https://v1.api.us.janrain.com/3b1e2f4a-9c8d-4e7f-a6b5-c4d3e2f1a0b9/webhooks"


class JwksServer:
    """A JWKS endpoint on 127.0.0.1 that counts its hits and can misbehave on demand.

    ``mode``: ``"ok"`` (serve ``jwks``), ``"slow"`` (wait ``delay`` first), ``"trickle"``
    (send the body a byte at a time), ``"nolength"`` (no Content-Length), ``"garbage"``
    (serve ``garbage``), ``"status"``
    (answer ``status``).
    """

    def __init__(self, jwks: dict[str, Any]) -> None:
        self.jwks = jwks
        self.mode = "ok"
        self.delay = 0.0
        self.garbage = b"<html>oops</html>"
        self.status = 500
        self.hits = 0
        self.paths: list[str] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server.hits += 1
                    server.paths.append(self.path)
                mode = server.mode
                try:
                    if mode == "slow":
                        time.sleep(server.delay)
                    if mode == "status":
                        self.send_response(server.status)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    body = server.garbage if mode == "garbage" else json.dumps(server.jwks).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    if mode not in ("trickle", "nolength"):
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if mode == "trickle":
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(0.05)
                    else:
                        self.wfile.write(body)
                except OSError:
                    pass  # the client gave up, as it should

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/customer/login/jwk"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def keys() -> AkamaiTestKeys:
    return AkamaiTestKeys.generate("kid-1")


@pytest.fixture(scope="session")
def other_keys() -> AkamaiTestKeys:
    return AkamaiTestKeys.generate("kid-2")


@pytest.fixture
def jwks_server(keys: AkamaiTestKeys) -> Iterator[JwksServer]:
    server = JwksServer(keys.jwks)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/jwk"
