"""Signers and receivers built from credentials a user gives (the CLI and the pytest plugin).

Each provider registers how to sign a payload with one secret, and how to build a receiver
from one or several secrets. A provider without such an entry is still usable with its demo
credentials (:mod:`authhooks._demo`), so every provider the demo knows works in the CLI and
the pytest plugin as soon as it lands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from authhooks._demo import DemoProvider, demo_providers
from authhooks.errors import ConfigurationError
from authhooks.receiver import Receiver
from authhooks.signing import SignedRequest

__all__ = [
    "Clock",
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
class ProviderCredentials:
    """How to sign and verify one provider's requests with credentials given by a user.

    Attributes:
        name: the provider's ``provider`` string.
        sign: signs a payload (dict, bytes or text) with one secret.
        make_receiver: builds a receiver from one or several secrets and an optional clock
            (``None``: the real time; the clock is ignored by providers without timestamps).
    """

    name: str
    sign: Callable[[Any, str], SignedRequest]
    make_receiver: Callable[[Sequence[str], Clock | None], Receiver[Any]]


def _userfront() -> ProviderCredentials:
    from authhooks.providers.userfront import Userfront, sign_userfront

    return ProviderCredentials(
        name="userfront",
        sign=lambda payload, secret: sign_userfront(payload, api_key=secret),
        make_receiver=lambda secrets, clock: Userfront(api_key=list(secrets)),
    )


def _authcore() -> ProviderCredentials:
    from authhooks.providers.authcore import AuthCore, sign_authcore

    return ProviderCredentials(
        name="authcore",
        sign=lambda payload, secret: sign_authcore(payload, secret=secret),
        make_receiver=lambda secrets, clock: AuthCore(secret=list(secrets), clock=clock),
    )


def _theauthapi() -> ProviderCredentials:
    from authhooks.providers.theauthapi import TheAuthAPI, sign_theauthapi

    return ProviderCredentials(
        name="theauthapi",
        sign=lambda payload, secret: sign_theauthapi(payload, secret=secret),
        make_receiver=lambda secrets, clock: TheAuthAPI(secret=list(secrets)),
    )


_FACTORIES: dict[str, Callable[[], ProviderCredentials]] = {
    "userfront": _userfront,
    "authcore": _authcore,
    "theauthapi": _theauthapi,
}


def credentials_for(provider: str) -> ProviderCredentials | None:
    """The credentials entry of ``provider``, or ``None`` when it takes only demo credentials."""
    factory = _FACTORIES.get(provider)
    return None if factory is None else factory()


def demo_provider(provider: str) -> DemoProvider:
    """The demo set-up of ``provider``; :class:`LookupError` when there is none."""
    for demo in demo_providers():
        if demo.name == provider:
            return demo
    raise LookupError(f"unknown provider {provider!r}; known: {', '.join(known_providers())}")


def known_providers() -> list[str]:
    """Every provider the CLI and the pytest plugin can sign for, sorted."""
    return sorted({demo.name for demo in demo_providers()} | set(_FACTORIES))


def make_signer(provider: str, secret: str | None = None) -> Callable[[Any], SignedRequest]:
    """A function signing payloads for ``provider`` with ``secret`` (``None``: demo credentials).

    Raises:
        LookupError: the provider is unknown.
        ConfigurationError: the provider does not take a secret from the user.
    """
    if secret is None:
        return demo_provider(provider).sign
    entry = _require_credentials(provider)
    return lambda payload: entry.sign(payload, secret)


def make_receiver(
    provider: str, secrets: Sequence[str] = (), clock: Clock | None = None
) -> Receiver[Any]:
    """A receiver for ``provider`` accepting ``secrets`` (none: the demo credentials).

    Raises:
        LookupError: the provider is unknown.
        ConfigurationError: the provider does not take a secret from the user.
    """
    if not secrets:
        return demo_provider(provider).make_receiver()
    return _require_credentials(provider).make_receiver(tuple(secrets), clock)


def _require_credentials(provider: str) -> ProviderCredentials:
    entry = credentials_for(provider)
    if entry is None:
        if provider not in known_providers():
            raise LookupError(
                f"unknown provider {provider!r}; known: {', '.join(known_providers())}"
            )
        raise ConfigurationError(
            f"{provider} receivers are not built from a single secret here; "
            "leave the secret out to use the demo credentials"
        )
    return entry
