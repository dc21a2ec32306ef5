"""StaticSecret: a secret sent as it is in a header (Bearer, Basic, another word, or raw)."""

from __future__ import annotations

import asyncio
import base64
import warnings

import pytest
from hypothesis import given, settings, strategies as st

from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    VerificationError,
)
from authhooks._secrets import SecretFormatWarning
from authhooks.schemes import StaticSecret
from authhooks.webhook import Webhook

from .conftest import (
    TRICKY_VALUES,
    flip_byte,
    flip_char,
    header_dicts,
    mutated_headers,
    only_authhooks_errors,
    receive,
    with_header,
)

SECRET = "s3cr3t-token-value"
BODY = {"type": "user.created", "id": "evt_1"}


def _verify(scheme: StaticSecret, body: bytes, headers: dict[str, object]) -> None:
    Webhook(scheme, type_field=None).verify(body, headers)  # type: ignore[arg-type]


# -- round trips -----------------------------------------------------------------------------


def test_bearer_round_trip() -> None:
    scheme = StaticSecret(SECRET)
    request = scheme.sign(BODY)
    assert request.headers["Authorization"] == f"Bearer {SECRET}"
    event = receive(scheme, request)
    assert (event.type, event.id, event.raw) == ("user.created", "evt_1", BODY)


@pytest.mark.parametrize("word", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_scheme_word_is_case_insensitive(word: str) -> None:
    scheme = StaticSecret(SECRET)
    request = scheme.sign(BODY)
    receive(scheme, request)
    _verify(scheme, request.body, with_header(request, "Authorization", f"{word} {SECRET}"))


def test_basic_round_trip() -> None:
    scheme = StaticSecret("hook-user:pa55:word", auth_scheme="Basic")
    request = scheme.sign(BODY)
    token = base64.b64encode(b"hook-user:pa55:word").decode()
    assert request.headers["Authorization"] == f"Basic {token}"
    assert receive(scheme, request).type == "user.created"


def test_another_word_round_trip() -> None:
    scheme = StaticSecret(SECRET, header="X-Api-Key", auth_scheme="Token")
    request = scheme.sign(BODY)
    assert request.headers["X-Api-Key"] == f"Token {SECRET}"
    receive(scheme, request)


def test_raw_header_round_trip() -> None:
    scheme = StaticSecret(SECRET, header="X-Hook-Secret", auth_scheme=None)
    request = scheme.sign(BODY)
    assert request.headers["X-Hook-Secret"] == SECRET
    receive(scheme, request)
    # Header names are matched case-insensitively.
    _verify(scheme, request.body, {"x-hook-secret": SECRET})


def test_async_round_trip() -> None:
    scheme = StaticSecret(SECRET)
    request = scheme.sign(BODY)
    event = asyncio.run(Webhook(scheme).averify(request.body, request.headers))
    assert event.type == "user.created"


# -- rotation --------------------------------------------------------------------------------


@pytest.mark.parametrize("auth_scheme", ["Bearer", None])
def test_every_configured_secret_is_accepted(auth_scheme: str | None) -> None:
    scheme = StaticSecret(["old-secret", "new-secret", b"bytes-secret"], auth_scheme=auth_scheme)
    for secret in ("old-secret", "new-secret", "bytes-secret"):
        receive(scheme, scheme.sign(BODY, secret=secret))
    with pytest.raises(InvalidSignatureError):
        receive(scheme, scheme.sign(BODY, secret="retired-secret"))


def test_basic_rotation() -> None:
    scheme = StaticSecret(["u:old", "u:new"], auth_scheme="Basic")
    receive(scheme, scheme.sign(BODY, secret="u:old"))
    receive(scheme, scheme.sign(BODY, secret="u:new"))
    with pytest.raises(InvalidSignatureError):
        receive(scheme, scheme.sign(BODY, secret="u:other"))


# -- rejections ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (None, MissingHeaderError),
        ("", MissingHeaderError),
        ("   ", MissingHeaderError),
        ("Bearer", InvalidHeaderError),
        ("Bearer ", InvalidHeaderError),
        ("Bearer    ", InvalidHeaderError),
        (f"Bearer{SECRET}", InvalidHeaderError),
        (f"Basic {SECRET}", InvalidHeaderError),
        (f"Token {SECRET}", InvalidHeaderError),
        (SECRET, InvalidHeaderError),
        (f"Bearer\t{SECRET}", InvalidHeaderError),
        (f"Bearer {SECRET}\n", InvalidHeaderError),
        (f"Bearer {SECRET}\x00", InvalidHeaderError),
        ("Bearer " + "x" * 9000, InvalidHeaderError),
        (f"Bearer {SECRET}x", InvalidSignatureError),
        (f"Bearer {SECRET[:-1]}", InvalidSignatureError),
        (f"Bearer {SECRET.upper()}", InvalidSignatureError),
        (f"Bearer {SECRET} {SECRET}", InvalidSignatureError),
        ("Bearer \ud800", InvalidHeaderError),  # a lone surrogate stands for no bytes
        (f"Bearer {SECRET}\udfff", InvalidHeaderError),
        (b"Bearer s3cr3t-token-value", InvalidHeaderError),
        (12345, InvalidHeaderError),
        (["Bearer", SECRET], InvalidHeaderError),
    ],
)
def test_malformed_or_wrong_header(value: object, error: type[VerificationError]) -> None:
    scheme = StaticSecret(SECRET)
    request = scheme.sign(BODY)
    with pytest.raises(error) as info:
        _verify(scheme, request.body, with_header(request, "Authorization", value))
    assert info.value.header == "Authorization"
    assert SECRET not in str(info.value)


def test_the_header_given_twice_with_different_values() -> None:
    scheme = StaticSecret(SECRET)
    request = scheme.sign(BODY)
    headers = {"Authorization": f"Bearer {SECRET}", "authorization": "Bearer other"}
    with pytest.raises(InvalidHeaderError):
        _verify(scheme, request.body, headers)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [
        "Basic " + base64.b64encode(b"u:other").decode(),
        "Basic dTpwYXNzMQ",  # u:pass1 without its padding
        "Basic dTpwYXNzMQ=",
        "Basic dTpwYXNzMQ===",
        "Basic dTpwYXNzMR==",  # the same bytes with unused bits set
        "Basic dTo_Pj8=",  # u:?>? in the URL-safe alphabet
        "Basic u:pass1",
        "Basic " + base64.b64encode(b"u:pass1").decode().lower(),
    ],
)
def test_basic_credentials_must_be_the_canonical_token(value: str) -> None:
    scheme = StaticSecret(["u:pass1", "u:?>?"], auth_scheme="Basic")
    body = b"{}"
    assert base64.b64decode("dTpwYXNzMR==") == b"u:pass1"
    for canonical in ("dTpwYXNzMQ==", "dTo/Pj8="):
        _verify(scheme, body, {"Authorization": f"Basic {canonical}"})
    with pytest.raises(InvalidSignatureError):
        _verify(scheme, body, {"Authorization": value})


def test_every_single_change_to_the_secret_is_rejected() -> None:
    scheme = StaticSecret(SECRET, header="X-Key", auth_scheme=None)
    for index in range(len(SECRET)):
        with pytest.raises(InvalidSignatureError):
            _verify(scheme, b"{}", {"X-Key": flip_char(SECRET, index)})


def test_the_body_is_not_covered() -> None:
    """Documented: a static secret proves who sent the request, not what they sent."""
    scheme = StaticSecret(SECRET)
    assert scheme.covers_body is False
    assert Webhook(scheme).covers_body is False
    request = scheme.sign(b'{"type":"a"}')
    for index in range(len(request.body)):
        changed = flip_byte(request.body, index)
        assert scheme.authenticate(changed, request.headers).payload == changed


# -- attributes ------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Authorization", "X-Hook-Secret"])
def test_attributes(header: str) -> None:
    scheme = StaticSecret(SECRET, header=header)
    assert (scheme.covers_body, scheme.may_block) == (False, False)
    assert scheme.credential_headers == (header,)
    assert SECRET not in repr(scheme)
    assert SECRET not in repr(scheme.sign(BODY))
    assert SECRET not in repr(Webhook(scheme))


# -- construction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "auth_scheme"),
    [
        ("", "Bearer"),
        ("   ", "Bearer"),
        ([], "Bearer"),
        (None, "Bearer"),
        (42, "Bearer"),
        ([SECRET, 42], "Bearer"),
        ([SECRET, ""], "Bearer"),
        (f" {SECRET}", "Bearer"),
        (f"{SECRET}\n", "Bearer"),
        (f"{SECRET}\r\n", None),
        (f"\t{SECRET}", None),
        (f'"{SECRET}"', "Bearer"),
        (f"'{SECRET}'", None),
        (f"`{SECRET}`", None),
        (f"Bearer {SECRET}", "Bearer"),
        (f"bearer {SECRET}", "Bearer"),
        (f"BEARER {SECRET}", "Bearer"),
        (f"Token {SECRET}", "Token"),
        (f"Basic {SECRET}", "Basic"),
        (f"{SECRET}\nsecond-line", "Bearer"),
        (f"{SECRET}\x00", None),
        (f"{SECRET}\x7fx".encode(), None),
        (f" {SECRET}".encode(), None),
        (f"{SECRET}\n".encode(), "Bearer"),
        ("no-colon", "Basic"),
        (["u:p", "no-colon"], "Basic"),
    ],
)
def test_paste_mistakes_are_refused(secret: object, auth_scheme: str | None) -> None:
    with pytest.raises(ConfigurationError) as info:
        StaticSecret(secret, auth_scheme=auth_scheme)  # type: ignore[arg-type]
    assert SECRET not in str(info.value)
    assert "secret" in str(info.value)


@pytest.mark.parametrize("auth_scheme", [None, "Token", "Basic"])
def test_a_bearer_prefix_where_the_scheme_adds_none_is_warned_about(
    auth_scheme: str | None,
) -> None:
    secret = f"Bearer {SECRET}" if auth_scheme != "Basic" else f"Bearer u:{SECRET}"
    with pytest.warns(SecretFormatWarning, match="scheme word") as record:
        StaticSecret(secret, header="X-Key", auth_scheme=auth_scheme)
    assert SECRET not in str(record[0].message)
    assert record[0].filename == __file__


@pytest.mark.parametrize("auth_scheme", ["Bearer", None])
def test_a_standard_webhooks_secret_is_warned_about(auth_scheme: str | None) -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    with pytest.warns(SecretFormatWarning, match="whsec_") as record:
        scheme = StaticSecret(secret, auth_scheme=auth_scheme)
    assert "MfKQ9r8G" not in str(record[0].message)
    assert record[0].filename == __file__
    receive(scheme, scheme.sign(BODY))  # still used as it is


def test_bytes_secrets_that_a_header_can_hold() -> None:
    scheme = StaticSecret([b"bytes-secret", "t\u00e9xt".encode()], header="X-Key", auth_scheme=None)
    _verify(scheme, b"{}", {"X-Key": "bytes-secret"})
    _verify(scheme, b"{}", {"X-Key": "t\u00e9xt"})
    # Basic credentials are sent base64-encoded: any bytes will do.
    StaticSecret(b"user:\xff\x00", auth_scheme="Basic")


@pytest.mark.parametrize("header", ["Authorization", "authorization", "AUTHORIZATION"])
@pytest.mark.parametrize(
    "value",
    [
        "Basic YWRtaW46c3VwZXJzZWNyZXQ=",  # Okta's guides: the Basic credentials, typed in
        "basic YWRtaW46c3VwZXJzZWNyZXQ=",
        f"Bearer {SECRET}",  # an Auth0 log stream's token with its word typed in
        f"Token {SECRET}",
    ],
)
def test_a_whole_authorization_value_with_its_scheme_word_raises_no_warning(
    header: str, value: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scheme = StaticSecret(value, header=header, auth_scheme=None)
        rotated = StaticSecret(["old-value", value], header=header, auth_scheme=None)
    request = scheme.sign(BODY)
    assert request.headers[header] == value
    for accepting in (scheme, rotated):
        receive(accepting, request)
        # Compared exactly: the word's case and the credentials are the configured ones.
        with pytest.raises(InvalidSignatureError):
            _verify(accepting, request.body, {header: value.swapcase()})
        with pytest.raises(InvalidSignatureError):
            _verify(accepting, request.body, {header: value.split(" ", 1)[1]})


@pytest.mark.parametrize(
    ("header", "auth_scheme"), [("X-Key", None), ("Authorization", "Token"), ("X-Auth", "Basic")]
)
def test_a_scheme_word_is_still_warned_about_elsewhere(header: str, auth_scheme: str) -> None:
    secret = f"Bearer {SECRET}" if auth_scheme != "Basic" else f"Bearer u:{SECRET}"
    with pytest.warns(SecretFormatWarning, match="scheme word"):
        StaticSecret(secret, header=header, auth_scheme=auth_scheme)


def test_a_whole_authorization_value_still_refuses_paste_mistakes() -> None:
    for pasted in (" Basic abc", "Basic abc\n", '"Basic abc"'):
        with pytest.raises(ConfigurationError):
            StaticSecret(pasted, header="Authorization", auth_scheme=None)
    with pytest.warns(SecretFormatWarning, match="whsec_"):
        StaticSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", auth_scheme=None)


def test_a_plain_secret_raises_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        StaticSecret(SECRET)
        StaticSecret("a secret with\ttab and spaces", auth_scheme=None)


@pytest.mark.parametrize("header", ["", " X-Key", "X-Key ", "X Key", "X:Key", "Ünïcode", None, 3])
def test_bad_header_names_are_refused(header: object) -> None:
    with pytest.raises(ConfigurationError):
        StaticSecret(SECRET, header=header)  # type: ignore[arg-type]


@pytest.mark.parametrize("auth_scheme", ["", "Bear er", "Bearer ", "Bé", 5, b"Bearer"])
def test_bad_auth_schemes_are_refused(auth_scheme: object) -> None:
    with pytest.raises(ConfigurationError):
        StaticSecret(SECRET, auth_scheme=auth_scheme)  # type: ignore[arg-type]


# -- only authhooks errors -------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(headers=header_dicts(["Authorization", "X-Key"]), body=st.binary(max_size=64))
@pytest.mark.parametrize("auth_scheme", ["Bearer", "Basic", None])
def test_arbitrary_requests_raise_only_authhooks_errors(
    auth_scheme: str | None, headers: dict[object, object], body: bytes
) -> None:
    scheme = StaticSecret("user:" + SECRET, header="Authorization", auth_scheme=auth_scheme)
    only_authhooks_errors(scheme, body, headers)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_one_arbitrary_header_value_raises_only_authhooks_errors(data: st.DataObject) -> None:
    scheme = StaticSecret(SECRET)
    request = scheme.sign(BODY)
    only_authhooks_errors(scheme, request.body, data.draw(mutated_headers(request)))


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_tricky_values_are_rejected(value: str) -> None:
    scheme = StaticSecret(SECRET)
    with pytest.raises(VerificationError):
        _verify(scheme, b"{}", {"Authorization": value})
    with pytest.raises(VerificationError):
        _verify(scheme, b"{}", {"Authorization": f"Bearer {value}"})


def test_bytes_secrets_match_what_a_server_hands_over() -> None:
    # A byte that is not UTF-8 arrives as latin-1 text from a server, or surrogate-escaped
    # text from code that decoded the bytes itself: both match the configured bytes.
    scheme = StaticSecret(b"\xff\xfe" + SECRET.encode(), header="X-Key", auth_scheme=None)
    body = b"{}"
    for value in ("\xff\xfe" + SECRET, "\udcff\udcfe" + SECRET):
        assert scheme.authenticate(body, {"X-Key": value}).payload == body
    with pytest.raises(InvalidSignatureError):
        scheme.authenticate(body, {"X-Key": "\xfe\xff" + SECRET})


def test_non_ascii_text_secrets_match_utf8_sent_through_a_server() -> None:
    scheme = StaticSecret("pässwörd-0123456789", header="X-Key", auth_scheme=None)
    sent = "pässwörd-0123456789".encode().decode("latin-1")  # how WSGI/ASGI hand it over
    assert scheme.authenticate(b"{}", {"X-Key": sent}).payload == b"{}"
    assert scheme.authenticate(b"{}", {"X-Key": "pässwörd-0123456789"}).payload == b"{}"
