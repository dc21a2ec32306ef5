"""Kinde's webhook payloads: the claims of the token that is the request body.

Wire format (the token's claims): ``{"type": "user.created", "event_id": "event_...",
"timestamp": "<ISO 8601>", "source": "admin", "data": {"user": {...}}}``. ``data`` holds one
entity under its name (``user``, ``organization``, ``role``, ``permission``, ``subscriber``,
``access_request``). Every entity field is optional (Kinde's own samples leave most of them
out); unknown fields are kept. An unknown ``type`` parses into ``KindeGenericEvent``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field

from authhooks.events import Timestamp, WebhookEvent
from authhooks.kinds import Kind
from authhooks.parsing import EventParser
from authhooks.providers.kinde.entities import (
    AccessRequestData,
    KindeOrganization,
    KindePermission,
    KindeRole,
    KindeUser,
    OrganizationData,
    PermissionData,
    RoleData,
    SubscriberData,
    UserData,
)

__all__ = [
    "EVENT_TYPES",
    "PARSER",
    "AccessRequestCreated",
    "AgreementCancelled",
    "AgreementCreated",
    "BillingEvent",
    "InvoiceOverdue",
    "KindeEvent",
    "KindeGenericEvent",
    "MeterUsageUpdated",
    "OrganizationCreated",
    "OrganizationDeleted",
    "OrganizationEvent",
    "OrganizationUpdated",
    "PasskeyAdded",
    "PasskeyEvent",
    "PasskeyRemoved",
    "PaymentFailed",
    "PaymentSucceeded",
    "PermissionCreated",
    "PermissionDeleted",
    "PermissionEvent",
    "PermissionUpdated",
    "PlanAssigned",
    "PlanChanged",
    "PlanCreated",
    "RoleCreated",
    "RoleDeleted",
    "RoleEvent",
    "RoleUpdated",
    "SubscriberCreated",
    "UserAuthenticated",
    "UserAuthenticationFailed",
    "UserCreated",
    "UserDeleted",
    "UserEvent",
    "UserUpdated",
]


# --- events -------------------------------------------------------------------------------


class KindeEvent(WebhookEvent):
    """Base of every Kinde event: the verified claims of the token.

    ``id`` is ``event_id`` (stable across Kinde's retries: the de-duplication key; the
    SHA-256 of the claims when a payload has none), ``occurred_at`` is ``timestamp`` (else
    ``event_timestamp``), converted to UTC, and ``data`` holds the event's entity, typed in
    each event class.
    """

    provider: ClassVar[str] = "kinde"

    type: str
    #: Kinde's id of the event (``event_`` + 32 hex digits); read ``event.id``.
    event_id: str | None = None
    #: When the action happened (ISO 8601; Kinde sends offsets other than ``Z``).
    timestamp: Timestamp | None = None
    #: The same time, under the name the Kinde docs' decoded example also carries.
    event_timestamp: Timestamp | None = None
    #: Who made the change: ``"admin"``, ``"api"`` or ``"user"``.
    source: str | None = None
    #: The entity the event is about (typed in each event class).
    data: Any = None

    @property
    def id(self) -> str:
        """``event_id`` (or the SHA-256 hex of the claims when it is missing)."""
        return self.event_id if self.event_id else self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When the action happened: ``timestamp``, else ``event_timestamp``."""
        return self.timestamp or self.event_timestamp


class UserEvent(KindeEvent):
    """A ``user.*`` event; ``data.user`` is the ``KindeUser`` (also ``event.user``)."""

    data: UserData = Field(default_factory=UserData)
    #: The address the sign-in came from (authentication events).
    ip_address: str | None = None

    @property
    def user(self) -> KindeUser:
        """``data.user``."""
        return self.data.user


class UserCreated(UserEvent):
    """``user.created`` (not sent for imported users)."""

    event_kind: ClassVar[Kind | None] = "user.created"
    type: Literal["user.created"]


class UserUpdated(UserEvent):
    """``user.updated``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.updated"]


class UserDeleted(UserEvent):
    """``user.deleted``: ``data.user`` holds the ``id`` only."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    type: Literal["user.deleted"]


class UserAuthenticated(UserEvent):
    """``user.authenticated``: ``data.user`` holds the ``id`` only."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    type: Literal["user.authenticated"]


class UserAuthenticationFailed(UserEvent):
    """``user.authentication_failed``: ``data.user`` holds the ``id`` only."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    type: Literal["user.authentication_failed"]


class OrganizationEvent(KindeEvent):
    """An ``organization.*`` event; ``data.organization`` (also ``event.organization``)."""

    data: OrganizationData = Field(default_factory=OrganizationData)

    @property
    def organization(self) -> KindeOrganization:
        """``data.organization``."""
        return self.data.organization


class OrganizationCreated(OrganizationEvent):
    """``organization.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.created"
    type: Literal["organization.created"]


class OrganizationUpdated(OrganizationEvent):
    """``organization.updated``."""

    event_kind: ClassVar[Kind | None] = "tenant.updated"
    type: Literal["organization.updated"]


class OrganizationDeleted(OrganizationEvent):
    """``organization.deleted``: ``data.organization`` holds the ``code`` only."""

    event_kind: ClassVar[Kind | None] = "tenant.deleted"
    type: Literal["organization.deleted"]


class RoleEvent(KindeEvent):
    """A ``role.*`` event; ``data.role`` (also ``event.role``)."""

    data: RoleData = Field(default_factory=RoleData)

    @property
    def role(self) -> KindeRole:
        """``data.role``."""
        return self.data.role


class RoleCreated(RoleEvent):
    """``role.created``."""

    event_kind: ClassVar[Kind | None] = "role.created"
    type: Literal["role.created"]


class RoleUpdated(RoleEvent):
    """``role.updated``."""

    event_kind: ClassVar[Kind | None] = "role.updated"
    type: Literal["role.updated"]


class RoleDeleted(RoleEvent):
    """``role.deleted``: ``data.role`` holds the ``id`` only."""

    event_kind: ClassVar[Kind | None] = "role.deleted"
    type: Literal["role.deleted"]


class PermissionEvent(KindeEvent):
    """A ``permission.*`` event; ``data.permission`` (also ``event.permission``)."""

    data: PermissionData = Field(default_factory=PermissionData)

    @property
    def permission(self) -> KindePermission:
        """``data.permission``."""
        return self.data.permission


class PermissionCreated(PermissionEvent):
    """``permission.created``."""

    event_kind: ClassVar[Kind | None] = "permission.created"
    type: Literal["permission.created"]


class PermissionUpdated(PermissionEvent):
    """``permission.updated``."""

    event_kind: ClassVar[Kind | None] = "permission.updated"
    type: Literal["permission.updated"]


class PermissionDeleted(PermissionEvent):
    """``permission.deleted``: ``data.permission`` holds the ``id`` only."""

    event_kind: ClassVar[Kind | None] = "permission.deleted"
    type: Literal["permission.deleted"]


class SubscriberCreated(KindeEvent):
    """``subscriber.created``: ``data.subscriber``."""

    type: Literal["subscriber.created"]
    data: SubscriberData = Field(default_factory=SubscriberData)


class AccessRequestCreated(KindeEvent):
    """``access_request.created``: ``data.access_request``."""

    type: Literal["access_request.created"]
    data: AccessRequestData = Field(default_factory=AccessRequestData)


class PasskeyEvent(KindeEvent):
    """A ``passkey.*`` event. Kinde publishes no payload for it: ``data`` is kept as sent.

    A passkey can be a user's only credential, so these are ``credentials.changed`` rather
    than MFA events.
    """

    data: dict[str, Any] | None = None


class PasskeyAdded(PasskeyEvent):
    """``passkey.added``."""

    event_kind: ClassVar[Kind | None] = "credentials.changed"
    type: Literal["passkey.added"]


class PasskeyRemoved(PasskeyEvent):
    """``passkey.removed``."""

    event_kind: ClassVar[Kind | None] = "credentials.changed"
    type: Literal["passkey.removed"]


class BillingEvent(KindeEvent):
    """A ``customer.*`` billing event. Kinde publishes no payload for them: ``data`` is kept
    as sent."""

    data: dict[str, Any] | None = None


class AgreementCreated(BillingEvent):
    """``customer.agreement_created``: a customer subscribed to a plan."""

    event_kind: ClassVar[Kind | None] = "subscription.created"
    type: Literal["customer.agreement_created"]


class AgreementCancelled(BillingEvent):
    """``customer.agreement_cancelled``."""

    event_kind: ClassVar[Kind | None] = "subscription.canceled"
    type: Literal["customer.agreement_cancelled"]


class PlanChanged(BillingEvent):
    """``customer.plan_changed``."""

    event_kind: ClassVar[Kind | None] = "subscription.updated"
    type: Literal["customer.plan_changed"]


class PlanAssigned(BillingEvent):
    """``customer.plan_assigned``."""

    type: Literal["customer.plan_assigned"]


class PlanCreated(BillingEvent):
    """``customer.plan_created``."""

    type: Literal["customer.plan_created"]


class InvoiceOverdue(BillingEvent):
    """``customer.invoice_overdue``."""

    type: Literal["customer.invoice_overdue"]


class MeterUsageUpdated(BillingEvent):
    """``customer.meter_usage_updated``."""

    type: Literal["customer.meter_usage_updated"]


class PaymentFailed(BillingEvent):
    """``customer.payment_failed``."""

    type: Literal["customer.payment_failed"]


class PaymentSucceeded(BillingEvent):
    """``customer.payment_succeeded``."""

    type: Literal["customer.payment_succeeded"]


class KindeGenericEvent(KindeEvent):
    """An event whose ``type`` authhooks does not know; ``data`` is whatever was sent."""


#: Parses Kinde's claims: the known events discriminated on ``type``, any other as a
#: ``KindeGenericEvent``.
PARSER: EventParser[KindeEvent] = EventParser(
    KindeEvent,
    [
        UserCreated,
        UserUpdated,
        UserDeleted,
        UserAuthenticated,
        UserAuthenticationFailed,
        OrganizationCreated,
        OrganizationUpdated,
        OrganizationDeleted,
        RoleCreated,
        RoleUpdated,
        RoleDeleted,
        PermissionCreated,
        PermissionUpdated,
        PermissionDeleted,
        SubscriberCreated,
        AccessRequestCreated,
        PasskeyAdded,
        PasskeyRemoved,
        AgreementCreated,
        AgreementCancelled,
        PlanAssigned,
        PlanChanged,
        PlanCreated,
        InvoiceOverdue,
        MeterUsageUpdated,
        PaymentFailed,
        PaymentSucceeded,
    ],
    generic=KindeGenericEvent,
)

#: Every event type Kinde documents, with a typed model.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)
