"""WorkOS Directory Sync, SSO connection and organization domain events."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from authhooks.kinds import Kind
from authhooks.providers.workos.envelope import WorkOSEvent
from authhooks.providers.workos.objects import (
    CertificateRenewalRequired,
    CertificateRenewed,
    Connection,
    Directory,
    DirectoryGroup,
    DirectoryGroupMembership,
    DirectoryUser,
    DomainVerificationFailure,
    OrganizationDomain,
)

__all__ = [
    "EVENTS",
    "ConnectionActivated",
    "ConnectionDeactivated",
    "ConnectionDeleted",
    "ConnectionEvent",
    "DirectoryActivated",
    "DirectoryDeleted",
    "DirectoryEvent",
    "DirectoryGroupCreated",
    "DirectoryGroupDeleted",
    "DirectoryGroupEvent",
    "DirectoryGroupMembershipEvent",
    "DirectoryGroupUpdated",
    "DirectoryGroupUserAdded",
    "DirectoryGroupUserRemoved",
    "DirectoryUserCreated",
    "DirectoryUserDeleted",
    "DirectoryUserEvent",
    "DirectoryUserUpdated",
    "OrganizationDomainCreated",
    "OrganizationDomainDeleted",
    "OrganizationDomainEvent",
    "OrganizationDomainUpdated",
    "OrganizationDomainVerificationFailed",
    "OrganizationDomainVerified",
    "SamlCertificateRenewalRequired",
    "SamlCertificateRenewed",
]


class DirectoryEvent(WorkOSEvent):
    """A ``dsync.activated`` or ``dsync.deleted`` event; ``data`` is the
    [`Directory`][authhooks.providers.workos.Directory]."""

    data: Directory = Field(default_factory=Directory)


class DirectoryActivated(DirectoryEvent):
    """``dsync.activated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.activated"]


class DirectoryDeleted(DirectoryEvent):
    """``dsync.deleted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.deleted"]


class DirectoryUserEvent(WorkOSEvent):
    """A ``dsync.user.*`` event; ``data`` is the
    [`DirectoryUser`][authhooks.providers.workos.DirectoryUser] (a directory record, not an
    AuthKit user)."""

    data: DirectoryUser = Field(default_factory=DirectoryUser)


class DirectoryUserCreated(DirectoryUserEvent):
    """``dsync.user.created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.user.created"]


class DirectoryUserUpdated(DirectoryUserEvent):
    """``dsync.user.updated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.user.updated"]


class DirectoryUserDeleted(DirectoryUserEvent):
    """``dsync.user.deleted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.user.deleted"]


class DirectoryGroupEvent(WorkOSEvent):
    """A ``dsync.group.created/updated/deleted`` event; ``data`` is the
    [`DirectoryGroup`][authhooks.providers.workos.DirectoryGroup]."""

    data: DirectoryGroup = Field(default_factory=DirectoryGroup)


class DirectoryGroupCreated(DirectoryGroupEvent):
    """``dsync.group.created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.group.created"]


class DirectoryGroupUpdated(DirectoryGroupEvent):
    """``dsync.group.updated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.group.updated"]


class DirectoryGroupDeleted(DirectoryGroupEvent):
    """``dsync.group.deleted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.group.deleted"]


class DirectoryGroupMembershipEvent(WorkOSEvent):
    """A ``dsync.group.user_added/user_removed`` event; ``data`` is the
    [`DirectoryGroupMembership`][authhooks.providers.workos.DirectoryGroupMembership]."""

    data: DirectoryGroupMembership = Field(default_factory=DirectoryGroupMembership)


class DirectoryGroupUserAdded(DirectoryGroupMembershipEvent):
    """``dsync.group.user_added``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.group.user_added"]


class DirectoryGroupUserRemoved(DirectoryGroupMembershipEvent):
    """``dsync.group.user_removed``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["dsync.group.user_removed"]


class ConnectionEvent(WorkOSEvent):
    """A ``connection.activated/deactivated/deleted`` event; ``data`` is the
    [`Connection`][authhooks.providers.workos.Connection]."""

    data: Connection = Field(default_factory=Connection)


class ConnectionActivated(ConnectionEvent):
    """``connection.activated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["connection.activated"]


class ConnectionDeactivated(ConnectionEvent):
    """``connection.deactivated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["connection.deactivated"]


class ConnectionDeleted(ConnectionEvent):
    """``connection.deleted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["connection.deleted"]


class SamlCertificateRenewed(WorkOSEvent):
    """``connection.saml_certificate_renewed``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["connection.saml_certificate_renewed"]
    data: CertificateRenewed = Field(default_factory=CertificateRenewed)


class SamlCertificateRenewalRequired(WorkOSEvent):
    """``connection.saml_certificate_renewal_required``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["connection.saml_certificate_renewal_required"]
    data: CertificateRenewalRequired = Field(default_factory=CertificateRenewalRequired)


class OrganizationDomainEvent(WorkOSEvent):
    """An ``organization_domain.*`` event; ``data`` is the
    [`OrganizationDomain`][authhooks.providers.workos.OrganizationDomain]."""

    data: OrganizationDomain = Field(default_factory=OrganizationDomain)


class OrganizationDomainCreated(OrganizationDomainEvent):
    """``organization_domain.created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["organization_domain.created"]


class OrganizationDomainUpdated(OrganizationDomainEvent):
    """``organization_domain.updated``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["organization_domain.updated"]


class OrganizationDomainDeleted(OrganizationDomainEvent):
    """``organization_domain.deleted``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["organization_domain.deleted"]


class OrganizationDomainVerified(OrganizationDomainEvent):
    """``organization_domain.verified``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["organization_domain.verified"]


class OrganizationDomainVerificationFailed(WorkOSEvent):
    """``organization_domain.verification_failed``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["organization_domain.verification_failed"]
    data: DomainVerificationFailure = Field(default_factory=DomainVerificationFailure)


#: The event classes of this module, in the order they are documented.
EVENTS: tuple[type[WorkOSEvent], ...] = (
    DirectoryActivated,
    DirectoryDeleted,
    DirectoryUserCreated,
    DirectoryUserUpdated,
    DirectoryUserDeleted,
    DirectoryGroupCreated,
    DirectoryGroupUpdated,
    DirectoryGroupDeleted,
    DirectoryGroupUserAdded,
    DirectoryGroupUserRemoved,
    ConnectionActivated,
    ConnectionDeactivated,
    ConnectionDeleted,
    SamlCertificateRenewed,
    SamlCertificateRenewalRequired,
    OrganizationDomainCreated,
    OrganizationDomainUpdated,
    OrganizationDomainDeleted,
    OrganizationDomainVerified,
    OrganizationDomainVerificationFailed,
)
