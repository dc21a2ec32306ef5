"""The organizations' objects in Clerk's events: organizations, memberships, invitations,
domains, roles and permissions.

Field names and types follow Clerk's webhook OpenAPI specification; every field is optional and
unknown fields are kept (see `authhooks.providers.clerk.objects`).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from authhooks.events import UnixMilliseconds, WebhookModel

__all__ = [
    "AcceptedInvitation",
    "DomainVerification",
    "Organization",
    "OrganizationDomain",
    "OrganizationInvitation",
    "OrganizationMembership",
    "Permission",
    "PublicOrganizationData",
    "PublicUserData",
    "Role",
]


# --- organizations --------------------------------------------------------------------------


class Organization(WebhookModel):
    """An organization: the ``data`` of ``organization.created`` and ``.updated``."""

    id: str | None = None
    object: str | None = None
    name: str | None = None
    slug: str | None = None
    image_url: str | None = None
    has_image: bool | None = None
    members_count: int | None = None
    pending_invitations_count: int | None = None
    missing_member_with_elevated_permissions: bool | None = None
    max_allowed_memberships: int | None = None
    admin_delete_enabled: bool | None = None
    public_metadata: dict[str, Any] | None = None
    private_metadata: dict[str, Any] | None = None
    created_by: str | None = None
    role_set_key: str | None = None
    last_active_at: UnixMilliseconds | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class PublicUserData(WebhookModel):
    """What a membership or invitation shows of a user (the member, the inviter)."""

    user_id: str | None = None
    identifier: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    image_url: str | None = None
    profile_image_url: str | None = None
    has_image: bool | None = None
    banned: bool | None = None
    deprovisioned: bool | None = None


class OrganizationMembership(WebhookModel):
    """A user's membership of an organization: the ``data`` of
    ``organizationMembership.*``. The member is ``public_user_data.user_id``."""

    id: str | None = None
    object: str | None = None
    role: str | None = None
    role_name: str | None = None
    permissions: list[str] = Field(default_factory=list)
    public_metadata: dict[str, Any] | None = None
    private_metadata: dict[str, Any] | None = None
    organization: Organization | None = None
    public_user_data: PublicUserData | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class OrganizationInvitation(WebhookModel):
    """An invitation to an organization: the ``data`` of ``organizationInvitation.*``.
    ``url`` (it holds the invitation's token) is left out of ``repr()``."""

    id: str | None = None
    object: str | None = None
    email_address: str | None = None
    role: str | None = None
    role_name: str | None = None
    organization_id: str | None = None
    inviter_id: str | None = None
    public_inviter_data: PublicUserData | None = None
    status: str | None = None
    public_metadata: dict[str, Any] | None = None
    private_metadata: dict[str, Any] | None = None
    url: str | None = Field(default=None, repr=False)
    expires_at: UnixMilliseconds | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class AcceptedInvitation(OrganizationInvitation):
    """An accepted invitation: also the ``user_id`` of the user who accepted it."""

    user_id: str | None = None


class PublicOrganizationData(WebhookModel):
    """What a domain shows of its organization."""

    id: str | None = None
    name: str | None = None
    slug: str | None = None
    image_url: str | None = None
    has_image: bool | None = None


class DomainVerification(WebhookModel):
    """The verification of an organization's domain."""

    status: str | None = None
    strategy: str | None = None
    attempts: int | None = None
    expire_at: UnixMilliseconds | None = None
    verified_at: UnixMilliseconds | None = None


class OrganizationDomain(WebhookModel):
    """An organization's verified domain: the ``data`` of ``organizationDomain.created`` and
    ``.updated``."""

    id: str | None = None
    object: str | None = None
    organization_id: str | None = None
    name: str | None = None
    enrollment_mode: str | None = None
    affiliation_email_address: str | None = None
    affiliation_verification: DomainVerification | None = None
    ownership_verification: DomainVerification | None = None
    verification: DomainVerification | None = None
    total_pending_invitations: int | None = None
    total_pending_suggestions: int | None = None
    public_organization_data: PublicOrganizationData | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class Permission(WebhookModel):
    """A permission: the ``data`` of ``permission.created`` and ``.updated``."""

    id: str | None = None
    object: str | None = None
    name: str | None = None
    key: str | None = None
    description: str | None = None
    type: str | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class Role(WebhookModel):
    """A role and its permissions: the ``data`` of ``role.created`` and ``.updated``."""

    id: str | None = None
    object: str | None = None
    name: str | None = None
    key: str | None = None
    description: str | None = None
    is_creator_eligible: bool | None = None
    permissions: list[Permission] = Field(default_factory=list)
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None
