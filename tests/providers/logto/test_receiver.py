"""Logto's signature: ``logto-signature-sha-256: <hex HMAC-SHA256 of the raw body>`` with the
webhook's signing key; and the optional window on the signed ``createdAt``."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import warnings
from datetime import datetime, timedelta, timezone

import pytest

import authhooks
from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    Logto,
    MissingHeaderError,
    PayloadError,
    TimestampError,
    VerificationError,
)
from authhooks.providers.logto import PostSignIn, UserCreated
from authhooks.schemes import BodyHmac

KEY = "abcdefghijklmnopqrstuvwxyzABCDEF"  # the shape of Logto's keys: 32 of [A-Za-z0-9]
OTHER = "ZYXWVUTSRQPONMLKJIHGFEDCBA012345"
HEADER = "logto-signature-sha-256"
# Exactly what Logto Console's "Send test payload" builds for PostSignIn (the code's
# generateHookTestPayload, times fixed), as JSON.stringify writes it.
TEST_PAYLOAD = (
    b'{"event":"PostSignIn","hookId":"hook_test_id","createdAt":"2026-01-01T00:00:00.000Z",'
    b'"userAgent":"fake-user-agent","sessionId":"fake-session-id","userIp":"fake-user-ip",'
    b'"userId":"fake-id","user":{"id":"fake-id","username":"fake-user",'
    b'"primaryEmail":"fake-user@fake-service.com","primaryPhone":"1234567890",'
    b'"name":"Fake User","avatar":"https://fake-service.com/avatars/fake-user.png",'
    b'"customData":{"theme":"light"},"identities":{"google":{"userId":"fake-google-user-id"}},'
    b'"profile":{},"applicationId":"fake-application-id","cimdClientId":null,'
    b'"isSuspended":false,"lastSignInAt":1767225600000,"createdAt":1767225600000,'
    b'"updatedAt":1767225600000},"application":{"id":"fake-spa-application-id","type":"SPA",'
    b'"name":"Fake Application","description":"Fake application data for testing"}}'
)
# Computed with Node's crypto as Logto's sign() does (createHmac over JSON.stringify), and
# with `openssl dgst -sha256 -hmac`: both give this.
TEST_VECTOR = "47d576dcadde9f8d18cf0bb85da3bb26098d11f64881ebefb1f68d9c544f8ab7"
# Non-ASCII text as JSON.stringify sends it (raw UTF-8, "/" and "<" unescaped); its HMAC,
# computed by Node: createHmac("sha256", KEY).update(JSON.stringify(payload)).
UNICODE_BODY = (
    '{"event":"User.Created","hookId":"h","createdAt":"2026-01-01T00:00:00.000Z",'
    '"data":{"name":"Zoë «Ω» 😀 </script>","customData":{"path":"a/b","quote":"\\"x\\""}}}'
).encode()
UNICODE_VECTOR = "741efab36da52932dad65f8e507acc8a7cc4bb810e037d789c11e9012fa88ce8"
CREATED = datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()


def _hex(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def test_logtos_test_payload_verifies_with_the_known_vector() -> None:
    assert _hex(KEY, TEST_PAYLOAD) == TEST_VECTOR
    event = Logto(KEY).verify(TEST_PAYLOAD, {HEADER: TEST_VECTOR})
    assert isinstance(event, PostSignIn)
    assert (event.type, event.kind) == ("PostSignIn", "auth.succeeded")
    assert event.hook_id == "hook_test_id"
    assert event.user is not None
    assert event.user.created_at == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert event.id == hashlib.sha256(TEST_PAYLOAD).hexdigest()


def test_a_non_ascii_body_as_node_sends_it_verifies() -> None:
    assert _hex(KEY, UNICODE_BODY) == UNICODE_VECTOR
    event = Logto(KEY).verify(UNICODE_BODY, {HEADER: UNICODE_VECTOR})
    assert isinstance(event, UserCreated)
    assert event.data is not None
    assert event.data.name == "Zoë «Ω» 😀 </script>"


def test_the_scheme_is_a_body_hmac_and_the_signer_writes_what_logto_sends() -> None:
    receiver = Logto(KEY)
    assert isinstance(receiver.scheme, BodyHmac)
    assert receiver.covers_body is True
    request = receiver.scheme.sign(TEST_PAYLOAD)
    assert request.headers[HEADER] == TEST_VECTOR
    assert request.body == TEST_PAYLOAD


@pytest.mark.parametrize(
    "body",
    [
        json.dumps(json.loads(TEST_PAYLOAD)).encode(),  # re-serialised with spaces
        json.dumps(json.loads(TEST_PAYLOAD), indent=2).encode(),
        TEST_PAYLOAD + b"\n",
        TEST_PAYLOAD.replace(b"fake-user@", b"evil-user@"),
        json.dumps(json.loads(UNICODE_BODY)).encode(),  # non-ASCII escaped as \\u
    ],
)
def test_the_signature_is_over_the_exact_bytes(body: bytes) -> None:
    with pytest.raises(InvalidSignatureError):
        Logto(KEY).verify(body, {HEADER: TEST_VECTOR if b"Post" in body else UNICODE_VECTOR})


@pytest.mark.parametrize(
    "value",
    [TEST_VECTOR, TEST_VECTOR.upper(), f" {TEST_VECTOR}\t"],
    ids=["lower", "upper", "spaces around"],
)
@pytest.mark.parametrize("name", [HEADER, "Logto-Signature-Sha-256", HEADER.upper()])
def test_header_name_and_hex_case(name: str, value: str) -> None:
    assert Logto(KEY).verify(TEST_PAYLOAD, {name: value}).type == "PostSignIn"


@pytest.mark.parametrize(
    "value",
    [
        f"sha256={TEST_VECTOR}",
        f"v1={TEST_VECTOR}",
        TEST_VECTOR[:-1],
        TEST_VECTOR + "0",
        f"{TEST_VECTOR} {TEST_VECTOR}",
        f"{TEST_VECTOR},{TEST_VECTOR}",
        "z" * 64,
        TEST_VECTOR.replace("a", "\u0430"),  # Cyrillic a
    ],
)
def test_anything_but_one_hex_digest_is_a_malformed_header(value: str) -> None:
    with pytest.raises(InvalidHeaderError) as caught:
        Logto(KEY).verify(TEST_PAYLOAD, {HEADER: value})
    assert TEST_VECTOR not in str(caught.value)


@pytest.mark.parametrize(
    "headers", [{}, {"logto-signature": TEST_VECTOR}, {"x-logto-signature-sha-256": TEST_VECTOR}]
)
def test_a_missing_header_is_named(headers: dict[str, str]) -> None:
    with pytest.raises(MissingHeaderError) as caught:
        Logto(KEY).verify(TEST_PAYLOAD, headers)
    assert caught.value.header == HEADER


def test_rotation_accepts_every_key_and_a_wrong_key_fails() -> None:
    both = Logto([OTHER, KEY])
    assert both.verify(TEST_PAYLOAD, {HEADER: TEST_VECTOR}).type == "PostSignIn"
    assert both.verify(TEST_PAYLOAD, {HEADER: _hex(OTHER, TEST_PAYLOAD)}).type == "PostSignIn"
    for key in (OTHER, KEY.lower(), KEY[:-1]):
        with pytest.raises(InvalidSignatureError) as caught:
            Logto(key).verify(TEST_PAYLOAD, {HEADER: TEST_VECTOR})
        assert key not in str(caught.value)


@pytest.mark.parametrize("key", ["", " ", f"{KEY}\n", f"'{KEY}'", f"Bearer {KEY}", []])
def test_paste_mistakes_are_refused_or_flagged(key: str | list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises((ConfigurationError, authhooks.SecretFormatWarning)) as caught:
            Logto(key)
    assert KEY not in str(caught.value)


def test_repr_names_no_key() -> None:
    text = repr(Logto([KEY, OTHER], tolerance=300))
    assert text == "Logto(keys=2, tolerance=300s)"
    assert repr(Logto(KEY)) == "Logto(keys=1, tolerance=None)"


# -- the createdAt window ------------------------------------------------------------------------


def _at(offset: float) -> Logto:
    return Logto(KEY, tolerance=timedelta(minutes=5), clock=lambda: CREATED + offset)


def test_without_tolerance_an_old_delivery_is_accepted() -> None:
    assert Logto(KEY).tolerance is None
    assert Logto(KEY).verify(TEST_PAYLOAD, {HEADER: TEST_VECTOR}).type == "PostSignIn"


@pytest.mark.parametrize("offset", [0, 299.9, 300, -300, -1])
def test_created_at_inside_the_window_is_accepted(offset: float) -> None:
    receiver = _at(offset)
    assert receiver.tolerance == timedelta(minutes=5)
    assert receiver.verify(TEST_PAYLOAD, {HEADER: TEST_VECTOR}).type == "PostSignIn"


@pytest.mark.parametrize("offset", [300.5, 86_400, -301, -86_400 * 365])
def test_created_at_outside_the_window_is_a_timestamp_error(offset: float) -> None:
    with pytest.raises(TimestampError) as caught:
        _at(offset).verify(TEST_PAYLOAD, {HEADER: TEST_VECTOR})
    assert caught.value.skew == pytest.approx(offset)
    assert isinstance(caught.value, VerificationError)


def test_the_window_is_checked_after_the_signature() -> None:
    with pytest.raises(InvalidSignatureError):
        _at(86_400).verify(TEST_PAYLOAD, {HEADER: "0" * 64})


def test_averify_checks_the_window_too() -> None:
    event = asyncio.run(_at(0).averify(TEST_PAYLOAD, {HEADER: TEST_VECTOR}))
    assert event.type == "PostSignIn"
    with pytest.raises(TimestampError):
        asyncio.run(_at(3600).averify(TEST_PAYLOAD, {HEADER: TEST_VECTOR}))


def test_parse_of_a_stored_delivery_does_not_check_the_window() -> None:
    assert _at(86_400 * 30).parse(TEST_PAYLOAD).type == "PostSignIn"


@pytest.mark.parametrize("created_at", [None, "absent"], ids=["createdAt null", "createdAt absent"])
def test_a_window_needs_a_created_at(created_at: str | None) -> None:
    document = json.loads(TEST_PAYLOAD)
    if created_at == "absent":
        del document["createdAt"]
    else:
        document["createdAt"] = created_at
    body = json.dumps(document).encode()
    with pytest.raises(PayloadError) as caught:
        _at(0).verify(body, {HEADER: _hex(KEY, body)})
    assert caught.value.field == "createdAt"
    assert caught.value.body == body
    assert Logto(KEY).verify(body, {HEADER: _hex(KEY, body)}).occurred_at is None


@pytest.mark.parametrize("tolerance", [-1, float("inf"), "300", True])
def test_a_bad_tolerance_is_refused(tolerance: object) -> None:
    with pytest.raises(ConfigurationError):
        Logto(KEY, tolerance=tolerance)  # type: ignore[arg-type]


def test_a_bad_clock_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        Logto(KEY, tolerance=300, clock=1_767_225_600)  # type: ignore[arg-type]
