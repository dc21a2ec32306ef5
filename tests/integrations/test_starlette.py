from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from authhooks.starlette import WebhookMiddleware, webhook_endpoint
from tests.integrations._contract import (
    Call,
    Contract,
    Reply,
    check_example,
    chunks,
    http_call,
    signed,
)
from tests.integrations.apps._shared import USERFRONT
from tests.integrations.apps.starlette_app import endpoint_app, middleware_app
from tests.integrations.conftest import serve


def from_loopback(app: ASGIApp) -> ASGIApp:
    """The app as seen from 127.0.0.1 (the test client's peer is not an address)."""

    async def shim(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "client": ("127.0.0.1", 50000)}
        await app(scope, receive, send)

    return shim


def client_call(app: ASGIApp) -> Iterator[Call]:
    with TestClient(from_loopback(app), raise_server_exceptions=False) as client:

        def send(
            method: str, path: str, body: bytes, headers: dict[str, str], chunked: bool
        ) -> Reply:
            content: Any = chunks(body) if chunked else (body or None)
            reply = client.request(method, path, content=content, headers=headers)
            return Reply(
                reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, reply.content
            )

        yield Call(send, in_process=True)


APPS = {"endpoint": "endpoint_app", "middleware": "middleware_app"}


@pytest.fixture(
    scope="module",
    params=[(a, w) for a in APPS for w in ("test_client", "uvicorn")],
    ids="-".join,
)
def call(request: pytest.FixtureRequest) -> Iterator[Call]:
    style, way = request.param
    if way == "test_client":
        yield from client_call(endpoint_app if style == "endpoint" else middleware_app)
        return
    target = f"tests.integrations.apps.starlette_app:{APPS[style]}"
    with serve("asgi", target) as url, http_call(url) as http:
        yield http


class TestStarlette(Contract):
    def test_async_handler(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/async", body, headers)
        assert reply.status == 200
        assert reply.json()["provider"] == "userfront"


def test_other_paths_and_scopes_pass_through() -> None:
    async def hello(request: Request) -> Response:
        return PlainTextResponse("hello")

    app = Starlette(
        routes=[Route("/", hello)],
        middleware=[Middleware(WebhookMiddleware, routes={"/hooks": USERFRONT})],
    )
    with TestClient(app) as client:  # runs the lifespan scope through the middleware
        assert client.get("/").text == "hello"


def test_router_returning_a_coroutine_is_awaited() -> None:
    seen: list[str] = []

    async def handle(event: Any) -> Response:
        seen.append(event.type)
        return PlainTextResponse("done", 202)

    def router(event: Any) -> Any:  # a plain callable dispatching to an async handler
        return handle(event)

    app = Starlette(routes=[Route("/", webhook_endpoint(USERFRONT, router))])
    body, headers = signed()
    reply = TestClient(app).post("/", content=body, headers=headers)
    assert (reply.status_code, reply.text, seen) == (202, "done", ["user.create"])


def test_handler_must_return_a_response() -> None:
    app = Starlette(routes=[Route("/", webhook_endpoint(USERFRONT, lambda event: {"a": 1}))])
    body, headers = signed()
    with pytest.raises(TypeError, match="returns None or a Response"):
        TestClient(app).post("/", content=body, headers=headers)


def test_example_app(monkeypatch: pytest.MonkeyPatch) -> None:
    check_example("asgi", "examples.starlette_app:app", monkeypatch)


def test_client_gone_before_the_body_is_read() -> None:
    import asyncio

    calls: list[Any] = []
    sent: list[Any] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope)

    async def receive() -> Any:
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    middleware = WebhookMiddleware(app, routes={"/hooks": USERFRONT})
    endpoint = webhook_endpoint(USERFRONT, lambda event: None)
    scope = {"type": "http", "method": "POST", "path": "/hooks", "headers": [], "client": None}
    asyncio.run(middleware(dict(scope), receive, send))
    asyncio.run(endpoint(dict(scope), receive, send))
    assert (calls, sent) == ([], [])
