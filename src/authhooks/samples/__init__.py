"""Realistic sample payloads for every event of every provider, shipped with the package.

Each provider's samples live in its package (``authhooks/providers/<name>/samples/``), one
JSON file per event, named after the provider's own event name:

```python
from authhooks.samples import load_sample, sample_events

sample_events("userfront")            # ['tenant.create', ..., 'user.update']
load_sample("userfront", "user.create")
```
"""

from __future__ import annotations

from typing import Any

from authhooks import providers

__all__ = ["load_sample", "sample_events", "sample_providers"]


def sample_providers() -> list[str]:
    """The providers that have samples, sorted."""
    return [entry.name for entry in providers.all() if entry.sample_events()]


def sample_events(provider: str) -> list[str]:
    """The event names that have a sample for ``provider``, sorted.

    Raises:
        LookupError: ``provider`` is not a registered provider.
    """
    return providers.get(provider).sample_events()


def load_sample(provider: str, event: str) -> Any:
    """The sample payload of ``event`` for ``provider`` (a fresh copy each call).

    Raises:
        LookupError: there is no such provider, or no sample of that event.
    """
    return providers.get(provider).sample(event)
