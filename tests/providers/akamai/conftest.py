from __future__ import annotations

import asyncio
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from authhooks.schemes._jwks import RemoteKeySet
from authhooks.testing import AkamaiTestKeys

from ._servers import Authority, DripServer, make_authority

AUDIENCE = "https://hooks.example.com/akamai"

#: ``RemoteKeySet.lookup`` or ``RemoteKeySet.alookup`` (run to completion), as a function.
Lookup = Callable[[RemoteKeySet, "str | None"], list[Any]]
ISSUER = "https://v1.api.us.janrain.com/3b1e2f4a-9c8d-4e7f-a6b5-c4d3e2f1a0b9/webhooks"


class JwksServer:
    """A JWKS endpoint on 127.0.0.1 that counts its hits and can misbehave on demand.

    ``mode``: ``"ok"`` (serve ``jwks``), ``"slow"`` (wait ``delay`` first), ``"trickle"``
    (send the body a byte at a time), ``"nolength"`` (no Content-Length), ``"garbage"``
    (serve ``garbage``), ``"status"`` (answer ``status``, with a ``Location`` header when
    ``location`` is set). With ``tls``, it serves HTTPS.
    """

    def __init__(self, jwks: dict[str, Any], tls: ssl.SSLContext | None = None) -> None:
        self.jwks = jwks
        self.mode = "ok"
        self.delay = 0.0
        self.garbage = b"<html>oops</html>"
        self.status = 500
        self.location: str | None = None
        self.hits = 0
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._scheme = "http" if tls is None else "https"
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with server._lock:
                    server.hits += 1
                    server.paths.append(self.path)
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                mode = server.mode
                try:
                    if mode == "slow":
                        time.sleep(server.delay)
                    if mode == "status":
                        self.send_response(server.status)
                        if server.location is not None:
                            self.send_header("Location", server.location)
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
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self._scheme}://{host!s}:{port}/customer/login/jwk"

    @property
    def port(self) -> int:
        port: int = self._server.server_address[1]
        return port

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


@pytest.fixture
def drip_server(keys: AkamaiTestKeys) -> Iterator[DripServer]:
    server = DripServer(json.dumps(keys.jwks).encode())
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    """A CA of our own; trust it with ``SSL_CERT_FILE`` (see ``trust_authority``)."""
    directory: Path = tmp_path_factory.mktemp("tls")
    return make_authority(directory, ["jwks.test", "localhost"])


@pytest.fixture
def trust_authority(authority: Authority, monkeypatch: pytest.MonkeyPatch) -> Authority:
    """Make the system trust store our CA only (``SSL_CERT_FILE``), for this test."""
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.ca_file))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return authority


@pytest.fixture
def tls_jwks_server(keys: AkamaiTestKeys, authority: Authority) -> Iterator[JwksServer]:
    server = JwksServer(keys.jwks, tls=authority.server_context)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """An environment without proxy settings (the tests set the ones they need)."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


@pytest.fixture(params=["sync", "async"])
def lookup(request: pytest.FixtureRequest) -> Lookup:
    """A key set's lookup through the sync path (``lookup``) or the async one (``alookup``,
    on a fresh event loop)."""
    if request.param == "sync":
        return lambda key_set, kid: key_set.lookup(kid)
    return lambda key_set, kid: asyncio.run(key_set.alookup(kid))
