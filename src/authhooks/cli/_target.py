"""What a command signs for or verifies against: a registered provider, or a generic sender.

A registered provider is found in the registry (``authhooks.providers``): its receiver,
signer, samples and demo credentials. ``generic`` is any sender, configured with ``--scheme``
and its options (``authhooks.cli._generic``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from authhooks.cli import _generic
from authhooks.cli._common import check_provider

if TYPE_CHECKING:
    from authhooks._credentials import Clock, Given
    from authhooks.receiver import Receiver
    from authhooks.signing import SignedRequest

__all__ = ["Target", "target_from"]


@dataclass(frozen=True)
class Target:
    """A sender the command works with.

    Attributes:
        name: the PROVIDER argument (``"userfront"``, ``"generic"``).
        title: how to name the sender in a sentence (``"Userfront"``, ``"the sender"``).
        make_receiver: builds a receiver accepting the given credentials, with an optional
            clock (``None``: the real time).
        make_signer: builds a function signing payloads with the given credentials.
        demo: whether, given no credentials, the demo credentials apply.
        generic: whether it is a generic sender (no samples, no demo credentials).
        format_published: whether the sender publishes the signature format checked.
    """

    name: str
    title: str
    make_receiver: Callable[[Given, Clock | None], Receiver[Any]]
    make_signer: Callable[[Given], Callable[[Any], SignedRequest]]
    demo: bool = True
    generic: bool = False
    format_published: bool = True


def target_from(args: argparse.Namespace) -> Target:
    """The sender named by ``args.provider``, with the generic options checked.

    Raises:
        UsageError: an unknown provider, or scheme options that do not fit.
    """
    from authhooks import _credentials, providers

    _generic.check_options(args)
    if args.provider == _generic.GENERIC:
        return Target(
            name=_generic.GENERIC,
            title="the sender",
            make_receiver=_generic.make_receiver(args),
            make_signer=_generic.make_signer(args),
            demo=False,
            generic=True,
        )
    check_provider(args.provider)
    name = args.provider
    entry = providers.get(name)

    def make_receiver(given: Given, clock: Clock | None) -> Receiver[Any]:
        return _credentials.make_receiver(name, given, clock)

    def make_signer(given: Given) -> Callable[[Any], SignedRequest]:
        return _credentials.make_signer(name, given)

    return Target(
        name,
        entry.title,
        make_receiver,
        make_signer,
        format_published=entry.format_published,
    )
