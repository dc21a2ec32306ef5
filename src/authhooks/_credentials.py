"""Signers and receivers built from credentials a user gives (the CLI and the pytest plugin).

Each provider registers how to sign a payload with one secret, and how to build a receiver
from one or several secrets. A provider without such an entry is still usable with its demo
credentials (``authhooks._demo``), so every provider the demo knows works in the CLI and
the pytest plugin as soon as it lands.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from authhooks._demo import DemoProvider, demo_providers
from authhooks.errors import ConfigurationError
from authhooks.receiver import Receiver
from authhooks.signing import SignedRequest

__all__ = [
    "Clock",
    "Given",
    "ProviderCredentials",
    "credentials_for",
    "demo_provider",
    "known_providers",
    "make_receiver",
    "make_signer",
]

#: A zero-argument callable giving the current time (to verify old captured requests).
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Given:
    """The credentials a user gave (command-line options, fixture arguments).

    Attributes:
        secrets: shared secrets or keys (to sign: the first one; to verify: any of them).
        key: the contents of a key file, for providers signing with a key pair.
        key_id: the key id to sign with, for those providers.
        audience: the audience (the listener's URL), for those providers.
    """

    secrets: tuple[str, ...] = ()
    key: bytes | None = None
    key_id: str | None = None
    audience: str | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing was given (the demo credentials apply)."""
        return not self.secrets and self.key is None

    def secret(self, provider: str) -> str:
        """The secret to sign with; [`ConfigurationError`][authhooks.ConfigurationError] when none
        was given."""
        if not self.secrets:
            raise ConfigurationError(f"{provider} needs a secret")
        return self.secrets[0]


@dataclass(frozen=True)
class ProviderCredentials:
    """How to sign and verify one provider's requests with credentials given by a user.

    Attributes:
        name: the provider's ``provider`` string.
        sign: signs a payload (dict, bytes or text) with the given credentials.
        make_receiver: builds a receiver accepting the given credentials, with an optional
            clock (``None``: the real time; ignored by providers without timestamps).
    """

    name: str
    sign: Callable[[Any, Given], SignedRequest]
    make_receiver: Callable[[Given, Clock | None], Receiver[Any]]


def _userfront() -> ProviderCredentials:
    from authhooks.providers.userfront import Userfront, sign_userfront

    return ProviderCredentials(
        name="userfront",
        sign=lambda payload, given: sign_userfront(payload, api_key=given.secret("userfront")),
        make_receiver=lambda given, clock: Userfront(api_key=list(given.secrets)),
    )


def _authcore() -> ProviderCredentials:
    from authhooks.providers.authcore import AuthCore, sign_authcore

    return ProviderCredentials(
        name="authcore",
        sign=lambda payload, given: sign_authcore(payload, secret=given.secret("authcore")),
        make_receiver=lambda given, clock: AuthCore(secret=list(given.secrets), clock=clock),
    )


def _theauthapi() -> ProviderCredentials:
    from authhooks.providers.theauthapi import TheAuthAPI, sign_theauthapi

    return ProviderCredentials(
        name="theauthapi",
        sign=lambda payload, given: sign_theauthapi(payload, secret=given.secret("theauthapi")),
        make_receiver=lambda given, clock: TheAuthAPI(secret=list(given.secrets)),
    )


def _frontegg() -> ProviderCredentials:
    from authhooks.providers.frontegg import Frontegg, sign_frontegg

    def make_receiver(given: Given, clock: Clock | None) -> Receiver[Any]:
        if clock is None:
            return Frontegg(secret=list(given.secrets))
        return Frontegg(secret=list(given.secrets), clock=lambda: clock().timestamp())

    return ProviderCredentials(
        name="frontegg",
        sign=lambda payload, given: sign_frontegg(payload, secret=given.secret("frontegg")),
        make_receiver=make_receiver,
    )


def _akamai() -> ProviderCredentials:
    from authhooks.providers.akamai import Akamai, AkamaiTestKeys, sign_akamai

    def signing_keys(given: Given) -> AkamaiTestKeys:
        if given.key is None or b"PRIVATE KEY" not in given.key:
            raise ConfigurationError(
                "akamai signs with an RSA key: give --key FILE (a PEM private key)"
            )
        try:
            return AkamaiTestKeys.from_pem(given.key, kid=given.key_id or "authhooks-cli")
        except (ValueError, TypeError):
            raise ConfigurationError("--key is not an unencrypted RSA PEM private key") from None

    def sign(payload: Any, given: Given) -> SignedRequest:
        claims = payload
        if not isinstance(payload, dict):
            try:
                claims = json.loads(payload)
            except ValueError:
                raise ConfigurationError(
                    "an akamai payload is the token's claims, as JSON"
                ) from None
        return sign_akamai(claims, keys=signing_keys(given), audience=given.audience)

    def verifying_keys(given: Given) -> Any:
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
            return signing_keys(given).public_pem
        return data

    def make_receiver(given: Given, clock: Clock | None) -> Receiver[Any]:
        if not given.audience:
            raise ConfigurationError("akamai needs --audience: the URL Akamai delivers to")
        keys = verifying_keys(given)
        if clock is None:
            return Akamai(keys=keys, audience=given.audience)
        return Akamai(keys=keys, audience=given.audience, clock=lambda: clock().timestamp())

    return ProviderCredentials(name="akamai", sign=sign, make_receiver=make_receiver)


_FACTORIES: dict[str, Callable[[], ProviderCredentials]] = {
    "userfront": _userfront,
    "authcore": _authcore,
    "theauthapi": _theauthapi,
    "frontegg": _frontegg,
    "akamai": _akamai,
}


def credentials_for(provider: str) -> ProviderCredentials | None:
    """The credentials entry of ``provider``, or ``None`` when it takes only demo credentials."""
    factory = _FACTORIES.get(provider)
    return None if factory is None else factory()


@functools.cache
def _demos() -> dict[str, DemoProvider]:
    # Built once per process: a demo's signer and receiver must share its (random) keys.
    return {demo.name: demo for demo in demo_providers()}


def demo_provider(provider: str) -> DemoProvider:
    """The demo set-up of ``provider`` (the same one for the whole process).

    Raises:
        LookupError: there is none.
    """
    demo = _demos().get(provider)
    if demo is None:
        raise LookupError(f"unknown provider {provider!r}; known: {', '.join(known_providers())}")
    return demo


def known_providers() -> list[str]:
    """Every provider the CLI and the pytest plugin can sign for, sorted."""
    return sorted(set(_demos()) | set(_FACTORIES))


def make_signer(provider: str, given: Given | None = None) -> Callable[[Any], SignedRequest]:
    """A function signing payloads for ``provider`` with ``given`` (none: demo credentials).

    Raises:
        LookupError: the provider is unknown.
        ConfigurationError: the credentials do not suit the provider.
    """
    if given is None or given.empty:
        return demo_provider(provider).sign
    entry = _require_credentials(provider)
    return lambda payload: entry.sign(payload, given)


def make_receiver(
    provider: str, given: Given | None = None, clock: Clock | None = None
) -> Receiver[Any]:
    """A receiver for ``provider`` accepting ``given`` (none: the demo credentials).

    Raises:
        LookupError: the provider is unknown.
        ConfigurationError: the credentials do not suit the provider.
    """
    if given is None or given.empty:
        return demo_provider(provider).make_receiver()
    return _require_credentials(provider).make_receiver(given, clock)


def _require_credentials(provider: str) -> ProviderCredentials:
    entry = credentials_for(provider)
    if entry is None:
        if provider not in known_providers():
            raise LookupError(
                f"unknown provider {provider!r}; known: {', '.join(known_providers())}"
            )
        raise ConfigurationError(
            f"{provider} receivers are not built from the given credentials here; "
            "leave them out to use the demo credentials"
        )
    return entry
