"""Userfront's webhook payloads: user and tenant records, and the six events.

Wire format: ``{"action": "create"|"update"|"delete", "model": "user"|"tenant",
"mode": "test"|"live", "record": {...}}``. Every record field is optional (Userfront's own
docs show ``"record": {}``); unknown fields are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_camel

from authhooks.events import Timestamp, WebhookEvent, WebhookModel
from authhooks.kinds import Kind
from authhooks.parsing import EventParser

__all__ = [
    "PARSER",
    "RoleGrant",
    "TenantCreated",
    "TenantDeleted",
    "TenantEvent",
    "TenantRecord",
    "TenantRef",
    "TenantUpdated",
    "UserCreated",
    "UserDeleted",
    "UserEvent",
    "UserRecord",
    "UserUpdated",
    "UserfrontEvent",
    "UserfrontGenericEvent",
]

_CAMEL = ConfigDict(alias_generator=to_camel)


class RoleGrant(WebhookModel):
    """A user's roles in one tenant."""

    model_config = _CAMEL
    roles: list[str] = Field(default_factory=list)


class TenantRef(WebhookModel):
    """The tenant a user belongs to, as embedded in the user record."""

    model_config = _CAMEL
    tenant_id: str | None = None
    name: str | None = None


class UserRecord(WebhookModel):
    """A Userfront user, as sent in ``record`` (wire names are camelCase)."""

    model_config = _CAMEL
    user_id: int | None = None
    user_uuid: str | None = None
    tenant_id: str | None = None
    mode: str | None = None
    email: str | None = None
    phone_number: str | None = None
    username: str | None = None
    name: str | None = None
    image: str | None = None
    data: dict[str, Any] | None = None
    locked: bool | None = None
    is_confirmed: bool | None = None
    is_email_confirmed: bool | None = None
    is_phone_number_confirmed: bool | None = None
    is_mfa_required: bool | None = None
    confirmed_at: Timestamp | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    last_active_at: Timestamp | None = None
    last_messaged_at: Timestamp | None = None
    tenant: TenantRef | None = None
    #: Roles per tenant id: ``{"<tenantId>": {"roles": [...]}}``.
    authorization: dict[str, RoleGrant] | None = None


class TenantRecord(WebhookModel):
    """A Userfront tenant, as sent in ``record``."""

    model_config = _CAMEL
    tenant_id: str | None = None
    name: str | None = None
    image: str | None = None
    data: dict[str, Any] | None = None
    test_tenant_id: str | None = None


class UserfrontEvent(WebhookEvent):
    """Base of every Userfront event.

    ``type`` is ``f"{model}.{action}"`` (e.g. ``"user.create"``). Userfront sends no event id,
    so ``id`` is the SHA-256 of the raw body, and no event time, so ``occurred_at`` is
    ``None`` (the record's own ``created_at``/``updated_at`` are on ``event.record``).
    ``record`` is the typed [`UserRecord`][authhooks.providers.userfront.UserRecord] or
    [`TenantRecord`][authhooks.providers.userfront.TenantRecord] of the event's model.
    """

    provider: ClassVar[str] = "userfront"

    model: str
    action: str
    mode: str | None = None
    #: The user or tenant the event is about (typed in each event class).
    record: Any = None

    @property
    def type(self) -> str:
        """The event name, ``f"{model}.{action}"``."""
        return f"{self.model}.{self.action}"

    @property
    def id(self) -> str:
        """SHA-256 hex of the raw body (Userfront sends no event id)."""
        return self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """Always ``None``: Userfront does not say when the event happened."""
        return None


class UserEvent(UserfrontEvent):
    """A user was created, updated or deleted."""

    model: Literal["user"]
    record: UserRecord = Field(default_factory=UserRecord)


class UserCreated(UserEvent):
    """``user.create``."""

    event_kind: ClassVar[Kind | None] = "user.created"
    action: Literal["create"]


class UserUpdated(UserEvent):
    """``user.update``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    action: Literal["update"]


class UserDeleted(UserEvent):
    """``user.delete``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    action: Literal["delete"]


class TenantEvent(UserfrontEvent):
    """A tenant was created, updated or deleted."""

    model: Literal["tenant"]
    record: TenantRecord = Field(default_factory=TenantRecord)


class TenantCreated(TenantEvent):
    """``tenant.create``."""

    event_kind: ClassVar[Kind | None] = "tenant.created"
    action: Literal["create"]


class TenantUpdated(TenantEvent):
    """``tenant.update``."""

    event_kind: ClassVar[Kind | None] = "tenant.updated"
    action: Literal["update"]


class TenantDeleted(TenantEvent):
    """``tenant.delete``."""

    event_kind: ClassVar[Kind | None] = "tenant.deleted"
    action: Literal["delete"]


class UserfrontGenericEvent(UserfrontEvent):
    """An event whose ``model``/``action`` pair authhooks does not know; nothing is lost."""


#: Parses Userfront payloads: the six known events, discriminated on ``model`` then
#: ``action`` (both ``Literal`` tags, read straight from the JSON).
PARSER: EventParser[UserfrontEvent] = EventParser(
    UserfrontEvent,
    [UserCreated, UserUpdated, UserDeleted, TenantCreated, TenantUpdated, TenantDeleted],
    discriminator=("model", "action"),
    generic=UserfrontGenericEvent,
)
