"""FusionAuth's credentials for the demo, the command line and the pytest plugin: a key pair
(RSA, EC, Ed25519) or an HMAC secret."""

from __future__ import annotations

import json
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from authhooks import ConfigurationError, FusionAuth
from authhooks._credentials import Given, make_receiver, make_signer
from authhooks.providers import get
from authhooks.providers.fusionauth import _setup

from .conftest import HEADER, SECRET, jwk, private_pem, public_pem


def test_the_demo_signs_with_its_es256_key_and_key_id() -> None:
    entry = get("fusionauth")
    assert jwt.get_unverified_header(entry.demo().sign(entry.sample()).headers[HEADER]) == {
        "alg": "ES256",
        "typ": "JWT",
        "kid": _setup.DEMO_KID,
    }


@pytest.mark.parametrize(
    ("make", "algorithm"),
    [
        (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256"),
        (lambda: ec.generate_private_key(ec.SECP384R1()), "ES384"),
        (lambda: ec.generate_private_key(ec.SECP521R1()), "ES512"),
        (ed25519.Ed25519PrivateKey.generate, "EdDSA"),
    ],
)
def test_signing_with_a_key_file(make: Any, algorithm: str) -> None:
    key = make()
    given = Given(key=private_pem(key), key_id="kid-9")
    request = make_signer("fusionauth", given)(get("fusionauth").sample("user.delete"))
    token = request.headers[HEADER]
    assert jwt.get_unverified_header(token)["alg"] == algorithm
    assert jwt.get_unverified_header(token)["kid"] == "kid-9"
    for verifying in (
        given,
        Given(key=public_pem(key)),
        Given(key=json.dumps({"keys": [jwk(key, "kid-9", algorithm)]}).encode()),
    ):
        assert make_receiver("fusionauth", verifying).verify(request.body, request.headers).type


def test_signing_with_an_hmac_secret() -> None:
    given = Given(secrets=(SECRET,))
    request = make_signer("fusionauth", given)(get("fusionauth").sample("user.login.failed"))
    assert jwt.get_unverified_header(request.headers[HEADER])["alg"] == "HS256"
    assert make_receiver("fusionauth", given).verify(request.body, request.headers).type
    rotated = make_receiver("fusionauth", Given(secrets=("another-secret-" * 5, SECRET)))
    assert rotated.verify(request.body, request.headers).type


def test_a_jwks_url_given_as_the_secret() -> None:
    receiver = make_receiver("fusionauth", Given(secrets=("https://auth.example.com",)))
    assert isinstance(receiver, FusionAuth)
    assert receiver.jwks_url == "https://auth.example.com/.well-known/jwks.json"


def test_wrong_credentials_say_what_is_needed() -> None:
    sample = get("fusionauth").sample()
    secp256k1 = ec.generate_private_key(ec.SECP256K1())  # a curve FusionAuth does not use
    for given in (
        Given(key=public_pem(secp256k1)),
        Given(key=private_pem(secp256k1)),
        Given(key=b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
    ):
        with pytest.raises(ConfigurationError):
            make_signer("fusionauth", given)(sample)
    with pytest.raises(ConfigurationError):
        make_receiver("fusionauth", Given(key=b"{nope"))
    with pytest.raises(ConfigurationError):
        _setup.from_credentials(Given(key_id="k"), None)  # nothing to verify with
