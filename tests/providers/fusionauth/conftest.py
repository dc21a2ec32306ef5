"""FusionAuth's test keys (RSA, EC, Ed25519 and an HMAC secret), requests made with PyJWT
and hashlib (independently of authhooks), and a JWKS endpoint on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from tests._keys import private_pem, public_pem  # noqa: F401 (for this folder's tests)
from tests.providers.akamai.conftest import JwksServer

HEADER = "X-FusionAuth-Signature-JWT"
#: An HMAC secret as FusionAuth's Key Master shows it (base64 text of 64 random bytes).
SECRET = (
    "q8Xv+3kR/9mZ2pL7wT0yB4nF6hJ1sD5gA8cE3uK9oI2+rV7xN4bM6zQ1eW5tY0aS3dG8fH2jL4kP9/uO7iC1vX6nBA=="
)


def digest(body: bytes) -> str:
    """``request_body_sha256`` as FusionAuth writes it: standard, padded base64."""
    return base64.b64encode(hashlib.sha256(body).digest()).decode()


def request(
    body: bytes,
    key: Any,
    *,
    algorithm: str,
    kid: str | None = None,
    claims: dict[str, Any] | None = None,
) -> tuple[bytes, dict[str, str]]:
    """A delivery as FusionAuth sends it, the token made by PyJWT."""
    payload = {"request_body_sha256": digest(body)} if claims is None else claims
    headers = {} if kid is None else {"kid": kid}
    token = jwt.encode(payload, key, algorithm=algorithm, headers=headers)
    return body, {"Content-Type": "application/json", HEADER: token}


def body_of(name: str) -> bytes:
    """A sample as FusionAuth would send it: pretty-printed JSON."""
    from authhooks.samples import load_sample

    return json.dumps(load_sample("fusionauth", name), indent=2).encode()


def jwk(key: Any, kid: str, alg: str) -> dict[str, Any]:
    """PyJWT's JWK export of the public half, with ``kid``, ``use`` and ``alg``."""
    exporter = {"RS": RSAAlgorithm, "ES": ECAlgorithm, "Ed": OKPAlgorithm}[alg[:2]]
    exported: dict[str, Any] = json.loads(exporter.to_jwk(key.public_key()))
    return {**exported, "kid": kid, "use": "sig", "alg": alg}


@pytest.fixture
def jwks_server(rsa_key: rsa.RSAPrivateKey) -> Iterator[JwksServer]:
    server = JwksServer({"keys": [jwk(rsa_key, "_H07wVG1fV3l5ih74rNxIC3nevE", "RS256")]})
    try:
        yield server
    finally:
        server.close()
