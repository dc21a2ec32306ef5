"""Realistic sample payloads for every event of every provider, shipped with the package.

Each sample is a JSON file named after the provider's own event name
(``samples/<provider>/<event>.json``):

```python
from authhooks.samples import load_sample, sample_events

sample_events("userfront")            # ['tenant.create', ..., 'user.update']
load_sample("userfront", "user.create")
```
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["load_sample", "sample_events", "sample_providers"]


def sample_providers() -> list[str]:
    """The providers that have samples, sorted."""
    root = resources.files(__name__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def sample_events(provider: str) -> list[str]:
    """The event names that have a sample for ``provider``, sorted."""
    folder = resources.files(__name__) / provider
    if not folder.is_dir():
        raise LookupError(f"no samples for provider {provider!r}")
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


def load_sample(provider: str, event: str) -> Any:
    """Return the sample payload of ``event`` for ``provider`` (a fresh copy each call)."""
    path = resources.files(__name__) / provider / f"{event}.json"
    if not path.is_file():
        raise LookupError(f"no sample for {provider} event {event!r}")
    return json.loads(path.read_text(encoding="utf-8"))
