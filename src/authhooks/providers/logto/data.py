"""Logto's data events: users, trusted devices, roles, scopes, organizations, organization
roles and organization scopes created, updated or deleted.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from authhooks.kinds import Kind
from authhooks.providers.logto.envelope import LogtoEvent
from authhooks.providers.logto.objects import (
    Organization,
    OrganizationRole,
    OrganizationScope,
    Role,
    Scope,
    TrustedDevice,
    User,
)

__all__ = [
    "EVENTS",
    "OrganizationCreated",
    "OrganizationDataUpdated",
    "OrganizationDeleted",
    "OrganizationEvent",
    "OrganizationMembershipUpdated",
    "OrganizationRoleCreated",
    "OrganizationRoleDataUpdated",
    "OrganizationRoleDeleted",
    "OrganizationRoleEvent",
    "OrganizationRoleScopesUpdated",
    "OrganizationScopeCreated",
    "OrganizationScopeDataUpdated",
    "OrganizationScopeDeleted",
    "OrganizationScopeEvent",
    "RoleCreated",
    "RoleDataUpdated",
    "RoleDeleted",
    "RoleEvent",
    "RoleScopesUpdated",
    "ScopeCreated",
    "ScopeDataUpdated",
    "ScopeDeleted",
    "ScopeEvent",
    "TrustedDeviceCreated",
    "TrustedDeviceDeleted",
    "TrustedDeviceEvent",
    "UserCreated",
    "UserDataUpdated",
    "UserDeleted",
    "UserEvent",
    "UserSuspensionStatusUpdated",
]


class UserEvent(LogtoEvent):
    """A ``User.*`` event; ``data`` is the [`User`][authhooks.providers.logto.User]."""

    data: User | None = None


class UserCreated(UserEvent):
    """``User.Created``."""

    event_kind: ClassVar[Kind | None] = "user.created"
    event: Literal["User.Created"]


class UserDataUpdated(UserEvent):
    """``User.Data.Updated`` (``matched_route`` tells what changed, such as a password)."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    event: Literal["User.Data.Updated"]


class UserSuspensionStatusUpdated(UserEvent):
    """``User.SuspensionStatus.Updated``: ``data.is_suspended`` is the new status."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    event: Literal["User.SuspensionStatus.Updated"]


class UserDeleted(UserEvent):
    """``User.Deleted``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    event: Literal["User.Deleted"]


class TrustedDeviceEvent(LogtoEvent):
    """A ``TrustedDevice.*`` event (a feature in development at Logto)."""

    data: TrustedDevice | None = None


class TrustedDeviceCreated(TrustedDeviceEvent):
    """``TrustedDevice.Created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["TrustedDevice.Created"]


class TrustedDeviceDeleted(TrustedDeviceEvent):
    """``TrustedDevice.Deleted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["TrustedDevice.Deleted"]


class RoleEvent(LogtoEvent):
    """A ``Role.*`` event; ``data`` is the [`Role`][authhooks.providers.logto.Role] (``None``
    on ``Role.Deleted``)."""

    data: Role | None = None


class RoleCreated(RoleEvent):
    """``Role.Created``."""

    event_kind: ClassVar[Kind | None] = "role.created"
    event: Literal["Role.Created"]


class RoleDataUpdated(RoleEvent):
    """``Role.Data.Updated``."""

    event_kind: ClassVar[Kind | None] = "role.updated"
    event: Literal["Role.Data.Updated"]


class RoleDeleted(RoleEvent):
    """``Role.Deleted``."""

    event_kind: ClassVar[Kind | None] = "role.deleted"
    event: Literal["Role.Deleted"]


class RoleScopesUpdated(LogtoEvent):
    """``Role.Scopes.Updated``: ``data`` is the role's scopes, ``role_id`` the role."""

    event_kind: ClassVar[Kind | None] = "role.updated"
    event: Literal["Role.Scopes.Updated"]
    role_id: str | None = Field(default=None, alias="roleId")
    data: list[Scope] | None = None


class ScopeEvent(LogtoEvent):
    """A ``Scope.*`` event; ``data`` is the [`Scope`][authhooks.providers.logto.Scope]."""

    data: Scope | None = None


class ScopeCreated(ScopeEvent):
    """``Scope.Created``."""

    event_kind: ClassVar[Kind | None] = "permission.created"
    event: Literal["Scope.Created"]


class ScopeDataUpdated(ScopeEvent):
    """``Scope.Data.Updated``."""

    event_kind: ClassVar[Kind | None] = "permission.updated"
    event: Literal["Scope.Data.Updated"]


class ScopeDeleted(ScopeEvent):
    """``Scope.Deleted``."""

    event_kind: ClassVar[Kind | None] = "permission.deleted"
    event: Literal["Scope.Deleted"]


class OrganizationEvent(LogtoEvent):
    """An ``Organization.*`` event; ``data`` is the
    [`Organization`][authhooks.providers.logto.Organization]."""

    data: Organization | None = None


class OrganizationCreated(OrganizationEvent):
    """``Organization.Created``."""

    event_kind: ClassVar[Kind | None] = "tenant.created"
    event: Literal["Organization.Created"]


class OrganizationDataUpdated(OrganizationEvent):
    """``Organization.Data.Updated``."""

    event_kind: ClassVar[Kind | None] = "tenant.updated"
    event: Literal["Organization.Data.Updated"]


class OrganizationDeleted(OrganizationEvent):
    """``Organization.Deleted``."""

    event_kind: ClassVar[Kind | None] = "tenant.deleted"
    event: Literal["Organization.Deleted"]


class OrganizationMembershipUpdated(LogtoEvent):
    """``Organization.Membership.Updated``: members of ``organization_id`` changed.

    One event may both add and remove members, so it has no kind. Each list is ``None`` when
    it did not change (Logto leaves empty lists out) and holds at most 5000 ids.
    """

    event_kind: ClassVar[Kind | None] = None
    event: Literal["Organization.Membership.Updated"]
    organization_id: str | None = Field(default=None, alias="organizationId")
    added_user_ids: list[str] | None = Field(default=None, alias="addedUserIds")
    removed_user_ids: list[str] | None = Field(default=None, alias="removedUserIds")
    added_application_ids: list[str] | None = Field(default=None, alias="addedApplicationIds")
    removed_application_ids: list[str] | None = Field(default=None, alias="removedApplicationIds")


class OrganizationRoleEvent(LogtoEvent):
    """An ``OrganizationRole.*`` event; ``data`` is the
    [`OrganizationRole`][authhooks.providers.logto.OrganizationRole]."""

    data: OrganizationRole | None = None


class OrganizationRoleCreated(OrganizationRoleEvent):
    """``OrganizationRole.Created``."""

    event_kind: ClassVar[Kind | None] = "role.created"
    event: Literal["OrganizationRole.Created"]


class OrganizationRoleDataUpdated(OrganizationRoleEvent):
    """``OrganizationRole.Data.Updated``."""

    event_kind: ClassVar[Kind | None] = "role.updated"
    event: Literal["OrganizationRole.Data.Updated"]


class OrganizationRoleDeleted(OrganizationRoleEvent):
    """``OrganizationRole.Deleted``."""

    event_kind: ClassVar[Kind | None] = "role.deleted"
    event: Literal["OrganizationRole.Deleted"]


class OrganizationRoleScopesUpdated(LogtoEvent):
    """``OrganizationRole.Scopes.Updated``: the scopes of ``organization_role_id`` changed."""

    event_kind: ClassVar[Kind | None] = "role.updated"
    event: Literal["OrganizationRole.Scopes.Updated"]
    organization_role_id: str | None = Field(default=None, alias="organizationRoleId")


class OrganizationScopeEvent(LogtoEvent):
    """An ``OrganizationScope.*`` event; ``data`` is the
    [`OrganizationScope`][authhooks.providers.logto.OrganizationScope]."""

    data: OrganizationScope | None = None


class OrganizationScopeCreated(OrganizationScopeEvent):
    """``OrganizationScope.Created``."""

    event_kind: ClassVar[Kind | None] = "permission.created"
    event: Literal["OrganizationScope.Created"]


class OrganizationScopeDataUpdated(OrganizationScopeEvent):
    """``OrganizationScope.Data.Updated``."""

    event_kind: ClassVar[Kind | None] = "permission.updated"
    event: Literal["OrganizationScope.Data.Updated"]


class OrganizationScopeDeleted(OrganizationScopeEvent):
    """``OrganizationScope.Deleted``."""

    event_kind: ClassVar[Kind | None] = "permission.deleted"
    event: Literal["OrganizationScope.Deleted"]


#: The event classes of this module, in the order Logto lists them.
EVENTS: tuple[type[LogtoEvent], ...] = (
    UserCreated,
    UserDataUpdated,
    UserSuspensionStatusUpdated,
    UserDeleted,
    TrustedDeviceCreated,
    TrustedDeviceDeleted,
    RoleCreated,
    RoleDataUpdated,
    RoleDeleted,
    RoleScopesUpdated,
    ScopeCreated,
    ScopeDataUpdated,
    ScopeDeleted,
    OrganizationCreated,
    OrganizationDataUpdated,
    OrganizationDeleted,
    OrganizationMembershipUpdated,
    OrganizationRoleCreated,
    OrganizationRoleDataUpdated,
    OrganizationRoleDeleted,
    OrganizationRoleScopesUpdated,
    OrganizationScopeCreated,
    OrganizationScopeDataUpdated,
    OrganizationScopeDeleted,
)
