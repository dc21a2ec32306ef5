"""The provider registry: every sender authhooks has models for, one entry each.

An entry names a provider's receiver and events, the scheme it verifies with, its demo
credentials and its sample of choice; the package root's exports, the demo, the command
line, the test signers and the pytest plugin all find providers here. Importing this module
imports no provider: a provider's package (``authhooks.providers.<name>``) is loaded when it
is first used.

```python
import authhooks.providers

[provider.name for provider in authhooks.providers.all()]   # ['akamai', 'authcore', ...]
clerk = authhooks.providers.get("clerk")
clerk.receiver_class                                        # authhooks.Clerk
clerk.sample("user.created")                                # a sample payload
```

A provider's package holds its receiver and events and its ``samples/`` folder (one JSON
file per event, named after the provider's event name). A provider whose credentials are not
a shared secret adds a ``_setup`` module with ``demo()``, ``from_credentials(given, clock)``
and ``sign_with(payload, given)``.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from authhooks.receiver import Receiver
    from authhooks.signing import SignedRequest

__all__ = ["Demo", "Provider", "all", "get", "names"]

#: What a provider's credentials are: shared secrets, or public keys (a JWKS or a PEM key).
CredentialKind = Literal["secret", "keys"]


@dataclass(frozen=True)
class Demo:
    """A provider set up with throw-away credentials (the demo, the CLI's and the pytest
    plugin's defaults).

    Attributes:
        make_receiver: builds a receiver that accepts the demo credentials.
        sign: signs a payload with the demo credentials.
        forge: signs a payload with other credentials (what a forger would send).
    """

    make_receiver: Callable[[], Receiver[Any]]
    sign: Callable[[Any], SignedRequest]
    forge: Callable[[Any], SignedRequest]


@dataclass(frozen=True)
class Provider:
    """One registered provider.

    Attributes:
        name: the provider's name, as in ``event.provider`` (``"userfront"``).
        title: how the provider names itself (``"Userfront"``).
        receiver: the name of its receiver class, exported from ``authhooks``.
        event: the name of its base event class, exported from ``authhooks``.
        scheme: the name of the [scheme][authhooks.schemes] it verifies with.
        demo_event: the event the demo sends.
        credentials: ``"secret"`` (shared secrets) or ``"keys"`` (public keys).
        demo_secret: the demo's secret, for a ``"secret"`` provider.
        forged_secret: another valid-looking secret, for the demo's forged request.
        exports: more names the package root exports from the provider's package.
    """

    name: str
    title: str
    receiver: str
    event: str
    scheme: str
    demo_event: str
    credentials: CredentialKind = "secret"
    demo_secret: str | None = None
    forged_secret: str | None = None
    exports: tuple[str, ...] = field(default=())

    @property
    def module_name(self) -> str:
        """The provider's package, ``authhooks.providers.<name>``."""
        return f"{__name__}.{self.name}"

    def load(self) -> ModuleType:
        """Import the provider's package."""
        return importlib.import_module(self.module_name)

    @property
    def receiver_class(self) -> type[Receiver[Any]]:
        """The receiver class."""
        cls: type[Receiver[Any]] = getattr(self.load(), self.receiver)
        return cls

    def event_types(self) -> frozenset[str]:
        """The event types the provider has typed models for."""
        return self.receiver_class.parser.types

    def sample_events(self) -> list[str]:
        """The event names that have a sample, sorted."""
        folder = resources.files(self.module_name) / "samples"
        return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))

    def sample(self, event: str | None = None) -> Any:
        """The sample payload of ``event`` (default: ``demo_event``), a fresh copy each call.

        Raises:
            LookupError: there is no sample of that event.
        """
        chosen = self.demo_event if event is None else event
        path = resources.files(self.module_name) / "samples" / f"{chosen}.json"
        if "/" in chosen or not path.is_file():
            hint = _closest(chosen, self.sample_events())
            raise LookupError(f"no sample for {self.name} event {chosen!r}{hint}")
        return json.loads(path.read_text(encoding="utf-8"))

    def setup(self) -> ModuleType | None:
        """The provider's ``_setup`` module, for credentials other than shared secrets."""
        try:
            return importlib.import_module(f"{self.module_name}._setup")
        except ModuleNotFoundError as exc:
            if exc.name != f"{self.module_name}._setup":
                raise
            return None

    def demo(self) -> Demo:
        """The provider set up with its throw-away demo credentials."""
        custom = getattr(self.setup(), "demo", None)
        if custom is not None:
            made: Demo = custom()
            return made
        if self.demo_secret is None or self.forged_secret is None:  # pragma: no cover
            raise LookupError(f"{self.name} has no demo credentials")
        cls = self.receiver_class
        receiver = cls(self.demo_secret)  # type: ignore[call-arg]
        forger = cls(self.forged_secret)  # type: ignore[call-arg]
        return Demo(
            make_receiver=lambda: cls(self.demo_secret),  # type: ignore[call-arg]
            sign=receiver.scheme.sign,
            forge=forger.scheme.sign,
        )


#: Every registered provider, by name.
_ENTRIES: dict[str, Provider] = {
    entry.name: entry
    for entry in (
        Provider(
            "akamai",
            "Akamai Identity Cloud",
            receiver="Akamai",
            event="AkamaiEvent",
            scheme="Jwt",
            demo_event="entityUpdated",
            credentials="keys",
        ),
        Provider(
            "authcore",
            "AuthCore",
            receiver="AuthCore",
            event="AuthCoreEvent",
            scheme="TimestampedHmac",
            demo_event="user.created",
            demo_secret="ac_demo_signing_secret_0123456789abcdef",
            forged_secret="ac_forged_signing_secret_0123456789",
        ),
        Provider(
            "frontegg",
            "Frontegg",
            receiver="Frontegg",
            event="FronteggEvent",
            scheme="Jwt",
            demo_event="frontegg.user.created",
            demo_secret="fe_demo_connection_secret_0123456789abcdef",
            forged_secret="fe_forged_secret_0123456789abcdef",
        ),
        Provider(
            "theauthapi",
            "The Auth API",
            receiver="TheAuthAPI",
            event="TheAuthAPIEvent",
            scheme="StaticSecret",
            demo_event="api-key.created",
            demo_secret="taa_demo_webhook_key_0123456789abcdef",
            forged_secret="taa_forged_key_0123456789abcdef",
        ),
        Provider(
            "userfront",
            "Userfront",
            receiver="Userfront",
            event="UserfrontEvent",
            scheme="StaticSecret",
            demo_event="user.create",
            demo_secret="uf_demo_webhook_key_0123456789abcdef",
            forged_secret="uf_forged_key_0123456789abcdef",
        ),
    )
}


def get(name: str) -> Provider:
    """The provider registered as ``name``.

    Raises:
        LookupError: no provider has that name (the message suggests the closest).
    """
    entry = _ENTRIES.get(name) if isinstance(name, str) else None
    if entry is None:
        hint = _closest(str(name), list(_ENTRIES))
        raise LookupError(f"unknown provider {name!r}{hint}; known: {', '.join(names())}")
    return entry


def all() -> list[Provider]:  # noqa: A001 (the registry's natural name for it)
    """Every registered provider, sorted by name."""
    return [_ENTRIES[name] for name in names()]


def find_event_type(name: str) -> Provider | None:
    """The first provider (by name) that has a typed event of type ``name``, if any.

    Imports the providers' packages one by one until one knows the type.
    """
    for entry in all():
        if name in entry.event_types():
            return entry
    return None


def names() -> list[str]:
    """The names of the registered providers, sorted."""
    return sorted(_ENTRIES)


def exports() -> dict[str, str]:
    """Every name the package root exports for a provider -> the module defining it."""
    result: dict[str, str] = {}
    for entry in _ENTRIES.values():
        for name in (entry.receiver, entry.event, *entry.exports):
            result[name] = entry.module_name
    return result


def _closest(name: str, candidates: Sequence[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""
