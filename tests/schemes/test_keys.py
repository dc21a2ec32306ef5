"""The JWT scheme's keys: shared secrets, PEM keys and certificates, JWKs, JWKS documents and
key objects, each only for the algorithms its type allows."""

from __future__ import annotations

import datetime
import json
import warnings
from typing import Any

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x25519
from cryptography.x509.oid import NameOID

from authhooks import ConfigurationError, InvalidSignatureError
from authhooks._secrets import SecretFormatWarning
from authhooks.schemes import Jwt
from authhooks.schemes._keys import MAX_JWKS_KEYS

from .conftest import b64url, private_pem, public_pem

HEADER = "X-Token"
BODY = b"{}"
SECRET = "jwt-keys-secret-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"


def _jwk(key: Any, family: str, **extra: Any) -> dict[str, Any]:
    """The public JWK of a private key (``family`` picks PyJWT's serialiser)."""
    jwk: dict[str, Any] = json.loads(jwt.get_algorithm_by_name(family).to_jwk(key.public_key()))
    return {**jwk, **extra}


def _accepts(scheme: Jwt, private: Any, alg: str, **headers: Any) -> None:
    token = jwt.encode({"x": 1}, private, algorithm=alg, headers=headers or None)
    scheme.authenticate(BODY, {HEADER: token})


def _certificate(key: Any) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hooks.example")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


# -- accepted forms --------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["pem", "pem-text", "certificate", "jwk", "jwks", "object"])
@pytest.mark.parametrize("alg", ["RS256", "PS512", "ES256", "ES384", "ES512", "EdDSA"])
def test_every_key_form(
    form: str,
    alg: str,
    rsa_key: rsa.RSAPrivateKey,
    ec_keys: dict[str, ec.EllipticCurvePrivateKey],
    ed_key: ed25519.Ed25519PrivateKey,
) -> None:
    private: Any = rsa_key if alg[0] in "RP" else ed_key if alg == "EdDSA" else ec_keys[alg]
    key: Any = {
        "pem": public_pem(private),
        "pem-text": public_pem(private).decode(),
        "certificate": _certificate(private) if form == "certificate" else None,
        "jwk": _jwk(private, alg),
        "jwks": {"keys": [_jwk(private, alg, kid="k1")]},
        "object": private.public_key(),
    }[form]
    scheme = Jwt(key, algorithms=[alg], header=HEADER)
    _accepts(scheme, private, alg, kid="k1")


def test_an_ed448_key() -> None:
    private = ed448.Ed448PrivateKey.generate()
    scheme = Jwt(public_pem(private), algorithms=["EdDSA"], header=HEADER)
    _accepts(scheme, private, "EdDSA")


def test_an_ec_jwk_with_several_asymmetric_families_pinned(
    ec_keys: dict[str, ec.EllipticCurvePrivateKey], rsa_key: rsa.RSAPrivateKey
) -> None:
    """A JWK without "alg" is read by its own kty, whatever algorithm is pinned first."""
    for algorithms in (["RS256", "ES256"], ["PS256", "EdDSA", "ES256"]):
        scheme = Jwt(_jwk(ec_keys["ES256"], "ES256"), algorithms=algorithms, header=HEADER)
        _accepts(scheme, ec_keys["ES256"], "ES256")
    scheme = Jwt(_jwk(rsa_key, "RS256"), algorithms=["ES256", "EdDSA", "RS256"], header=HEADER)
    _accepts(scheme, rsa_key, "RS256")


def test_a_symmetric_jwk(rsa_key: rsa.RSAPrivateKey) -> None:
    jwk = {"kty": "oct", "k": b64url(SECRET.encode()), "kid": "shared"}
    scheme = Jwt(jwk, algorithms=["HS256", "HS512"], header=HEADER)
    for alg in ("HS256", "HS512"):
        _accepts(scheme, SECRET, alg, kid="shared")
    assert jwt.decode(scheme.sign(BODY).headers[HEADER], SECRET, algorithms=["HS256"])
    with pytest.raises(ConfigurationError):
        Jwt(jwk, algorithms=["RS256"], header=HEADER)
    with pytest.raises(ConfigurationError):
        Jwt({"kty": "oct", "k": ""}, algorithms=["HS256"], header=HEADER)


def test_rotation_over_several_keys(
    rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey
) -> None:
    scheme = Jwt(
        [public_pem(other_rsa_key), rsa_key.public_key()], algorithms=["RS256"], header=HEADER
    )
    _accepts(scheme, rsa_key, "RS256")
    _accepts(scheme, other_rsa_key, "RS256")
    hmac_scheme = Jwt([SECRET, SECRET + "-next"], algorithms=["HS256"], header=HEADER)
    _accepts(hmac_scheme, SECRET, "HS256")
    _accepts(hmac_scheme, SECRET + "-next", "HS256")
    with pytest.raises(InvalidSignatureError):
        _accepts(hmac_scheme, SECRET + "-old", "HS256")


def test_a_jwks_skips_the_keys_it_cannot_use(
    rsa_key: rsa.RSAPrivateKey, ec_keys: dict[str, ec.EllipticCurvePrivateKey]
) -> None:
    jwks = {
        "keys": [
            "not a key",
            {"kty": "RSA"},
            _jwk(rsa_key, "RS256", kid="enc", use="enc"),
            _jwk(rsa_key, "RS256", kid="other-alg", alg="RS512"),
            _jwk(ec_keys["ES384"], "ES384", kid="p384"),
            _jwk(rsa_key, "RS256", kid=5),
            _jwk(rsa_key, "RS256", kid="good"),
        ]
    }
    scheme = Jwt(jwks, algorithms=["RS256"], header=HEADER)
    _accepts(scheme, rsa_key, "RS256", kid="good")
    for kid in ("enc", "other-alg"):
        with pytest.raises(InvalidSignatureError) as info:
            _accepts(scheme, rsa_key, "RS256", kid=kid)
        assert info.value.reason == "unknown_key"


def test_a_jwks_is_read_up_to_its_limit(rsa_key: rsa.RSAPrivateKey) -> None:
    jwk = _jwk(rsa_key, "RS256")
    keys = [{**jwk, "kid": f"k{n}"} for n in range(MAX_JWKS_KEYS + 1)]
    scheme = Jwt({"keys": keys}, algorithms=["RS256"], header=HEADER)
    _accepts(scheme, rsa_key, "RS256", kid=f"k{MAX_JWKS_KEYS - 1}")
    with pytest.raises(InvalidSignatureError):
        _accepts(scheme, rsa_key, "RS256", kid=f"k{MAX_JWKS_KEYS}")


# -- refused keys ----------------------------------------------------------------------------


def test_rsa_keys_under_2048_bits_are_refused() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
    for key in (public_pem(small), small.public_key(), _jwk(small, "RS256")):
        with pytest.raises(ConfigurationError, match="2048"):
            Jwt(key, algorithms=["RS256"], header=HEADER)


def test_private_keys_are_refused(
    rsa_key: rsa.RSAPrivateKey,
    ec_keys: dict[str, ec.EllipticCurvePrivateKey],
    ed_key: ed25519.Ed25519PrivateKey,
) -> None:
    traditional = rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    openssh = ed_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    encrypted = rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pw"),
    )
    for key, alg in (
        (private_pem(rsa_key), "RS256"),
        (private_pem(rsa_key).decode(), "RS256"),
        (traditional, "RS256"),
        (encrypted, "RS256"),
        (openssh, "EdDSA"),
        (rsa_key, "RS256"),
        (ec_keys["ES256"], "ES256"),
        (ed_key, "EdDSA"),
        (ed448.Ed448PrivateKey.generate(), "EdDSA"),
        (json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key)), "RS256"),
        (json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ec_keys["ES256"])), "ES256"),
        (json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(ed_key)), "EdDSA"),
    ):
        with pytest.raises(ConfigurationError, match="public key") as info:
            Jwt(key, algorithms=[alg], header=HEADER)
        assert "BEGIN" not in str(info.value)


def test_keys_of_the_wrong_type_for_the_pin(
    rsa_key: rsa.RSAPrivateKey, ec_keys: dict[str, ec.EllipticCurvePrivateKey]
) -> None:
    for key, algorithms in (
        (public_pem(rsa_key), ["ES256"]),
        (public_pem(rsa_key), ["HS256"]),  # a public key is never an HMAC secret
        (public_pem(ec_keys["ES384"]), ["ES256"]),  # the curve must match
        (public_pem(ec_keys["ES256"]), ["RS256", "EdDSA"]),
        (_jwk(rsa_key, "RS256", alg="RS512"), ["RS256"]),
        (_jwk(rsa_key, "RS256", use="enc"), ["RS256"]),
        ({"keys": [_jwk(rsa_key, "RS256")]}, ["ES256"]),
        ({"keys": []}, ["RS256"]),
        (SECRET, ["RS256"]),
        (SECRET.encode(), ["ES256", "EdDSA"]),
        (x25519.X25519PrivateKey.generate().public_key(), ["EdDSA"]),
        (dsa.generate_private_key(2048).public_key(), ["RS256"]),
    ):
        with pytest.raises(ConfigurationError):
            Jwt(key, algorithms=algorithms, header=HEADER)


@pytest.mark.parametrize(
    "key",
    [
        None,
        5,
        3.5,
        [],
        {"keys": 5},
        {"keys": "abc"},
        {"kty": "RSA", "n": 5, "e": "AQAB"},
        {"kty": "EC", "crv": "P-256", "x": "!!", "y": "!!"},
        {"kty": "OKP", "crv": "X25519", "x": "AAAA"},
        {"kty": "nope"},
        {},
        {"kty": "RSA", "kid": ""},
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        b"-----BEGIN PUBLIC KEY-----\n\xff\xfe\n-----END PUBLIC KEY-----\n",
        ["https://a.example/jwks", "https://b.example/jwks"],
        object(),
        {1, 2},
    ],
)
def test_what_is_not_a_key_is_a_configuration_error(key: object) -> None:
    with pytest.raises(ConfigurationError):
        Jwt(key, algorithms=["RS256"], header=HEADER)


@pytest.mark.parametrize(
    "secret",
    [
        "",
        " ",
        f" {SECRET}",
        f"{SECRET}\n",
        f'"{SECRET}"',
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host",  # a public key, not a secret
        '{"kty": "oct", "k": "c2VjcmV0"}',  # a JWK pasted as text
        b"",
    ],
)
def test_hmac_secret_mistakes_are_refused(secret: str | bytes) -> None:
    with pytest.raises(ConfigurationError) as info:
        Jwt(secret, algorithms=["HS256"], header=HEADER)
    assert SECRET not in str(info.value)
    if isinstance(secret, str) and len(secret) > 8:
        assert secret.strip(' "\n') not in str(info.value)


def test_a_standard_webhooks_secret_is_warned_about() -> None:
    with pytest.warns(SecretFormatWarning, match="whsec_") as record:
        Jwt("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", algorithms=["HS256"], header=HEADER)
    assert record[0].filename == __file__
    assert "MfKQ9r8" not in str(record[0].message)


def test_asymmetric_keys_raise_no_warning(rsa_key: rsa.RSAPrivateKey) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Jwt(public_pem(rsa_key), algorithms=["RS256"], header=HEADER)
        Jwt(SECRET, algorithms=["HS256"], header=HEADER)
