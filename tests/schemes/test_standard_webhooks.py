"""StandardWebhooks: ``webhook-id``/``-timestamp``/``-signature`` (and ``svix-``), HMAC ``v1``
and Ed25519 ``v1a`` signatures, the specification's example, and the behaviours the
reference implementation's own suite checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import warnings
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings, strategies as st

from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    TimestampError,
    VerificationError,
)
from authhooks.schemes import StandardWebhooks
from authhooks.schemes.standard_webhooks import MAX_ID_LENGTH, MAX_SIGNATURES
from authhooks.webhook import Webhook

from .conftest import (
    NOW,
    TRICKY_VALUES,
    FrozenClock,
    flip_byte,
    flip_char,
    header_dicts,
    mutated_headers,
    only_authhooks_errors,
    receive,
    with_header,
)

# The specification's example.
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_SECRET = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_PAYLOAD = b'{"test": 2432232314}'
SPEC_TIME = 1614265330

SECRET = "whsec_" + SPEC_SECRET
BODY = b'{"type":"user.created","data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC"}}'


def _v1(msg_id: str, stamp: int | str, body: bytes, secret: str = SPEC_SECRET) -> str:
    """A ``v1`` signature computed here, from the specification's text alone."""
    key = base64.b64decode(secret)
    mac = hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def _headers(
    msg_id: str = SPEC_ID, stamp: int | str = NOW, signature: str | None = None, prefix: str = ""
) -> dict[str, str]:
    prefix = prefix or "webhook-"
    return {
        f"{prefix}id": msg_id,
        f"{prefix}timestamp": str(stamp),
        f"{prefix}signature": signature or _v1(msg_id, stamp, BODY),
    }


def _scheme(clock: FrozenClock, secret: object = SECRET, **options: object) -> StandardWebhooks:
    return StandardWebhooks(secret, clock=clock, **options)  # type: ignore[arg-type]


def _verify(scheme: StandardWebhooks, body: bytes, headers: dict[str, object]) -> None:
    Webhook(scheme, type_field=None).verify(body, headers)  # type: ignore[arg-type]


def _whsk(key: Ed25519PrivateKey, *, with_public: bool = False) -> str:
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = _raw_public(key)
    return "whsk_" + base64.b64encode(seed + (public if with_public else b"")).decode()


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _whpk(key: Ed25519PrivateKey) -> str:
    return "whpk_" + base64.b64encode(_raw_public(key)).decode()


def _v1a(key: Ed25519PrivateKey, msg_id: str, stamp: int, body: bytes) -> str:
    return "v1a," + base64.b64encode(key.sign(f"{msg_id}.{stamp}.".encode() + body)).decode()


# -- the specification's example -------------------------------------------------------------


def test_the_specification_example() -> None:
    expected = _v1(SPEC_ID, SPEC_TIME, SPEC_PAYLOAD)
    assert expected == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    scheme = _scheme(FrozenClock(SPEC_TIME))
    request = scheme.sign(SPEC_PAYLOAD, msg_id=SPEC_ID, timestamp=SPEC_TIME)
    assert request.body == SPEC_PAYLOAD
    assert request.headers["webhook-signature"] == expected
    assert request.headers["webhook-id"] == SPEC_ID
    assert request.headers["webhook-timestamp"] == str(SPEC_TIME)
    verified = scheme.authenticate(SPEC_PAYLOAD, request.headers)
    assert (verified.delivery_id, verified.signed_at) == (SPEC_ID, SPEC_TIME)
    event = Webhook(scheme, type_field=None).verify(SPEC_PAYLOAD, request.headers)
    assert event.raw == {"test": 2432232314}
    assert event.id == SPEC_ID


# -- the reference implementation's own cases -------------------------------------------------


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header(clock: FrozenClock, missing: str) -> None:
    headers = {k: v for k, v in _headers().items() if k != missing}
    with pytest.raises(MissingHeaderError) as info:
        _verify(_scheme(clock), BODY, headers)  # type: ignore[arg-type]
    assert info.value.header == missing


def test_a_timestamp_that_is_not_a_number(clock: FrozenClock) -> None:
    with pytest.raises(InvalidHeaderError):
        _verify(_scheme(clock), BODY, {**_headers(), "webhook-timestamp": "hello"})


def test_a_wrong_signature(clock: FrozenClock) -> None:
    signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="
    with pytest.raises(InvalidSignatureError):
        _verify(_scheme(clock), BODY, {**_headers(), "webhook-signature": signature})


def test_a_valid_signature_gives_the_document(clock: FrozenClock) -> None:
    event = Webhook(_scheme(clock)).verify(BODY, _headers())
    assert event.type == "user.created"
    assert event.raw["data"]["id"] == "user_29w83sxmDNGwOuEthce5gg56FcC"


@pytest.mark.parametrize("offset", [-301, 301])
def test_timestamps_beyond_the_tolerance_fail(clock: FrozenClock, offset: int) -> None:
    with pytest.raises(TimestampError) as info:
        _verify(_scheme(clock), BODY, _headers(stamp=NOW + offset))
    assert info.value.skew == -offset
    assert info.value.header == "webhook-timestamp"


def test_several_signatures_one_valid(clock: FrozenClock) -> None:
    wrong = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
    valid = _v1(SPEC_ID, NOW, BODY)
    signature = " ".join([f"v1,{wrong}", f"v2,{wrong}", valid, f"v1,{wrong}"])
    _verify(_scheme(clock), BODY, _headers(signature=signature))


@pytest.mark.parametrize("secret", [SPEC_SECRET, "whsec_" + SPEC_SECRET])
def test_the_secret_with_or_without_its_prefix(clock: FrozenClock, secret: str) -> None:
    _verify(_scheme(clock, secret), BODY, _headers())


# -- other secret forms and rotation ---------------------------------------------------------


def test_supabase_secret_form(clock: FrozenClock) -> None:
    _verify(_scheme(clock, "v1,whsec_" + SPEC_SECRET), BODY, _headers())


@pytest.mark.parametrize(
    "secret",
    [
        SPEC_SECRET.rstrip("="),
        base64.b64encode(base64.b64decode(SPEC_SECRET) + b"\x01").decode(),  # padded
        base64.b64encode(base64.b64decode(SPEC_SECRET) + b"\x01").decode().rstrip("="),
    ],
)
def test_secret_padding_is_optional(clock: FrozenClock, secret: str) -> None:
    scheme = _scheme(clock, "whsec_" + secret)
    receive(scheme, scheme.sign(BODY))


def test_url_safe_secrets(clock: FrozenClock) -> None:
    key = bytes(range(250, 256)) * 4
    url = base64.urlsafe_b64encode(key).decode()
    assert "-" in url or "_" in url
    scheme = _scheme(clock, "whsec_" + url)
    signature = _v1(SPEC_ID, NOW, BODY, base64.b64encode(key).decode())
    _verify(scheme, BODY, _headers(signature=signature))


def test_bytes_secrets_are_the_hmac_key(clock: FrozenClock) -> None:
    key = base64.b64decode(SPEC_SECRET)
    _verify(_scheme(clock, key), BODY, _headers())


def test_rotation(clock: FrozenClock) -> None:
    other = base64.b64encode(b"another-key-of-24-bytes!").decode()
    both = _scheme(clock, [SECRET, "whsec_" + other])
    request = both.sign(BODY)
    signatures = request.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2
    # A receiver knowing either key accepts what a sender signing with both sends.
    receive(_scheme(clock, SECRET), request)
    receive(_scheme(clock, "whsec_" + other), request)
    # And one knowing both accepts a sender that still signs with only the old key.
    _verify(both, BODY, _headers(signature=_v1(SPEC_ID, NOW, BODY, other)))
    stranger = _scheme(clock, "whsec_" + base64.b64encode(b"x" * 24).decode())
    with pytest.raises(InvalidSignatureError):
        _verify(stranger, BODY, request.headers)  # type: ignore[arg-type]


def test_svix_prefix(clock: FrozenClock) -> None:
    scheme = _scheme(clock, header_prefix="svix-")
    request = scheme.sign(BODY, msg_id=SPEC_ID)
    assert set(request.headers) >= {"svix-id", "svix-timestamp", "svix-signature"}
    receive(scheme, request)
    assert scheme.credential_headers == ("svix-signature",)
    with pytest.raises(MissingHeaderError):
        _verify(scheme, BODY, _headers())  # webhook- headers are not svix- headers
    _verify(scheme, BODY, _headers(prefix="svix-"))


# -- both prefixes: a sender whose prefix is not known ----------------------------------------

BOTH = ("svix-", "webhook-")


@pytest.mark.parametrize("prefix", ["svix-", "webhook-"])
def test_both_prefixes_accept_either_set(clock: FrozenClock, prefix: str) -> None:
    scheme = _scheme(clock, header_prefix=BOTH)
    verified = scheme.authenticate(BODY, _headers(prefix=prefix))
    assert (verified.delivery_id, verified.signed_at) == (SPEC_ID, NOW)
    _verify(scheme, BODY, {k.upper(): v for k, v in _headers(prefix=prefix).items()})


@pytest.mark.parametrize("order", [BOTH, BOTH[::-1], list(BOTH)])
def test_both_prefixes_sign_with_the_first(clock: FrozenClock, order: tuple[str, ...]) -> None:
    scheme = _scheme(clock, header_prefix=order)
    request = scheme.sign(BODY, msg_id=SPEC_ID)
    first = order[0]
    assert {name for name in request.headers if name != "Content-Type"} == {
        f"{first}id",
        f"{first}timestamp",
        f"{first}signature",
    }
    assert request.headers[f"{first}signature"] == _v1(SPEC_ID, NOW, BODY)
    assert scheme.header_prefix == first
    assert scheme.header_prefixes == tuple(order)
    assert scheme.credential_headers == tuple(f"{p}signature" for p in order)
    assert repr(tuple(order)) in repr(scheme)
    receive(scheme, request)


@pytest.mark.parametrize(
    "mixed",
    [
        {
            "svix-id": SPEC_ID,
            "webhook-timestamp": str(NOW),
            "webhook-signature": _v1(SPEC_ID, NOW, BODY),
        },
        {
            "webhook-id": SPEC_ID,
            "svix-timestamp": str(NOW),
            "webhook-signature": _v1(SPEC_ID, NOW, BODY),
        },
        {
            "webhook-id": SPEC_ID,
            "webhook-timestamp": str(NOW),
            "svix-signature": _v1(SPEC_ID, NOW, BODY),
        },
        {
            "svix-id": SPEC_ID,
            "svix-timestamp": str(NOW),
            "webhook-signature": _v1(SPEC_ID, NOW, BODY),
        },
    ],
)
def test_both_prefixes_never_mix_the_sets(clock: FrozenClock, mixed: dict[str, str]) -> None:
    """Any svix- header makes it the svix- set, which then lacks one of its headers."""
    with pytest.raises(MissingHeaderError) as info:
        _verify(_scheme(clock, header_prefix=BOTH), BODY, mixed)  # type: ignore[arg-type]
    assert str(info.value.header).startswith("svix-")


@pytest.mark.parametrize("value", ["x", "", " "])
@pytest.mark.parametrize("stray", ["svix-id", "svix-timestamp", "svix-signature"])
def test_both_prefixes_a_stray_first_prefix_header_decides(
    clock: FrozenClock, stray: str, value: str
) -> None:
    """A complete, valid webhook- set next to one svix- header, even empty, is read as the
    svix- set."""
    headers = {**_headers(prefix="webhook-"), stray: value}
    with pytest.raises(MissingHeaderError):
        _verify(_scheme(clock, header_prefix=BOTH), BODY, headers)
    # The other way round, a stray header of the second prefix is never looked at.
    headers = {**_headers(prefix="svix-"), stray.replace("svix-", "webhook-"): value}
    _verify(_scheme(clock, header_prefix=BOTH), BODY, headers)


def test_both_prefixes_without_any_header_name_the_first(clock: FrozenClock) -> None:
    for order in (BOTH, BOTH[::-1]):
        with pytest.raises(MissingHeaderError) as info:
            _verify(_scheme(clock, header_prefix=order), BODY, {"content-type": "text/plain"})
        assert info.value.header == f"{order[0]}id"


def test_both_prefixes_errors_name_the_headers_read(clock: FrozenClock) -> None:
    scheme = _scheme(clock, header_prefix=BOTH)
    with pytest.raises(InvalidHeaderError) as bad_stamp:
        _verify(scheme, BODY, {**_headers(), "webhook-timestamp": "soon"})
    assert bad_stamp.value.header == "webhook-timestamp"
    with pytest.raises(InvalidSignatureError) as bad_signature:
        _verify(scheme, BODY + b" ", _headers())
    assert bad_signature.value.header == "webhook-signature"
    with pytest.raises(TimestampError) as stale:
        _verify(scheme, BODY, _headers(stamp=NOW - 301))
    assert stale.value.header == "webhook-timestamp"
    with pytest.raises(InvalidHeaderError) as bad_id:
        _verify(scheme, BODY, _headers(msg_id="a.b"))
    assert bad_id.value.header == "webhook-id"


def test_both_prefixes_refuse_a_duplicated_header(clock: FrozenClock) -> None:
    headers = {**_headers(prefix="webhook-"), "svix-id": "msg_1", "SVIX-ID": "msg_2"}
    with pytest.raises(InvalidHeaderError):
        _verify(_scheme(clock, header_prefix=BOTH), BODY, headers)


@pytest.mark.parametrize(
    "prefixes",
    [(), [], ("svix-", "svix-"), ("svix-", "x-webhook-"), ("svix-", None), None, 5, [["svix-"]]],
)
def test_bad_prefix_lists_are_refused(prefixes: object) -> None:
    with pytest.raises(ConfigurationError):
        StandardWebhooks(SECRET, header_prefix=prefixes)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    headers=header_dicts([f"{p}{f}" for p in BOTH for f in ("id", "timestamp", "signature")]),
    body=st.binary(max_size=64),
)
def test_both_prefixes_arbitrary_requests_raise_only_authhooks_errors(
    headers: dict[object, object], body: bytes
) -> None:
    only_authhooks_errors(_scheme(FrozenClock(), header_prefix=BOTH), body, headers)


def test_sign_uses_the_clock_and_a_fresh_id(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    first, second = scheme.sign(BODY), scheme.sign(BODY)
    assert first.headers["webhook-timestamp"] == str(NOW)
    assert first.headers["webhook-id"].startswith("msg_")
    assert first.headers["webhook-id"] != second.headers["webhook-id"]


# -- Ed25519 (v1a) ---------------------------------------------------------------------------


@pytest.mark.parametrize("with_public", [False, True])
def test_ed25519_round_trip(clock: FrozenClock, with_public: bool) -> None:
    key = Ed25519PrivateKey.generate()
    sender = _scheme(clock, _whsk(key, with_public=with_public))
    request = sender.sign(BODY, msg_id=SPEC_ID)
    assert request.headers["webhook-signature"] == _v1a(key, SPEC_ID, NOW, BODY)
    receive(_scheme(clock, _whpk(key)), request)
    receive(sender, request)


def test_ed25519_rejections(clock: FrozenClock) -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    receiver = _scheme(clock, [_whpk(other), _whpk(key)])
    good = _v1a(key, SPEC_ID, NOW, BODY)
    _verify(receiver, BODY, _headers(signature=good))
    for signature in (
        _v1a(key, SPEC_ID, NOW, BODY + b" "),
        _v1a(key, SPEC_ID, NOW + 1, BODY),
        _v1a(Ed25519PrivateKey.generate(), SPEC_ID, NOW, BODY),
        "v1a," + base64.b64encode(bytes(64)).decode(),
        _v1(SPEC_ID, NOW, BODY),  # an HMAC where only public keys are configured
    ):
        with pytest.raises(InvalidSignatureError):
            _verify(receiver, BODY, _headers(signature=signature))
    # An HMAC-only receiver does not take v1a signatures.
    with pytest.raises(InvalidSignatureError):
        _verify(_scheme(clock), BODY, _headers(signature=good))
    # Wrong lengths are malformed.
    for raw in (bytes(63), bytes(65), bytes(32)):
        with pytest.raises(InvalidHeaderError):
            _verify(receiver, BODY, _headers(signature="v1a," + base64.b64encode(raw).decode()))


def test_mixed_hmac_and_ed25519(clock: FrozenClock) -> None:
    key = Ed25519PrivateKey.generate()
    sender = _scheme(clock, [SECRET, _whsk(key)])
    request = sender.sign(BODY)
    assert [s.split(",")[0] for s in request.headers["webhook-signature"].split(" ")] == [
        "v1",
        "v1a",
    ]
    receive(_scheme(clock, SECRET), request)
    receive(_scheme(clock, _whpk(key)), request)


def test_a_public_key_cannot_sign(clock: FrozenClock) -> None:
    with pytest.raises(ConfigurationError, match="cannot sign"):
        _scheme(clock, _whpk(Ed25519PrivateKey.generate())).sign(BODY)


@pytest.mark.parametrize(
    "secret",
    [
        "whpk_" + base64.b64encode(bytes(31)).decode(),
        "whpk_" + base64.b64encode(bytes(33)).decode(),
        "whpk_",
        "whpk_!!!!",
        "whsk_" + base64.b64encode(bytes(48)).decode(),
        "whsk_",
    ],
)
def test_malformed_ed25519_keys_are_refused(secret: str) -> None:
    with pytest.raises(ConfigurationError):
        StandardWebhooks(secret)


def test_a_secret_key_whose_public_half_does_not_match_is_refused() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    seed = base64.b64decode(_whsk(key)[5:])
    secret = "whsk_" + base64.b64encode(seed + _raw_public(other)).decode()
    with pytest.raises(ConfigurationError, match="public half"):
        StandardWebhooks(secret)


# -- malformed headers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "msg_id",
    [
        "msg.1",
        "msg 1",
        "msg_\u00e9",
        "msg_\ud800",
        "msg\t1",
        "x" * (MAX_ID_LENGTH + 1),
        ".",
    ],
)
def test_malformed_message_ids(clock: FrozenClock, msg_id: str) -> None:
    with pytest.raises(InvalidHeaderError) as info:
        _verify(_scheme(clock), BODY, _headers(msg_id=msg_id, signature=_GOOD))
    assert info.value.header == "webhook-id"


def test_the_longest_message_id(clock: FrozenClock) -> None:
    msg_id = "m" * MAX_ID_LENGTH
    _verify(_scheme(clock), BODY, _headers(msg_id=msg_id))


@pytest.mark.parametrize(
    "stamp",
    [
        f"{NOW}.0",
        f"+{NOW}",
        f"-{NOW}",
        f"{str(NOW)[:4]}_{str(NOW)[4:]}",
        "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660",
        "\uff11" * 10,
        "1" * 14,
        f"{NOW}\ud800",
        f"{NOW} 1",
        "1e9",
        "0x6553F100",
    ],
)
def test_malformed_timestamps(clock: FrozenClock, stamp: str) -> None:
    with pytest.raises(InvalidHeaderError) as info:
        _verify(_scheme(clock), BODY, _headers(stamp=stamp, signature=_v1(SPEC_ID, NOW, BODY)))
    assert info.value.header == "webhook-timestamp"


_GOOD = _v1(SPEC_ID, NOW, BODY)
_GOOD_B64 = _GOOD[3:]


@pytest.mark.parametrize(
    "signature",
    [
        "v1",
        ",abc",
        "v1,",
        _GOOD_B64,
        "v1;" + _GOOD_B64,
        "v1=" + _GOOD_B64,
        "v1,!!!!",
        "v1," + _GOOD_B64.rstrip("="),  # padding left out
        "v1," + _GOOD_B64 + "=",
        "v1," + _GOOD_B64[:-2] + chr(ord(_GOOD_B64[-2]) ^ 1) + "=",  # unused bits set
        "v1," + base64.urlsafe_b64encode(b"\xfb" * 32).decode(),
        "v1," + base64.b64encode(bytes(20)).decode(),  # wrong digest length
        "v1," + base64.b64encode(bytes(33)).decode(),
        "v1," + _GOOD_B64 + "," + _GOOD_B64,
        f"{_GOOD}  {_GOOD}",  # two spaces: an empty item
        f"v2\t,x {_GOOD}",  # a tab inside an item
        "v2," + _GOOD_B64,  # only unknown versions
        "v1," + _GOOD_B64[:-1] + "\ud800",
        "v1," + _GOOD_B64[:-2] + "\u0661=",
        " ".join(["v2,x"] * MAX_SIGNATURES + [_GOOD]),  # too many
    ],
)
def test_malformed_signatures(clock: FrozenClock, signature: str) -> None:
    with pytest.raises(InvalidHeaderError) as info:
        _verify(_scheme(clock), BODY, _headers(signature=signature))
    assert info.value.header == "webhook-signature"
    assert _GOOD_B64 not in str(info.value)


def test_surrounding_spaces_are_ignored(clock: FrozenClock) -> None:
    headers = {k: f" {v} " for k, v in _headers().items()}
    _verify(_scheme(clock), BODY, headers)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 1700000000, b"msg_1", ["msg_1"]])
@pytest.mark.parametrize("name", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_header_values_that_are_not_text(clock: FrozenClock, name: str, value: object) -> None:
    headers: dict[str, object] = {**_headers(), name: value}
    with pytest.raises(VerificationError):
        _verify(_scheme(clock), BODY, headers)


@pytest.mark.parametrize("value", TRICKY_VALUES)
@pytest.mark.parametrize("name", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_tricky_values_are_rejected(clock: FrozenClock, name: str, value: str) -> None:
    with pytest.raises(VerificationError):
        _verify(_scheme(clock), BODY, {**_headers(), name: value})


# -- tampering -------------------------------------------------------------------------------


def test_any_flipped_byte_of_what_is_signed_is_rejected(clock: FrozenClock) -> None:
    scheme = _scheme(clock, tolerance=10**7)
    request = scheme.sign(BODY, msg_id=SPEC_ID)
    for index in range(len(BODY)):
        with pytest.raises(InvalidSignatureError):
            _verify(scheme, flip_byte(BODY, index), request.headers)
    for index in range(len(SPEC_ID)):
        with pytest.raises(InvalidSignatureError):
            _verify(scheme, BODY, with_header(request, "webhook-id", flip_char(SPEC_ID, index)))
    stamp = str(NOW)
    for index in range(len(stamp)):
        changed = with_header(request, "webhook-timestamp", flip_char(stamp, index))
        with pytest.raises(InvalidSignatureError):
            _verify(scheme, BODY, changed)
    signature = request.headers["webhook-signature"]
    for index in range(len(signature)):
        changed = with_header(request, "webhook-signature", flip_char(signature, index))
        with pytest.raises(VerificationError):
            _verify(scheme, BODY, changed)


def test_a_signature_moved_between_fields_is_rejected(clock: FrozenClock) -> None:
    """The id may not hold a '.': "a.1" + "2" would sign like "a" + "1" + "2.body"."""
    scheme = _scheme(clock)
    body = b"2." + BODY
    signature = _v1("a", NOW, body)
    with pytest.raises(InvalidHeaderError):
        _verify(scheme, BODY, _headers(msg_id=f"a.{NOW}", stamp=2, signature=signature))


# -- time ------------------------------------------------------------------------------------


@pytest.mark.parametrize("tolerance", [60, 60.0, timedelta(minutes=1)])
def test_tolerance_both_ways(clock: FrozenClock, tolerance: object) -> None:
    scheme = _scheme(clock, tolerance=tolerance)
    for offset in (-60, 0, 60):
        _verify(scheme, BODY, _headers(stamp=NOW + offset))
    for offset in (-61, 61):
        with pytest.raises(TimestampError):
            _verify(scheme, BODY, _headers(stamp=NOW + offset))


def test_tolerance_zero(clock: FrozenClock) -> None:
    clock.value = NOW + 0.5
    scheme = _scheme(clock, tolerance=0)
    _verify(scheme, BODY, _headers())
    with pytest.raises(TimestampError):
        _verify(scheme, BODY, _headers(stamp=NOW - 1))


def test_the_signature_is_checked_before_the_time(clock: FrozenClock) -> None:
    """A forger learns nothing about the clock: a stale forgery is a signature error."""
    with pytest.raises(InvalidSignatureError):
        _verify(_scheme(clock), BODY, _headers(stamp=1, signature=_GOOD))


# -- the signature separator ----------------------------------------------------------------

_OTHER_KEY = base64.b64encode(b"a second key, for rotation").decode()
_WRONG = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="


def _comma(clock: FrozenClock, secret: object = SECRET) -> StandardWebhooks:
    return _scheme(clock, secret, signature_separator=", ")


@pytest.mark.parametrize(
    "signatures",
    [
        [_GOOD],
        [_GOOD, _WRONG],
        [_WRONG, _GOOD],
        [_WRONG, "v2,anything", _GOOD, _WRONG],
        [_v1(SPEC_ID, NOW, BODY, _OTHER_KEY), _GOOD],
    ],
)
def test_comma_space_lists(clock: FrozenClock, signatures: list[str]) -> None:
    """What Supabase Auth sends: one signature per secret, joined with ", "."""
    _verify(_comma(clock), BODY, _headers(signature=", ".join(signatures)))


@pytest.mark.parametrize(
    "signature",
    [
        f"{_GOOD}, {_WRONG}",
        f"{_WRONG}, {_GOOD}",
        f"{_GOOD},{_WRONG}",
    ],
)
def test_the_specification_grammar_refuses_comma_lists(clock: FrozenClock, signature: str) -> None:
    """By default a comma-separated list is malformed, even holding a valid signature."""
    with pytest.raises(InvalidHeaderError) as info:
        _verify(_scheme(clock), BODY, _headers(signature=signature))
    assert info.value.header == "webhook-signature"


@pytest.mark.parametrize(
    "signature",
    [
        f"{_GOOD} {_WRONG}",  # the specification's space
        f"{_WRONG} {_GOOD}",
        f"{_GOOD},{_WRONG}",  # no space
        f"{_GOOD},  {_WRONG}",  # two spaces
        f"{_GOOD} , {_WRONG}",
        f"{_GOOD},\t{_WRONG}",
        f"{_GOOD}, ",  # an empty last item
        f", {_GOOD}",
        f"{_GOOD}, , {_WRONG}",
        f"{_GOOD},",
        f"{_GOOD}, {_WRONG} {_WRONG}",  # mixed separators
        ", ".join(["v2,x"] * MAX_SIGNATURES + [_GOOD]),  # too many
    ],
)
def test_comma_lists_are_read_exactly(clock: FrozenClock, signature: str) -> None:
    with pytest.raises(InvalidHeaderError) as info:
        _verify(_comma(clock), BODY, _headers(signature=signature))
    assert info.value.header == "webhook-signature"
    assert _GOOD_B64 not in str(info.value)


def test_comma_lists_still_check_every_signature(clock: FrozenClock) -> None:
    with pytest.raises(InvalidSignatureError):
        _verify(_comma(clock), BODY, _headers(signature=f"{_WRONG}, {_WRONG}"))
    stranger = _comma(clock, "whsec_" + _OTHER_KEY)
    with pytest.raises(InvalidSignatureError):
        _verify(stranger, BODY, _headers(signature=f"{_GOOD}, {_WRONG}"))


@pytest.mark.parametrize("separator", [" ", ", "])
def test_signing_joins_with_the_separator(clock: FrozenClock, separator: str) -> None:
    scheme = _scheme(clock, [SECRET, "whsec_" + _OTHER_KEY], signature_separator=separator)
    request = scheme.sign(BODY, msg_id=SPEC_ID, timestamp=NOW)
    expected = [_v1(SPEC_ID, NOW, BODY), _v1(SPEC_ID, NOW, BODY, _OTHER_KEY)]
    assert request.headers["webhook-signature"] == separator.join(expected)
    receive(scheme, request)
    # Each secret alone verifies it, with the same separator.
    receive(_scheme(clock, SECRET, signature_separator=separator), request)
    other = " " if separator == ", " else ", "
    with pytest.raises(InvalidHeaderError):
        receive(_scheme(clock, SECRET, signature_separator=other), request)


def test_one_signature_reads_the_same_either_way(clock: FrozenClock) -> None:
    request = _comma(clock).sign(BODY)
    assert ", " not in request.headers["webhook-signature"]
    receive(_scheme(clock), request)
    receive(_comma(clock), _scheme(clock).sign(BODY))


def test_the_separator_is_in_the_repr_only_when_it_is_not_the_default(clock: FrozenClock) -> None:
    assert "separator" not in repr(_scheme(clock))
    assert "signature_separator=', '" in repr(_comma(clock))
    assert _comma(clock).signature_separator == ", "


@pytest.mark.parametrize("separator", ["", ",", ";", "  ", ",  ", " ,", "\t", ", \t", None, 1])
def test_other_separators_are_refused(separator: object) -> None:
    with pytest.raises(ConfigurationError, match="signature_separator"):
        StandardWebhooks(SECRET, signature_separator=separator)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(
    signature=st.lists(
        st.sampled_from(["v1", "v1a", "v2", ""]).flatmap(
            lambda v: st.text(alphabet="ABCDEFabcdef0123456789+/=-_, ", max_size=90).map(
                lambda s: f"{v},{s}"
            )
        ),
        max_size=4,
    ).map(", ".join)
)
def test_near_valid_comma_lists_raise_only_authhooks_errors(signature: str) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    scheme = _scheme(FrozenClock(), [SECRET, _whpk(key)], signature_separator=", ")
    only_authhooks_errors(scheme, BODY, _headers(signature=signature))


# -- attributes and construction -------------------------------------------------------------


def test_attributes(clock: FrozenClock) -> None:
    scheme = _scheme(clock)
    assert (scheme.covers_body, scheme.may_block) == (True, False)
    assert scheme.credential_headers == ("webhook-signature",)
    assert SPEC_SECRET not in repr(scheme)


@pytest.mark.parametrize(
    "secret",
    [
        "",
        [],
        None,
        5,
        [SECRET, 5],
        b"",
        "whsec_",
        "whsec_!!!!",
        "whsec_abcde",  # no base64 text has this length
        "whsec_ab+-cd",  # both alphabets
        f" {SECRET}",
        f"{SECRET}\n",
        f'"{SECRET}"',
        "not base64 at all",
    ],
)
def test_bad_secrets_are_refused(secret: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        StandardWebhooks(secret)  # type: ignore[arg-type]
    assert SPEC_SECRET not in str(info.value)


def test_a_whsec_secret_raises_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        StandardWebhooks(SECRET)


@pytest.mark.parametrize(
    "options",
    [
        {"header_prefix": "x-webhook-"},
        {"header_prefix": "Webhook-"},
        {"tolerance": -1},
        {"tolerance": float("nan")},
        {"tolerance": 10**400},
        {"clock": "now"},
    ],
)
def test_bad_options_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        StandardWebhooks(SECRET, **options)  # type: ignore[arg-type]


# -- only authhooks errors -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    headers=header_dicts(["webhook-id", "webhook-timestamp", "webhook-signature"]),
    body=st.binary(max_size=64),
)
def test_arbitrary_requests_raise_only_authhooks_errors(
    headers: dict[object, object], body: bytes
) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    scheme = _scheme(FrozenClock(), [SECRET, _whpk(key)])
    only_authhooks_errors(scheme, body, headers)


@settings(max_examples=150, deadline=None)
@given(
    signature=st.lists(
        st.sampled_from(["v1", "v1a", "v2", ""]).flatmap(
            lambda v: st.text(alphabet="ABCDEFabcdef0123456789+/=-_,", max_size=90).map(
                lambda s: f"{v},{s}"
            )
        ),
        max_size=4,
    ).map(" ".join)
)
def test_near_valid_signatures_raise_only_authhooks_errors(signature: str) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    scheme = _scheme(FrozenClock(), [SECRET, _whpk(key)])
    only_authhooks_errors(scheme, BODY, _headers(signature=signature))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_one_arbitrary_header_value_raises_only_authhooks_errors(data: st.DataObject) -> None:
    scheme = _scheme(FrozenClock())
    request = scheme.sign(BODY)
    only_authhooks_errors(scheme, request.body, data.draw(mutated_headers(request)))
