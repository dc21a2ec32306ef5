"""The ASGI adapters verify on the event loop: no thread hop, and keys fetched asynchronously."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping
from typing import Any, ClassVar

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

import authhooks
from authhooks.schemes import StaticSecret, Verified
from authhooks.starlette import WebhookMiddleware
from authhooks.testing import sign_userfront

KEY = "uf_threads_key_0123456789"
SEEN: list[int] = []


class FetchingScheme(StaticSecret):
    """A static secret that, like a scheme fetching keys, may block (and awaits to show it)."""

    may_block = True

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        raise AssertionError("an ASGI adapter must not call the blocking path")

    async def aauthenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        SEEN.append(threading.get_ident())
        await asyncio.sleep(0)  # where a key fetch would await
        return super().authenticate(body, headers)


class Fetching(authhooks.Receiver[authhooks.UserfrontEvent]):
    """Userfront's events behind a scheme that may block."""

    provider: ClassVar[str] = "userfront"
    parser = authhooks.Userfront.parser

    def __init__(self) -> None:
        super().__init__(FetchingScheme(KEY))


class Recording(authhooks.Userfront):
    """Userfront, recording the thread its check runs on."""

    def _event(self, verified: Verified, body: bytes) -> Any:
        SEEN.append(threading.get_ident())
        return super()._event(verified, body)


@pytest.mark.parametrize("make", [lambda: Recording(api_key=KEY), Fetching])
def test_verify_runs_on_the_event_loop(make: Any) -> None:
    loop_threads: list[int] = []

    async def endpoint(request: Request) -> PlainTextResponse:
        loop_threads.append(threading.get_ident())
        return PlainTextResponse(request.state.webhook_event.type)

    SEEN.clear()
    app = Starlette(
        routes=[Route("/hook", endpoint, methods=["POST"])],
        middleware=[Middleware(WebhookMiddleware, routes={"/hook": make()})],
    )
    request = sign_userfront({"action": "create", "model": "user", "record": {}}, api_key=KEY)
    with TestClient(app) as client:
        response = client.post("/hook", content=request.body, headers=request.headers)
    assert response.status_code == 200
    assert response.text == "user.create"
    assert loop_threads == SEEN


def test_receivers_say_whether_they_may_block() -> None:
    for name in ("Userfront", "AuthCore", "TheAuthAPI", "Frontegg"):
        receiver = authhooks.providers.get(name.lower()).demo().make_receiver()
        assert receiver.may_block is False
    assert authhooks.Akamai(keys=_jwks(), audience="https://a").may_block is False
    assert authhooks.Akamai("https://keys.example.com/jwk", audience="https://a").may_block


def _jwks() -> Any:
    from authhooks.testing import AkamaiTestKeys

    return AkamaiTestKeys.generate().jwks
