"""The envelope every Clerk event shares: [`ClerkEvent`][authhooks.ClerkEvent]."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from authhooks.events import UnixMilliseconds, WebhookEvent
from authhooks.providers.clerk.objects import DeletedObject, EventAttributes

__all__ = ["ClerkEvent", "ClerkGenericEvent", "DeletedEvent"]


class ClerkEvent(WebhookEvent):
    """Base of every Clerk event: ``{"type", "object": "event", "timestamp", "instance_id",
    "event_attributes", "data"}``.

    ``event.id`` is the ``svix-id`` of the delivery: Clerk's body carries no event id, and
    Svix keeps the ``svix-id`` of a message across its retries, so it is the de-duplication
    key. When there is no delivery id (``receiver.parse`` of a stored body without
    ``delivery_id=``), ``event.id`` is the SHA-256 hex of the body.

    ``occurred_at`` is the envelope's ``timestamp``, an integer of Unix milliseconds as
    Clerk's docs say (always read as milliseconds). ``data`` is the object the event is
    about, typed in each event class.
    """

    provider: ClassVar[str] = "clerk"

    type: str
    #: Always ``"event"``.
    object: str | None = None
    timestamp: UnixMilliseconds | None = None
    #: The Clerk instance (``ins_...``).
    instance_id: str | None = None
    #: The request that caused the event (client IP, user agent), when Clerk sends it.
    event_attributes: EventAttributes | None = None
    #: The object the event is about (typed in each event class).
    data: Any = None

    @property
    def id(self) -> str:
        """The delivery's ``svix-id`` (else the SHA-256 hex of the raw body)."""
        return self._delivery_id or self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When the event happened: the envelope's ``timestamp``."""
        return self.timestamp


class DeletedEvent(ClerkEvent):
    """A ``*.deleted`` event whose ``data`` is only the id of what was deleted (users,
    organizations, domains, roles, permissions)."""

    data: DeletedObject


class ClerkGenericEvent(ClerkEvent):
    """An event whose ``type`` authhooks has no model for; ``data`` is kept as sent."""
