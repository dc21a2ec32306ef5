"""Kinde's test keys (RSA, with Kinde-shaped key ids), tokens made with PyJWT, and a JWKS
endpoint on 127.0.0.1 (the Akamai tests' server)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.providers.akamai.conftest import JwksServer

#: The key id of the real token in Kinde's webhook SDK tests.
REAL_KID = "4c:fa:9e:d6:47:23:b7:39:c7:8f:97:28:45:a1:84:35"


@dataclass(frozen=True)
class KeyPair:
    kid: str
    private_key: rsa.RSAPrivateKey

    @property
    def jwk(self) -> dict[str, Any]:
        # PyJWT's own export, independent of authhooks.
        jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}

    @property
    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.jwk]}

    @property
    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @property
    def private_pem(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def token(
        self,
        claims: dict[str, Any],
        *,
        algorithm: str = "RS256",
        header: dict[str, Any] | None = None,
        key: Any = None,
    ) -> bytes:
        """A token as Kinde makes it (header ``alg``, ``kid``, ``typ: JWT``), by PyJWT."""
        headers = {"kid": self.kid, **(header or {})}
        signing_key = self.private_key if key is None else key
        return jwt.encode(claims, signing_key, algorithm=algorithm, headers=headers).encode()


def _generate(kid: str) -> KeyPair:
    return KeyPair(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048))


@pytest.fixture(scope="session")
def kinde_keys() -> KeyPair:
    return _generate("7a:1e:00:3c:52:d9:8b:41:aa:06:f2:11:9c:e4:70:2d")


@pytest.fixture(scope="session")
def other_kinde_keys() -> KeyPair:
    return _generate("0b:33:c8:19:e2:47:5f:d0:61:9a:b4:2e:77:03:c5:8e")


@pytest.fixture
def kinde_jwks(kinde_keys: KeyPair) -> Iterator[JwksServer]:
    server = JwksServer(kinde_keys.jwks)
    try:
        yield server
    finally:
        server.close()


def base_url(server: JwksServer) -> str:
    """The server as a Kinde domain (no path)."""
    return f"http://127.0.0.1:{server.port}"
