"""The ASGI adapters verify inline, unless the receiver may block on the network."""

from __future__ import annotations

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
from authhooks.starlette import WebhookMiddleware
from authhooks.testing import sign_userfront

KEY = "uf_threads_key_0123456789"


class Recording(authhooks.Userfront):
    """Userfront, recording the thread ``verify`` runs on."""

    may_block: ClassVar[bool] = False
    seen: ClassVar[list[int]] = []

    def _verify(self, body: bytes, headers: Mapping[str, str]) -> Any:
        type(self).seen.append(threading.get_ident())
        return super()._verify(body, headers)


class Blocking(Recording):
    """The same, declared as possibly blocking (as a receiver fetching keys would be)."""

    may_block: ClassVar[bool] = True


@pytest.mark.parametrize(("cls", "inline"), [(Recording, True), (Blocking, False)])
def test_verify_runs_inline_only_when_it_cannot_block(cls: type[Recording], inline: bool) -> None:
    loop_threads: list[int] = []

    async def endpoint(request: Request) -> PlainTextResponse:
        loop_threads.append(threading.get_ident())
        return PlainTextResponse(request.state.webhook_event.type)

    cls.seen = []
    app = Starlette(
        routes=[Route("/hook", endpoint, methods=["POST"])],
        middleware=[Middleware(WebhookMiddleware, routes={"/hook": cls(api_key=KEY)})],
    )
    request = sign_userfront({"action": "create", "model": "user", "record": {}}, api_key=KEY)
    with TestClient(app) as client:
        response = client.post("/hook", content=request.body, headers=request.headers)
    assert response.status_code == 200
    assert response.text == "user.create"
    assert (cls.seen == loop_threads) is inline


def test_receivers_that_never_do_io_say_so() -> None:
    assert authhooks.Receiver.may_block is True  # the safe default for any other receiver
    for name in ("Userfront", "AuthCore", "TheAuthAPI", "Frontegg"):
        assert getattr(authhooks, name).may_block is False
