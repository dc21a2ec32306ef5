"""A corpus of hostile requests, each with its expected outcome, for every target: each
registered provider, and ``Webhook`` with every scheme form.

Every input must end in an :class:`authhooks.WebhookError` subclass, quickly and within a
bounded amount of memory, and none may be accepted. The few documented exceptions (numbers
beyond the double range, duplicate keys) are pinned down as such below.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable

import pytest

from authhooks import (
    InvalidHeaderError,
    PayloadError,
    RequestTooLargeError,
    VerificationError,
    WebhookError,
)
from authhooks.signing import SignedRequest

from ._cases import Case
from ._targets import events_of, raw_of

#: Upper bounds for one hostile request: wall time and extra memory.
MAX_SECONDS = 2.0
MAX_EXTRA_BYTES = 64 * 1024 * 1024


def _expect_rejected(
    run: Callable[[], object],
    expected: type[WebhookError] | tuple[type[WebhookError], ...],
    max_bytes: int = MAX_EXTRA_BYTES,
) -> WebhookError:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        run()
    except WebhookError as exc:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        error = exc
    else:
        tracemalloc.stop()
        raise AssertionError("a hostile request was accepted")
    finally:
        if tracemalloc.is_tracing():
            tracemalloc.stop()
    assert isinstance(error, expected), f"{type(error).__name__}: {error}"
    assert elapsed < MAX_SECONDS, f"took {elapsed:.2f} s"
    assert peak < max_bytes, f"peaked at {peak} bytes"
    return error


def _signed(case: Case, body: bytes) -> SignedRequest:
    """``body`` sent with genuine credentials (signed, where the scheme signs it)."""
    return case.sign(body)


# --- bodies -------------------------------------------------------------------------------------

PREFIX = (
    b'{"action":"create","model":"user","type":"user.created","eventKey":"frontegg.user.created",'
)

HOSTILE_BODIES: dict[str, bytes] = {
    "nested arrays, 10 000 levels": PREFIX + b'"x":' + b"[" * 10_000 + b"]" * 10_000 + b"}",
    "nested objects, 10 000 levels": PREFIX + b'"x":' + b'{"a":' * 10_000 + b"1" + b"}" * 10_001,
    "integer of 100 000 digits": PREFIX + b'"x":' + b"9" * 100_000 + b"}",
    "integer of 5 000 digits": PREFIX + b'"x":-' + b"1" * 5_000 + b"}",
    "NaN literal": PREFIX + b'"x":NaN}',
    "Infinity literal": PREFIX + b'"x":Infinity}',
    "-Infinity literal": PREFIX + b'"x":[1,-Infinity]}',
    "UTF-8 BOM prefix": b"\xef\xbb\xbf" + PREFIX + b'"x":1}',
    "UTF-16 with BOM": (PREFIX + b'"x":1}').decode().encode("utf-16"),
    "UTF-16-LE, no BOM": (PREFIX + b'"x":1}').decode().encode("utf-16-le"),
    "UTF-32": (PREFIX + b'"x":1}').decode().encode("utf-32"),
    "invalid UTF-8": PREFIX + b'"x":"\xc3\x28\xff"}',
    "lone surrogate escape": PREFIX + b'"x":"\\ud800"}',
    "NUL bytes": PREFIX + b'"x":1}\x00\x00',
    "trailing garbage": PREFIX + b'"x":1}{"a":1}',
    "empty body": b"",
    "a JSON array": b"[" + PREFIX + b'"x":1}]',
    "a JSON string": b'"' + b"a" * 1000 + b'"',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_hostile_bodies_are_typed_errors(json_case: Case, name: str) -> None:
    request = _signed(json_case, HOSTILE_BODIES[name])
    _expect_rejected(lambda: json_case.receiver.verify(request.body, request.headers), WebhookError)


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 50 * 1024 * 1024])
def test_bodies_over_the_limit_are_refused_before_anything_else(case: Case, size: int) -> None:
    body = b'{"x":"' + b"a" * (size - 8) + b'"}'
    text = body.decode()
    # Genuine credentials or not, the size decides first (and cheaply, copying nothing).
    small = 256 * 1024
    verify = case.receiver.verify
    _expect_rejected(lambda: verify(body, case.valid.headers), RequestTooLargeError, small)
    _expect_rejected(lambda: verify(text, case.valid.headers), RequestTooLargeError, small)


def test_numbers_beyond_double_range_in_untyped_parts(json_case: Case) -> None:
    # Documented exception: as with json.loads, a float literal beyond the double range reads
    # as +/-inf where the model does not type the value. The typed parse and ``raw`` agree.
    payload = {**json_case.payload, "x_big": 0}
    body = json.dumps(payload).encode().replace(b'"x_big": 0', b'"x_big": 1e400')
    request = _signed(json_case, body)
    event = json_case.receiver.verify(request.body, request.headers)
    assert raw_of(event)["x_big"] == float("inf")


def test_duplicate_keys_resolve_the_same_way_everywhere(json_case: Case) -> None:
    # Documented exception: duplicate keys are not refused; the last one wins, in the typed
    # event, in ``raw`` and in json.loads alike, so no two readers of the body disagree.
    body = json.dumps({**json_case.payload, "x_dup": 1}).encode()
    body = body.replace(b'"x_dup": 1', b'"x_dup": "first", "x_dup": "last"')
    request = _signed(json_case, body)
    result = json_case.receiver.verify(request.body, request.headers)
    assert raw_of(result)["x_dup"] == json.loads(body)["x_dup"] == "last"
    for event in events_of(result):
        assert event.model_extra is None or event.model_extra.get("x_dup") in (None, "last")


# --- headers ----------------------------------------------------------------------------------


def _auth(case: Case) -> tuple[str, str]:
    """The header carrying the credential (a secret, a signature, a token)."""
    credentials = [name.lower() for name in case.scheme.credential_headers]
    name = next((n for n in case.auth_headers if n.lower() in credentials), case.auth_headers[0])
    return name, case.valid.headers[name]


HEADER_ATTACKS: dict[str, Callable[[str], str]] = {
    "CR/LF injection": lambda v: v + "\r\nX-Injected: 1",
    "LF injection": lambda v: v + "\nX-Injected: 1",
    "bare CR": lambda v: v[:5] + "\r" + v[5:],
    "NUL byte": lambda v: v + "\x00",
    "NUL in the middle": lambda v: v[:3] + "\x00" + v[3:],
    "oversized (100 000 chars)": lambda v: v + "A" * 100_000,
    "oversized (10 MB)": lambda v: v + "A" * 10_000_000,
    "thousands of comma parts": lambda v: ",".join([v] * 5_000),
    "thousands of short parts": lambda v: v + ",v1=00" * 1_300,
    "non-Latin-1 text": lambda v: v + "\u202e\U0001f600",
    "empty": lambda v: "",
    "only whitespace": lambda v: " \t ",
}


@pytest.mark.parametrize("attack", sorted(HEADER_ATTACKS))
def test_hostile_auth_header_values(header_case: Case, attack: str) -> None:
    name, value = _auth(header_case)
    headers = {**header_case.valid.headers, name: HEADER_ATTACKS[attack](value)}
    _expect_rejected(
        lambda: header_case.receiver.verify(header_case.valid.body, headers), VerificationError
    )


def test_a_second_spelling_of_the_auth_header_with_another_value(header_case: Case) -> None:
    name, value = _auth(header_case)
    other = name.lower() if name != name.lower() else name.upper()
    headers = {**header_case.valid.headers, other: value + "x"}
    _expect_rejected(
        lambda: header_case.receiver.verify(header_case.valid.body, headers), InvalidHeaderError
    )


def test_thousands_of_headers(case: Case) -> None:
    headers = {f"X-Filler-{i}": "x" * 100 for i in range(5_000)}
    headers.update(case.valid.headers)
    headers.update({k.lower(): v for k, v in case.valid.headers.items()})  # same values: fine
    event = case.receiver.verify(case.valid.body, headers)
    assert event.provider == case.receiver.provider
    forged = {**headers, **dict.fromkeys(case.auth_headers, "forged")}
    if case.auth_headers:
        _expect_rejected(lambda: case.receiver.verify(case.valid.body, forged), WebhookError)


def test_payload_errors_never_echo_credentials(json_case: Case) -> None:
    request = _signed(json_case, b'{"action": "create", "model": ')
    error = _expect_rejected(
        lambda: json_case.receiver.verify(request.body, request.headers), PayloadError
    )
    for value in request.headers.values():
        if len(value) > 8:
            assert value not in str(error)
            assert value.split()[-1] not in str(error)
