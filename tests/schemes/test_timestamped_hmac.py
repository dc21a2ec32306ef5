"""TimestampedHmac: ``t=<ts>,v1=<sig>`` over ``f"{t}.{body}"``, and its variants (WorkOS
milliseconds with ``", "``, Zitadel's one-sided tolerance, a separate timestamp header)."""

from __future__ import annotations

import base64
import hmac
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    TimestampError,
    VerificationError,
)
from authhooks._secrets import SecretFormatWarning
from authhooks.schemes import TimestampedHmac
from authhooks.schemes.timestamped_hmac import MAX_PARTS, MAX_SIGNATURES
from authhooks.webhook import Webhook

from .conftest import (
    NOW,
    TRICKY_VALUES,
    FrozenClock,
    flip_byte,
    flip_char,
    header_dicts,
    hmac_hex,
    mutated_headers,
    only_authhooks_errors,
    receive,
)

SECRET = "whk-timestamped-0123456789"
HEADER = "X-Signature"
BODY = b'{"type":"user.created","id":"evt_42"}'


def _sig(stamp: str, body: bytes = BODY, secret: str = SECRET) -> str:
    return hmac_hex(secret.encode(), stamp.encode() + b"." + body)


def _header(stamp: str = str(NOW), *sigs: str, sep: str = ",") -> str:
    return sep.join([f"t={stamp}", *(f"v1={sig}" for sig in (sigs or (_sig(stamp),)))])


def _scheme(clock: FrozenClock, **options: object) -> TimestampedHmac:
    return TimestampedHmac(SECRET, **{"header": HEADER, "clock": clock, **options})  # type: ignore[arg-type]


def _verify(scheme: TimestampedHmac, body: bytes, headers: dict[str, object]) -> None:
    Webhook(scheme, type_field=None).verify(body, headers)  # type: ignore[arg-type]


# -- round trips and known vectors -----------------------------------------------------------


def test_known_vector(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    request = scheme.sign(BODY)
    assert request.headers[HEADER] == f"t={NOW},v1={_sig(str(NOW))}"
    event = receive(scheme, request)
    assert (event.type, event.id) == ("user.created", "evt_42")
    assert scheme.authenticate(BODY, request.headers).signed_at == NOW


def test_workos_form(clock: FrozenClock) -> None:
    """WorkOS: milliseconds, ``", "`` between parts."""
    clock.value = NOW + 0.5
    scheme = _scheme(clock, header="WorkOS-Signature", timestamp_unit="ms", separator=", ")
    stamp = str(NOW * 1000 + 500)
    expected = f"t={stamp}, v1={_sig(stamp)}"
    request = scheme.sign(BODY)
    assert request.headers["WorkOS-Signature"] == expected
    receive(scheme, request)
    verified = scheme.authenticate(BODY, {"workos-signature": expected})
    assert verified.signed_at == NOW


def test_a_separate_timestamp_header(clock: FrozenClock) -> None:
    scheme = _scheme(clock, timestamp_header="X-Timestamp", prefix="sha256=")
    request = scheme.sign(BODY)
    assert request.headers["X-Timestamp"] == str(NOW)
    assert request.headers[HEADER] == "sha256=" + _sig(str(NOW))
    receive(scheme, request)
    with pytest.raises(MissingHeaderError) as info:
        _verify(scheme, BODY, {HEADER: request.headers[HEADER]})
    assert info.value.header == "X-Timestamp"
    for stamp in ("1 2", "+1", "1_0", "\u0661", "1.0", str(NOW) + "x"):
        with pytest.raises(InvalidHeaderError):
            _verify(scheme, BODY, {**request.headers, "X-Timestamp": stamp})
    with pytest.raises(InvalidSignatureError):
        _verify(scheme, BODY, {**request.headers, "X-Timestamp": str(NOW + 1)})
    with pytest.raises(InvalidHeaderError):
        _verify(scheme, BODY, {**request.headers, HEADER: _sig(str(NOW))})


@pytest.mark.parametrize(
    ("encoding", "algorithm"),
    [("base64", "sha256"), ("base64url", "sha384"), ("hex", "sha512")],
)
def test_other_encodings_and_algorithms(clock: FrozenClock, encoding: str, algorithm: str) -> None:
    scheme = _scheme(clock, encoding=encoding, algorithm=algorithm)
    request = scheme.sign(BODY)
    receive(scheme, request)
    digest = request.headers[HEADER].split("v1=", 1)[1]
    raw = hmac.digest(SECRET.encode(), f"{NOW}.".encode() + BODY, algorithm)
    expected = {
        "hex": raw.hex(),
        "base64": base64.b64encode(raw).decode(),
        "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }[encoding]
    assert digest == expected


def test_sign_takes_a_timestamp_and_a_secret(clock: FrozenClock) -> None:
    scheme = TimestampedHmac(["a-secret", "b-secret"], header=HEADER, clock=clock)
    request = scheme.sign(BODY, timestamp=NOW - 10, secret="b-secret")
    stamp = str(NOW - 10)
    assert request.headers[HEADER] == f"t={stamp},v1={_sig(stamp, secret='b-secret')}"
    receive(scheme, request)


# -- rotation --------------------------------------------------------------------------------


def test_several_secrets_and_several_signatures(clock: FrozenClock) -> None:
    scheme = TimestampedHmac(["old-secret", "new-secret"], header=HEADER, clock=clock)
    stamp = str(NOW)
    for secret in ("old-secret", "new-secret"):
        _verify(scheme, BODY, {HEADER: _header(stamp, _sig(stamp, secret=secret))})
    wrong = _sig(stamp, secret="retired")
    good = _sig(stamp, secret="new-secret")
    _verify(scheme, BODY, {HEADER: _header(stamp, wrong, good)})
    _verify(scheme, BODY, {HEADER: _header(stamp, good, wrong, wrong)})
    # Parts with other names are ignored.
    _verify(scheme, BODY, {HEADER: f"t={stamp},v0={wrong},v1={good},x=1"})
    with pytest.raises(InvalidSignatureError):
        _verify(scheme, BODY, {HEADER: _header(stamp, wrong, wrong)})


def test_up_to_the_signature_limit(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    stamp = str(NOW)
    wrong = "0" * 64
    many = [wrong] * (MAX_SIGNATURES - 1) + [_sig(stamp)]
    _verify(scheme, BODY, {HEADER: _header(stamp, *many)})
    with pytest.raises(InvalidHeaderError, match="signatures"):
        _verify(scheme, BODY, {HEADER: _header(stamp, *many, wrong)})


# -- malformed headers -----------------------------------------------------------------------

_S = str(NOW)
_G = _sig(_S)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (None, MissingHeaderError),
        ("", MissingHeaderError),
        ("  ", MissingHeaderError),
        (f"v1={_G}", InvalidHeaderError),  # no t
        (f"t={_S}", InvalidHeaderError),  # no v1
        (f"t={_S},v0={_G}", InvalidHeaderError),
        (f"t={_S},t={_S},v1={_G}", InvalidHeaderError),  # repeated t
        (f"t={_S},v1={_G},t={_S}", InvalidHeaderError),
        (f"t=,v1={_G}", InvalidHeaderError),
        (f"t={_S},v1=", InvalidHeaderError),
        (f"t={_S},=x,v1={_G}", InvalidHeaderError),
        (f"t={_S},v1={_G},", InvalidHeaderError),  # trailing separator
        (f",t={_S},v1={_G}", InvalidHeaderError),
        (f"t={_S},,v1={_G}", InvalidHeaderError),
        (f"t={_S},v1{_G}", InvalidHeaderError),  # a part without "="
        (f"t={_S};v1={_G}", InvalidHeaderError),
        (f"T={_S},v1={_G}", InvalidHeaderError),
        (f"t={_S},V1={_G}", InvalidHeaderError),
        (f"t= {_S},v1={_G}", InvalidHeaderError),
        (f"t=+{_S},v1={_G}", InvalidHeaderError),
        (f"t=-{_S},v1={_G}", InvalidHeaderError),
        (f"t={_S[:4]}_{_S[4:]},v1={_G}", InvalidHeaderError),
        (f"t={_S}.0,v1={_G}", InvalidHeaderError),
        (f"t=\u0661\u0667\u0660\u0660,v1={_G}", InvalidHeaderError),  # Arabic-Indic digits
        (f"t=\uff11\uff17,v1={_G}", InvalidHeaderError),  # fullwidth digits
        (f"t={'1' * 14},v1={_G}", InvalidHeaderError),
        (f"t=0x10,v1={_G}", InvalidHeaderError),
        (f"t={_S}\ud800,v1={_G}", InvalidHeaderError),
        (f"t={_S},v1={_G[:-1]}", InvalidHeaderError),
        (f"t={_S},v1={_G[:-2]}", InvalidHeaderError),
        (f"t={_S},v1={_G}00", InvalidHeaderError),
        (f"t={_S},v1={_G[:-1]}z", InvalidHeaderError),
        (f"t={_S},v1={_G[:-1]}\u0661", InvalidHeaderError),
        (f"t={_S},v1={_G} ", None),  # surrounding spaces of the whole value are ignored
        (f"t={_S},v1={'0' * 64}", InvalidSignatureError),
        (b"t=1,v1=00", InvalidHeaderError),
        (1700000000, InvalidHeaderError),
    ],
)
def test_malformed_headers(
    clock: FrozenClock, value: object, error: type[VerificationError] | None
) -> None:
    scheme = _scheme(clock)
    headers = {} if value is None else {HEADER: value}
    if error is None:
        _verify(scheme, BODY, headers)
        return
    with pytest.raises(error) as info:
        _verify(scheme, BODY, headers)
    assert info.value.header == HEADER
    assert _G not in str(info.value)


def test_too_many_parts(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    filler = ",".join(["x=1"] * (MAX_PARTS - 2))
    _verify(scheme, BODY, {HEADER: f"t={_S},{filler},v1={_G}"})
    with pytest.raises(InvalidHeaderError, match="too many parts"):
        _verify(scheme, BODY, {HEADER: f"t={_S},{filler},x=1,v1={_G}"})


def test_a_malformed_part_fails_even_beside_a_valid_signature(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    with pytest.raises(InvalidHeaderError):
        _verify(scheme, BODY, {HEADER: f"t={_S},v1={_G},v1=zz"})


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_tricky_values_are_rejected(clock: FrozenClock, value: str) -> None:
    scheme = _scheme(clock)
    for header in (value, f"t={value},v1={_G}", f"t={_S},v1={value}"):
        with pytest.raises(VerificationError):
            _verify(scheme, BODY, {HEADER: header})


# -- tampering -------------------------------------------------------------------------------


def test_any_flipped_body_byte_is_rejected(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    headers = scheme.sign(BODY).headers
    for index in range(len(BODY)):
        with pytest.raises(InvalidSignatureError):
            _verify(scheme, flip_byte(BODY, index), headers)


@pytest.mark.parametrize("unit", ["s", "ms"])
def test_any_changed_timestamp_digit_is_rejected(clock: FrozenClock, unit: str) -> None:
    scheme = _scheme(clock, timestamp_unit=unit, tolerance=10**6)
    stamp = str(NOW * (1000 if unit == "ms" else 1))
    signature = _sig(stamp)
    for index in range(len(stamp)):
        changed = flip_char(stamp, index)
        with pytest.raises(InvalidSignatureError):
            _verify(scheme, BODY, {HEADER: _header(changed, signature)})


def test_any_changed_signature_character_is_rejected(clock: FrozenClock) -> None:
    scheme = _scheme(clock, encoding="base64")
    value = scheme.sign(BODY).headers[HEADER]
    start = value.index("v1=") + 3
    for index in range(start, len(value)):
        with pytest.raises(VerificationError):
            _verify(scheme, BODY, {HEADER: flip_char(value, index)})


# -- time ------------------------------------------------------------------------------------


@pytest.mark.parametrize("tolerance", [300, 300.0, timedelta(minutes=5)])
def test_tolerance_both_ways(clock: FrozenClock, tolerance: object) -> None:
    scheme = _scheme(clock, tolerance=tolerance)
    for offset in (-300, -1, 0, 1, 300):
        _verify(scheme, BODY, {HEADER: _header(str(NOW + offset))})
    with pytest.raises(TimestampError) as info:
        _verify(scheme, BODY, {HEADER: _header(str(NOW - 301))})
    assert info.value.skew == 301
    assert info.value.header == HEADER
    with pytest.raises(TimestampError) as info:
        _verify(scheme, BODY, {HEADER: _header(str(NOW + 301))})
    assert info.value.skew == -301


def test_the_clock_moves(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    request = scheme.sign(BODY)
    clock.advance(300.75)  # still second 300
    receive(scheme, request)
    clock.advance(0.25)
    with pytest.raises(TimestampError):
        receive(scheme, request)


def test_tolerance_zero_means_this_very_second(clock: FrozenClock) -> None:
    clock.value = NOW + 0.999
    scheme = _scheme(clock, tolerance=0)
    _verify(scheme, BODY, {HEADER: _header(str(NOW))})
    for offset in (-1, 1):
        with pytest.raises(TimestampError):
            _verify(scheme, BODY, {HEADER: _header(str(NOW + offset))})


def test_one_sided_refuses_only_the_past(clock: FrozenClock) -> None:
    scheme = _scheme(clock, one_sided=True, tolerance=timedelta(seconds=60))
    _verify(scheme, BODY, {HEADER: _header(str(NOW + 86_400 * 365))})
    _verify(scheme, BODY, {HEADER: _header(str(NOW - 60))})
    with pytest.raises(TimestampError, match="too long ago"):
        _verify(scheme, BODY, {HEADER: _header(str(NOW - 61))})


def test_milliseconds(clock: FrozenClock) -> None:
    scheme = _scheme(clock, timestamp_unit="ms", tolerance=timedelta(seconds=300))
    ms = NOW * 1000
    for stamp in (ms - 300_000, ms + 300_000, ms):
        _verify(scheme, BODY, {HEADER: _header(str(stamp))})
    for stamp in (ms - 300_001, ms + 300_001, NOW):  # seconds where ms are expected
        with pytest.raises(TimestampError):
            _verify(scheme, BODY, {HEADER: _header(str(stamp))})


def test_seconds_where_milliseconds_are_expected_and_back(clock: FrozenClock) -> None:
    seconds = _scheme(clock)
    with pytest.raises(InvalidHeaderError, match="milliseconds"):  # 13 digits: out of range
        _verify(seconds, BODY, {HEADER: _header(str(NOW * 1000))})


def test_optional_whitespace_around_members_only(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    _verify(scheme, BODY, {HEADER: f"t={_S}, v1={_G}"})  # RFC 9110 list whitespace
    _verify(scheme, BODY, {HEADER: f"t={_S} ,\tv1={_G}"})
    for value in (f"t= {_S},v1={_G}", f"t ={_S},v1={_G}", f"t={_S},v1 ={_G}"):
        with pytest.raises(InvalidHeaderError):
            _verify(scheme, BODY, {HEADER: value})


@pytest.mark.parametrize(
    "now",
    [
        datetime.fromtimestamp(NOW, tz=timezone.utc),
        datetime.fromtimestamp(NOW, tz=timezone(timedelta(hours=-7))),
        datetime.fromtimestamp(NOW, tz=timezone.utc).replace(tzinfo=None),  # naive: UTC
        NOW,
        float(NOW),
    ],
)
def test_clocks_may_give_datetimes_or_seconds(now: object) -> None:
    scheme = _scheme(lambda: now)  # type: ignore[arg-type]
    _verify(scheme, BODY, {HEADER: _header()})


@pytest.mark.parametrize("now", ["1700000000", None, float("nan"), float("inf"), True, 10**400])
def test_a_clock_giving_something_else_is_a_configuration_error(now: object) -> None:
    scheme = _scheme(lambda: now)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="clock"):
        _verify(scheme, BODY, {HEADER: _header()})


def test_check_time_false_verifies_a_stored_request(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    stamp, signatures = scheme.parse(_header(str(NOW - 10**6)))
    verified = scheme.check(BODY, stamp, signatures, check_time=False)
    assert verified.signed_at == NOW - 10**6
    with pytest.raises(TimestampError):
        scheme.check(BODY, stamp, signatures)


# -- attributes and construction -------------------------------------------------------------


def test_attributes(clock: FrozenClock) -> None:
    scheme = _scheme(clock, timestamp_header="X-Timestamp")
    assert (scheme.covers_body, scheme.may_block) == (True, False)
    assert scheme.credential_headers == (HEADER,)
    assert SECRET not in repr(scheme)


@pytest.mark.parametrize(
    "options",
    [
        {"tolerance": -1},
        {"tolerance": float("nan")},
        {"tolerance": float("inf")},
        {"tolerance": 10**400},
        {"tolerance": timedelta(seconds=-1)},
        {"tolerance": "300"},
        {"tolerance": True},
        {"tolerance": None},
        {"clock": 1700000000},
        {"timestamp_unit": "us"},
        {"timestamp_unit": "S"},
        {"separator": ":"},
        {"separator": ",,"},
        {"prefix": "sha256="},  # only with timestamp_header
        {"timestamp_header": "X Timestamp"},
        {"timestamp_header": "X-Timestamp", "prefix": " sha256="},
        {"encoding": "base32"},
        {"algorithm": "sha1"},
        {"header": "X Sig"},
    ],
)
def test_bad_options_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        TimestampedHmac(SECRET, **{"header": HEADER, **options})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "secret", ["", [], None, 3, f"{SECRET} ", f"\n{SECRET}", f'"{SECRET}"', [SECRET, " "]]
)
def test_paste_mistakes_are_refused(secret: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        TimestampedHmac(secret, header=HEADER)  # type: ignore[arg-type]
    assert SECRET not in str(info.value)


def test_a_standard_webhooks_secret_is_warned_about() -> None:
    with pytest.warns(SecretFormatWarning, match="whsec_") as record:
        TimestampedHmac("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", header=HEADER)
    assert "MfKQ9r8" not in str(record[0].message)
    assert record[0].filename == __file__


# -- only authhooks errors -------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(headers=header_dicts([HEADER, "X-Timestamp"]), body=st.binary(max_size=64))
@pytest.mark.parametrize("variant", ["plain", "workos", "timestamp_header"])
def test_arbitrary_requests_raise_only_authhooks_errors(
    variant: str, headers: dict[object, object], body: bytes
) -> None:
    options: dict[str, object] = {
        "plain": {},
        "workos": {"timestamp_unit": "ms", "separator": ", ", "encoding": "base64"},
        "timestamp_header": {"timestamp_header": "X-Timestamp", "prefix": "v1="},
    }[variant]
    scheme = _scheme(FrozenClock(), **options)
    only_authhooks_errors(scheme, body, headers)


@settings(max_examples=150, deadline=None)
@given(
    stamp=st.text(alphabet="0123456789 +-_.\u0661\uff11", max_size=16),
    sigs=st.lists(st.text(alphabet="0123456789abcdefABCDEF=+/ ", max_size=70), max_size=3),
)
def test_near_valid_headers_raise_only_authhooks_errors(stamp: str, sigs: list[str]) -> None:
    scheme = _scheme(FrozenClock())
    only_authhooks_errors(scheme, BODY, {HEADER: ",".join([f"t={stamp}", *sigs])})


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_one_arbitrary_header_value_raises_only_authhooks_errors(data: st.DataObject) -> None:
    scheme = _scheme(FrozenClock(), timestamp_header="X-Timestamp")
    request = scheme.sign(BODY)
    only_authhooks_errors(scheme, request.body, data.draw(mutated_headers(request)))
