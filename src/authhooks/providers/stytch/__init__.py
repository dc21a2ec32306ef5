"""Stytch: Svix signatures (``svix-*`` or ``webhook-*`` headers); Member, Organization and
User events."""

from authhooks.providers.stytch.models import (
    EVENT_TYPES as EVENT_TYPES,
    PARSER as PARSER,
    MemberCreated as MemberCreated,
    MemberDeleted as MemberDeleted,
    MemberEvent as MemberEvent,
    MemberUpdated as MemberUpdated,
    OrganizationCreated as OrganizationCreated,
    OrganizationDeleted as OrganizationDeleted,
    OrganizationEvent as OrganizationEvent,
    OrganizationUpdated as OrganizationUpdated,
    StytchEvent as StytchEvent,
    StytchGenericEvent as StytchGenericEvent,
    UserCreated as UserCreated,
    UserDeleted as UserDeleted,
    UserEvent as UserEvent,
    UserUpdated as UserUpdated,
)
from authhooks.providers.stytch.objects import (
    Email as Email,
    Member as Member,
    MemberRole as MemberRole,
    Name as Name,
    Organization as Organization,
    PhoneNumber as PhoneNumber,
    RoleSource as RoleSource,
    SsoConnectionRef as SsoConnectionRef,
    User as User,
)
from authhooks.providers.stytch.receiver import Stytch as Stytch
