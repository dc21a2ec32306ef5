"""The framework-free part of the adapters: runs with no framework installed."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from authhooks import (
    ConfigurationError,
    EventInProgressError,
    InvalidRequestError,
    InvalidSignatureError,
    KeysUnavailableError,
    MissingHeaderError,
    ModeMismatchError,
    PayloadError,
    RequestTooLargeError,
    RetryLaterError,
    SourceNotAllowedError,
    StoreUnavailableError,
    TimestampError,
)
from authhooks.integrations import (
    FRONTEGG_SOURCE_IPS,
    ErrorResponse,
    SourceAllowList,
    error_response,
)
from authhooks.integrations._answers import METHOD_NOT_ALLOWED
from authhooks.integrations._reading import read_limited
from authhooks.integrations._settings import Settings


class QueueFull(RetryLaterError):
    """A retry-later error of the application's own."""

    reason = "queue_full"


FRAMEWORKS = {"flask": "flask", "django": "django", "starlette": "starlette", "fastapi": "fastapi"}


def test_importing_authhooks_imports_no_framework() -> None:
    code = (
        "import sys, authhooks, authhooks.integrations, authhooks.testing\n"
        f"print([m for m in {sorted(FRAMEWORKS)!r} if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("extra", sorted(FRAMEWORKS))
def test_adapter_without_its_framework_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    framework = FRAMEWORKS[extra]
    for name in [m for m in sys.modules if m == framework or m.startswith(f"{framework}.")]:
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed
    monkeypatch.setitem(sys.modules, framework, None)
    monkeypatch.delitem(sys.modules, f"authhooks.{extra}", raising=False)
    with pytest.raises(ImportError, match=rf"install authhooks\[{extra}\]"):
        importlib.import_module(f"authhooks.{extra}")


@pytest.mark.extras
@pytest.mark.parametrize("extra", sorted(FRAMEWORKS))
def test_each_adapter_has_one_import_path(extra: str) -> None:
    adapter = importlib.import_module(f"authhooks.{extra}")
    assert adapter.__name__ == f"authhooks.{extra}"
    for name in adapter.__all__:
        assert getattr(adapter, name).__module__ == f"authhooks.{extra}", name
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(f"authhooks.integrations.{extra}")


@pytest.mark.parametrize(
    ("error", "status", "headers"),
    [
        (MissingHeaderError("header 'Authorization' is missing"), 401, {}),
        (InvalidSignatureError("no key matches"), 401, {}),
        (TimestampError("too old", skew=900), 401, {}),
        (SourceNotAllowedError("not allowed"), 403, {}),
        (PayloadError("not JSON"), 400, {}),
        (ModeMismatchError("test event"), 400, {}),
        (RequestTooLargeError("too large", limit=10), 413, {}),
        (KeysUnavailableError("down", retry_after=12), 503, {"Retry-After": "12"}),
        (StoreUnavailableError("down", retry_after=3), 503, {"Retry-After": "3"}),
        # Every provider retries a 5xx; some count a 4xx as a final failure.
        (EventInProgressError("busy", retry_after=4), 503, {"Retry-After": "4"}),
        (RetryLaterError("later", retry_after=7), 503, {"Retry-After": "7"}),
        (RetryLaterError("later", retry_after=2.5), 503, {"Retry-After": "3"}),
        (QueueFull("the queue is full", retry_after=0), 503, {"Retry-After": "0"}),
        (InvalidRequestError("Content-Length is not a number"), 400, {}),
    ],
)
def test_error_response(error: Exception, status: int, headers: dict[str, str]) -> None:
    answer = error_response(error)  # type: ignore[arg-type]
    assert (answer.status, answer.headers) == (status, headers)
    # The reason code only: the message stays in the log.
    assert json.loads(answer.content) == {"error": error.reason}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "error",
    [
        StoreUnavailableError(
            "Redis is unavailable: ConnectionError: Error 111 connecting to redis.internal:6379"
        ),
        KeysUnavailableError("JWKS at https://keys.internal.example/jwks answered 500"),
        MissingHeaderError("header 'X-Internal-Auth' is missing", header="X-Internal-Auth"),
        RequestTooLargeError("body is larger than 1048576 bytes", limit=1048576),
        PayloadError("userfront payload is not valid: record.createdAt: bad"),
    ],
)
def test_answer_bodies_never_hold_the_message(error: Exception) -> None:
    content = error_response(error).content  # type: ignore[arg-type]
    assert content == b'{"error":"%s"}' % error.reason.encode()  # type: ignore[attr-defined]
    for word in ("redis.internal", "6379", "keys.internal", "X-Internal-Auth", "1048576"):
        assert word.encode() not in content


def test_method_not_allowed_names_the_reason_only() -> None:
    assert METHOD_NOT_ALLOWED.status == 405
    assert METHOD_NOT_ALLOWED.headers == {"Allow": "POST"}
    assert json.loads(METHOD_NOT_ALLOWED.content) == {"error": "method_not_allowed"}


def test_error_response_content_is_compact_json() -> None:
    answer = ErrorResponse(418, {"error": "teapot", "detail": "short and stout"})
    assert answer.content == b'{"error":"teapot","detail":"short and stout"}'


def test_frontegg_source_ips_are_the_published_ones() -> None:
    assert set(FRONTEGG_SOURCE_IPS) == {
        "99.81.198.187",
        "54.216.181.43",
        "52.209.54.22",
        "23.21.59.58",
        "54.152.159.125",
        "3.220.173.9",
    }


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("10.0.0.5", None, "10.0.0.5"),
        ("10.0.0.5", "1.2.3.4", "1.2.3.4"),
        ("10.0.0.5", "9.9.9.9, 1.2.3.4, 10.0.0.7", "1.2.3.4"),  # rightmost untrusted hop
        ("10.0.0.5", "10.0.0.6, 10.0.0.7", "10.0.0.6"),  # only proxies: the farthest one
        ("192.0.2.1", "1.2.3.4", "192.0.2.1"),  # an untrusted peer's header is ignored
        ("[2001:db8::1]", None, "2001:db8::1"),
        ("10.0.0.5", "[2001:db8::2]:443", "2001:db8::2"),
        ("10.0.0.5", "1.2.3.4, garbage", None),
        ("testclient", None, None),
        (None, None, None),
    ],
)
def test_client_address(peer: str | None, forwarded: str | None, client: str | None) -> None:
    allow = SourceAllowList(["0.0.0.0/0"], trusted_proxies=["10.0.0.0/24"])
    assert allow.client(peer, forwarded) == client


def test_allow_list_check() -> None:
    allow = SourceAllowList(FRONTEGG_SOURCE_IPS, trusted_proxies="127.0.0.1")
    allow.check("99.81.198.187", None)
    allow.check("127.0.0.1", "3.220.173.9")
    for peer, forwarded in [("127.0.0.1", None), ("8.8.8.8", "3.220.173.9"), ("bad", None)]:
        with pytest.raises(SourceNotAllowedError):
            allow.check(peer, forwarded)


@pytest.mark.parametrize(
    ("allow_from", "proxies"), [([], ()), (["999.1.1.1"], ()), (["1.2.3.4"], ["nope"])]
)
def test_allow_list_configuration(allow_from: list[str], proxies: list[str]) -> None:
    with pytest.raises(ConfigurationError):
        SourceAllowList(allow_from, proxies)


# --- the declared length -------------------------------------------------------------------

LIMIT = 1000


def _settings(**options: Any) -> Settings:
    import authhooks

    return Settings(authhooks.Userfront(api_key="k"), LIMIT, **options)


@pytest.mark.parametrize(
    "value",
    [
        "+12",  # int() accepts a sign
        "-1",
        "1_0",  # ... underscores
        "\u0661\u0662",  # ... and other scripts' digits
        "\uff11\uff12",  # fullwidth digits
        "1 2",
        "12\u00a0",  # a no-break space is not HTTP whitespace
        "\u200912",
        "0x10",
        "1e3",
        "12.0",
        "12,12",
        "twelve",
        "\udc80",
    ],
)
def test_malformed_content_length_is_an_invalid_request(value: str) -> None:
    with pytest.raises(InvalidRequestError) as info:
        _settings().check_request("127.0.0.1", None, value)
    assert info.value.reason == "invalid_request"
    assert error_response(info.value).status == 400


@pytest.mark.parametrize(
    "value", [None, "", " ", "0", "12", " 12", "12 ", "\t12\t", "0012", str(LIMIT), "0" * 5000]
)
def test_well_formed_content_length_within_the_limit(value: str | None) -> None:
    _settings().check_request("127.0.0.1", None, value)


@pytest.mark.parametrize(
    "value", [str(LIMIT + 1), "0" * 10 + str(LIMIT + 1), "9" * 20, "9" * 5000, "1" + "0" * 4400]
)
def test_content_length_over_the_limit(value: str) -> None:
    # 5000 digits: int() alone raises ValueError past 4300 digits.
    with pytest.raises(RequestTooLargeError):
        _settings().check_request("127.0.0.1", None, value)


def test_a_content_length_that_is_not_text_is_an_invalid_request() -> None:
    with pytest.raises(InvalidRequestError):
        _settings().check_request("127.0.0.1", None, 12)  # type: ignore[arg-type]


# --- one body-size limit ------------------------------------------------------------------


def _receiver(limit: int) -> Any:
    import authhooks

    return authhooks.Userfront(api_key="k", max_body_size=limit)


@pytest.mark.parametrize(
    ("option", "own", "applied"),
    [
        (None, 1000, 1000),  # the receiver's by default
        (10, 1000, 10),  # an entry point may lower it
        (1000, 1000, 1000),
        (5000, 1000, 1000),  # ... never raise it past the receiver's
        (1, 2**20, 1),
        (2**40, 2**20, 2**20),
    ],
)
def test_the_smaller_body_limit_applies(option: int | None, own: int, applied: int) -> None:
    entry = Settings(_receiver(own), option)
    assert entry.max_body_size == applied
    entry.check_request(None, None, str(applied))
    with pytest.raises(RequestTooLargeError) as info:
        entry.check_request(None, None, str(applied + 1))
    assert info.value.limit == applied


@pytest.mark.parametrize("option", [0, -1, True, False, 1.5, "1024", b"1024"])
def test_a_body_limit_that_is_not_a_positive_number_is_refused(option: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_body_size"):
        Settings(_receiver(1000), option)


@settings(max_examples=300, deadline=None)
@given(
    option=st.none() | st.integers(1, 3000),
    own=st.integers(1, 3000),
    size=st.integers(0, 6000),
    declared=st.booleans(),
)
def test_a_body_the_adapter_reads_is_never_refused_by_the_receiver_for_its_size(
    option: int | None, own: int, size: int, declared: bool
) -> None:
    # What every adapter does: check the declared length, read bounded, then verify.
    receiver = _receiver(own)
    entry = Settings(receiver, option)
    smaller = own if option is None else min(option, own)
    body = b"x" * size

    def read() -> bytes:
        entry.check_request(None, None, str(size) if declared else None)
        return read_limited(chunks_of(body, 7), entry.max_body_size)

    if size > smaller:
        with pytest.raises(RequestTooLargeError) as info:
            read()
        assert info.value.limit == smaller
        return
    accepted = read()
    signed = receiver.scheme.sign(accepted)
    with pytest.raises(PayloadError):  # read and verified: refused as a payload, not for size
        receiver.verify(accepted, signed.headers)


def chunks_of(body: bytes, size: int) -> list[bytes]:
    return [body[start : start + size] for start in range(0, len(body), size)]


# --- the refusal log line ------------------------------------------------------------------


class _Response:
    """A framework response: Starlette, Django and Flask all carry ``status_code``."""

    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


class _Legacy:
    def __init__(self, status: Any) -> None:
        self.status = status


@pytest.mark.parametrize(
    ("on_error", "logged"),
    [
        (None, "-> 401 missing_header"),
        (lambda error, request: None, "-> 401 missing_header"),
        (lambda error, request: ErrorResponse(418, {"error": "teapot"}), "-> 418 missing_header"),
        (lambda error, request: _Response(404), "-> 404 missing_header"),
        (lambda error, request: ("nope", 403), "-> 403 missing_header"),
        (lambda error, request: _Legacy(451), "-> 451 missing_header"),
        (lambda error, request: _Legacy("200 OK"), "-> on_error's answer missing_header"),
        (lambda error, request: "plain text", "-> on_error's answer missing_header"),
    ],
)
def test_the_refusal_is_logged_with_the_status_sent(
    caplog: pytest.LogCaptureFixture, on_error: Any, logged: str
) -> None:
    settings = _settings(on_error=on_error)
    with caplog.at_level("WARNING", logger="authhooks"):
        answer = settings.refuse(
            MissingHeaderError("header 'Authorization' is missing"), None, "/h"
        )
    if on_error is None or on_error(None, None) is None:
        assert answer == error_response(MissingHeaderError("x"))
    (record,) = caplog.records
    assert f"webhook refused: userfront /h {logged}: header 'Authorization'" in record.getMessage()


def test_an_on_error_that_raises_is_logged_then_propagates(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def on_error(error: Any, request: Any) -> Any:
        raise RuntimeError("on_error bug")

    settings = _settings(on_error=on_error)
    with caplog.at_level("WARNING", logger="authhooks"), pytest.raises(RuntimeError):
        settings.refuse(MissingHeaderError("header 'Authorization' is missing"), None, "/h")
    assert "-> on_error raised missing_header" in caplog.records[0].getMessage()


# --- through the adapters ------------------------------------------------------------------


def _asgi_post(app: Any, headers: list[tuple[bytes, bytes]], body: bytes = b"{}") -> int:
    """Call an ASGI app directly with ``headers`` as given (no client rewrites them)."""
    import asyncio

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/hook",
        "raw_path": b"/hook",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return int(sent[0]["status"])


@pytest.mark.extras
@pytest.mark.parametrize("entry", ["endpoint", "middleware"])
def test_a_malformed_content_length_reaches_on_error_as_an_invalid_request(entry: str) -> None:
    import authhooks
    from authhooks.starlette import WebhookMiddleware, webhook_endpoint

    seen: list[Exception] = []

    def on_error(error: Exception, request: Any) -> None:
        seen.append(error)

    receiver = authhooks.Userfront(api_key="k")
    if entry == "endpoint":
        app: Any = webhook_endpoint(receiver, lambda event: None, on_error=on_error)
    else:

        async def inner(scope: Any, receive: Any, send: Any) -> None:
            raise AssertionError("an invalid request reached the app")

        app = WebhookMiddleware(inner, {"/hook": receiver}, on_error=on_error)
    status = _asgi_post(app, [(b"content-length", b"+2"), (b"authorization", b"Bearer k")])
    assert status == 400
    (error,) = seen
    assert type(error) is InvalidRequestError  # not a PayloadError: nothing was authenticated


@pytest.mark.extras
def test_django_classes_a_malformed_content_length_as_an_invalid_request() -> None:
    from django.test import RequestFactory

    import authhooks
    import tests.integrations.apps.django_app  # noqa: F401  (configures Django)
    from authhooks.django import webhook

    seen: list[Exception] = []
    view = webhook(authhooks.Userfront(api_key="k"), on_error=lambda e, r: seen.append(e))(
        lambda request, event: None
    )
    request = RequestFactory().post("/hook", b"{}", content_type="application/json")
    request.META["CONTENT_LENGTH"] = "\u0662"
    response = view(request)
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "invalid_request"}
    assert [type(e) for e in seen] == [InvalidRequestError]


@pytest.mark.extras
def test_flask_logs_the_status_on_error_chose(caplog: pytest.LogCaptureFixture) -> None:
    from flask import Flask, Response

    import authhooks
    from authhooks.flask import webhook

    app = Flask(__name__)
    app.add_url_rule(
        "/hook",
        "hook",
        webhook(authhooks.Userfront(api_key="k"), on_error=lambda e, r: Response("no", 418))(
            lambda event: None
        ),
        methods=["POST"],
    )
    with caplog.at_level("WARNING", logger="authhooks"):
        reply = app.test_client().post("/hook", data=b"{}")
    assert reply.status_code == 418
    messages = [r.getMessage() for r in caplog.records if r.name == "authhooks"]
    assert any("-> 418 missing_header" in m for m in messages), messages
    assert not any("-> 401" in m for m in messages), messages
