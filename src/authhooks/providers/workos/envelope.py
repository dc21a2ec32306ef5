"""The WorkOS event envelope: ``{"id", "event", "data", "created_at", "context"}``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field

from authhooks.events import Timestamp, WebhookEvent, WebhookModel

__all__ = ["EventActor", "EventContext", "WorkOSEvent", "WorkOSGenericEvent"]


class EventActor(WebhookModel):
    """Who performed the action: ``source`` is ``api`` or ``dashboard``."""

    id: str | None = None
    name: str | None = None
    source: str | None = None


class EventContext(WebhookModel):
    """The optional ``context`` of an event: extra information, fields depending on the event."""

    client_id: str | None = None
    actor: EventActor | None = None
    #: The attributes an update changed, with their old values.
    previous_attributes: dict[str, Any] | None = None
    google_analytics_client_id: str | None = None
    google_analytics_sessions: list[dict[str, Any]] | None = None
    ajs_anonymous_id: str | None = None


class WorkOSEvent(WebhookEvent):
    """Base of every WorkOS event.

    ``type`` is the envelope's ``event`` (``"user.created"``), ``id`` its ``id`` (``event_...``,
    WorkOS's de-duplication key; the SHA-256 of the raw body if a delivery had none),
    ``occurred_at`` its ``created_at`` and ``data`` the object the event is about, typed in
    each event class of ``authhooks.providers.workos``.
    """

    provider: ClassVar[str] = "workos"

    #: The event name; read it as ``event.type``.
    event: str
    #: The envelope's ``id``; read ``event.id``, which falls back to the body's SHA-256.
    event_id: str | None = Field(default=None, alias="id")
    created_at: Timestamp | None = None
    #: ``"event"`` when present (the Events API always sends it, most webhooks omit it).
    object: str | None = None
    context: EventContext | None = None
    #: The object the event is about (typed in each event class).
    data: Any = None

    @property
    def type(self) -> str:
        """The event name, exactly as sent (``"dsync.user.created"``)."""
        return self.event

    @property
    def id(self) -> str:
        """The envelope's ``id`` (or the SHA-256 hex of the raw body when it has none)."""
        return self.event_id if self.event_id is not None else self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When the event happened: the envelope's ``created_at``."""
        return self.created_at


class WorkOSGenericEvent(WorkOSEvent):
    """An event whose name authhooks has no model for; ``data`` is kept as sent."""
