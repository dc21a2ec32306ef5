"""The JWT scheme's claim checks: ``exp``, ``nbf``, ``iat`` with leeway, ``max_age``, audience,
issuer, required claims, and parity with PyJWT's verdicts."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import jwt
import pytest

from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    TimestampError,
    VerificationError,
    WebhookError,
)
from authhooks.schemes import Jwt

from .conftest import NOW, FrozenClock, hs_token

SECRET = "jwt-claims-secret-4d6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8"
HEADER = "X-Token"
BODY = b"{}"


def _scheme(clock: FrozenClock | None = None, **options: Any) -> Jwt:
    return Jwt(SECRET, **{"algorithms": ["HS256"], "header": HEADER, "clock": clock, **options})


def _check(scheme: Jwt, claims: object) -> dict[str, Any]:
    verified = scheme.authenticate(BODY, {HEADER: hs_token(claims, SECRET)})
    assert verified.claims is not None
    return dict(verified.claims)


# -- time claims -----------------------------------------------------------------------------


@pytest.mark.parametrize("leeway", [30, 30.0, timedelta(seconds=30)])
def test_exp_with_leeway(clock: FrozenClock, leeway: object) -> None:
    scheme = _scheme(clock, leeway=leeway)
    for exp in (NOW + 1, NOW, NOW - 29):
        _check(scheme, {"exp": exp})
    for exp in (NOW - 30, NOW - 10**6):
        with pytest.raises(TimestampError, match="expired") as info:
            _check(scheme, {"exp": exp})
        assert info.value.skew == NOW - exp
        assert info.value.header == HEADER


def test_exp_without_leeway(clock: FrozenClock) -> None:
    scheme = _scheme(clock, leeway=0)
    _check(scheme, {"exp": NOW + 1})
    with pytest.raises(TimestampError):
        _check(scheme, {"exp": NOW})  # expired at that very second, as PyJWT says
    with pytest.raises(TimestampError):
        _check(scheme, {"exp": NOW + 0.9})  # truncated to whole seconds, as PyJWT does


def test_nbf_with_leeway(clock: FrozenClock) -> None:
    scheme = _scheme(clock, leeway=30)
    for nbf in (NOW - 10**6, NOW, NOW + 30):
        _check(scheme, {"nbf": nbf})
    with pytest.raises(TimestampError, match="not valid") as info:
        _check(scheme, {"nbf": NOW + 31})
    assert info.value.skew == -31


def test_iat_in_the_future(clock: FrozenClock) -> None:
    scheme = _scheme(clock, leeway=5)
    _check(scheme, {"iat": NOW + 5})
    _check(scheme, {"iat": NOW - 10**8})  # no max_age: any age
    with pytest.raises(TimestampError, match="ahead of this clock"):
        _check(scheme, {"iat": NOW + 6})


@pytest.mark.parametrize("max_age", [60, timedelta(minutes=1)])
def test_max_age(clock: FrozenClock, max_age: object) -> None:
    scheme = _scheme(clock, leeway=10, max_age=max_age)
    for iat in (NOW, NOW - 60, NOW + 10):  # the leeway bounds the future, max_age the past
        _check(scheme, {"iat": iat})
    with pytest.raises(TimestampError, match="issued 61 s ago, more than max_age"):
        _check(scheme, {"iat": NOW - 61})
    with pytest.raises(VerificationError) as info:
        _check(scheme, {"exp": NOW + 60})
    assert info.value.reason == "missing_claim"


def test_signed_at_is_the_iat(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    for iat, expected in ((NOW, NOW), (NOW - 0.5, NOW - 1), (NOW + 0.9, NOW)):
        token = hs_token({"iat": iat}, SECRET)
        assert scheme.authenticate(BODY, {HEADER: token}).signed_at == int(expected)


@pytest.mark.parametrize("name", ["exp", "nbf", "iat"])
@pytest.mark.parametrize(
    "value", ["1700000000", True, None, [NOW], {"t": NOW}, 10**400, -(10**400)]
)
def test_time_claims_that_are_not_numbers(clock: FrozenClock, name: str, value: object) -> None:
    with pytest.raises(InvalidHeaderError, match=name):
        _check(_scheme(clock), {name: value})


def test_malformed_claims_in_a_body_token(clock: FrozenClock) -> None:
    scheme = _scheme(clock, placement="body", header=None)
    with pytest.raises(VerificationError) as info:
        scheme.authenticate(hs_token({"exp": "soon"}, SECRET).encode(), {})
    assert info.value.reason == "malformed_token"
    assert info.value.header is None


@pytest.mark.parametrize("name", ["sub", "jti"])
@pytest.mark.parametrize("value", [5, None, ["a"], {"a": 1}, True])
def test_sub_and_jti_must_be_strings(clock: FrozenClock, name: str, value: object) -> None:
    with pytest.raises(InvalidHeaderError, match=name):
        _check(_scheme(clock), {name: value})


# -- audience --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "aud", "accepted"),
    [
        (None, None, True),
        (None, "", True),
        (None, [], True),
        (None, "api", False),
        (None, ["api"], False),
        (None, 5, False),
        (None, {"a": 1}, False),
        ("api", "api", True),
        ("api", ["other", "api"], True),
        ("api", "API", False),
        ("api", "other", False),
        ("api", [], False),
        ("api", None, False),
        ("api", 5, False),
        ("api", ["api", 5], False),
        ("api", {"api": True}, False),
        ("api", [["api"]], False),
        (["api", "hooks"], "hooks", True),
        (["api", "hooks"], ["x", "hooks"], True),
        (["api", "hooks"], "x", False),
    ],
)
def test_audience(clock: FrozenClock, configured: object, aud: object, accepted: bool) -> None:
    scheme = _scheme(clock, audience=configured)
    claims = {} if aud is None else {"aud": aud}
    if accepted:
        _check(scheme, claims)
    else:
        with pytest.raises(VerificationError) as info:
            _check(scheme, claims)
        assert info.value.reason == "invalid_audience"


# -- issuer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "iss", "accepted"),
    [
        (None, None, True),
        (None, "anyone", True),
        (None, ["not", "checked"], True),
        ("https://a", "https://a", True),
        ("https://a", "https://A", False),
        ("https://a", "https://a/", False),
        ("https://a", None, False),
        ("https://a", ["https://a"], False),
        ("https://a", {"https://a": 1}, False),
        ("https://a", 5, False),
        ("https://a", True, False),
        ("https://a", [["https://a"]], False),
        ("https://a", {"k": [1, {"z": None}]}, False),
        (["https://a", "https://b"], "https://b", True),
        (["https://a", "https://b"], "https://c", False),
    ],
)
def test_issuer(clock: FrozenClock, configured: object, iss: object, accepted: bool) -> None:
    scheme = _scheme(clock, issuer=configured)
    claims = {} if iss is None else {"iss": iss}
    if accepted:
        _check(scheme, claims)
    else:
        with pytest.raises(VerificationError) as info:
            _check(scheme, claims)
        assert info.value.reason == "invalid_issuer"


# -- required claims -------------------------------------------------------------------------


@pytest.mark.parametrize("require", ["jti", ["jti"], ("jti", "sub"), {"jti"}])
def test_require(clock: FrozenClock, require: object) -> None:
    scheme = _scheme(clock, require=require)
    _check(scheme, {"jti": "j", "sub": "s"})
    with pytest.raises(VerificationError) as info:
        _check(scheme, {"sub": "s"})
    assert info.value.reason == "missing_claim"
    assert "'jti'" in str(info.value)


def test_a_required_claim_may_be_null(clock: FrozenClock) -> None:
    """Present is present (PyJWT says the same); the claim's own check decides its value."""
    _check(_scheme(clock, require="x"), {"x": None})


@pytest.mark.parametrize(
    "options",
    [
        {"audience": []},
        {"audience": ""},
        {"audience": [""]},
        {"audience": 5},
        {"audience": [5]},
        {"issuer": []},
        {"issuer": [None]},
        {"max_age": -1},
        {"max_age": "60"},
    ],
)
def test_bad_claim_options(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        _scheme(**options)


# -- messages --------------------------------------------------------------------------------


def test_messages_are_short_and_name_no_secret(clock: FrozenClock) -> None:
    scheme = _scheme(clock, audience="api")
    with pytest.raises(VerificationError) as info:
        _check(scheme, {"aud": ["x" * 100] * 20})
    message = str(info.value)
    assert len(message) < 500
    assert "and 17 more" in message
    assert SECRET not in message


# -- parity with PyJWT -----------------------------------------------------------------------


def _cases(now: int) -> list[dict[str, Any]]:
    return [
        {},
        {"exp": now + 1000},
        {"exp": now - 1000},
        {"exp": now - 10},
        {"nbf": now + 1000},
        {"nbf": now + 10},
        {"iat": now + 1000},
        {"iat": now - 1000},
        {"iat": now, "exp": now + 60, "nbf": now - 60},
        {"exp": "soon"},
        {"iat": "now"},
        {"nbf": [1]},
        {"aud": "api"},
        {"aud": ["api", "x"]},
        {"aud": "x"},
        {"aud": []},
        {"aud": [1]},
        {"iss": "https://issuer"},
        {"iss": "https://other"},
        {"iss": ["https://issuer"]},
        {"iss": 7},
        {"sub": 5},
        {"jti": 5},
        {"sub": "user", "jti": "j"},
    ]


@pytest.mark.parametrize("audience", [None, "api"])
@pytest.mark.parametrize("issuer", [None, "https://issuer"])
def test_the_same_verdicts_as_pyjwt(audience: str | None, issuer: str | None) -> None:
    now = int(time.time())
    scheme = _scheme(None, audience=audience, issuer=issuer, leeway=30)
    for claims in _cases(now):
        token = hs_token(claims, SECRET)
        try:
            jwt.decode(
                token, SECRET, algorithms=["HS256"], audience=audience, issuer=issuer, leeway=30
            )
        except jwt.PyJWTError:
            theirs = False
        else:
            theirs = True
        try:
            scheme.authenticate(BODY, {HEADER: token})
        except WebhookError:
            ours = False
        else:
            ours = True
        assert ours == theirs, f"{claims}: authhooks {ours}, PyJWT {theirs}"
