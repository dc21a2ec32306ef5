"""Signers and receivers built from credentials a user gives (the CLI and the pytest plugin).

Every registered provider works here: a provider whose credentials are shared secrets needs
nothing more than its registry entry (its receiver takes the secrets as its first argument
and its scheme signs); a provider with key pairs supplies ``from_credentials`` and
``sign_with`` in its ``_setup`` module.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from authhooks import providers
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
        name: the provider's name.
        sign: signs a payload (dict, bytes or text) with the given credentials.
        make_receiver: builds a receiver accepting the given credentials, with an optional
            clock (``None``: the real time; ignored by providers without timestamps).
    """

    name: str
    sign: Callable[[Any, Given], SignedRequest]
    make_receiver: Callable[[Given, Clock | None], Receiver[Any]]


def credentials_for(provider: str) -> ProviderCredentials | None:
    """The credentials entry of ``provider``, or ``None`` when it is not registered."""
    try:
        entry = providers.get(provider)
    except LookupError:
        return None
    setup = entry.setup()
    sign = getattr(setup, "sign_with", None) or functools.partial(_sign_with_secret, entry)
    build = getattr(setup, "from_credentials", None) or functools.partial(
        _receiver_from_secrets, entry
    )
    return ProviderCredentials(name=entry.name, sign=sign, make_receiver=build)


def _sign_with_secret(entry: providers.Provider, payload: Any, given: Given) -> SignedRequest:
    receiver = entry.factory(given.secret(entry.name))
    return receiver.scheme.sign(payload)


def _receiver_from_secrets(
    entry: providers.Provider, given: Given, clock: Clock | None
) -> Receiver[Any]:
    make = entry.factory
    if not given.secrets:
        raise ConfigurationError(f"{entry.name} needs a secret")
    if clock is not None and "clock" in inspect.signature(make).parameters:
        return make(list(given.secrets), clock=clock)
    return make(list(given.secrets))


@functools.cache
def _demo(provider: str) -> providers.Demo:
    # Built once per process: a demo's signer and receiver must share its (random) keys.
    return providers.get(provider).demo()


def demo_provider(provider: str) -> providers.Demo:
    """The demo set-up of ``provider`` (the same one for the whole process).

    Raises:
        LookupError: no such provider.
    """
    return _demo(provider)


def known_providers() -> list[str]:
    """Every provider the CLI and the pytest plugin can sign for, sorted."""
    return providers.names()


def make_signer(provider: str, given: Given | None = None) -> Callable[[Any], SignedRequest]:
    """A function signing payloads for ``provider`` with ``given`` (none: demo credentials).

    Raises:
        LookupError: the provider is unknown.
        ConfigurationError: the credentials do not suit the provider.
    """
    if given is None or given.empty:
        return demo_provider(provider).sign
    entry = _require(provider)
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
    return _require(provider).make_receiver(given, clock)


def _require(provider: str) -> ProviderCredentials:
    entry = credentials_for(provider)
    if entry is None:
        providers.get(provider)  # raises the LookupError naming the known providers
        raise AssertionError  # pragma: no cover
    return entry
