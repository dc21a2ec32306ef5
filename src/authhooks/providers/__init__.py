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

from authhooks._registry import ENTRIES as _ENTRIES
from authhooks.providers._entry import CredentialKind, Demo, Provider, closest

__all__ = [
    "CredentialKind",
    "Demo",
    "Provider",
    "all",
    "exports",
    "find_event_type",
    "get",
    "names",
]


def get(name: str) -> Provider:
    """The provider registered as ``name``.

    Raises:
        LookupError: no provider has that name (the message suggests the closest).
    """
    entry = _ENTRIES.get(name) if isinstance(name, str) else None
    if entry is None:
        hint = closest(str(name), list(_ENTRIES))
        raise LookupError(f"unknown provider {name!r}{hint}; known: {', '.join(names())}")
    return entry


def all() -> list[Provider]:
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
