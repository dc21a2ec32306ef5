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
    keys = AkamaiTestKeys.generate("demo-key-1")
    # The forger knows the key id, but not the private key.
    forger = AkamaiTestKeys.generate("demo-key-1")
    return DemoProvider(
        name="akamai",
        event="entityUpdated",
        make_receiver=lambda: Akamai(keys=keys.jwks, audience=audience),
        sign=lambda payload: sign_akamai(payload, keys=keys, audience=audience),
        forge=lambda payload: sign_akamai(payload, keys=forger, audience=audience),
    )


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
