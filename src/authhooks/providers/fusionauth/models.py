"""FusionAuth's webhook payloads: ``{"event": {"type", "id", "createInstant", ...}}``.

The event classes live in ``authhooks.providers.fusionauth.users`` and ``.system``; this
module gathers them into the parser, discriminated on ``event.type``. An unknown ``type``
parses into ``FusionAuthGenericEvent``.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import Discriminator, Tag

from authhooks.parsing import EventParser
from authhooks.providers.fusionauth import system, users
from authhooks.providers.fusionauth._base import FusionAuthEvent

__all__ = ["EVENT_TYPES", "PARSER", "FusionAuthEvent", "FusionAuthGenericEvent"]


class FusionAuthGenericEvent(FusionAuthEvent):
    """An event whose ``type`` authhooks does not know (``entity.*``, ``test``...); its
    fields are kept (``event.model_extra``, ``event.raw``)."""


#: Every typed event class, in the order of FusionAuth's event list.
EVENTS: tuple[type[FusionAuthEvent], ...] = tuple(
    getattr(module, name)
    for module in (users, system)
    for name in module.__all__
    if typing.get_origin(getattr(module, name).model_fields["type"].annotation) is typing.Literal
)

_GENERIC = "*"
_BY_TYPE: dict[str, type[FusionAuthEvent]] = {
    name: cls for cls in EVENTS for name in typing.get_args(cls.model_fields["type"].annotation)
}


def _tag(value: Any) -> str:
    """The event's ``type`` (inside the envelope), when authhooks has a class for it."""
    inner = value.get("event") if isinstance(value, Mapping) and "type" not in value else value
    name = inner.get("type") if isinstance(inner, Mapping) else None
    return name if isinstance(name, str) and name in _BY_TYPE else _GENERIC


def _union() -> Any:
    members = [Annotated[cls, Tag(name)] for name, cls in _BY_TYPE.items()]
    members.append(Annotated[FusionAuthGenericEvent, Tag(_GENERIC)])
    return Annotated[Union[tuple(members)], Discriminator(_tag)]  # noqa: UP007


#: Parses FusionAuth bodies: the known events by ``event.type``, any other as a
#: ``FusionAuthGenericEvent``. (``discriminator`` names the envelope: the tag is read from
#: ``event.type`` by the union itself.)
PARSER: EventParser[FusionAuthEvent] = EventParser(
    FusionAuthEvent, union=_union(), generic=FusionAuthGenericEvent, discriminator="event"
)

#: Every event type with a typed model.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)
