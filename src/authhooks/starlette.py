"""Starlette and ASGI integration: ``WebhookMiddleware`` and ``webhook_endpoint``.

See ``authhooks.integrations.starlette``; needs ``authhooks[starlette]``.
"""

from __future__ import annotations

from authhooks.integrations.starlette import WebhookMiddleware, webhook_endpoint

__all__ = ["WebhookMiddleware", "webhook_endpoint"]
