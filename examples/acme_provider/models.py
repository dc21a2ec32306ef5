"""Acme's events: each class declared once, with its ``Literal`` tag and its kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field

import authhooks
from authhooks.events import Timestamp, WebhookModel


class AcmeUser(WebhookModel):
    """An Acme user: the ``data`` of ``user.*`` events."""

    id: str
    email: str | None = None
    created_at: Timestamp | None = None


class Membership(WebhookModel):
    """A user's membership of an organization."""

    organization_id: str
    user_id: str
    role: str | None = None


class AcmeEvent(authhooks.WebhookEvent):
    """Base of every Acme event: what all of them share, typed for what ``verify`` returns."""

    provider: ClassVar[str] = "acme"

    event_id: str = Field(alias="id")  # read as event.id (below)
    type: str  # pyright: ignore[reportIncompatibleMethodOverride]
    created_at: Timestamp | None = None
    livemode: bool = True
    data: Any  # typed precisely in each event class

    @property
    def id(self) -> str:
        """Acme's event id: the de-duplication key."""
        return self.event_id

    @property
    def occurred_at(self) -> datetime | None:
        """When the event happened."""
        return self.created_at


class UserCreated(AcmeEvent):
    """``user.created``."""

    event_kind: ClassVar[authhooks.Kind | None] = "user.created"
    type: Literal["user.created"]  # pyright: ignore[reportIncompatibleVariableOverride]
    data: AcmeUser


class UserDeleted(AcmeEvent):
    """``user.deleted``."""

    event_kind: ClassVar[authhooks.Kind | None] = "user.deleted"
    type: Literal["user.deleted"]  # pyright: ignore[reportIncompatibleVariableOverride]
    data: AcmeUser


class MemberAdded(AcmeEvent):
    """``organization.member_added``."""

    event_kind: ClassVar[authhooks.Kind | None] = "tenant.member_added"
    type: Literal["organization.member_added"]  # pyright: ignore[reportIncompatibleVariableOverride]
    data: Membership


class AcmeGenericEvent(AcmeEvent):
    """An event whose ``type`` has no class here: parsed, kept whole, routed by its type."""


#: One parser for every Acme payload, derived from the classes' tags.
PARSER: authhooks.EventParser[AcmeEvent] = authhooks.EventParser(
    AcmeEvent, [UserCreated, UserDeleted, MemberAdded], generic=AcmeGenericEvent
)
