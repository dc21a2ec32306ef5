from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("django")
pytest.importorskip("httpx")
pytest.importorskip("waitress")
pytest.importorskip("gunicorn")
pytest.importorskip("uvicorn")

from django.http import HttpRequest, HttpResponse
from django.test import AsyncClient, Client, RequestFactory

from authhooks.django import webhook
from tests.integrations._contract import (
    Call,
    Contract,
    Reply,
    check_batch_retry,
    check_example,
    check_fail_once,
    check_no_content,
    http_call,
    signed,
)
from tests.integrations.apps import django_app
from tests.integrations.apps._shared import USERFRONT
from tests.integrations.apps.django_app import FAILURES
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


#: The real servers the project is served with: two WSGI servers, and an ASGI one.
SERVERS = {
    "waitress": ("wsgi", "tests.integrations.apps.django_app:app"),
    "gunicorn": ("gunicorn", "tests.integrations.apps.django_app:app"),
    "uvicorn": ("asgi", "tests.integrations.apps.django_app:asgi"),
}


@pytest.fixture(scope="module", params=["test_client", *SERVERS])
def call(request: pytest.FixtureRequest) -> Iterator[Call]:
    if request.param == "test_client":
        yield client_call()
        return
    with serve(*SERVERS[request.param]) as url, http_call(url) as http:
        yield http


class TestDjango(Contract):
    def test_async_view(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/async", body, headers)
        assert reply.status == 200
        assert reply.json()["provider"] == "userfront"

    def test_no_content_has_no_content_type(self, call: Call) -> None:
        check_no_content(call)

    @pytest.mark.parametrize("route", ["fail", "fail-async"])
    @pytest.mark.parametrize(("form", "status"), sorted(FAILURES.items()))
    def test_failure_answer_releases_the_event(
        self, call: Call, route: str, form: str, status: int
    ) -> None:
        check_fail_once(call, f"/{route}/{form}", status)

    @pytest.mark.parametrize("route", ["/batch", "/batch-async"])
    def test_a_batch_retry_runs_only_the_failed_event(self, call: Call, route: str) -> None:
        check_batch_retry(call, route)


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


class _Unreadable(io.RawIOBase):
    """A server's input that must not be read: it has not marked where the body ends."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("read past what the server vouches for")


def _server_request(body_stream: Any, headers: dict[str, str], **environ: Any) -> Any:
    """A request as a WSGI server hands it to Django (no declared length unless given)."""
    meta = {
        (
            "CONTENT_TYPE" if name == "Content-Type" else f"HTTP_{name.upper().replace('-', '_')}"
        ): value
        for name, value in headers.items()
    }
    return RequestFactory().request(
        REQUEST_METHOD="POST", PATH_INFO="/", **{"wsgi.input": body_stream}, **meta, **environ
    )


def _echo_all(request: HttpRequest, event: Any) -> HttpResponse:
    """Answer what every way of reading the body downstream returns."""
    first = request.body
    return HttpResponse(b"|".join([first, request.read(), request.body]))


@pytest.mark.parametrize("declared", [None, "", "0", "00"])
def test_terminated_input_without_a_length_is_read_to_its_end(declared: str | None) -> None:
    """gunicorn passes a chunked request on with no ``CONTENT_LENGTH`` (or a zero one) and
    ``wsgi.input_terminated``: the body is the server's input, read to its end."""
    body, headers = signed()
    environ: dict[str, Any] = {"wsgi.input_terminated": True}
    if declared is not None:
        environ["CONTENT_LENGTH"] = declared
    request = _server_request(io.BytesIO(body), headers, **environ)
    response = webhook(USERFRONT)(_echo_all)(request)
    assert response.status_code == 200, response.content
    assert response.content == b"|".join([body, body, body])


@pytest.mark.parametrize("size", [65, 64 * 1024 + 1, 3 * 1024 * 1024])
def test_terminated_input_over_the_limit_is_413(size: int) -> None:
    body, headers = signed(b"x" * size)
    request = _server_request(io.BytesIO(body), headers, **{"wsgi.input_terminated": True})
    response = webhook(USERFRONT, max_body_size=64)(_echo_all)(request)
    assert response.status_code == 413
    assert json.loads(response.content)["error"] == "body_too_large"


def test_terminated_input_read_after_a_middleware_read_the_body() -> None:
    """A middleware that read ``request.body`` first saw nothing (Django's stream stops at the
    missing length); the decorator still reads the body the server holds."""
    body, headers = signed()
    request = _server_request(io.BytesIO(body), headers, **{"wsgi.input_terminated": True})
    assert request.body == b""
    response = webhook(USERFRONT)(_echo_all)(request)
    assert response.status_code == 200
    assert response.content == b"|".join([body, body, body])


@pytest.mark.parametrize("read_first", [False, True], ids=["", "after-a-middleware"])
@pytest.mark.parametrize("terminated", [False, True])
def test_declared_length_is_read_through_django(terminated: bool, read_first: bool) -> None:
    body, headers = signed()
    environ: dict[str, Any] = {"CONTENT_LENGTH": str(len(body))}
    if terminated:
        environ["wsgi.input_terminated"] = True
    request = _server_request(io.BytesIO(body + b"trailing bytes"), headers, **environ)
    if read_first:
        assert request.body == body
    response = webhook(USERFRONT)(_echo_all)(request)
    assert response.status_code == 200
    assert response.content == b"|".join([body, body, body])


def test_unterminated_input_without_a_length_is_not_read() -> None:
    """Without a length and without the server's end marker, reading could wait forever on
    the connection: the input is left alone and the empty body is refused."""
    _, headers = signed()
    request = _server_request(_Unreadable(), headers)
    response = webhook(USERFRONT)(_echo_all)(request)
    assert response.status_code == 400
    assert json.loads(response.content)["error"] == "invalid_payload"
