"""FastAPI integration: ``from authhooks.fastapi import verified_event``.

See ``authhooks.integrations.fastapi``; needs ``authhooks[fastapi]``.
"""

from __future__ import annotations

from authhooks.integrations.fastapi import verified_event

__all__ = ["verified_event"]
