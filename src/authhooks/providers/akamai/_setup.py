"""Akamai's credentials for the demo, the command line and the pytest plugin: RSA key pairs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from authhooks.errors import ConfigurationError
from authhooks.providers import Demo
from authhooks.providers.akamai.receiver import Akamai
from authhooks.providers.akamai.signing import AkamaiTestKeys, sign_akamai

if TYPE_CHECKING:
    from authhooks._credentials import Clock, Given
    from authhooks.signing import SignedRequest

__all__ = ["demo", "from_credentials", "sign_with"]

#: The audience of the demo's receiver.
DEMO_AUDIENCE = "https://hooks.example.com/akamai"


def demo() -> Demo:
    """A receiver trusting the demo key; the forger knows the key id, not the private key."""
    keys = AkamaiTestKeys.from_pem(_AKAMAI_DEMO_KEY, kid="demo-key-1")
    return Demo(
        make_receiver=lambda: Akamai(keys=keys.jwks, audience=DEMO_AUDIENCE),
        sign=lambda payload: sign_akamai(payload, keys=keys, audience=DEMO_AUDIENCE),
        forge=lambda payload: sign_akamai(
            payload, keys=AkamaiTestKeys.generate(keys.kid), audience=DEMO_AUDIENCE
        ),
    )


def _signing_keys(given: Given) -> AkamaiTestKeys:
    if given.key is None or b"PRIVATE KEY" not in given.key:
        raise ConfigurationError(
            "akamai signs with an RSA key: give --key FILE (a PEM private key)"
        )
    try:
        return AkamaiTestKeys.from_pem(given.key, kid=given.key_id or "authhooks-cli")
    except (ValueError, TypeError):
        raise ConfigurationError("--key is not an unencrypted RSA PEM private key") from None


def sign_with(payload: Any, given: Given) -> SignedRequest:
    """A delivery signed with the private key given (``--key``)."""
    claims = payload
    if not isinstance(payload, dict):
        try:
            claims = json.loads(payload)
        except ValueError:
            raise ConfigurationError("an akamai payload is the token's claims, as JSON") from None
    return sign_akamai(claims, keys=_signing_keys(given), audience=given.audience)


def _verifying_keys(given: Given) -> Any:
    data = given.key
    if data is None:
        raise ConfigurationError(
            "akamai verifies with Akamai's public key: give --key FILE (PEM or JWKS)"
        )
    if data.lstrip().startswith(b"{"):
        try:
            return json.loads(data)
        except ValueError:
            raise ConfigurationError("--key is not valid JSON") from None
    if b"PRIVATE KEY" in data:  # the file `send --key` signs with: use its public half
        return _signing_keys(given).public_pem
    return data


def from_credentials(given: Given, clock: Clock | None) -> Akamai:
    """A receiver trusting the key given (``--key``), for ``--audience``."""
    if not given.audience:
        raise ConfigurationError("akamai needs --audience: the URL Akamai delivers to")
    keys = _verifying_keys(given)
    if clock is None:
        return Akamai(keys=keys, audience=given.audience)
    return Akamai(keys=keys, audience=given.audience, clock=lambda: clock().timestamp())


#: The demo's throw-away Akamai signing key (public knowledge: it signs nothing real), fixed
#: so that a receiver and a sender built in different processes agree.
_AKAMAI_DEMO_KEY = """\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDF1uxKvdBPj0Rb
1LF4GeEn7QgXfxYfoRbd+nYz+Q2QAIWQLbx+uEKl0rZZk+1lq5aYUW6TFJg/5y6G
s/dQs/zS8rize299oYizaqG3rud1VTxoPjR+OGYtq8cVK1zWetlflrqq++r0Yu+G
3EV2V0PPfmA00eWK3E4j3FK8ej3N8C1PISaBL7z3h8KQDZd+IBNzgAQJkpI2GZJ2
AN9iGDNj33RmsN8VrusvCClkymMeMxJ3FjSxaR9pEE5UQ3T8SpmsI0nzzn1Z/d6t
4FbYKzGHAQqBBuUM1cXTzJo8d+IwA7L2PrIeuEy2BXPa5qG6vZBs2vm/hgicTxHe
QFV8qR11AgMBAAECggEABiqij1rWwyAVUqJwzKxL1RWBjs/uhdpcztr3c7vD1TT6
9MlEKpP+OdJ1Thn7CJP+W+2P24RFEZrYW6kA4LJXg1C++pMyoLEYBHWiqEnKm6Dm
Qt6LftKttqc3y5xgJqxKGb1mQJ2dD3SFAEhd3ugt7CoFgCf5tmgTBHGh34+U3RYd
ESpjRy9FFtFsJRW/CZAoPXdD08DZKAbjPM8r4KtInOU9eoBPvYnOlZIAHEi9FV6q
JRqTGhN7lNG8qyxa2tPZwXLxRTpjjFYUjQJge3W01IePfejBeoLVweQ0aZuoYDYa
zxOZ1shvSB7p84CMlZh+h+lNk6yv4YC810Rso+xDOQKBgQD2XSr3Gi0EHrMFcfO9
Q9shwQzi5aEs3rw5pja7cri1uQuukG9ilqTLpgh2aWZxRbW1P/NQH52qFFFn2wlj
gNlFbGRTCIaMIl0rhc+jjBEd3q0EQksaVTyUoKbzOElyIRL97t4QW6w2BlKmNCmE
bnQKHziKxm3Dr288mnxzjYUBfQKBgQDNk+Hj4yKlCQP9T/4UFlcj73sE8NpBC4ot
xT4iE0HhNmwV0wYVyHDG+s+trs6EBPKZrjoFKlzfuOZwzuGGemIPkRYBBHNc3xJ5
b1HGRcfkccu8Hw8U98lIKvmAUMZ0Ve/r3ZATmXgLdo8L4kQrKL+vy+KZdbGXxSn6
7FICKS1NWQKBgHYqVdNToMfbGa7A61GaXF6iQ9YIofftlYZpLNNXwTSYXvwJlwNI
kh6DsodpIpOuBeu7kq6Zm3vaZvlTW/t3776WsMAK1M4eJWYctm0RX5xeE8p5KaCl
xXrcW3dJRiERsBRQH/7kmYMIIVhKqKc2ez3nn60gY8F6QfZles/Jz0PZAoGBALdw
IN3HPI/FBrFPYqmr8Z/YPo5/GFF4KZmD6lhflKaQeEvVHBXt4Gw9O3mAhTiabZui
MpWPYoYjKEU65VSo+b1oOhk4TnRtfL+tDGv+skpvHFvF3yBXplzmM/JCoYMHd+mg
r8I9bDfWV/hDs45Lcxg7tvw2X/zMaxRDMT5KXekpAoGAF9WtohhHYFlT4QOcUTzU
ObDeNlrjIY2yPWxiqr9WJ2+MZ3o9qgJolirBbt3P2RvG8MN4RP1guHoExH9A1RvE
02ozTJ7vC2H37wBiFGqS1v+vZeUvx8MFkVqR60oN/o55AtsEk+aJh3Ec1GnyFkSM
wdVM6ESteMYBeGk3AywaErs=
-----END PRIVATE KEY-----
"""
