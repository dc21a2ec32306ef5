"""AuthCore's webhook payloads: the envelope, the five entity families and the 17 events.

Envelope (authhooks' documented assumption, AuthCore publishes no example):

```json
{"id": "evt_...", "type": "<event name>", "created_at": "<ISO-8601>", "data": {...}}
```

``data`` holds the entity of the event's family: a user, an organization, a membership, a
subscription or the details of a security event. Every entity field is optional; unknown fields
are kept. An unknown ``type`` parses into ``AuthCoreGenericEvent``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field

from authhooks.events import Timestamp, WebhookEvent, WebhookModel
from authhooks.kinds import Kind
from authhooks.parsing import EventParser

__all__ = [
    "EVENT_TYPES",
    "PARSER",
    "AccountLocked",
    "AuthCoreEvent",
    "AuthCoreGenericEvent",
    "MemberAdded",
    "MemberEvent",
    "MemberRemoved",
    "Membership",
    "Organization",
    "OrganizationCreated",
    "OrganizationDeleted",
    "OrganizationEvent",
    "OrganizationUpdated",
    "SecurityDetails",
    "SecurityEvent",
    "Subscription",
    "SubscriptionCanceled",
    "SubscriptionCreated",
    "SubscriptionEvent",
    "SubscriptionRenewed",
    "SubscriptionUpdated",
    "SuspiciousLogin",
    "TwoFactorDisabled",
    "TwoFactorEnabled",
    "User",
    "UserCreated",
    "UserDeleted",
    "UserEmailVerified",
    "UserEvent",
    "UserUpdated",
]


# --- entities (``event.data``) ------------------------------------------------------------


class User(WebhookModel):
    """An AuthCore user: the ``data`` of ``user.*`` events."""

    id: str | None = None
    email: str | None = None
    name: str | None = None
    email_verified: bool | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    metadata: dict[str, Any] | None = None


class Organization(WebhookModel):
    """An AuthCore organization: the ``data`` of ``organization.created/updated/deleted``."""

    id: str | None = None
    name: str | None = None
    slug: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class Membership(WebhookModel):
    """A user's membership of an organization: the ``data`` of ``organization.member_*``."""

    organization_id: str | None = None
    user_id: str | None = None
    role: str | None = None


class Subscription(WebhookModel):
    """A subscription: the ``data`` of ``subscription.*`` events."""

    id: str | None = None
    user_id: str | None = None
    organization_id: str | None = None
    plan: str | None = None
    status: str | None = None
    current_period_end: Timestamp | None = None
    cancel_at_period_end: bool | None = None


class SecurityDetails(WebhookModel):
    """What a security event is about: the ``data`` of ``security.*`` events."""

    user_id: str | None = None
    ip_address: str | None = None
    user_agent: str | None = None
    reason: str | None = None


# --- events -------------------------------------------------------------------------------


class AuthCoreEvent(WebhookEvent):
    """Base of every AuthCore event.

    ``id`` is the envelope's ``id`` (the de-duplication key; the SHA-256 of the raw body when
    a delivery has none), ``type`` the event name, ``occurred_at`` the envelope's
    ``created_at`` and ``data`` the typed entity of the event's family.
    """

    provider: ClassVar[str] = "authcore"

    #: The envelope's ``id``; read ``event.id``, which falls back to the body's SHA-256.
    event_id: str | None = Field(default=None, alias="id")
    type: str
    created_at: Timestamp | None = None
    #: The entity the event is about (typed in each event class).
    data: Any = None

    @property
    def id(self) -> str:
        """The envelope's ``id`` (or the SHA-256 hex of the raw body when it has none)."""
        return self.event_id if self.event_id is not None else self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When the event happened: the envelope's ``created_at``."""
        return self.created_at


class UserEvent(AuthCoreEvent):
    """A ``user.*`` event; ``data`` is the ``User``."""

    data: User = Field(default_factory=User)


class UserCreated(UserEvent):
    """``user.created``."""

    event_kind: ClassVar[Kind | None] = "user.created"
    type: Literal["user.created"]


class UserUpdated(UserEvent):
    """``user.updated``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.updated"]


class UserDeleted(UserEvent):
    """``user.deleted``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    type: Literal["user.deleted"]


class UserEmailVerified(UserEvent):
    """``user.email_verified``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.email_verified"]


class OrganizationEvent(AuthCoreEvent):
    """An ``organization.created/updated/deleted`` event; ``data`` is the ``Organization``."""

    data: Organization = Field(default_factory=Organization)


class OrganizationCreated(OrganizationEvent):
    """``organization.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.created"
    type: Literal["organization.created"]


class OrganizationUpdated(OrganizationEvent):
    """``organization.updated``."""

    event_kind: ClassVar[Kind | None] = "tenant.updated"
    type: Literal["organization.updated"]


class OrganizationDeleted(OrganizationEvent):
    """``organization.deleted``."""

    event_kind: ClassVar[Kind | None] = "tenant.deleted"
    type: Literal["organization.deleted"]


class MemberEvent(AuthCoreEvent):
    """An ``organization.member_*`` event; ``data`` is the ``Membership``."""

    data: Membership = Field(default_factory=Membership)


class MemberAdded(MemberEvent):
    """``organization.member_added``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_added"
    type: Literal["organization.member_added"]


class MemberRemoved(MemberEvent):
    """``organization.member_removed``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_removed"
    type: Literal["organization.member_removed"]


class SubscriptionEvent(AuthCoreEvent):
    """A ``subscription.*`` event; ``data`` is the ``Subscription``."""

    data: Subscription = Field(default_factory=Subscription)


class SubscriptionCreated(SubscriptionEvent):
    """``subscription.created``."""

    event_kind: ClassVar[Kind | None] = "subscription.created"
    type: Literal["subscription.created"]


class SubscriptionUpdated(SubscriptionEvent):
    """``subscription.updated``."""

    event_kind: ClassVar[Kind | None] = "subscription.updated"
    type: Literal["subscription.updated"]


class SubscriptionCanceled(SubscriptionEvent):
    """``subscription.canceled``."""

    event_kind: ClassVar[Kind | None] = "subscription.canceled"
    type: Literal["subscription.canceled"]


class SubscriptionRenewed(SubscriptionEvent):
    """``subscription.renewed``."""

    event_kind: ClassVar[Kind | None] = "subscription.renewed"
    type: Literal["subscription.renewed"]


class SecurityEvent(AuthCoreEvent):
    """A ``security.*`` event; ``data`` is the ``SecurityDetails``."""

    data: SecurityDetails = Field(default_factory=SecurityDetails)


class AccountLocked(SecurityEvent):
    """``security.account_locked``."""

    event_kind: ClassVar[Kind | None] = "user.locked"
    type: Literal["security.account_locked"]


class SuspiciousLogin(SecurityEvent):
    """``security.suspicious_login``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    type: Literal["security.suspicious_login"]


class TwoFactorEnabled(SecurityEvent):
    """``security.2fa_enabled``."""

    event_kind: ClassVar[Kind | None] = "mfa.enabled"
    type: Literal["security.2fa_enabled"]


class TwoFactorDisabled(SecurityEvent):
    """``security.2fa_disabled``."""

    event_kind: ClassVar[Kind | None] = "mfa.disabled"
    type: Literal["security.2fa_disabled"]


class AuthCoreGenericEvent(AuthCoreEvent):
    """An event whose ``type`` authhooks does not know; ``data`` is kept as sent."""

    data: Any = None


#: Parses AuthCore payloads: the known events discriminated on ``type`` (a ``Literal`` tag,
#: read straight from the JSON), any other ``type`` as an ``AuthCoreGenericEvent``.
PARSER: EventParser[AuthCoreEvent] = EventParser(
    AuthCoreEvent,
    [
        UserCreated,
        UserUpdated,
        UserDeleted,
        UserEmailVerified,
        OrganizationCreated,
        OrganizationUpdated,
        OrganizationDeleted,
        MemberAdded,
        MemberRemoved,
        SubscriptionCreated,
        SubscriptionUpdated,
        SubscriptionCanceled,
        SubscriptionRenewed,
        AccountLocked,
        SuspiciousLogin,
        TwoFactorEnabled,
        TwoFactorDisabled,
    ],
    generic=AuthCoreGenericEvent,
)

#: Every event name AuthCore documents.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)
