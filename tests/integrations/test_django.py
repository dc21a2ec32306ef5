from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("django")
pytest.importorskip("httpx")
pytest.importorskip("waitress")

from django.http import HttpResponse
from django.test import AsyncClient, Client, RequestFactory

from authhooks.django import webhook
from tests.integrations._contract import (
    Call,
    Contract,
    Reply,
    check_example,
    http_call,
    signed,
)
from tests.integrations.apps import django_app
from tests.integrations.apps._shared import USERFRONT
from tests.integrations.conftest import serve


def _reply(response: Any) -> Reply:
    return Reply(
        response.status_code,
        {k.lower(): v for k, v in response.headers.items()},
        response.content,
    )


def client_call() -> Call:
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)

    def send(method: str, path: str, body: bytes, headers: dict[str, str], chunked: bool) -> Reply:
        content_type = headers.pop("Content-Type", "application/octet-stream")
        return _reply(
            client.generic(method, path, body, content_type=content_type, headers=headers)
        )

    return Call(send, in_process=True)


@pytest.fixture(scope="module", params=["test_client", "waitress"])
def call(request: pytest.FixtureRequest) -> Iterator[Call]:
    if request.param == "test_client":
        yield client_call()
        return
    with serve("wsgi", "tests.integrations.apps.django_app:app") as url, http_call(url) as http:
        yield http


class TestDjango(Contract):
    def test_async_view(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/async", body, headers)
        assert reply.status == 200
        assert reply.json()["provider"] == "userfront"


def test_async_view_under_asgi() -> None:
    body, headers = signed()
    client = AsyncClient(enforce_csrf_checks=True)
    response = asyncio.run(
        client.post("/async", body, content_type="application/json", headers=headers)
    )
    assert response.status_code == 200
    assert response.json()["type"] == "user.create"


def test_view_keeps_its_identity() -> None:
    view = webhook(USERFRONT)(django_app.empty)
    assert view.__name__ == "empty"
    assert view.csrf_exempt is True


def test_sync_view_returning_a_coroutine_is_run() -> None:
    async def handle(event: Any) -> HttpResponse:
        return HttpResponse("done", status=202)

    view = webhook(USERFRONT)(lambda request, event: handle(event))
    body, headers = signed()
    response = view(RequestFactory().post("/", body, content_type="x", headers=headers))
    assert (response.status_code, response.content) == (202, b"done")


def test_example_app(monkeypatch: pytest.MonkeyPatch) -> None:
    check_example("wsgi", "examples.django_app:application", monkeypatch)
