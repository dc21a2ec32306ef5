"""Flask integration: ``from authhooks.flask import webhook``.

See ``authhooks.integrations.flask``; needs ``authhooks[flask]``.
"""

from __future__ import annotations

from authhooks.integrations.flask import webhook

__all__ = ["webhook"]
