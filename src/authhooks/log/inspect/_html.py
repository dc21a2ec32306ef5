"""HTML that escapes by default: every value put in a template is escaped unless it is
already [`Html`][authhooks.log.inspect._html.Html] (markup built here from escaped parts)."""

from __future__ import annotations

import html
from collections.abc import Iterable

__all__ = ["Html", "esc", "join", "render"]


class Html(str):
    """Markup known to be safe: made only by ``esc``, ``render`` and ``join``."""

    __slots__ = ()


def esc(value: object) -> Html:
    """``value`` as HTML text: ``&<>"'`` escaped (``Html`` is kept as it is)."""
    if isinstance(value, Html):
        return value
    return Html(html.escape("" if value is None else str(value), quote=True))


def render(template: str, /, **values: object) -> Html:
    """``template`` (a constant of this package) with each ``{name}`` replaced by its value,
    escaped."""
    return Html(template.format(**{name: esc(value) for name, value in values.items()}))


def join(parts: Iterable[Html], separator: str = "") -> Html:
    """Several pieces of markup, one after the other."""
    return Html(separator.join(esc(part) for part in parts))
