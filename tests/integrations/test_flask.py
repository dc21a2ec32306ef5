from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("flask")
pytest.importorskip("httpx")
pytest.importorskip("waitress")
pytest.importorskip("gunicorn")

from flask import Flask, Response

from authhooks import ConfigurationError
from authhooks.flask import webhook
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
from tests.integrations.apps._shared import USERFRONT
from tests.integrations.apps.flask_app import FAILURES, create_app
from tests.integrations.conftest import serve


def client_call(app: Flask) -> Call:
    client = app.test_client()

    def send(method: str, path: str, body: bytes, headers: dict[str, str], chunked: bool) -> Reply:
        options: dict[str, Any] = {"data": body}
        if chunked:
            options = {
                "input_stream": io.BytesIO(body),
                "environ_overrides": {"wsgi.input_terminated": True},
            }
        reply = client.open(path, method=method, headers=headers, **options)
        return Reply(
            reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, reply.data
        )

    return Call(send, in_process=True)


SERVERS = {"waitress": "wsgi", "gunicorn": "gunicorn"}


@pytest.fixture(scope="module", params=["test_client", *SERVERS])
def call(request: pytest.FixtureRequest) -> Iterator[Call]:
    if request.param == "test_client":
        yield client_call(create_app())
        return
    target = "tests.integrations.apps.flask_app:app"
    with serve(SERVERS[request.param], target) as url, http_call(url) as http:
        yield http


class TestFlask(Contract):
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


def test_router_returning_a_coroutine_is_run() -> None:
    app = Flask(__name__)
    seen: list[str] = []

    async def handle(event: Any) -> Response:
        seen.append(event.type)
        return Response("done", 202)

    def router(event: Any) -> Any:
        return handle(event)

    app.add_url_rule("/routed", "routed", webhook(USERFRONT)(router), methods=["POST"])
    body, headers = signed()
    reply = app.test_client().post("/routed", data=body, headers=headers)
    assert (reply.status_code, reply.data, seen) == (202, b"done", ["user.create"])


@pytest.mark.parametrize(
    "options",
    [
        {"max_body_size": 0},
        {"allow_from": ["not an address"]},
        {"allow_from": []},
        {"trusted_proxies": ["10.0.0.1"]},
    ],
)
def test_bad_options_are_refused_at_decoration(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        webhook(USERFRONT, **options)


def test_receiver_is_required() -> None:
    with pytest.raises(ConfigurationError):
        webhook("not a receiver")  # type: ignore[arg-type]


def test_example_app(monkeypatch: pytest.MonkeyPatch) -> None:
    check_example("wsgi", "examples.flask_app:app", monkeypatch)


@pytest.mark.parametrize(
    ("declared", "status"),
    [("abc", 400), ("-1", 400), ("1e3", 400), ("\u00b2", 400), ("99999999999999999999", 413)],
)
def test_declared_content_length_is_checked_before_reading(declared: str, status: int) -> None:
    body, headers = signed()
    reply = (
        create_app()
        .test_client()
        .post(
            "/hooks/userfront",
            data=body,
            headers=headers,
            environ_overrides={"CONTENT_LENGTH": declared},
        )
    )
    assert reply.status_code == status
