"""The providers the demo and the CLI know: how to build a receiver and a signed sample."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from authhooks.receiver import Receiver
from authhooks.signing import SignedRequest

__all__ = ["DemoProvider", "demo_providers"]


@dataclass(frozen=True)
class DemoProvider:
    """A provider set up with throw-away demo credentials.

    Attributes:
        name: the provider's ``provider`` string.
        event: the sample event the demo sends.
        make_receiver: builds a receiver that accepts the demo credentials.
        sign: signs a payload with the demo credentials.
        forge: signs a payload with wrong credentials (the demo's rejected request).
    """

    name: str
    event: str
    make_receiver: Callable[[], Receiver[Any]]
    sign: Callable[[Any], SignedRequest]
    forge: Callable[[Any], SignedRequest]


def _userfront() -> DemoProvider:
    from authhooks.providers.userfront import Userfront, sign_userfront

    key = "uf_demo_webhook_key_0123456789abcdef"
    return DemoProvider(
        name="userfront",
        event="user.create",
        make_receiver=lambda: Userfront(api_key=key),
        sign=lambda payload: sign_userfront(payload, api_key=key),
        forge=lambda payload: sign_userfront(payload, api_key="uf_forged_key"),
    )


def _authcore() -> DemoProvider:
    from authhooks.providers.authcore import AuthCore, sign_authcore

    key, forged = "whsec_demo_authcore_0123456789abcdef", "whsec_forged_key"
    return DemoProvider(
        name="authcore",
        event="user.created",
        make_receiver=lambda: AuthCore(secret=key),
        sign=lambda payload: sign_authcore(payload, secret=key),
        forge=lambda payload: sign_authcore(payload, secret=forged),
    )


def _theauthapi() -> DemoProvider:
    from authhooks.providers.theauthapi import TheAuthAPI, sign_theauthapi

    key, forged = "taa_demo_webhook_key_0123456789abcdef", "taa_forged_key"
    return DemoProvider(
        name="theauthapi",
        event="api-key.created",
        make_receiver=lambda: TheAuthAPI(secret=key),
        sign=lambda payload: sign_theauthapi(payload, secret=key),
        forge=lambda payload: sign_theauthapi(payload, secret=forged),
    )


def _frontegg() -> DemoProvider:
    from authhooks.providers.frontegg import Frontegg, sign_frontegg

    key = "fe_demo_connection_secret_0123456789abcdef"
    forged = "fe_forged_secret_0123456789abcdef"
    return DemoProvider(
        name="frontegg",
        event="frontegg.user.created",
        make_receiver=lambda: Frontegg(secret=key),
        sign=lambda payload: sign_frontegg(payload, secret=key),
        forge=lambda payload: sign_frontegg(payload, secret=forged),
    )


def _akamai() -> DemoProvider:
    from authhooks.providers.akamai import Akamai, AkamaiTestKeys, sign_akamai

    audience = "https://hooks.example.com/akamai"
    # A fixed key, so that a receiver and a sender built in different processes agree.
    keys = AkamaiTestKeys.from_pem(_AKAMAI_DEMO_KEY, kid="demo-key-1")
    return DemoProvider(
        name="akamai",
        event="entityUpdated",
        make_receiver=lambda: Akamai(keys=keys.jwks, audience=audience),
        sign=lambda payload: sign_akamai(payload, keys=keys, audience=audience),
        # The forger knows the key id, but not the private key.
        forge=lambda payload: sign_akamai(
            payload, keys=AkamaiTestKeys.generate(keys.kid), audience=audience
        ),
    )


#: The demo's throw-away Akamai signing key (public knowledge: it signs nothing real).
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


def demo_providers() -> list[DemoProvider]:
    """Every provider the demo covers, with its demo credentials."""
    return [factory() for factory in _FACTORIES]


_FACTORIES: list[Callable[[], DemoProvider]] = [
    _userfront,
    _authcore,
    _theauthapi,
    _frontegg,
    _akamai,
]
