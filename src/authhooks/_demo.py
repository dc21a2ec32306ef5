"""The providers the demo knows, from the registry: a receiver and a signed sample each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from authhooks import providers
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


def demo_providers() -> list[DemoProvider]:
    """Every registered provider, with its demo credentials."""
    from authhooks._credentials import demo_provider

    result = []
    for entry in providers.all():
        demo = demo_provider(entry.name)
        result.append(
            DemoProvider(entry.name, entry.demo_event, demo.make_receiver, demo.sign, demo.forge)
        )
    return result
