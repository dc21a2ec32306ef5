"""Django integration: ``from authhooks.django import webhook``.

See ``authhooks.integrations.django``; needs ``authhooks[django]``.
"""

from __future__ import annotations

from authhooks.integrations.django import webhook

__all__ = ["webhook"]
