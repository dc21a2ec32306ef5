"""Build Akamai Webhooks v3 requests (signed Security Event Tokens), for tests and the demo."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from authhooks.schemes._jws import b64url_encode
from authhooks.signing import SignedRequest

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

__all__ = ["AkamaiTestKeys", "sign_akamai"]

#: The headers Akamai sends with every delivery.
AKAMAI_HEADERS = {
    "Content-Type": "application/secevent+jwt",
    "User-Agent": "Akamai Identity Cloud Webhooks/3.0",
}


@dataclass(frozen=True)
class AkamaiTestKeys:
    """A throw-away RSA key pair standing in for an Akamai customer key.

    Build one with [`generate`][authhooks.testing.AkamaiTestKeys.generate]; give ``jwks`` (or
    ``public_pem``) to [`Akamai`][authhooks.Akamai] (``keys=``), or serve ``jwks`` from a test
    server as the ``jwks_url``; sign tokens with [`sign`][authhooks.testing.AkamaiTestKeys.sign] or
    [`sign_akamai`][authhooks.testing.sign_akamai].

    Attributes:
        kid: the key id put in the JWKS and in the tokens' header.
        private_key: the private key (a ``cryptography`` RSA key).
    """

    kid: str
    private_key: RSAPrivateKey = field(repr=False)

    @classmethod
    def generate(cls, kid: str | None = None, *, bits: int = 2048) -> AkamaiTestKeys:
        """A fresh key pair (``kid`` defaults to a random UUID)."""
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        return cls(kid=kid or str(uuid.uuid4()), private_key=key)

    @classmethod
    def from_pem(cls, private_pem: str | bytes, *, kid: str) -> AkamaiTestKeys:
        """The key pair of an RSA private key in PEM (to share one test key between
        processes)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        data = private_pem.encode("ascii") if isinstance(private_pem, str) else private_pem
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("not an RSA private key")
        return cls(kid=kid, private_key=key)

    @property
    def private_pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM."""
        from cryptography.hazmat.primitives import serialization

        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def public_pem(self) -> bytes:
        """The public key as SubjectPublicKeyInfo PEM."""
        from cryptography.hazmat.primitives import serialization

        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @property
    def jwk(self) -> dict[str, str]:
        """The public key as a JWK (``kty``, ``kid``, ``use``, ``alg``, ``n``, ``e``)."""
        numbers = self.private_key.public_key().public_numbers()
        return {
            "kty": "RSA",
            "kid": self.kid,
            "use": "sig",
            "alg": "RS256",
            "n": b64url_encode(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
            "e": b64url_encode(numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")),
        }

    @property
    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """A JWKS holding this public key, as Akamai publishes it."""
        return {"keys": [self.jwk]}

    def sign(self, claims: dict[str, Any], *, header: dict[str, Any] | None = None) -> str:
        """A compact RS256 token of ``claims`` with header ``{"typ", "alg", "kid"}``.

        ``header`` entries are added to (or replace) the default header.
        """
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        jose = {"typ": "secevent+jwt", "alg": "RS256", "kid": self.kid, **(header or {})}
        head = b64url_encode(json.dumps(jose, separators=(",", ":")).encode())
        body = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{head}.{body}"
        signature = self.private_key.sign(
            signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256()
        )
        return f"{signing_input}.{b64url_encode(signature)}"


def sign_akamai(
    claims: dict[str, Any],
    *,
    keys: AkamaiTestKeys,
    audience: str | list[str] | None = None,
    issued_at: int | None = None,
) -> SignedRequest:
    """Return a delivery as Akamai sends it: the signed SET as body, Akamai's headers.

    ``claims`` is the Security Event Token's claims set (for example a sample from
    [`authhooks.samples`][authhooks.samples]). ``iat`` is set to ``issued_at`` (default: now),
    ``aud`` to ``audience`` when given, and ``jti`` to a random id when missing.
    """
    payload = dict(claims)
    payload["iat"] = int(time.time()) if issued_at is None else issued_at
    if audience is not None:
        payload["aud"] = audience
    payload.setdefault("jti", uuid.uuid4().hex)
    return SignedRequest(body=keys.sign(payload).encode("ascii"), headers=dict(AKAMAI_HEADERS))
