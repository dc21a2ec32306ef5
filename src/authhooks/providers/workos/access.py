"""WorkOS roles, permissions and API keys, feature flags and Vault events."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from authhooks.kinds import Kind
from authhooks.providers.workos.envelope import WorkOSEvent
from authhooks.providers.workos.objects import (
    ApiKey,
    Flag,
    OrganizationRole,
    Permission,
    Role,
    VaultAccess,
)

__all__ = [
    "EVENTS",
    "ApiKeyCreated",
    "ApiKeyEvent",
    "ApiKeyRevoked",
    "ApiKeyUpdated",
    "FlagCreated",
    "FlagDeleted",
    "FlagEvent",
    "FlagRuleUpdated",
    "FlagUpdated",
    "OrganizationRoleCreated",
    "OrganizationRoleDeleted",
    "OrganizationRoleEvent",
    "OrganizationRoleUpdated",
    "PermissionCreated",
    "PermissionDeleted",
    "PermissionEvent",
    "PermissionUpdated",
    "RoleCreated",
    "RoleDeleted",
    "RoleEvent",
    "RoleUpdated",
    "VaultDataCreated",
    "VaultDataDeleted",
    "VaultDataRead",
    "VaultDataUpdated",
    "VaultDekDecrypted",
    "VaultDekRead",
    "VaultEvent",
    "VaultKekCreated",
    "VaultMetadataRead",
    "VaultNamesListed",
]


class RoleEvent(WorkOSEvent):
    """A ``role.*`` event; ``data`` is the [`Role`][authhooks.providers.workos.Role]."""

    data: Role = Field(default_factory=Role)


class RoleCreated(RoleEvent):
    """``role.created``."""

    event_kind: ClassVar[Kind | None] = "role.created"
    event: Literal["role.created"]


class RoleUpdated(RoleEvent):
    """``role.updated``."""

    event_kind: ClassVar[Kind | None] = "role.updated"
    event: Literal["role.updated"]


class RoleDeleted(RoleEvent):
    """``role.deleted``."""

    event_kind: ClassVar[Kind | None] = "role.deleted"
    event: Literal["role.deleted"]


class OrganizationRoleEvent(WorkOSEvent):
    """An ``organization_role.*`` event; ``data`` is the
    [`OrganizationRole`][authhooks.providers.workos.OrganizationRole]."""

    data: OrganizationRole = Field(default_factory=OrganizationRole)


class OrganizationRoleCreated(OrganizationRoleEvent):
    """``organization_role.created``."""

    event_kind: ClassVar[Kind | None] = "role.created"
    event: Literal["organization_role.created"]


class OrganizationRoleUpdated(OrganizationRoleEvent):
    """``organization_role.updated``."""

    event_kind: ClassVar[Kind | None] = "role.updated"
    event: Literal["organization_role.updated"]


class OrganizationRoleDeleted(OrganizationRoleEvent):
    """``organization_role.deleted``."""

    event_kind: ClassVar[Kind | None] = "role.deleted"
    event: Literal["organization_role.deleted"]


class PermissionEvent(WorkOSEvent):
    """A ``permission.*`` event; ``data`` is the
    [`Permission`][authhooks.providers.workos.Permission]."""

    data: Permission = Field(default_factory=Permission)


class PermissionCreated(PermissionEvent):
    """``permission.created``."""

    event_kind: ClassVar[Kind | None] = "permission.created"
    event: Literal["permission.created"]


class PermissionUpdated(PermissionEvent):
    """``permission.updated``."""

    event_kind: ClassVar[Kind | None] = "permission.updated"
    event: Literal["permission.updated"]


class PermissionDeleted(PermissionEvent):
    """``permission.deleted``."""

    event_kind: ClassVar[Kind | None] = "permission.deleted"
    event: Literal["permission.deleted"]


class ApiKeyEvent(WorkOSEvent):
    """An ``api_key.*`` event; ``data`` is the [`ApiKey`][authhooks.providers.workos.ApiKey]."""

    data: ApiKey = Field(default_factory=ApiKey)


class ApiKeyCreated(ApiKeyEvent):
    """``api_key.created``."""

    event_kind: ClassVar[Kind | None] = "api_key.created"
    event: Literal["api_key.created"]


class ApiKeyUpdated(ApiKeyEvent):
    """``api_key.updated``."""

    event_kind: ClassVar[Kind | None] = "api_key.updated"
    event: Literal["api_key.updated"]


class ApiKeyRevoked(ApiKeyEvent):
    """``api_key.revoked``."""

    event_kind: ClassVar[Kind | None] = "api_key.deleted"
    event: Literal["api_key.revoked"]


class FlagEvent(WorkOSEvent):
    """A ``flag.*`` event; ``data`` is the [`Flag`][authhooks.providers.workos.Flag]."""

    data: Flag = Field(default_factory=Flag)


class FlagCreated(FlagEvent):
    """``flag.created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["flag.created"]


class FlagUpdated(FlagEvent):
    """``flag.updated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["flag.updated"]


class FlagDeleted(FlagEvent):
    """``flag.deleted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["flag.deleted"]


class FlagRuleUpdated(FlagEvent):
    """``flag.rule_updated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["flag.rule_updated"]


class VaultEvent(WorkOSEvent):
    """A ``vault.*`` event; ``data`` is the
    [`VaultAccess`][authhooks.providers.workos.VaultAccess]."""

    data: VaultAccess = Field(default_factory=VaultAccess)


class VaultDataCreated(VaultEvent):
    """``vault.data.created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.data.created"]


class VaultDataRead(VaultEvent):
    """``vault.data.read``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.data.read"]


class VaultDataUpdated(VaultEvent):
    """``vault.data.updated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.data.updated"]


class VaultDataDeleted(VaultEvent):
    """``vault.data.deleted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.data.deleted"]


class VaultDekDecrypted(VaultEvent):
    """``vault.dek.decrypted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.dek.decrypted"]


class VaultDekRead(VaultEvent):
    """``vault.dek.read``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.dek.read"]


class VaultKekCreated(VaultEvent):
    """``vault.kek.created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.kek.created"]


class VaultMetadataRead(VaultEvent):
    """``vault.metadata.read``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.metadata.read"]


class VaultNamesListed(VaultEvent):
    """``vault.names.listed``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["vault.names.listed"]


#: The event classes of this module, in the order they are documented.
EVENTS: tuple[type[WorkOSEvent], ...] = (
    RoleCreated,
    RoleUpdated,
    RoleDeleted,
    OrganizationRoleCreated,
    OrganizationRoleUpdated,
    OrganizationRoleDeleted,
    PermissionCreated,
    PermissionUpdated,
    PermissionDeleted,
    ApiKeyCreated,
    ApiKeyUpdated,
    ApiKeyRevoked,
    FlagCreated,
    FlagUpdated,
    FlagDeleted,
    FlagRuleUpdated,
    VaultDataCreated,
    VaultDataRead,
    VaultDataUpdated,
    VaultDataDeleted,
    VaultDekDecrypted,
    VaultDekRead,
    VaultKekCreated,
    VaultMetadataRead,
    VaultNamesListed,
)
