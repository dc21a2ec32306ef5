"""Clerk's events: one class per event type of Clerk's webhook specification (45), and
``PARSER``.

Clerk sends ``{"type", "object": "event", "timestamp", "instance_id", "event_attributes",
"data"}`` (see [`ClerkEvent`][authhooks.ClerkEvent]); ``data`` is typed per event. Deleting a
user, an organization, a domain, a role or a permission sends only its id
(``DeletedEvent``). An unknown ``type`` parses into ``ClerkGenericEvent``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from authhooks.kinds import Kind
from authhooks.parsing import EventParser
from authhooks.providers.clerk.billing import BILLING_EVENTS
from authhooks.providers.clerk.event import ClerkEvent, ClerkGenericEvent, DeletedEvent
from authhooks.providers.clerk.objects import Email, Session, Sms, User, WaitlistEntry
from authhooks.providers.clerk.organizations import (
    AcceptedInvitation,
    Organization,
    OrganizationDomain,
    OrganizationInvitation,
    OrganizationMembership,
    Permission,
    Role,
)

__all__ = [
    "EVENT_TYPES",
    "PARSER",
    "EmailCreated",
    "OrganizationCreated",
    "OrganizationDeleted",
    "OrganizationDomainCreated",
    "OrganizationDomainDeleted",
    "OrganizationDomainEvent",
    "OrganizationDomainUpdated",
    "OrganizationEvent",
    "OrganizationInvitationAccepted",
    "OrganizationInvitationCreated",
    "OrganizationInvitationEvent",
    "OrganizationInvitationRevoked",
    "OrganizationMembershipCreated",
    "OrganizationMembershipDeleted",
    "OrganizationMembershipEvent",
    "OrganizationMembershipUpdated",
    "OrganizationUpdated",
    "PermissionCreated",
    "PermissionDeleted",
    "PermissionEvent",
    "PermissionUpdated",
    "RoleCreated",
    "RoleDeleted",
    "RoleEvent",
    "RoleUpdated",
    "SessionCreated",
    "SessionEnded",
    "SessionEvent",
    "SessionPending",
    "SessionRemoved",
    "SessionRevoked",
    "SmsCreated",
    "UserCreated",
    "UserDeleted",
    "UserEvent",
    "UserUpdated",
    "WaitlistEntryCreated",
    "WaitlistEntryEvent",
    "WaitlistEntryUpdated",
]


# --- families (what ``data`` is) ------------------------------------------------------------


class UserEvent(ClerkEvent):
    """``user.created`` or ``user.updated``; ``data`` is the ``User``."""

    data: User


class SessionEvent(ClerkEvent):
    """A ``session.*`` event; ``data`` is the ``Session``, with its ``user``."""

    data: Session


class OrganizationEvent(ClerkEvent):
    """``organization.created`` or ``.updated``; ``data`` is the ``Organization``."""

    data: Organization


class OrganizationMembershipEvent(ClerkEvent):
    """An ``organizationMembership.*`` event; ``data`` is the ``OrganizationMembership``."""

    data: OrganizationMembership


class OrganizationInvitationEvent(ClerkEvent):
    """An ``organizationInvitation.*`` event; ``data`` is the ``OrganizationInvitation``."""

    data: OrganizationInvitation


class OrganizationDomainEvent(ClerkEvent):
    """``organizationDomain.created`` or ``.updated``; ``data`` is the
    ``OrganizationDomain``."""

    data: OrganizationDomain


class RoleEvent(ClerkEvent):
    """``role.created`` or ``role.updated``; ``data`` is the ``Role``."""

    data: Role


class PermissionEvent(ClerkEvent):
    """``permission.created`` or ``.updated``; ``data`` is the ``Permission``."""

    data: Permission


class WaitlistEntryEvent(ClerkEvent):
    """A ``waitlistEntry.*`` event; ``data`` is the ``WaitlistEntry``."""

    data: WaitlistEntry


# --- events ---------------------------------------------------------------------------------


class UserCreated(UserEvent):
    """``user.created``."""

    event_kind: ClassVar[Kind | None] = "user.created"
    type: Literal["user.created"]


class UserUpdated(UserEvent):
    """``user.updated``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.updated"]


class UserDeleted(DeletedEvent):
    """``user.deleted``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    type: Literal["user.deleted"]


class SessionCreated(SessionEvent):
    """``session.created``."""

    event_kind: ClassVar[Kind | None] = "session.created"
    type: Literal["session.created"]


class SessionPending(SessionEvent):
    """``session.pending``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["session.pending"]


class SessionEnded(SessionEvent):
    """``session.ended``."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    type: Literal["session.ended"]


class SessionRemoved(SessionEvent):
    """``session.removed``."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    type: Literal["session.removed"]


class SessionRevoked(SessionEvent):
    """``session.revoked``."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    type: Literal["session.revoked"]


class OrganizationCreated(OrganizationEvent):
    """``organization.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.created"
    type: Literal["organization.created"]


class OrganizationUpdated(OrganizationEvent):
    """``organization.updated``."""

    event_kind: ClassVar[Kind | None] = "tenant.updated"
    type: Literal["organization.updated"]


class OrganizationDeleted(DeletedEvent):
    """``organization.deleted``."""

    event_kind: ClassVar[Kind | None] = "tenant.deleted"
    type: Literal["organization.deleted"]


class OrganizationMembershipCreated(OrganizationMembershipEvent):
    """``organizationMembership.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_added"
    type: Literal["organizationMembership.created"]


class OrganizationMembershipUpdated(OrganizationMembershipEvent):
    """``organizationMembership.updated``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_updated"
    type: Literal["organizationMembership.updated"]


class OrganizationMembershipDeleted(OrganizationMembershipEvent):
    """``organizationMembership.deleted``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_removed"
    type: Literal["organizationMembership.deleted"]


class OrganizationInvitationCreated(OrganizationInvitationEvent):
    """``organizationInvitation.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.invitation_created"
    type: Literal["organizationInvitation.created"]


class OrganizationInvitationAccepted(OrganizationInvitationEvent):
    """``organizationInvitation.accepted``."""

    event_kind: ClassVar[Kind | None] = "tenant.invitation_accepted"
    type: Literal["organizationInvitation.accepted"]
    data: AcceptedInvitation


class OrganizationInvitationRevoked(OrganizationInvitationEvent):
    """``organizationInvitation.revoked``."""

    event_kind: ClassVar[Kind | None] = "tenant.invitation_revoked"
    type: Literal["organizationInvitation.revoked"]


class OrganizationDomainCreated(OrganizationDomainEvent):
    """``organizationDomain.created``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["organizationDomain.created"]


class OrganizationDomainUpdated(OrganizationDomainEvent):
    """``organizationDomain.updated``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["organizationDomain.updated"]


class OrganizationDomainDeleted(DeletedEvent):
    """``organizationDomain.deleted``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["organizationDomain.deleted"]


class RoleCreated(RoleEvent):
    """``role.created``."""

    event_kind: ClassVar[Kind | None] = "role.created"
    type: Literal["role.created"]


class RoleUpdated(RoleEvent):
    """``role.updated``."""

    event_kind: ClassVar[Kind | None] = "role.updated"
    type: Literal["role.updated"]


class RoleDeleted(DeletedEvent):
    """``role.deleted``."""

    event_kind: ClassVar[Kind | None] = "role.deleted"
    type: Literal["role.deleted"]


class PermissionCreated(PermissionEvent):
    """``permission.created``."""

    event_kind: ClassVar[Kind | None] = "permission.created"
    type: Literal["permission.created"]


class PermissionUpdated(PermissionEvent):
    """``permission.updated``."""

    event_kind: ClassVar[Kind | None] = "permission.updated"
    type: Literal["permission.updated"]


class PermissionDeleted(DeletedEvent):
    """``permission.deleted``."""

    event_kind: ClassVar[Kind | None] = "permission.deleted"
    type: Literal["permission.deleted"]


class EmailCreated(ClerkEvent):
    """``email.created``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["email.created"]
    data: Email


class SmsCreated(ClerkEvent):
    """``sms.created``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["sms.created"]
    data: Sms


class WaitlistEntryCreated(WaitlistEntryEvent):
    """``waitlistEntry.created``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["waitlistEntry.created"]


class WaitlistEntryUpdated(WaitlistEntryEvent):
    """``waitlistEntry.updated``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["waitlistEntry.updated"]


#: Parses Clerk payloads: the 45 known events discriminated on ``type`` (a ``Literal`` tag,
#: read straight from the JSON), any other ``type`` as a ``ClerkGenericEvent``.
PARSER: EventParser[ClerkEvent] = EventParser(
    ClerkEvent,
    [
        UserCreated,
        UserUpdated,
        UserDeleted,
        SessionCreated,
        SessionPending,
        SessionEnded,
        SessionRemoved,
        SessionRevoked,
        OrganizationCreated,
        OrganizationUpdated,
        OrganizationDeleted,
        OrganizationMembershipCreated,
        OrganizationMembershipUpdated,
        OrganizationMembershipDeleted,
        OrganizationInvitationCreated,
        OrganizationInvitationAccepted,
        OrganizationInvitationRevoked,
        OrganizationDomainCreated,
        OrganizationDomainUpdated,
        OrganizationDomainDeleted,
        RoleCreated,
        RoleUpdated,
        RoleDeleted,
        PermissionCreated,
        PermissionUpdated,
        PermissionDeleted,
        EmailCreated,
        SmsCreated,
        WaitlistEntryCreated,
        WaitlistEntryUpdated,
        *BILLING_EVENTS,
    ],
    generic=ClerkGenericEvent,
)

#: Every event type Clerk's specification lists.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)
