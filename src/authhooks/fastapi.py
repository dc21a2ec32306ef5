"""FastAPI integration: ``from authhooks.fastapi import WebhookRoute, verified_event``.

See ``authhooks.integrations.fastapi``; needs ``authhooks[fastapi]``.
"""

from __future__ import annotations

from authhooks.integrations.fastapi import WebhookRoute, verified_event

__all__ = ["WebhookRoute", "verified_event"]
