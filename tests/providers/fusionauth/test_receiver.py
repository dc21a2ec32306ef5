"""FusionAuth: ``X-FusionAuth-Signature-JWT`` is a JWT whose ``request_body_sha256`` claim is
the base64 SHA-256 of the body; signed with an HMAC secret or an RSA, EC or EdDSA key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

import authhooks
from authhooks import (
    ConfigurationError,
    FusionAuth,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    TimestampError,
    VerificationError,
)

from .conftest import HEADER, SECRET, body_of, digest, jwk, public_pem, request

#: The example of FusionAuth's signing docs (extend/events-and-webhooks/signing): the token
#: of a delivery whose body is not published.
DOCS_TOKEN = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Il9IMDd3VkcxZlYzbDVpaDc0ck54SUMzbmV2RSJ9.eyJy"
    "ZXF1ZXN0X2JvZHlfc2hhMjU2IjoiS2VWKy9IR29JUXJ4dUU1WVBDUlI2QXVRT0p2ZWxkWU5OaGJWaTFpMjJxaz0i"
    "fQ.J70gqZVuTej8FfriQqJJZecCT6XOZKH6h6Te2ir_yrSwR3luhoj_R1vAZULdrktaFPqXFXbnq9prN8j3ddelUV"
    "A5SU51J-MWVhz1bkimLo8EEdJ47ytI_97rPqVK1YJ6FSiS8_o37gablaQZv2WDbZ6ap-t4hNU5m7uwZTW9DerKg9"
    "iQjMDUIlfafEwsROLfNPfK49IsCzBNCQ8SsinVbGU0dNbs9YfMAxNzSuEKdZOIXkRNgjPfWpPnkwBbroWUrrpcoAc"
    "BSQIYFajKV-MFRISnFZ_blYps16f95iQsuTfqBkBH3r59R5tFBP66FA1bvQJZVlAHJfdNTXnXx2F2BQ"
)
DOCS_KID = "_H07wVG1fV3l5ih74rNxIC3nevE"
BODY = body_of("user.create")


def segment(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


# -- FusionAuth's own material -------------------------------------------------------------


def test_the_docs_token_is_read_up_to_its_signature(rsa_key: rsa.RSAPrivateKey) -> None:
    head, claims, _ = DOCS_TOKEN.split(".")
    assert segment(head) == {"alg": "RS256", "typ": "JWT", "kid": DOCS_KID}
    assert segment(claims) == {
        "request_body_sha256": "KeV+/HGoIQrxuE5YPCRR6AuQOJveldYNNhbVi1i22qk="
    }
    receiver = FusionAuth({"keys": [jwk(rsa_key, DOCS_KID, "RS256")]})
    with pytest.raises(InvalidSignatureError) as info:
        receiver.verify(BODY, {HEADER: DOCS_TOKEN})
    assert info.value.reason == "invalid_signature"


def test_the_digest_is_standard_padded_base64_of_the_raw_body(rsa_key: rsa.RSAPrivateKey) -> None:
    """Computed here with hashlib and base64, as FusionAuth's example verifier does
    (``createHash('sha256').update(rawBody).digest('base64')``)."""
    body = b'{"event":{"type":"user.delete"}}'
    assert digest(body) == base64.b64encode(hashlib.sha256(body).digest()).decode()
    receiver = FusionAuth(public_pem(rsa_key))
    body, headers = request(body, rsa_key, algorithm="RS256", kid="k1")
    event = receiver.verify(body, headers)
    assert event.type == "user.delete"


# -- every key FusionAuth signs with, tokens made by PyJWT ------------------------------------


@pytest.mark.parametrize("algorithm", ["RS256", "RS384", "RS512"])
def test_rsa_keys(rsa_key: rsa.RSAPrivateKey, algorithm: str) -> None:
    body, headers = request(BODY, rsa_key, algorithm=algorithm, kid=DOCS_KID)
    for key in (public_pem(rsa_key), {"keys": [jwk(rsa_key, DOCS_KID, algorithm)]}):
        event = FusionAuth(key).verify(body, headers)
        assert isinstance(event, authhooks.providers.fusionauth.UserCreate)


@pytest.mark.parametrize("algorithm", ["ES256", "ES384", "ES512"])
def test_ec_keys(ec_keys: dict[str, ec.EllipticCurvePrivateKey], algorithm: str) -> None:
    key = ec_keys[algorithm]
    body, headers = request(BODY, key, algorithm=algorithm, kid="ec-1")
    assert FusionAuth(public_pem(key)).verify(body, headers).kind == "user.created"
    assert FusionAuth(jwk(key, "ec-1", algorithm)).verify(body, headers).type == "user.create"
    # A key of another curve does not verify it.
    other = next(k for alg, k in ec_keys.items() if alg != algorithm)
    with pytest.raises(InvalidSignatureError):
        FusionAuth(public_pem(other)).verify(body, headers)


def test_ed25519_keys(ed_key: ed25519.Ed25519PrivateKey) -> None:
    body, headers = request(BODY, ed_key, algorithm="EdDSA", kid="okp-1")
    assert FusionAuth(public_pem(ed_key)).verify(body, headers).type == "user.create"
    assert FusionAuth(jwk(ed_key, "okp-1", "EdDSA")).verify(body, headers).type == "user.create"


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_hmac_secrets(algorithm: str) -> None:
    body, headers = request(BODY, SECRET, algorithm=algorithm, kid="hmac-key-id")
    assert FusionAuth(SECRET).verify(body, headers).type == "user.create"
    assert FusionAuth(SECRET.encode()).verify(body, headers).type == "user.create"


def test_an_hmac_secret_is_used_as_the_text_shown_not_decoded() -> None:
    """FusionAuth's JWT library keys HMAC with the secret's UTF-8 bytes."""
    body, headers = request(BODY, base64.b64decode(SECRET), algorithm="HS256")
    with pytest.raises(InvalidSignatureError):
        FusionAuth(SECRET).verify(body, headers)


def test_hmac_secret_rotation() -> None:
    old, new = SECRET, SECRET[::-1]
    receiver = FusionAuth([old, new])
    for secret in (old, new):
        body, headers = request(BODY, secret, algorithm="HS256")
        assert receiver.verify(body, headers).type == "user.create"
    body, headers = request(BODY, SECRET[1:] + "x", algorithm="HS256")
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, headers)


def test_key_rotation_by_kid(rsa_key: rsa.RSAPrivateKey, ed_key: ed25519.Ed25519PrivateKey) -> None:
    jwks = {"keys": [jwk(rsa_key, "old", "RS256"), jwk(ed_key, "new", "EdDSA")]}
    receiver = FusionAuth(json.dumps(jwks))  # the JWKS as text, as copied
    assert receiver.verify(*request(BODY, rsa_key, algorithm="RS256", kid="old")).type
    assert receiver.verify(*request(BODY, ed_key, algorithm="EdDSA", kid="new")).type
    with pytest.raises(InvalidSignatureError):  # the old key under the new kid
        receiver.verify(*request(BODY, rsa_key, algorithm="RS256", kid="new"))


# -- the body digest -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body + b"\n",
        lambda body: body.replace(b"example@fusionauth.io", b"attacker@example.com"),
        lambda body: json.dumps(json.loads(body)).encode(),  # re-serialised
        lambda body: json.dumps(json.loads(body), separators=(",", ":")).encode(),
        lambda body: b"",
    ],
)
def test_the_token_binds_the_exact_body(rsa_key: rsa.RSAPrivateKey, change: Any) -> None:
    body, headers = request(BODY, rsa_key, algorithm="RS256")
    with pytest.raises(InvalidSignatureError) as info:
        FusionAuth(public_pem(rsa_key)).verify(change(body), headers)
    assert info.value.reason == "body_digest_mismatch"


@pytest.mark.parametrize(
    "form",
    [
        lambda raw: base64.urlsafe_b64encode(raw).decode(),  # url-safe, padded
        lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("="),
        lambda raw: base64.b64encode(raw).decode().rstrip("="),
    ],
)
def test_other_base64_forms_of_the_digest_are_read(rsa_key: rsa.RSAPrivateKey, form: Any) -> None:
    claims = {"request_body_sha256": form(hashlib.sha256(BODY).digest())}
    receiver = FusionAuth(public_pem(rsa_key))
    assert receiver.verify(*request(BODY, rsa_key, algorithm="RS256", claims=claims)).type


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"request_body_sha256": None},
        {"request_body_sha256": 12},
        {"request_body_sha256": hashlib.sha256(BODY).hexdigest()},  # hex, not base64
        {"request_body_sha256": base64.b64encode(hashlib.sha224(BODY).digest()).decode()},
        {"request_body_sha256": base64.b64encode(hashlib.sha256(BODY).digest() + b"x").decode()},
        {"request_body_sha256": "!" * 44},
        {"body_sha256": digest(BODY)},
    ],
)
def test_a_missing_or_malformed_digest(rsa_key: rsa.RSAPrivateKey, claims: Any) -> None:
    with pytest.raises(VerificationError) as info:
        FusionAuth(public_pem(rsa_key)).verify(
            *request(BODY, rsa_key, algorithm="RS256", claims=claims)
        )
    assert info.value.header == HEADER


# -- algorithms ------------------------------------------------------------------------------


def test_a_public_key_is_never_an_hmac_secret(rsa_key: rsa.RSAPrivateKey) -> None:
    pem = public_pem(rsa_key)
    receiver = FusionAuth(pem)
    head = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=")
    claims = json.dumps({"request_body_sha256": digest(BODY)}).encode()
    payload = base64.urlsafe_b64encode(claims).rstrip(b"=")
    mac = hmac.digest(pem, head + b"." + payload, "sha256")
    token = (head + b"." + payload + b"." + base64.urlsafe_b64encode(mac).rstrip(b"=")).decode()
    with pytest.raises(InvalidSignatureError) as info:
        receiver.verify(BODY, {HEADER: token})
    assert info.value.reason == "algorithm_not_allowed"


def test_an_hmac_receiver_refuses_asymmetric_tokens(rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(InvalidSignatureError) as info:
        FusionAuth(SECRET).verify(*request(BODY, rsa_key, algorithm="RS256"))
    assert info.value.reason == "algorithm_not_allowed"


@pytest.mark.parametrize("algorithm", ["PS256", "PS512"])
def test_algorithms_fusionauth_does_not_use(rsa_key: rsa.RSAPrivateKey, algorithm: str) -> None:
    with pytest.raises(InvalidSignatureError):
        FusionAuth(public_pem(rsa_key)).verify(*request(BODY, rsa_key, algorithm=algorithm))


def test_unsigned_tokens(rsa_key: rsa.RSAPrivateKey) -> None:
    token = jwt.encode({"request_body_sha256": digest(BODY)}, None, algorithm="none")
    for value in (token, token + "c2lnbmF0dXJl"):
        with pytest.raises(VerificationError):
            FusionAuth(public_pem(rsa_key)).verify(BODY, {HEADER: value})


def test_algorithms_can_be_narrowed(rsa_key: rsa.RSAPrivateKey) -> None:
    receiver = FusionAuth(public_pem(rsa_key), algorithms=["RS256"])
    assert receiver.verify(*request(BODY, rsa_key, algorithm="RS256")).type
    with pytest.raises(InvalidSignatureError):
        receiver.verify(*request(BODY, rsa_key, algorithm="RS512"))
    for wrong in (["HS256"], ["PS256"], [], "none", [None]):
        with pytest.raises(ConfigurationError):
            FusionAuth(public_pem(rsa_key), algorithms=wrong)
    with pytest.raises(ConfigurationError):
        FusionAuth(SECRET, algorithms=["RS256"])


# -- claims and headers ----------------------------------------------------------------------


def test_time_claims_are_checked_when_present(rsa_key: rsa.RSAPrivateKey) -> None:
    receiver = FusionAuth(public_pem(rsa_key), clock=lambda: 1_700_000_000)
    fresh = {"request_body_sha256": digest(BODY), "iat": 1_700_000_000, "exp": 1_700_000_300}
    assert receiver.verify(*request(BODY, rsa_key, algorithm="RS256", claims=fresh)).type
    expired = {**fresh, "exp": 1_699_999_000}
    with pytest.raises(TimestampError):
        receiver.verify(*request(BODY, rsa_key, algorithm="RS256", claims=expired))
    addressed = {**fresh, "aud": "https://elsewhere.example"}
    with pytest.raises(VerificationError) as info:
        receiver.verify(*request(BODY, rsa_key, algorithm="RS256", claims=addressed))
    assert info.value.reason == "invalid_audience"


def test_the_header(rsa_key: rsa.RSAPrivateKey) -> None:
    receiver = FusionAuth(public_pem(rsa_key))
    body, headers = request(BODY, rsa_key, algorithm="RS256")
    token = headers[HEADER]
    assert receiver.verify(body, {HEADER.lower(): token}).type
    assert receiver.verify(body, {HEADER.upper(): f" {token} "}).type
    with pytest.raises(MissingHeaderError):
        receiver.verify(body, {"Content-Type": "application/json"})
    for missing in ({"Authorization": f"Bearer {token}"}, {HEADER: ""}, {HEADER: " \t"}):
        with pytest.raises(MissingHeaderError):
            receiver.verify(body, missing)
    for value in ("Bearer " + token, token + ".x", "a.b.c", token.replace(".", "..", 1)):
        with pytest.raises(InvalidHeaderError):
            receiver.verify(body, {HEADER: value})


def test_a_token_for_another_body_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    """A captured header cannot carry another body: the digest binds it."""
    _, headers = request(body_of("user.delete"), rsa_key, algorithm="RS256")
    with pytest.raises(InvalidSignatureError):
        FusionAuth(public_pem(rsa_key)).verify(BODY, headers)


# -- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "url"),
    [
        ("https://auth.example.com", "https://auth.example.com/.well-known/jwks.json"),
        ("https://auth.example.com/", "https://auth.example.com/.well-known/jwks.json"),
        ("https://auth.example.com/.well-known/jwks.json", None),
        ("http://localhost:9011/.well-known/jwks.json", None),
        ("HTTPS://Auth.Example.com", "https://Auth.Example.com/.well-known/jwks.json"),
        ("Https://auth.example.com/keys", "https://auth.example.com/keys"),
    ],
)
def test_jwks_urls(key: str, url: str | None) -> None:
    receiver = FusionAuth(key)
    assert receiver.jwks_url == (url or key)
    assert receiver.may_block
    assert receiver.algorithms[0] == "RS256"


def test_repr_shows_no_secret(rsa_key: rsa.RSAPrivateKey) -> None:
    receiver = FusionAuth([SECRET, SECRET[::-1]])
    assert SECRET[:12] not in repr(receiver)
    assert "keys=2" in repr(receiver)
    assert not receiver.may_block
    assert receiver.covers_body
    assert receiver.scheme.credential_headers == (HEADER,)


@pytest.mark.parametrize(
    "key",
    [
        None,
        [],
        [None],
        "",
        "{not json",
        '{"keys": "none"}',
        {"keys": []},
        "https://[::1",
        "{" * 100_000,
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        42,
    ],
)
def test_configuration_errors(key: Any) -> None:
    with pytest.raises(ConfigurationError):
        FusionAuth(key)


def test_secrets_and_public_keys_cannot_be_mixed(rsa_key: rsa.RSAPrivateKey) -> None:
    for mixed in (
        [SECRET, public_pem(rsa_key)],
        [SECRET, "https://auth.example.com"],
        {"keys": [jwk(rsa_key, "a", "RS256"), {"kty": "oct", "k": "c2VjcmV0c2VjcmV0", "kid": "b"}]},
    ):
        with pytest.raises(ConfigurationError):
            FusionAuth(mixed)
    with pytest.raises(ConfigurationError):
        FusionAuth(public_pem(rsa_key).replace(b"PUBLIC", b"PRIVATE"))
