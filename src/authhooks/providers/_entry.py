"""A registry entry, [`Provider`][authhooks.providers.Provider], and its demo set-up."""

from __future__ import annotations

import dataclasses
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

__all__ = ["CredentialKind", "Demo", "Provider", "closest"]

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
        event: the event the demo sends (the provider's ``demo_event``).
    """

    make_receiver: Callable[[], Receiver[Any]]
    sign: Callable[[Any], SignedRequest]
    forge: Callable[[Any], SignedRequest]
    event: str = ""


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
        format_published: whether the provider publishes its signature format; ``False``
            when the format authhooks checks is its own documented assumption (AuthCore).
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
    format_published: bool = True

    @property
    def module_name(self) -> str:
        """The provider's package, ``authhooks.providers.<name>``."""
        return f"authhooks.providers.{self.name}"

    def load(self) -> ModuleType:
        """Import the provider's package."""
        return importlib.import_module(self.module_name)

    @property
    def receiver_class(self) -> type[Receiver[Any]]:
        """The receiver class."""
        cls: type[Receiver[Any]] = getattr(self.load(), self.receiver)
        return cls

    @property
    def factory(self) -> Callable[..., Receiver[Any]]:
        """The receiver class as a constructor: its first argument is the credential a user
        copies from the provider's dashboard."""
        return self.receiver_class

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
            hint = closest(chosen, self.sample_events())
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
            return dataclasses.replace(made, event=self.demo_event)
        if self.demo_secret is None or self.forged_secret is None:  # pragma: no cover
            raise LookupError(f"{self.name} has no demo credentials")
        make = self.factory
        receiver, forger = make(self.demo_secret), make(self.forged_secret)
        return Demo(
            make_receiver=lambda: make(self.demo_secret),
            sign=receiver.scheme.sign,
            forge=forger.scheme.sign,
            event=self.demo_event,
        )


def closest(name: str, candidates: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the candidate closest to ``name``, or ``""``."""
    import difflib

    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""
