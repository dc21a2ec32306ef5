"""WorkOS's signature format: ``WorkOS-Signature: t=<milliseconds>, v1=<hex>`` over
``f"{t}.{body}"``, keyed with the secret's UTF-8 text, ``whsec_`` included."""

from __future__ import annotations

import base64
import hashlib
import hmac
import warnings
from datetime import datetime, timedelta, timezone

import pytest

from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    TimestampError,
    VerificationError,
    WorkOS,
)
from authhooks.providers.workos import UserCreated
from authhooks.schemes import TimestampedHmac

SECRET = "whsec_0FWAiVGkEfGBqqsJH4aNAGBJ4"  # the shape of WorkOS's own example secret
OTHER = "whsec_rotatedSecretForTests01234"
STAMP = "1700000000123"  # 2023-11-14T22:13:20.123Z, in milliseconds
NOW = 1_700_000_000.123
BODY = (
    b'{"event":"user.created","id":"event_01","data":{"object":"user","id":"user_01",'
    b'"email":"todd@example.com"},"created_at":"2023-11-14T22:13:20.123Z"}'
)
# Computed outside Python: printf '%s' "$STAMP.$BODY" | openssl dgst -sha256 -hmac "$SECRET"
VECTOR = "ff648cbc30de1b9b1dfdaf0fd6aaaca69cc8bf7989dfc897c34ff5d3c5f98e5d"


def _hex(key: str | bytes, stamp: str, body: bytes) -> str:
    secret = key.encode() if isinstance(key, str) else key
    return hmac.new(secret, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _receiver(secret: str | list[str] = SECRET, **options: object) -> WorkOS:
    options.setdefault("clock", lambda: NOW)
    return WorkOS(secret, **options)  # type: ignore[arg-type]


def test_the_known_vector_verifies() -> None:
    assert _hex(SECRET, STAMP, BODY) == VECTOR
    event = _receiver().verify(BODY, {"WorkOS-Signature": f"t={STAMP}, v1={VECTOR}"})
    assert isinstance(event, UserCreated)
    assert (event.type, event.id, event.kind) == ("user.created", "event_01", "user.created")
    assert event.data.email == "todd@example.com"


def test_the_scheme_is_a_timestamped_hmac_in_milliseconds() -> None:
    receiver = _receiver()
    assert isinstance(receiver.scheme, TimestampedHmac)
    assert receiver.scheme.header == "WorkOS-Signature"
    assert receiver.scheme.timestamp_unit == "ms"
    assert receiver.covers_body is True
    assert receiver.tolerance == timedelta(seconds=180)


def test_the_signer_writes_what_workos_sends() -> None:
    request = _receiver().scheme.sign(BODY, timestamp=1_700_000_000.123)
    assert request.headers["WorkOS-Signature"] == f"t={STAMP}, v1={VECTOR}"
    assert request.body == BODY


@pytest.mark.parametrize(
    "key",
    [
        "0FWAiVGkEfGBqqsJH4aNAGBJ4",  # the prefix left out
        base64.b64decode("0FWAiVGkEfGBqqsJH4aNAGBJ"),
        SECRET.upper(),
        SECRET + " ",
    ],
    ids=["without whsec_", "base64-decoded (Svix)", "other case", "trailing space"],
)
def test_the_whole_secret_text_is_the_key(key: str | bytes) -> None:
    value = f"t={STAMP}, v1={_hex(key, STAMP, BODY)}"
    with pytest.raises(InvalidSignatureError):
        _receiver().verify(BODY, {"WorkOS-Signature": value})


@pytest.mark.parametrize("secret", [SECRET, [SECRET, OTHER], (OTHER,), "plain-secret-text"])
def test_a_whsec_secret_is_taken_without_a_warning(secret: str | list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        receiver = WorkOS(secret)
    assert "whsec_" not in repr(receiver)
    assert repr(receiver).startswith("WorkOS(secrets=")


@pytest.mark.parametrize("secret", ["", " whsec_x", "whsec_x\n", '"whsec_x"', [], [SECRET, ""]])
def test_paste_mistakes_are_refused_at_construction(secret: str | list[str]) -> None:
    with pytest.raises(ConfigurationError) as caught:
        WorkOS(secret)
    assert "whsec_x" not in str(caught.value)


def test_rotation_accepts_every_configured_secret() -> None:
    receiver = _receiver([OTHER, SECRET])
    for key in (SECRET, OTHER):
        value = f"t={STAMP}, v1={_hex(key, STAMP, BODY)}"
        assert receiver.verify(BODY, {"WorkOS-Signature": value}).id == "event_01"
    with pytest.raises(InvalidSignatureError):
        _receiver(OTHER).verify(BODY, {"WorkOS-Signature": f"t={STAMP}, v1={VECTOR}"})


@pytest.mark.parametrize(
    "value",
    [
        f"t={STAMP}, v1={VECTOR}",  # what WorkOS sends
        f"t={STAMP},v1={VECTOR}",  # the docs' "delimited by a , character"
        f"t={STAMP} ,\tv1={VECTOR}",
        f"  t={STAMP}, v1={VECTOR}  ",
        f"v1={VECTOR}, t={STAMP}",
        f"t={STAMP}, v1={VECTOR.upper()}",
        f"t={STAMP}, v0=abc, v1={VECTOR}",
        f"t={STAMP}, v1={'0' * 64}, v1={VECTOR}",
    ],
)
def test_header_spellings_that_carry_the_same_signature(value: str) -> None:
    for name in ("WorkOS-Signature", "workos-signature", "WORKOS-SIGNATURE"):
        assert _receiver().verify(BODY, {name: value}).id == "event_01"


@pytest.mark.parametrize(
    "value",
    [
        f"t=+{STAMP}, v1={VECTOR}",  # int() would take these, WorkOS's SDK does
        f"t={STAMP[:4]}_{STAMP[4:]}, v1={VECTOR}",
        f"t= {STAMP}, v1={VECTOR}",
        f"t={STAMP}, v1= {VECTOR}",
        f"xx{STAMP}, yyy{VECTOR}",  # WorkOS's SDK slices the prefixes without reading them
        f"t={STAMP}, t={STAMP}, v1={VECTOR}",
        f"t={STAMP}",
        f"v1={VECTOR}",
        f"t={STAMP}, v1={VECTOR[:-2]}",
        f"t={STAMP}, v1={VECTOR}00",
        f"t=\u0661\u0667\u0660\u0660, v1={VECTOR}",
        f"t={STAMP}\u00a0, v1={VECTOR}",
        f"t={STAMP}, v1={VECTOR},",
        f"t=1{'0' * 15}, v1={VECTOR}",
    ],
)
def test_malformed_headers_are_refused_even_beside_a_valid_signature(value: str) -> None:
    with pytest.raises(InvalidHeaderError) as caught:
        _receiver().verify(BODY, {"WorkOS-Signature": value})
    assert VECTOR not in str(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Webhook-Signature": f"t={STAMP}, v1={VECTOR}"}, {"WorkOS-Signature": ""}],
)
def test_a_missing_header_is_named(headers: dict[str, str]) -> None:
    with pytest.raises(MissingHeaderError) as caught:
        _receiver().verify(BODY, headers)
    assert caught.value.header == "WorkOS-Signature"


def test_the_timestamp_is_signed_as_sent() -> None:
    with pytest.raises(InvalidSignatureError):  # the same instant, another spelling
        _receiver().verify(BODY, {"WorkOS-Signature": f"t=0{STAMP}, v1={VECTOR}"})
    value = f"t=0{STAMP}, v1={_hex(SECRET, '0' + STAMP, BODY)}"
    assert _receiver().verify(BODY, {"WorkOS-Signature": value}).id == "event_01"


def _signed_at(ms: int) -> dict[str, str]:
    return {"WorkOS-Signature": f"t={ms}, v1={_hex(SECRET, str(ms), BODY)}"}


@pytest.mark.parametrize(
    ("offset_ms", "accepted"),
    [
        (0, True),
        (-180_000, True),
        (180_000, True),
        (-180_001, False),
        (180_001, False),
        (-3_600_000, False),
        (86_400_000, False),
    ],
)
def test_the_default_window_is_180_s_either_way_in_milliseconds(
    offset_ms: int, accepted: bool
) -> None:
    headers = _signed_at(int(STAMP) + offset_ms)
    if accepted:
        assert _receiver().verify(BODY, headers).id == "event_01"
    else:
        with pytest.raises(TimestampError) as caught:
            _receiver().verify(BODY, headers)
        assert caught.value.skew == pytest.approx(-offset_ms / 1000, abs=0.002)


def test_a_timestamp_in_seconds_is_decades_old() -> None:
    seconds = str(int(NOW))
    headers = {"WorkOS-Signature": f"t={seconds}, v1={_hex(SECRET, seconds, BODY)}"}
    with pytest.raises(TimestampError) as caught:
        _receiver().verify(BODY, headers)
    assert caught.value.skew > 1_600_000_000


@pytest.mark.parametrize("tolerance", [timedelta(minutes=10), 600, 600.0])
def test_the_tolerance_is_configurable(tolerance: timedelta | float) -> None:
    headers = _signed_at(int(STAMP) - 599_000)
    assert _receiver(tolerance=tolerance).verify(BODY, headers).id == "event_01"
    with pytest.raises(TimestampError):
        _receiver(tolerance=60).verify(BODY, headers)


@pytest.mark.parametrize("tolerance", [-1, float("nan"), "180", None])
def test_a_bad_tolerance_is_refused(tolerance: object) -> None:
    with pytest.raises(ConfigurationError):
        WorkOS(SECRET, tolerance=tolerance)  # type: ignore[arg-type]


def test_a_datetime_clock_is_accepted() -> None:
    clock = datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=timezone.utc)
    receiver = WorkOS(SECRET, clock=lambda: clock)
    assert receiver.verify(BODY, {"WorkOS-Signature": f"t={STAMP}, v1={VECTOR}"}).id


def test_failures_are_verification_errors_and_never_show_the_secret() -> None:
    receiver = _receiver()
    for headers in ({}, {"WorkOS-Signature": "garbage"}, _signed_at(1)):
        with pytest.raises(VerificationError) as caught:
            receiver.verify(BODY, headers)
        assert SECRET not in str(caught.value)
        assert SECRET not in repr(caught.value)
