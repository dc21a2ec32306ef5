"""Jwt: the three placements, interoperability with PyJWT both ways, and the attacks on JWS
(algorithm confusion, ``none``, ``kid``, ``crit``, ``b64``, ``jku``/``x5u``/``jwk``, ``typ``)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from hypothesis import given, settings, strategies as st

from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    VerificationError,
)
from authhooks.schemes import Jwt
from authhooks.webhook import Webhook

from .conftest import (
    NOW,
    TRICKY_VALUES,
    FrozenClock,
    b64url,
    flip_byte,
    flip_char,
    header_dicts,
    hs_token,
    only_authhooks_errors,
    public_pem,
    receive,
    segment,
)

SECRET = "jwt-hmac-secret-7c1f0e9a2b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6"
HEADER = "X-Webhook-Token"
BODY = b'{"type":"user.created","id":"evt_7"}'


def _hs(clock: FrozenClock, **options: Any) -> Jwt:
    return Jwt(SECRET, **{"algorithms": ["HS256"], "header": HEADER, "clock": clock, **options})


def _verify(scheme: Jwt, body: bytes, headers: dict[str, object]) -> None:
    Webhook(scheme, type_field=None).verify(body, headers)  # type: ignore[arg-type]


def _claims(**extra: Any) -> dict[str, Any]:
    return {"iat": NOW, "exp": NOW + 300, **extra}


def _unsigned(header: dict[str, Any], claims: dict[str, Any], signature: str = "") -> str:
    return f"{segment(header)}.{segment(claims)}.{signature}"


# -- placements ------------------------------------------------------------------------------


def test_header_placement_round_trip(clock: FrozenClock) -> None:
    scheme = _hs(clock)
    request = scheme.sign(BODY, claims={"jti": "dlv_1"})
    assert request.body == BODY
    event = receive(scheme, request)
    assert (event.type, event.id) == ("user.created", "dlv_1")
    verified = scheme.authenticate(BODY, request.headers)
    assert verified.payload == BODY
    assert verified.claims is not None
    assert verified.claims["exp"] == NOW + 300
    assert (verified.delivery_id, verified.signed_at) == ("dlv_1", NOW)


def test_header_placement_does_not_cover_the_body(clock: FrozenClock) -> None:
    """Documented: a header token proves who sent the request, not what they sent."""
    scheme = _hs(clock)
    assert scheme.covers_body is False
    assert Webhook(scheme).covers_body is False
    request = scheme.sign(BODY)
    for index in range(len(BODY)):
        changed = flip_byte(BODY, index)
        assert scheme.authenticate(changed, request.headers).payload == changed


def test_body_placement_round_trip(clock: FrozenClock) -> None:
    scheme = _hs(clock, placement="body", header=None)
    request = scheme.sign({"type": "user.created", "user": {"id": "u1"}})
    assert request.headers["Content-Type"] == "application/jwt"
    event = receive(scheme, request)
    assert event.type == "user.created"
    assert event.raw["user"] == {"id": "u1"}
    assert event.raw["iat"] == NOW
    assert event.id == event.raw["jti"]
    assert scheme.covers_body is True
    assert scheme.credential_headers == ()
    # Surrounding whitespace (a trailing newline) is not part of the token.
    Webhook(scheme).verify(request.body + b"\r\n", {})


@pytest.mark.parametrize(
    "body", [b'{"type":"x"}', b' [{"type":"x"}]', b"\xff\xfe", "tök.en.x".encode()]
)
def test_body_placement_refuses_what_is_not_a_token(clock: FrozenClock, body: bytes) -> None:
    scheme = _hs(clock, placement="body", header=None)
    with pytest.raises(VerificationError) as info:
        _verify(scheme, body, {"Content-Type": "application/json"})
    assert info.value.reason in ("not_a_token", "malformed_token")


@pytest.mark.parametrize("encode", [base64.b64encode, base64.urlsafe_b64encode])
def test_body_digest_round_trip(clock: FrozenClock, encode: Any) -> None:
    scheme = _hs(clock, placement="body_digest")
    request = scheme.sign(BODY)
    receive(scheme, request)
    assert scheme.covers_body is True
    digest = encode(hashlib.sha256(BODY).digest()).decode()
    for value in (digest, digest.rstrip("=")):
        token = hs_token(_claims(request_body_sha256=value), SECRET)
        _verify(scheme, BODY, {HEADER: token})
    for value in (digest.rstrip("=") + "==", digest + "="):
        token = hs_token(_claims(request_body_sha256=value), SECRET)
        with pytest.raises(InvalidHeaderError):
            _verify(scheme, BODY, {HEADER: token})


def test_a_body_digest_mixing_both_alphabets_is_malformed(clock: FrozenClock) -> None:
    scheme = _hs(clock, placement="body_digest")
    body = next(
        body
        for n in range(10_000)
        if "+" in (text := base64.b64encode(hashlib.sha256(body := b"%d" % n).digest()).decode())
        and "/" in text
    )
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    scheme.authenticate(body, {HEADER: hs_token(_claims(request_body_sha256=digest), SECRET)})
    mixed = digest.replace("+", "-", 1)
    with pytest.raises(InvalidHeaderError):
        scheme.authenticate(body, {HEADER: hs_token(_claims(request_body_sha256=mixed), SECRET)})


def test_body_digest_rejections(clock: FrozenClock) -> None:
    scheme = _hs(clock, placement="body_digest", body_digest_claim="body_sha256")
    request = scheme.sign(BODY)
    for index in range(len(BODY)):
        with pytest.raises(InvalidSignatureError) as info:
            _verify(scheme, flip_byte(BODY, index), request.headers)
        assert info.value.reason == "body_digest_mismatch"
    digest = hashlib.sha256(BODY).digest()
    for claims in (
        _claims(),
        _claims(request_body_sha256=base64.b64encode(digest).decode()),  # another claim name
        _claims(body_sha256=digest.hex()),
        _claims(body_sha256=base64.b64encode(digest[:20]).decode()),
        _claims(body_sha256=base64.b64encode(digest).decode() + "="),
        _claims(body_sha256=list(digest)),
        _claims(body_sha256=None),
    ):
        with pytest.raises(InvalidHeaderError):
            _verify(scheme, BODY, {HEADER: hs_token(claims, SECRET)})


def test_async_round_trip(clock: FrozenClock) -> None:
    scheme = _hs(clock)
    request = scheme.sign(BODY)
    event = asyncio.run(Webhook(scheme).averify(request.body, request.headers))
    assert event.type == "user.created"


# -- PyJWT, the reference signer, both ways ----------------------------------------------------


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_pyjwt_and_authhooks_agree_on_hmac_tokens(algorithm: str) -> None:
    scheme = Jwt(SECRET, algorithms=[algorithm], placement="body")
    claims = {"type": "user.created", "iat": 1, "sub": "u1"}
    token = jwt.encode(claims, SECRET, algorithm=algorithm)
    assert json.loads(scheme.authenticate(token.encode(), {}).payload) == claims
    ours = scheme.sign({"type": "user.created"}).body
    decoded = jwt.decode(ours, SECRET, algorithms=[algorithm])
    assert decoded["type"] == "user.created"
    assert jwt.get_unverified_header(ours)["alg"] == algorithm


@pytest.mark.parametrize(
    "algorithm",
    ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"],
)
def test_pyjwt_and_authhooks_agree_on_asymmetric_tokens(
    algorithm: str,
    rsa_key: rsa.RSAPrivateKey,
    ec_keys: dict[str, ec.EllipticCurvePrivateKey],
    ed_key: ed25519.Ed25519PrivateKey,
) -> None:
    private: Any = {"R": rsa_key, "P": rsa_key, "E": ec_keys.get(algorithm), "Ed": ed_key}[
        "Ed" if algorithm == "EdDSA" else algorithm[0]
    ]
    for placement in ("body", "header"):
        scheme = Jwt(
            public_pem(private),
            algorithms=[algorithm],
            placement=placement,  # type: ignore[arg-type]
            header=None if placement == "body" else HEADER,
        )
        claims = {"type": "user.created", "iat": 1}
        token = jwt.encode(claims, private, algorithm=algorithm, headers={"kid": "k1"})
        if placement == "body":
            assert json.loads(scheme.authenticate(token.encode(), {}).payload) == claims
            ours = scheme.sign({"type": "x"}, signing_key=private).body.decode()
        else:
            scheme.authenticate(BODY, {HEADER: token})
            ours = scheme.sign(BODY, signing_key=private).headers[HEADER]
        assert jwt.decode(ours, private.public_key(), algorithms=[algorithm])["iat"] > 0


# -- tampering -------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["HS256", "RS256", "ES256", "EdDSA"])
def test_any_changed_token_character_is_rejected(
    which: str,
    rsa_key: rsa.RSAPrivateKey,
    ec_keys: dict[str, ec.EllipticCurvePrivateKey],
    ed_key: ed25519.Ed25519PrivateKey,
) -> None:
    private: Any = {"HS256": SECRET, "RS256": rsa_key, "ES256": ec_keys["ES256"], "EdDSA": ed_key}[
        which
    ]
    key = SECRET if which == "HS256" else public_pem(private)
    scheme = Jwt(key, algorithms=[which], placement="body")
    token = jwt.encode({"type": "x", "iat": 1, "data": {"n": 1}}, private, algorithm=which)
    scheme.authenticate(token.encode(), {})
    for index, char in enumerate(token):
        if char == ".":
            continue
        with pytest.raises(VerificationError):
            scheme.authenticate(flip_char(token, index).encode(), {})


# -- algorithms ------------------------------------------------------------------------------


def test_hmac_with_the_public_key_as_secret_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    """The classic confusion: sign HS256 with the RSA public key's PEM as the secret."""
    pem = public_pem(rsa_key)
    scheme = Jwt(pem, algorithms=["RS256"], header=HEADER)
    token = hs_token(_claims(), pem)
    with pytest.raises(InvalidSignatureError) as info:
        scheme.authenticate(BODY, {HEADER: token})
    assert info.value.reason == "algorithm_not_allowed"


def test_an_asymmetric_token_is_refused_where_hmac_is_pinned(
    rsa_key: rsa.RSAPrivateKey, ec_keys: dict[str, ec.EllipticCurvePrivateKey]
) -> None:
    scheme = Jwt(SECRET, algorithms=["HS256", "HS512"], header=HEADER)
    for private, alg in ((rsa_key, "RS256"), (ec_keys["ES256"], "ES256")):
        with pytest.raises(InvalidSignatureError, match="algorithm"):
            scheme.authenticate(BODY, {HEADER: jwt.encode({"a": 1}, private, algorithm=alg)})


def test_an_algorithm_outside_the_pin_is_refused_even_with_the_right_key(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    scheme = Jwt(public_pem(rsa_key), algorithms=["RS256"], header=HEADER)
    for alg in ("RS384", "PS256"):
        with pytest.raises(InvalidSignatureError):
            scheme.authenticate(BODY, {HEADER: jwt.encode({"a": 1}, rsa_key, algorithm=alg)})


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE", "NoNe"])
@pytest.mark.parametrize("signature", ["", "e30", b64url(b"\x00" * 32)])
def test_alg_none_in_every_casing(clock: FrozenClock, alg: str, signature: str) -> None:
    scheme = _hs(clock)
    token = _unsigned({"alg": alg, "typ": "JWT"}, _claims(), signature)
    with pytest.raises(VerificationError):
        scheme.authenticate(BODY, {HEADER: token})
    with pytest.raises(ConfigurationError):
        Jwt(SECRET, algorithms=[alg], header=HEADER)


@pytest.mark.parametrize("alg", [None, 256, ["HS256"], {"HS256": 1}, "hs256", "HS256 ", ""])
def test_a_missing_or_odd_alg_is_refused(clock: FrozenClock, alg: object) -> None:
    header = {"typ": "JWT"} if alg is None else {"alg": alg}
    with pytest.raises(InvalidSignatureError):
        _hs(clock).authenticate(BODY, {HEADER: hs_token(_claims(), SECRET, header=header)})


@pytest.mark.parametrize(
    "algorithms",
    [
        ["HS256", "RS256"],
        ["RS256", "HS256"],
        ["HS512", "ES256"],
        ["EdDSA", "HS384"],
        ["HS256", "none"],
        ["RS256", "ES256K"],
        ["HS1"],
        [],
        "",
        None,
        [None],
        [["HS256"]],
    ],
)
def test_bad_pins_are_refused_at_construction(algorithms: object) -> None:
    with pytest.raises(ConfigurationError):
        Jwt(SECRET, algorithms=algorithms, header=HEADER)  # type: ignore[arg-type]


def test_one_algorithm_as_a_string() -> None:
    assert Jwt(SECRET, algorithms="HS384", header=HEADER).algorithms == ("HS384",)


# -- kid -------------------------------------------------------------------------------------


def _jwks(*pairs: tuple[str | None, Any]) -> dict[str, Any]:
    keys = []
    for kid, private in pairs:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
        if kid is not None:
            jwk["kid"] = kid
        keys.append(jwk)
    return {"keys": keys}


def test_kid_selects_the_key(rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey) -> None:
    scheme = Jwt(_jwks(("a", rsa_key), ("b", other_rsa_key)), algorithms=["RS256"], header=HEADER)
    for kid, private in (("a", rsa_key), ("b", other_rsa_key)):
        token = jwt.encode({"x": 1}, private, algorithm="RS256", headers={"kid": kid})
        scheme.authenticate(BODY, {HEADER: token})
    crossed = jwt.encode({"x": 1}, rsa_key, algorithm="RS256", headers={"kid": "b"})
    with pytest.raises(InvalidSignatureError) as info:
        scheme.authenticate(BODY, {HEADER: crossed})
    assert info.value.reason == "invalid_signature"


def test_an_unknown_or_absent_kid(
    rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey
) -> None:
    with_kids = Jwt(_jwks(("a", rsa_key)), algorithms=["RS256"], header=HEADER)
    for headers in ({"kid": "zzz"}, None):
        token = jwt.encode({"x": 1}, rsa_key, algorithm="RS256", headers=headers)
        with pytest.raises(InvalidSignatureError) as info:
            with_kids.authenticate(BODY, {HEADER: token})
        assert info.value.reason == "unknown_key"
    # Keys configured without a kid are tried for any token.
    without = Jwt(
        [public_pem(other_rsa_key), public_pem(rsa_key)], algorithms=["RS256"], header=HEADER
    )
    for headers in ({"kid": "zzz"}, None):
        without.authenticate(
            BODY, {HEADER: jwt.encode({"x": 1}, rsa_key, algorithm="RS256", headers=headers)}
        )
    both = Jwt(
        [_jwks(("a", other_rsa_key)), public_pem(rsa_key)], algorithms=["RS256"], header=HEADER
    )
    both.authenticate(
        BODY, {HEADER: jwt.encode({"x": 1}, rsa_key, algorithm="RS256", headers={"kid": "zzz"})}
    )


@pytest.mark.parametrize("kid", ["", 5, ["a"], {"a": 1}, True])
def test_an_empty_or_non_string_kid_is_malformed(clock: FrozenClock, kid: object) -> None:
    token = hs_token(_claims(), SECRET, header={"alg": "HS256", "kid": kid})
    with pytest.raises(InvalidHeaderError):
        _hs(clock).authenticate(BODY, {HEADER: token})


@pytest.mark.parametrize("kid", ["a\nb", "k\n", "\n", "kid\x00", "\u00e9\u2028"])
def test_any_string_kid_verifies_again_and_again(clock: FrozenClock, kid: str) -> None:
    """The second delivery of a token header is read from a cache: the kid must survive."""
    scheme = _hs(clock)
    token = hs_token(_claims(), SECRET, header={"alg": "HS256", "kid": kid})
    for _ in range(3):
        _verify(scheme, BODY, {HEADER: token})
    other = hs_token(_claims(), SECRET + "x", header={"alg": "HS256", "kid": kid})
    with pytest.raises(InvalidSignatureError):
        _verify(scheme, BODY, {HEADER: other})


# -- header parameters -----------------------------------------------------------------------


@pytest.mark.parametrize("crit", [["exp"], [], ["b64"], "b64", None])
def test_crit_is_refused(clock: FrozenClock, crit: object) -> None:
    token = hs_token(_claims(), SECRET, header={"alg": "HS256", "crit": crit, "exp": 1})
    with pytest.raises(InvalidHeaderError, match="critical"):
        _hs(clock).authenticate(BODY, {HEADER: token})


@pytest.mark.parametrize("b64", [False, 0, "false", None])
def test_an_unencoded_payload_is_refused(clock: FrozenClock, b64: object) -> None:
    token = hs_token(_claims(), SECRET, header={"alg": "HS256", "b64": b64})
    with pytest.raises(InvalidHeaderError, match="unencoded"):
        _hs(clock).authenticate(BODY, {HEADER: token})
    _hs(clock).authenticate(
        BODY, {HEADER: hs_token(_claims(), SECRET, header={"alg": "HS256", "b64": True})}
    )


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"keys": []}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def key_server() -> Iterator[str]:
    """A JWKS server on 127.0.0.1 that counts the requests it gets."""
    _Counting.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.network
def test_key_urls_and_embedded_keys_in_a_token_are_never_used(
    key_server: str, rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey
) -> None:
    scheme = Jwt(public_pem(rsa_key), algorithms=["RS256"], header=HEADER)
    attacker_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(other_rsa_key.public_key()))
    for extra in (
        {"jku": key_server},
        {"x5u": key_server},
        {"jwk": attacker_jwk},
        {"jku": key_server, "kid": "attacker", "jwk": attacker_jwk},
    ):
        forged = jwt.encode({"x": 1}, other_rsa_key, algorithm="RS256", headers=extra)
        with pytest.raises(InvalidSignatureError):
            scheme.authenticate(BODY, {HEADER: forged})
        genuine = jwt.encode({"x": 1}, rsa_key, algorithm="RS256", headers=extra)
        scheme.authenticate(BODY, {HEADER: genuine})
    assert _Counting.hits == []


def test_allowed_header_params(clock: FrozenClock) -> None:
    scheme = _hs(clock, allowed_header_params=["typ", "kid"])
    for header in ({"alg": "HS256"}, {"alg": "HS256", "typ": "JWT", "kid": "k"}):
        scheme.authenticate(BODY, {HEADER: hs_token(_claims(), SECRET, header=header)})
    for extra in ({"jku": "https://x"}, {"cty": "JWT"}, {"x" * 100: 1}):
        token = hs_token(_claims(), SECRET, header={"alg": "HS256", **extra})
        with pytest.raises(InvalidHeaderError, match="unexpected parameters"):
            scheme.authenticate(BODY, {HEADER: token})
    # One name is one name, not its letters.
    _hs(clock, allowed_header_params="kid").authenticate(
        BODY, {HEADER: hs_token(_claims(), SECRET, header={"alg": "HS256", "kid": "k"})}
    )


@pytest.mark.parametrize(
    ("typ", "accepted"),
    [
        ("JWT", True),
        ("jwt", True),
        ("application/jwt", True),
        ("Application/JWT", True),
        ("at+jwt", False),
        ("", False),
        (None, False),
        (5, False),
    ],
)
def test_typ_checks(clock: FrozenClock, typ: object, accepted: bool) -> None:
    header: dict[str, Any] = {"alg": "HS256"} if typ is None else {"alg": "HS256", "typ": typ}
    token = hs_token(_claims(), SECRET, header=header)
    if isinstance(typ, str) or typ is None:
        _hs(clock).authenticate(BODY, {HEADER: token})  # no typ configured: any text is fine
    else:
        with pytest.raises(InvalidHeaderError, match="typ"):  # never a typ of another type
            _hs(clock).authenticate(BODY, {HEADER: token})
    scheme = _hs(clock, typ=["JWT", "secevent+jwt"])
    if accepted:
        scheme.authenticate(BODY, {HEADER: token})
    else:
        with pytest.raises(InvalidHeaderError, match="typ"):
            scheme.authenticate(BODY, {HEADER: token})


def test_sign_uses_the_configured_typ(clock: FrozenClock) -> None:
    scheme = _hs(clock, placement="body", header=None, typ="secevent+jwt")
    request = scheme.sign({"events": {}})
    assert request.headers["Content-Type"] == "application/secevent+jwt"
    assert jwt.get_unverified_header(request.body)["typ"] == "secevent+jwt"
    scheme.authenticate(request.body, {})


# -- malformed tokens ------------------------------------------------------------------------

_GOOD = hs_token(_claims(), SECRET)
_H, _C, _S = _GOOD.split(".")
_NOT_UTF8 = b64url(b"\xff\xfe")


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (None, MissingHeaderError),
        ("", MissingHeaderError),
        (f"Bearer {_GOOD}", InvalidHeaderError),
        (f"{_GOOD}.{_S}", InvalidHeaderError),
        (f"{_H}.{_C}", InvalidHeaderError),
        (f"{_H}..{_S}", InvalidHeaderError),
        (f"{_H}.{_C}.", InvalidHeaderError),
        (f".{_C}.{_S}", InvalidHeaderError),
        (f"{_H}=.{_C}.{_S}", InvalidHeaderError),
        (f"{_H}.{_C}.{_S}=", InvalidHeaderError),
        (f"{_H}.{_C}.{_S[:-1]}", VerificationError),
        (f"{_H}.{_C}.{_S}A", VerificationError),
        (f"{_H}.{_C}.{_S[:-1]}{'B' if _S[-1] == 'A' else 'A'}", VerificationError),
        (f"{_H}.{_C}.{_S.replace('-', '+').replace('_', '/')}x/+", InvalidHeaderError),
        (f"{segment([1])}.{_C}.{_S}", InvalidHeaderError),
        (f"{b64url(b'{not json')}.{_C}.{_S}", InvalidHeaderError),
        (f"{_NOT_UTF8}.{_C}.{_S}", InvalidHeaderError),
        (f"{_H}.{_C}.{_S}\ud800", InvalidHeaderError),
        ("\u0661.\u0662.\u0663", InvalidHeaderError),
        (_GOOD.encode(), InvalidHeaderError),
        (12, InvalidHeaderError),
    ],
)
def test_malformed_tokens(
    clock: FrozenClock, value: object, error: type[VerificationError]
) -> None:
    headers = {} if value is None else {HEADER: value}
    _verify(_hs(clock), BODY, {HEADER: _GOOD})
    with pytest.raises(error) as info:
        _verify(_hs(clock), BODY, headers)
    assert info.value.header == HEADER
    assert _S not in str(info.value)


@pytest.mark.parametrize(
    "claims",
    [
        b"[1]",
        b"null",
        b'"x"',
        b"{",
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b"\xff",
        b"[" * 300 + b"]" * 300,
    ],
)
def test_authentic_tokens_with_malformed_claims(clock: FrozenClock, claims: bytes) -> None:
    head = segment({"alg": "HS256"})
    body = b64url(claims)
    mac = b64url(hmac.digest(SECRET.encode(), f"{head}.{body}".encode(), "sha256"))
    with pytest.raises(InvalidHeaderError, match="claims"):
        _hs(clock).authenticate(BODY, {HEADER: f"{head}.{body}.{mac}"})


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_tricky_values_are_rejected(clock: FrozenClock, value: str) -> None:
    with pytest.raises(VerificationError):
        _verify(_hs(clock), BODY, {HEADER: value})


# -- attributes, construction and signing ------------------------------------------------------


def test_attributes(clock: FrozenClock) -> None:
    scheme = _hs(clock)
    assert (scheme.covers_body, scheme.may_block) == (False, False)
    assert scheme.credential_headers == (HEADER,)
    assert SECRET not in repr(scheme)
    digest = _hs(clock, placement="body_digest")
    assert (digest.covers_body, digest.credential_headers) == (True, (HEADER,))


@pytest.mark.parametrize(
    "options",
    [
        {"placement": "query"},
        {"placement": "body", "header": HEADER},
        {"placement": "header", "header": None},
        {"placement": "body_digest", "header": None},
        {"header": "X Token"},
        {"header": ""},
        {"body_digest_claim": ""},
        {"body_digest_claim": None},
        {"typ": []},
        {"typ": [""]},
        {"typ": 5},
        {"leeway": -1},
        {"leeway": float("inf")},
        {"max_age": float("nan")},
        {"require": 5},
        {"require": [""]},
        {"require": [5]},
        {"allowed_header_params": [5]},
        {"clock": 5},
    ],
)
def test_bad_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        Jwt(SECRET, **{"algorithms": ["HS256"], "header": HEADER, **options})


def test_sign_refusals(clock: FrozenClock, rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(ConfigurationError, match="not pinned"):
        _hs(clock).sign(BODY, algorithm="HS384")
    with pytest.raises(ConfigurationError, match="claims"):
        _hs(clock, placement="body", header=None).sign(b"not claims")
    asymmetric = Jwt(public_pem(rsa_key), algorithms=["RS256"], header=HEADER)
    with pytest.raises(ConfigurationError, match="signing_key"):
        asymmetric.sign(BODY)
    with pytest.raises(ConfigurationError, match="signing_key"):
        asymmetric.sign(BODY, signing_key="not a key")


def test_sign_adds_the_configured_audience_and_issuer(clock: FrozenClock) -> None:
    scheme = _hs(clock, audience=["b", "a"], issuer="https://issuer.example", require="jti")
    request = scheme.sign(BODY, claims={"jti": "j1"})
    claims = scheme.authenticate(BODY, request.headers).claims
    assert claims is not None
    assert (claims["aud"], claims["iss"]) == ("a", "https://issuer.example")
    body_scheme = _hs(clock, placement="body", header=None, issuer="i")
    receive(body_scheme, body_scheme.sign({"type": "x"}))


# -- only authhooks errors -------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_claim_values = st.dictionaries(
    st.sampled_from(["exp", "nbf", "iat", "aud", "iss", "sub", "jti", "request_body_sha256", "x"]),
    _json,
    max_size=6,
)
_header_values = st.dictionaries(
    st.sampled_from(["typ", "kid", "crit", "b64", "jku", "x5u", "cty", "zip"]), _json, max_size=4
)


@settings(max_examples=200, deadline=None)
@given(claims=_claim_values, header=_header_values)
@pytest.mark.parametrize("placement", ["body", "header", "body_digest"])
def test_authentic_tokens_with_arbitrary_claims_raise_only_authhooks_errors(
    placement: str, claims: dict[str, Any], header: dict[str, Any]
) -> None:
    scheme = Jwt(
        SECRET,
        algorithms=["HS256"],
        placement=placement,  # type: ignore[arg-type]
        header=None if placement == "body" else HEADER,
        audience=["a"],
        issuer=["i"],
        typ="JWT",
        max_age=60,
        clock=FrozenClock(),
    )
    token = hs_token(claims, SECRET, header={"alg": "HS256", **header})
    if placement == "body":
        only_authhooks_errors(scheme, token.encode(), {})
    else:
        only_authhooks_errors(scheme, BODY, {HEADER: token})


@settings(max_examples=200, deadline=None)
@given(headers=header_dicts([HEADER]), body=st.binary(max_size=80))
@pytest.mark.parametrize("placement", ["body", "header"])
def test_arbitrary_requests_raise_only_authhooks_errors(
    placement: str, headers: dict[object, object], body: bytes
) -> None:
    scheme = Jwt(
        SECRET,
        algorithms=["HS256"],
        placement=placement,  # type: ignore[arg-type]
        header=None if placement == "body" else HEADER,
        clock=FrozenClock(),
    )
    only_authhooks_errors(scheme, body, headers)


@settings(max_examples=150, deadline=None)
@given(
    segments=st.lists(
        st.text(
            alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=60
        ),
        min_size=1,
        max_size=4,
    )
)
def test_near_valid_tokens_raise_only_authhooks_errors(segments: list[str]) -> None:
    scheme = Jwt(SECRET, algorithms=["HS256"], placement="body", clock=FrozenClock())
    only_authhooks_errors(scheme, ".".join([_H, *segments]).encode(), {})
    only_authhooks_errors(scheme, ".".join(segments).encode(), {})


def test_a_flipped_signature_byte_never_verifies(clock: FrozenClock) -> None:
    scheme = _hs(clock)
    raw = base64.urlsafe_b64decode(_S + "=" * (-len(_S) % 4))
    for index in range(len(raw)):
        token = f"{_H}.{_C}.{b64url(flip_byte(raw, index))}"
        with pytest.raises(InvalidSignatureError):
            scheme.authenticate(BODY, {HEADER: token})
