"""BodyHmac: an HMAC of the raw body in one header (hex, base64 or base64url)."""

from __future__ import annotations

import base64
import hashlib
import hmac
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
from authhooks.schemes import BodyHmac
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

SECRET = "logto-signing-key-0123456789"
HEADER = "X-Body-Signature"
BODY = b'{"type":"User.Created","id":"evt_9","data":{"email":"a@example.com"}}'


def _mac(body: bytes = BODY, secret: str = SECRET, digest: str = "sha256") -> bytes:
    return hmac.new(secret.encode(), body, getattr(hashlib, digest)).digest()


def _verify(scheme: BodyHmac, body: bytes, headers: dict[str, object]) -> None:
    Webhook(scheme, type_field=None).verify(body, headers)  # type: ignore[arg-type]


# -- round trips and known vectors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix", "algorithm", "expected"),
    [
        ("hex", "", "sha256", _mac().hex()),
        ("hex", "sha256=", "sha256", "sha256=" + _mac().hex()),
        ("base64", "", "sha256", base64.b64encode(_mac()).decode()),
        ("base64url", "", "sha256", base64.urlsafe_b64encode(_mac()).decode().rstrip("=")),
        ("hex", "", "sha384", _mac(digest="sha384").hex()),
        ("base64", "v1=", "sha512", "v1=" + base64.b64encode(_mac(digest="sha512")).decode()),
    ],
)
def test_known_vectors_and_round_trip(
    encoding: str, prefix: str, algorithm: str, expected: str
) -> None:
    scheme = BodyHmac(
        SECRET,
        header=HEADER,
        encoding=encoding,  # type: ignore[arg-type]
        prefix=prefix,
        algorithm=algorithm,
    )
    request = scheme.sign(BODY)
    assert request.body == BODY
    assert request.headers[HEADER] == expected
    event = receive(scheme, request)
    assert (event.type, event.id) == ("User.Created", "evt_9")


def test_hex_digits_in_either_case() -> None:
    scheme = BodyHmac(SECRET, header=HEADER)
    _verify(scheme, BODY, {HEADER: _mac().hex().upper()})
    _verify(scheme, BODY, {HEADER.lower(): _mac().hex()})


def test_surrounding_spaces_of_the_header_value_are_ignored() -> None:
    scheme = BodyHmac(SECRET, header=HEADER)
    _verify(scheme, BODY, {HEADER: f"  {_mac().hex()}\t"})


def test_bytes_secrets_are_used_as_they_are() -> None:
    key = bytes(range(32))
    scheme = BodyHmac(key, header=HEADER)
    _verify(scheme, BODY, {HEADER: hmac.new(key, BODY, hashlib.sha256).hexdigest()})


# -- rotation --------------------------------------------------------------------------------


def test_every_configured_secret_is_accepted() -> None:
    scheme = BodyHmac(["old-secret", "new-secret"], header=HEADER)
    for secret in ("old-secret", "new-secret"):
        _verify(scheme, BODY, {HEADER: _mac(secret=secret).hex()})
        assert scheme.sign(BODY, secret=secret).headers[HEADER] == _mac(secret=secret).hex()
    with pytest.raises(InvalidSignatureError):
        _verify(scheme, BODY, {HEADER: _mac(secret="other").hex()})


# -- malformed headers -----------------------------------------------------------------------

_GOOD_HEX = _mac().hex()
_GOOD_B64 = base64.b64encode(_mac()).decode()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (None, MissingHeaderError),
        ("", MissingHeaderError),
        (" ", MissingHeaderError),
        ("SHA256=" + _GOOD_HEX, InvalidHeaderError),  # the prefix is case-sensitive
        ("sha256:" + _GOOD_HEX, InvalidHeaderError),
        (_GOOD_HEX, InvalidHeaderError),  # no prefix
        ("sha256=", InvalidHeaderError),
        ("sha256= " + _GOOD_HEX, InvalidHeaderError),
        ("sha256=" + _GOOD_HEX[:-1], InvalidHeaderError),  # odd length
        ("sha256=" + _GOOD_HEX[:-2], InvalidHeaderError),  # 31 bytes
        ("sha256=" + _GOOD_HEX + "00", InvalidHeaderError),  # 33 bytes
        ("sha256=" + _mac(digest="sha512").hex(), InvalidHeaderError),
        ("sha256=" + _GOOD_HEX[:-1] + "g", InvalidHeaderError),
        ("sha256=" + _GOOD_HEX[:-1] + "\u0661", InvalidHeaderError),  # Arabic-Indic digit
        ("sha256=" + _GOOD_HEX[:-1] + "\uff11", InvalidHeaderError),  # fullwidth digit
        ("sha256=" + _GOOD_HEX[:-1] + "\ud800", InvalidHeaderError),
        ("sha256=" + _GOOD_HEX + "," + _GOOD_HEX, InvalidHeaderError),
        ("sha256=" + _GOOD_HEX + " " + _GOOD_HEX, InvalidHeaderError),
        ("sha256=" + _GOOD_HEX[:32] + " " + _GOOD_HEX[32:], InvalidHeaderError),
        ("sha256=" + _GOOD_B64, InvalidHeaderError),
        ("sha256=0x" + _GOOD_HEX[2:], InvalidHeaderError),
        ("sha256=" + "0" * 64, InvalidSignatureError),
        (b"sha256=" + _GOOD_HEX.encode(), InvalidHeaderError),
        (64, InvalidHeaderError),
    ],
)
def test_malformed_hex_headers(value: object, error: type[VerificationError]) -> None:
    scheme = BodyHmac(SECRET, header=HEADER, prefix="sha256=")
    _verify(scheme, BODY, {HEADER: "sha256=" + _GOOD_HEX})
    with pytest.raises(error) as info:
        _verify(scheme, BODY, {HEADER: value} if value is not None else {})
    assert info.value.header == HEADER


@pytest.mark.parametrize(
    "value",
    [
        _GOOD_B64.rstrip("="),  # padding left out
        _GOOD_B64 + "=",
        _GOOD_B64[:-2] + chr(ord(_GOOD_B64[-2]) ^ 1) + "=",  # unused bits set
        _GOOD_B64.replace("=", "%3D"),
        " ".join(_GOOD_B64),
        base64.urlsafe_b64encode(_mac(b"x")).decode(),
        base64.b64encode(_mac()[:20]).decode(),  # a SHA-1 sized digest
        base64.b64encode(_mac(digest="sha384")).decode(),
        _GOOD_B64 + _GOOD_B64,
        _GOOD_HEX,
    ],
)
def test_malformed_base64_headers(value: str) -> None:
    scheme = BodyHmac(SECRET, header=HEADER, encoding="base64")
    _verify(scheme, BODY, {HEADER: _GOOD_B64})
    with pytest.raises(VerificationError):
        _verify(scheme, BODY, {HEADER: value})


def test_base64_with_unused_bits_set_is_not_the_same_signature() -> None:
    """A canonical base64 decoder is what stops signature malleability."""
    mac = _mac()
    good = base64.b64encode(mac).decode()
    assert good.endswith("=")
    other = good[:-2] + chr(ord(good[-2]) + 1) + "="
    assert base64.b64decode(other) == mac
    scheme = BodyHmac(SECRET, header=HEADER, encoding="base64")
    with pytest.raises(InvalidHeaderError):
        _verify(scheme, BODY, {HEADER: other})


@pytest.mark.parametrize(
    "value",
    [
        base64.urlsafe_b64encode(_mac()).decode(),  # padded
        base64.b64encode(_mac()).decode().rstrip("=").replace("-", "+").replace("_", "/") + "+/",
        base64.urlsafe_b64encode(_mac()).decode().rstrip("=")[:-1],
    ],
)
def test_malformed_base64url_headers(value: str) -> None:
    scheme = BodyHmac(SECRET, header=HEADER, encoding="base64url")
    with pytest.raises(InvalidHeaderError):
        _verify(scheme, BODY, {HEADER: value})


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_tricky_values_are_rejected(value: str) -> None:
    for encoding in ("hex", "base64", "base64url"):
        scheme = BodyHmac(SECRET, header=HEADER, encoding=encoding)  # type: ignore[arg-type]
        with pytest.raises(VerificationError):
            _verify(scheme, BODY, {HEADER: value})


# -- tampering -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["hex", "base64", "base64url"])
def test_any_flipped_body_byte_is_rejected(encoding: str) -> None:
    scheme = BodyHmac(SECRET, header=HEADER, encoding=encoding)  # type: ignore[arg-type]
    request = scheme.sign(BODY)
    assert scheme.covers_body
    for index in range(len(BODY)):
        with pytest.raises(InvalidSignatureError):
            _verify(scheme, flip_byte(BODY, index), request.headers)
    for extra in (b" ", b"\n", b"{}"):
        with pytest.raises(InvalidSignatureError):
            _verify(scheme, BODY + extra, request.headers)


@pytest.mark.parametrize("encoding", ["hex", "base64", "base64url"])
def test_any_changed_signature_character_is_rejected(encoding: str) -> None:
    scheme = BodyHmac(SECRET, header=HEADER, encoding=encoding, prefix="s=")  # type: ignore[arg-type]
    value = scheme.sign(BODY).headers[HEADER]
    for index in range(len(value)):
        with pytest.raises(VerificationError):
            _verify(scheme, BODY, {HEADER: flip_char(value, index)})


# -- attributes and construction -------------------------------------------------------------


def test_attributes() -> None:
    scheme = BodyHmac(SECRET, header=HEADER)
    assert (scheme.covers_body, scheme.may_block) == (True, False)
    assert scheme.credential_headers == (HEADER,)
    assert SECRET not in repr(scheme)


@pytest.mark.parametrize(
    "secret",
    [
        "",
        " ",
        [],
        None,
        7,
        f" {SECRET}",
        f"{SECRET}\n",
        f'"{SECRET}"',
        f"'{SECRET}'",
        [SECRET, ""],
        b"",
        b"  ",
    ],
)
def test_paste_mistakes_are_refused(secret: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        BodyHmac(secret, header=HEADER)  # type: ignore[arg-type]
    assert SECRET not in str(info.value)


def test_a_standard_webhooks_secret_is_warned_about() -> None:
    with pytest.warns(SecretFormatWarning, match="whsec_") as record:
        BodyHmac("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", header=HEADER)
    assert "MfKQ9r8" not in str(record[0].message)
    assert record[0].filename == __file__


def test_a_scheme_word_is_warned_about() -> None:
    with pytest.warns(SecretFormatWarning, match="scheme word"):
        BodyHmac(f"Bearer {SECRET}", header=HEADER)


def test_plain_secrets_raise_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        BodyHmac(SECRET, header=HEADER)
        BodyHmac(b"whsec_bytes-are-used-as-they-are", header=HEADER)


@pytest.mark.parametrize(
    "options",
    [
        {"encoding": "HEX"},
        {"encoding": "base32"},
        {"encoding": None},
        {"algorithm": "sha1"},
        {"algorithm": "md5"},
        {"algorithm": "SHA256"},
        {"prefix": " sha256="},
        {"prefix": "sha256= "},
        {"prefix": "sha256\u00e9="},
        {"prefix": None},
        {"header": ""},
        {"header": "X Sig"},
        {"header": "X-Sig:"},
        {"header": b"X-Sig"},
    ],
)
def test_bad_options_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        BodyHmac(SECRET, **{"header": HEADER, **options})  # type: ignore[arg-type]


# -- only authhooks errors -------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(headers=header_dicts([HEADER]), body=st.binary(max_size=64))
@pytest.mark.parametrize("encoding", ["hex", "base64", "base64url"])
def test_arbitrary_requests_raise_only_authhooks_errors(
    encoding: str, headers: dict[object, object], body: bytes
) -> None:
    scheme = BodyHmac(SECRET, header=HEADER, encoding=encoding, prefix="v=")  # type: ignore[arg-type]
    only_authhooks_errors(scheme, body, headers)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_one_arbitrary_header_value_raises_only_authhooks_errors(data: st.DataObject) -> None:
    scheme = BodyHmac(SECRET, header=HEADER)
    request = scheme.sign(BODY)
    only_authhooks_errors(scheme, request.body, data.draw(mutated_headers(request)))


def test_with_header_helper_removes_every_spelling() -> None:
    request = BodyHmac(SECRET, header=HEADER).sign(BODY)
    assert HEADER not in with_header(request, HEADER.upper(), None)
