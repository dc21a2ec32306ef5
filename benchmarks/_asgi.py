"""Requests per second through ``authhooks.starlette.WebhookMiddleware`` in front of a
Starlette route, against a bare Starlette route that checks the same credentials and parses
the JSON by hand: driven in-process through ASGI (the adapter's own cost), and served by
uvicorn on 127.0.0.1 under a bounded load from a second process (what a deployment sees).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ASGIApp = Callable[..., Awaitable[None]]

SECRET = "whsec_bench_0123456789abcdef0123456789"


def _request(body: bytes, headers: dict[str, str], path: str) -> tuple[dict[str, Any], bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        + [(b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    return scope, body


async def _drive(app: ASGIApp, scope: dict[str, Any], body: bytes, count: int) -> float:
    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    start = time.perf_counter()
    for _ in range(count):
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await app(dict(scope), receive, send)
    elapsed = time.perf_counter() - start
    bad = [s for s in statuses if s >= 300]
    if bad:
        raise RuntimeError(f"the benchmark app answered {bad[0]}")
    return count / elapsed


def _apps(provider: str) -> tuple[ASGIApp, ASGIApp, bytes, dict[str, str]] | None:
    try:
        from starlette.applications import Starlette
        from starlette.middleware import Middleware
        from starlette.requests import Request
        from starlette.responses import Response
        from starlette.routing import Route

        from authhooks.starlette import WebhookMiddleware
    except ImportError:
        return None
    import authhooks
    from authhooks.samples import load_sample, sample_events

    key = SECRET.encode()
    payload = load_sample(provider, sample_events(provider)[0])
    body = json.dumps(payload, separators=(",", ":")).encode()
    receiver: Any
    if provider == "authcore":
        receiver = authhooks.AuthCore(secret=SECRET)  # type: ignore[attr-defined]
        sig = hmac.new(key, body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Webhook-Signature": f"sha256={sig}"}

        def check(request: Request, raw: bytes) -> bool:
            given = request.headers.get("x-webhook-signature", "").removeprefix("sha256=")
            expected = hmac.new(key, raw, hashlib.sha256).hexdigest()
            return hmac.compare_digest(given, expected)
    else:
        receiver = authhooks.Userfront(api_key=SECRET)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {SECRET}"}

        def check(request: Request, raw: bytes) -> bool:
            given = request.headers.get("authorization", "")[7:].encode()
            return hmac.compare_digest(given, key)

    async def through_middleware(request: Request) -> Response:
        request.state.webhook_event  # noqa: B018  (the event is there)
        return Response(status_code=204)

    async def by_hand(request: Request) -> Response:
        raw = await request.body()
        if not check(request, raw):
            return Response(status_code=401)
        json.loads(raw)
        return Response(status_code=204)

    with_mw = Starlette(
        routes=[Route("/hook", through_middleware, methods=["POST"])],
        middleware=[Middleware(WebhookMiddleware, routes={"/hook": receiver})],
    )
    bare = Starlette(routes=[Route("/hook", by_hand, methods=["POST"])])
    return with_mw, bare, body, headers


def requests_per_second(
    provider: str, *, rounds: int, per_round: int
) -> tuple[float, float] | None:
    """Median requests/s (middleware, bare route), or ``None`` when unavailable."""
    apps = _apps(provider)
    if apps is None:
        return None
    with_mw, bare, body, headers = apps
    scope, body = _request(body, headers, "/hook")

    async def run() -> tuple[float, float]:
        await _drive(with_mw, scope, body, 50)
        await _drive(bare, scope, body, 50)
        mw: list[float] = []
        hand: list[float] = []
        for _ in range(rounds):
            mw.append(await _drive(with_mw, scope, body, per_round))
            hand.append(await _drive(bare, scope, body, per_round))
        return statistics.median(mw), statistics.median(hand)

    return asyncio.run(run())


_SERVED_APP = """
import sys
sys.path.insert(0, {bench!r})
import _asgi
with_mw, bare, body, headers = _asgi._apps({provider!r})

async def app(scope, receive, send):
    # The same dispatch for both: ?mw goes through the middleware, anything else is bare.
    target = with_mw if scope.get("query_string") == b"mw" else bare
    await target(scope, receive, send)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def served_requests_per_second(
    provider: str, *, rounds: int, seconds: float, connections: int = 8
) -> tuple[float, float] | None:
    """Median requests/s (middleware, bare route) through uvicorn, or ``None``."""
    apps = _apps(provider)
    if apps is None:
        return None
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        return None
    _, _, body, headers = apps
    here = str(Path(__file__).resolve().parent)
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "served.py").write_text(_SERVED_APP.format(bench=here, provider=provider))
        Path(tmp, "body").write_bytes(body)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [tmp, os.environ.get("PYTHONPATH")])),
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "served:app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning", "--no-access-log"],
            env=env, cwd=tmp,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        return None
                    time.sleep(0.05)

            def load(path: str, duration: float) -> float:
                done = subprocess.run(
                    [sys.executable, str(Path(here, "_load.py")),
                     f"http://127.0.0.1:{port}{path}", str(Path(tmp, "body")),
                     json.dumps(headers), str(duration), str(connections)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                count, elapsed = done.stdout.split()
                return int(count) / float(elapsed)

            load("/hook?mw", 0.5)
            load("/hook?bare", 0.5)
            mw: list[float] = []
            hand: list[float] = []
            for _ in range(rounds):
                mw.append(load("/hook?mw", seconds))
                hand.append(load("/hook?bare", seconds))
            return statistics.median(mw), statistics.median(hand)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
