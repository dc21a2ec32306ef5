"""The base of every FusionAuth event: the envelope ``{"event": {...}}``, read flat."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from pydantic import ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from authhooks.events import UnixMilliseconds, WebhookEvent
from authhooks.providers.fusionauth.entities import EventInfo, FusionAuthUser

__all__ = ["FusionAuthEvent", "UserEvent"]

_CAMEL = ConfigDict(alias_generator=to_camel)


class FusionAuthEvent(WebhookEvent):
    """Base of every FusionAuth event.

    FusionAuth posts ``{"event": {...}}``; the fields of ``event`` are this model's fields
    (``event.type``, ``event.user``...), and ``event.raw`` is the whole document. ``id`` is
    the event's ``id`` (the de-duplication key: FusionAuth may send an event more than once),
    ``occurred_at`` is ``createInstant`` (milliseconds since the epoch).
    """

    provider: ClassVar[str] = "fusionauth"
    model_config = _CAMEL

    type: str
    #: FusionAuth's id of the event; read ``event.id``.
    event_id: str | None = Field(default=None, alias="id")
    #: When FusionAuth generated the event.
    create_instant: UnixMilliseconds | None = None
    #: The tenant, when the event belongs to one.
    tenant_id: str | None = None
    #: The request that caused the event (IP address, user agent, location), when known.
    info: EventInfo | None = None
    #: The id of the object the event is about (FusionAuth 1.53+).
    linked_object_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _envelope(cls, value: Any) -> Any:
        """The fields are those of the envelope's ``event`` object."""
        if isinstance(value, Mapping) and "type" not in value:
            inner = value.get("event")
            if isinstance(inner, Mapping):
                return inner
        return value

    @property
    def id(self) -> str:
        """The event's ``id`` (or the SHA-256 hex of the raw body when it has none)."""
        return self.event_id if self.event_id else self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When FusionAuth generated the event: ``createInstant``."""
        return self.create_instant


class UserEvent(FusionAuthEvent):
    """An event about one user: ``event.user``."""

    user: FusionAuthUser = Field(default_factory=FusionAuthUser)
