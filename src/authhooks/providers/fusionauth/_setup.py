"""FusionAuth's credentials for the demo, the command line and the pytest plugin: a Key
Master key pair (RSA, EC or Ed25519) or an HMAC secret."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from authhooks.errors import ConfigurationError
from authhooks.providers._key_pairs import (
    given_key,
    key_pair_demo,
    load_private_key,
    public_pem,
    verifying_keys,
)
from authhooks.providers.fusionauth.receiver import FusionAuth

if TYPE_CHECKING:
    from authhooks._credentials import Clock, Given
    from authhooks.providers import Demo
    from authhooks.signing import SignedRequest

__all__ = ["demo", "from_credentials", "sign_with"]

#: The key id of the demo's key (FusionAuth's are 27 base64url characters).
DEMO_KID = "demo-fusionauth-es256-key-1"


def _algorithm(key: Any) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if isinstance(key, rsa.RSAPrivateKey):
        return "RS256"
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "EdDSA"
    if isinstance(key, ec.EllipticCurvePrivateKey):
        by_curve = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}
        if key.curve.name in by_curve:
            return by_curve[key.curve.name]
    raise ConfigurationError("fusionauth signs with an RSA, EC (P-256/384/521) or Ed25519 key")


def sign(payload: Any, key: Any, kid: str | None) -> SignedRequest:
    """A delivery as FusionAuth sends it, signed with a private key object (its algorithm
    follows from the key) or an HMAC secret (text), under kid."""
    if isinstance(key, str):
        receiver = FusionAuth(key)
        return receiver.scheme.sign(payload, kid=kid, expires_in=None)
    receiver = FusionAuth(public_pem(key))
    return receiver.scheme.sign(
        payload, signing_key=key, kid=kid, algorithm=_algorithm(key), expires_in=None
    )


def demo() -> Demo:
    """A receiver trusting the demo's EC key; the forger knows the key id, not the key."""
    from cryptography.hazmat.primitives.asymmetric import ec

    return key_pair_demo(
        _FUSIONAUTH_DEMO_KEY,
        DEMO_KID,
        load=load_private_key,
        receiver=FusionAuth,
        sign=sign,
        stranger=lambda: ec.generate_private_key(ec.SECP256R1()),
    )


def sign_with(payload: Any, given: Given) -> SignedRequest:
    """A delivery signed with the private key given (``--key``, under ``--kid``), else with
    the HMAC secret given (``--secret``)."""
    data = given_key(given)
    if data is not None:
        if b"PRIVATE KEY" not in data:
            raise ConfigurationError("fusionauth signs with a private key: --key FILE (PEM)")
        return sign(payload, load_private_key(data), given.key_id)
    return sign(payload, given.secret("fusionauth"), given.key_id)


def from_credentials(given: Given, clock: Clock | None) -> FusionAuth:
    """A receiver trusting the key given (``--key``: PEM or JWKS) or the HMAC secrets or
    JWKS URL given (``--secret``)."""
    data = given_key(given)
    if data is None:
        if not given.secrets:
            raise ConfigurationError(
                "fusionauth needs the webhook's signing key: --secret (an HMAC secret or the "
                "JWKS URL) or --key FILE (a PEM public key or a JWKS)"
            )
        return FusionAuth(list(given.secrets), clock=clock)
    return FusionAuth(verifying_keys(data, load_private_key), clock=clock)


#: The demo's throw-away signing key, an EC P-256 key (public knowledge: it signs nothing
#: real), fixed so that a receiver and a sender built in different processes agree.
_FUSIONAUTH_DEMO_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaNbbhuPhEQmEatsi
TJTI7xa0LAY43RuNAexxvE1L1L+hRANCAAS845tNWy6RcKtWxcRHkm3K7OpOKBck
Cbcmd5bK8IOyKKYua6qnST2ChftpkOzdbx55CGvOxIELsL0YQiHuIHr7
-----END PRIVATE KEY-----
"""
