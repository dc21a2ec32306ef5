"""The framework-free part of the adapters: runs with no framework installed."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from authhooks import (
    ConfigurationError,
    EventInProgressError,
    InvalidSignatureError,
    KeysUnavailableError,
    MissingHeaderError,
    ModeMismatchError,
    PayloadError,
    RequestTooLargeError,
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
    for name in (f"authhooks.{extra}", f"authhooks.integrations.{extra}"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(ImportError, match=rf"install authhooks\[{extra}\]"):
        importlib.import_module(f"authhooks.{extra}")


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
        (EventInProgressError("busy", retry_after=4), 409, {"Retry-After": "4"}),
    ],
)
def test_error_response(error: Exception, status: int, headers: dict[str, str]) -> None:
    answer = error_response(error)  # type: ignore[arg-type]
    assert (answer.status, answer.headers) == (status, headers)
    assert json.loads(answer.content) == {"error": error.reason, "detail": str(error)}  # type: ignore[attr-defined]


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
