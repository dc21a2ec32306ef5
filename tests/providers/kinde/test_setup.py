"""Kinde's credentials for the demo, the command line and the pytest plugin."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from authhooks import ConfigurationError, Kinde
from authhooks._credentials import Given, make_receiver, make_signer
from authhooks.providers import get
from authhooks.providers.kinde import _setup

from .conftest import KeyPair


def test_the_demo_dates_each_event_when_it_signs_it() -> None:
    # Signing dates the event now, as Kinde does when it sends it.
    entry = get("kinde")
    demo = entry.demo()
    receiver = demo.make_receiver()
    for name in entry.sample_events():
        request = demo.sign(entry.sample(name))
        event = receiver.verify(request.body, request.headers)
        assert event.occurred_at is not None
        assert abs((datetime.now(timezone.utc) - event.occurred_at).total_seconds()) < 60


def test_the_demo_token_is_kindes_shape() -> None:
    request = get("kinde").demo().sign(get("kinde").sample("user.updated"))
    header = jwt.get_unverified_header(request.body)
    assert header == {"alg": "RS256", "typ": "JWT", "kid": _setup.DEMO_KID}
    assert request.headers == {"Content-Type": "application/jwt"}
    # Nothing added to the claims: Kinde's tokens have no iat, jti or exp.
    claims = jwt.decode(request.body, options={"verify_signature": False})
    assert set(claims) == {"data", "event_id", "source", "timestamp", "type"}


def test_signing_and_verifying_with_a_key_file(kinde_keys: KeyPair) -> None:
    given = Given(key=kinde_keys.private_pem, key_id=kinde_keys.kid)
    request = make_signer("kinde", given)(get("kinde").sample("role.created"))
    assert jwt.get_unverified_header(request.body)["kid"] == kinde_keys.kid
    for verifying in (
        given,  # the private key file: its public half
        Given(key=kinde_keys.public_pem),
        Given(key=json.dumps(kinde_keys.jwks).encode()),
    ):
        receiver = make_receiver("kinde", verifying)
        assert receiver.verify(request.body, request.headers).type == "role.created"


def test_a_pem_given_as_the_secret(kinde_keys: KeyPair) -> None:
    request = make_signer("kinde", Given(secrets=(kinde_keys.private_pem.decode(),)))(
        get("kinde").sample()
    )
    receiver = make_receiver("kinde", Given(secrets=(kinde_keys.public_pem.decode(),)))
    assert receiver.verify(request.body, request.headers).type == "user.created"


def test_the_domain_given_as_the_secret() -> None:
    receiver = make_receiver("kinde", Given(secrets=("myapp.kinde.com",)))
    assert isinstance(receiver, Kinde)
    assert receiver.jwks_url == "https://myapp.kinde.com/.well-known/jwks.json"


def test_a_clock_reaches_the_receiver(kinde_keys: KeyPair) -> None:
    payload = dict(get("kinde").sample("user.updated"))  # timestamp 2024-05-01T07:41:45Z
    token = kinde_keys.token(payload)
    then = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)
    receiver = make_receiver("kinde", Given(key=kinde_keys.public_pem), lambda: then)
    assert receiver.verify(token, {}).type == "user.updated"


def test_wrong_credentials_say_what_is_needed(kinde_keys: KeyPair) -> None:
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    sample = get("kinde").sample()
    for given in (
        Given(secrets=("not-a-key",)),
        Given(key=kinde_keys.public_pem),
        Given(key=ec_pem),
        Given(key=b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
    ):
        with pytest.raises(ConfigurationError):
            make_signer("kinde", given)(sample)
    with pytest.raises(ConfigurationError):
        make_signer("kinde", Given(key=kinde_keys.private_pem))(b"[1, 2]")
    with pytest.raises(ConfigurationError):
        make_receiver("kinde", Given(key=b"{not json"))
