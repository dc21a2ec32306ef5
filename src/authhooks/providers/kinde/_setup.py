"""Kinde's credentials for the demo, the command line and the pytest plugin: RSA key pairs."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from authhooks.errors import ConfigurationError
from authhooks.providers._key_pairs import (
    given_key,
    key_pair_demo,
    load_private_key,
    verifying_keys,
)
from authhooks.providers.kinde.receiver import Kinde
from authhooks.signing import SignedRequest

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

    from authhooks._credentials import Clock, Given
    from authhooks.providers import Demo

__all__ = ["demo", "from_credentials", "sign_with"]

#: The key id of the demo's key (Kinde's look like 16 colon-separated hex bytes).
DEMO_KID = "de:mo:00:00:00:00:00:00:00:00:00:00:00:00:00:01"


def _private_key(pem: bytes) -> RSAPrivateKey:
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = load_private_key(pem)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ConfigurationError("kinde signs with RS256: the key must be an RSA private key")
    return key


def sign(payload: Any, key: RSAPrivateKey, kid: str) -> SignedRequest:
    """A delivery as Kinde sends it: the claims (``payload``, with ``timestamp`` set to now)
    as an RS256 token with the header ``{"alg", "kid", "typ": "JWT"}`` and nothing added (no
    ``iat``, ``jti`` or ``exp``, like Kinde's), in a body of type ``application/jwt``."""
    import jwt

    claims = payload
    if not isinstance(payload, dict):
        try:
            claims = json.loads(payload)
        except ValueError:
            raise ConfigurationError("a kinde payload is the token's claims, as JSON") from None
        if not isinstance(claims, dict):
            raise ConfigurationError("a kinde payload is the token's claims: a JSON object")
    stamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    claims = {**claims, "timestamp": stamp}
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid, "typ": "JWT"})
    return SignedRequest(body=token.encode("ascii"), headers={"Content-Type": "application/jwt"})


def demo() -> Demo:
    """A receiver trusting the demo key; the forger knows the key id, not the private key."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return key_pair_demo(
        _KINDE_DEMO_KEY,
        DEMO_KID,
        load=_private_key,
        receiver=lambda public: Kinde(keys=public),
        sign=sign,
        stranger=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


def sign_with(payload: Any, given: Given) -> SignedRequest:
    """A delivery signed with the RSA private key given (``--key``), under ``--kid``."""
    data = given_key(given)
    if data is None or b"PRIVATE KEY" not in data:
        raise ConfigurationError("kinde signs with an RSA key: give --key FILE (a PEM private key)")
    return sign(payload, _private_key(data), given.key_id or "authhooks-cli")


def from_credentials(given: Given, clock: Clock | None) -> Kinde:
    """A receiver trusting the key given (``--key``: a PEM or a JWKS), or fetching the keys
    of the Kinde domain given as the secret."""
    data = given_key(given)
    if data is None:
        if not given.secrets:
            raise ConfigurationError(
                "kinde verifies with Kinde's public keys: give --key FILE (PEM or JWKS) or "
                "--secret <your Kinde domain>"
            )
        return Kinde(given.secrets[0], clock=clock)
    return Kinde(keys=verifying_keys(data, _private_key), clock=clock)


#: The demo's throw-away Kinde signing key (public knowledge: it signs nothing real), fixed
#: so that a receiver and a sender built in different processes agree.
_KINDE_DEMO_KEY = """\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDCTaoy32lQHPhV
J8yYI9cIl4+Ot2BT8uGROMuB9umoUGM6R/o2fNjnZsexSnqrtQzI15XeCAJVzcg6
6fgzwS+4IR2pMVzRh7fZUZ+cViyjoNnBTX1DdHEfEOdXwkfWmNULGdcrZb2Ws+iQ
a/jfPTHVIDDLL6udg6Glituch9dV622kaFwqxVQG4ScUlzALIuadLB0q2uteT7ha
IrsDxvqUJOhzsnQoIVPtQ1aPbQ7Tzhw0Z1Bsy97f3/8rEpLJt/a4YEROX3c/V4v7
jc18bhob+RYghicS1+6Nsk/USngZ6Munk+BQLUFGngK+iQWflIzKXTwGzoSetuQ2
ZoY1DPBDAgMBAAECggEAIzQzHBiCWjOFgtg9J2uG8FWVewQafdtJpyglJxz3ZLl7
4PldijXAjtx+Xc7ivu2ErXbx/lJxKd6o4pO1lprv7GqDlz4MVSJD2yoAwzCR0eu4
yF8jzO7x9/D2GV5n6aezIdnCtGgwm3dpMZF+e+P4fWbhsE6ox1csGHQ6KfgqubQn
TfYDaAFrKWgmD+TOcFxWJnZIo7p6AsXRS342lEGSlnEuQz42tKJqgIA5AOj4ou05
RoHL5oeR5g+4P/5ejThZDEefvv/VM+orRHgEAt5YBetK0CJsZCIO2xN8acbtz73n
hOS/oBQMMw9/o4RPXN1jM41m/qNjJGK626E41tENgQKBgQDfau3I0RNo4VwMg+Mi
1KaAm8mu6bCMnY6nuaBRDwcYTFvNLky15hWpx+21EJACNS+5oo4aTli4MAe9CqVJ
eMygVDIdjgb4egE+LvL6ki4zraiX/GJNSZFXvebBqIHoyQOQkNw4K4OaedM1oa9M
IJhIqUkfxgvus4cx6Qa7UDyLYQKBgQDeo8hrdumEdiAAC79Xe4DfMmbkL5eC0SSr
WrWua2kyGBm5gp3iwwjhZ7kII3Nqn0S8Q5BJpR+IiGYSRTHFE+LLRki2XmMvOJDV
p5+vn9FdpoOHxOfcO2c1jY5sS4iUWLTH0DYdaQOXujbX6e10TqHi6vNe9TTmYmoN
qh9RpCMiIwKBgFv/Ac7RGLb1JRwaKqsq+Sy3+YJGw+YC8rzp2LPIBlnhB2Qjjn7Q
MVdp9d265jGiiPZdkzoNzMZ7MJSND6aDUW8rfD9jPkeOpXhfiLnY+6FX/rYmvKuq
gWipz50qr+OU8hzTKXsPn+85/th0rWQhf9NbsbqdqEgwMJlCpPz4exXBAoGBANiy
uWQ/vVI8VzE0Pey8PNcBi7wVxnaBchuGksdNrHohkwhI5bvM8VvTRPly5+ejVZeY
e1vy6BpQCGlICAU2McyAgE1g2VEg0XfjSz35ZCKu6969/J8TAoXRXgpyCmG5ZVwG
gGVnzSNlD/Rfr8tArbjbzj1ilTaYG3lpWEpyY+/ZAoGAMyYwbZ++r8pGJzPCkJqn
LiRL80b7cf1ajo+jXY4rIEGYXuhotApuVVXuHkC/WpnqzjpAVkwtMjwhYDPwZFUq
pNRxJgSUg78rS7E5/yrs0Vaaqjv+jaAX1ZyNDO+P56U1SCE4ajVroloZDhL2jZvy
gmXJLNeKrmtl0jkygckB0Ds=
-----END PRIVATE KEY-----
"""
