from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from fastapi import Depends, FastAPI

from authhooks.fastapi import verified_event
from tests.integrations._contract import (
    Call,
    Contract,
    check_example,
    http_call,
    signed,
)
from tests.integrations.apps._shared import USERFRONT
from tests.integrations.apps.fastapi_app import app
from tests.integrations.conftest import serve
from tests.integrations.test_starlette import client_call


@pytest.fixture(scope="module", params=["test_client", "uvicorn"])
def call(request: pytest.FixtureRequest) -> Iterator[Call]:
    if request.param == "test_client":
        yield from client_call(app)
        return
    target = "tests.integrations.apps.fastapi_app:app"
    with serve("asgi", target) as url, http_call(url) as http:
        yield http


class TestFastAPI(Contract):
    def test_async_route(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/async", body, headers)
        assert reply.status == 200
        assert reply.json()["provider"] == "userfront"


def test_example_app(monkeypatch: pytest.MonkeyPatch) -> None:
    check_example("asgi", "examples.fastapi_app:app", monkeypatch)


def test_refusals_keep_their_shape_under_custom_exception_handlers() -> None:
    from fastapi.responses import PlainTextResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    custom_app = FastAPI()
    dependency = verified_event(USERFRONT)

    @custom_app.exception_handler(StarletteHTTPException)
    async def plain(request: Any, exc: StarletteHTTPException) -> PlainTextResponse:
        return PlainTextResponse("handled elsewhere", exc.status_code)

    @custom_app.post("/hook", status_code=204, response_model=None)
    def hook(event: Any = Depends(dependency)) -> None:
        return None

    call = next(client_call(custom_app))
    body, headers = signed()
    assert call("/hook", body, headers).status == 204
    reply = call("/hook", body, {"Content-Type": "application/json"})
    assert (reply.status, reply.json()["error"]) == (401, "missing_header")
    assert call("/nowhere", body, headers).body == b"handled elsewhere"
