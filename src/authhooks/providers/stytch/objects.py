"""The objects in Stytch's events: a B2B Member or Organization, a Consumer User.

Field names follow Stytch's API objects (the same objects its API returns; the names are
those of ``stytch-python``'s models). Every field is optional, since the examples Stytch
publishes leave out fields its API marks as required; unknown fields are kept. A list that
arrives as ``null`` reads as empty.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field

from authhooks.events import Timestamp, WebhookModel

__all__ = [
    "Email",
    "Member",
    "MemberRole",
    "Name",
    "Organization",
    "PhoneNumber",
    "RoleSource",
    "SsoConnectionRef",
    "User",
]

T = TypeVar("T")


def _empty_if_null(value: Any) -> Any:
    return [] if value is None else value


#: A list; ``null`` reads as empty.
Items = Annotated[list[T], BeforeValidator(_empty_if_null)]


class RoleSource(WebhookModel):
    """Why a Member has a role: ``type`` (``direct_assignment``, ``email_assignment``,
    ``sso_connection``, ...) and its ``details``."""

    type: str | None = None
    details: dict[str, Any] | None = None


class MemberRole(WebhookModel):
    """A role a Member has (``role_id``, e.g. ``stytch_member``), and its sources."""

    role_id: str | None = None
    sources: Items[RoleSource] = Field(default_factory=list)


class Member(WebhookModel):
    """A B2B Member (a user of one Organization): the ``member`` of ``*.member.*`` events."""

    member_id: str | None = None
    organization_id: str | None = None
    email_address: str | None = None
    email_address_verified: bool | None = None
    status: str | None = None
    name: str | None = None
    external_id: str | None = None
    is_admin: bool | None = None
    is_breakglass: bool | None = None
    is_locked: bool | None = None
    mfa_enrolled: bool | None = None
    mfa_phone_number: str | None = None
    mfa_phone_number_verified: bool | None = None
    default_mfa_method: str | None = None
    member_password_id: str | None = None
    totp_registration_id: str | None = None
    roles: Items[MemberRole] = Field(default_factory=list)
    sso_registrations: Items[dict[str, Any]] = Field(default_factory=list)
    oauth_registrations: Items[dict[str, Any]] = Field(default_factory=list)
    retired_email_addresses: Items[dict[str, Any]] = Field(default_factory=list)
    scim_registration: dict[str, Any] | None = None
    trusted_metadata: dict[str, Any] | None = None
    untrusted_metadata: dict[str, Any] | None = None
    lock_created_at: Timestamp | None = None
    lock_expires_at: Timestamp | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class SsoConnectionRef(WebhookModel):
    """One of an Organization's active SSO connections."""

    connection_id: str | None = None
    display_name: str | None = None
    identity_provider: str | None = None


class Organization(WebhookModel):
    """A B2B Organization: the ``organization`` of ``*.organization.*`` events."""

    organization_id: str | None = None
    organization_name: str | None = None
    organization_slug: str | None = None
    organization_logo_url: str | None = None
    organization_external_id: str | None = None
    trusted_metadata: dict[str, Any] | None = None
    email_allowed_domains: Items[str] = Field(default_factory=list)
    email_jit_provisioning: str | None = None
    email_invites: str | None = None
    auth_methods: str | None = None
    allowed_auth_methods: Items[str] = Field(default_factory=list)
    mfa_policy: str | None = None
    mfa_methods: str | None = None
    allowed_mfa_methods: Items[str] = Field(default_factory=list)
    sso_default_connection_id: str | None = None
    sso_jit_provisioning: str | None = None
    sso_jit_provisioning_allowed_connections: Items[str] = Field(default_factory=list)
    sso_active_connections: Items[SsoConnectionRef] = Field(default_factory=list)
    oauth_tenant_jit_provisioning: str | None = None
    claimed_email_domains: Items[str] = Field(default_factory=list)
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class Name(WebhookModel):
    """A Consumer User's name."""

    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None


class Email(WebhookModel):
    """One of a Consumer User's email addresses."""

    email_id: str | None = None
    email: str | None = None
    verified: bool | None = None


class PhoneNumber(WebhookModel):
    """One of a Consumer User's phone numbers."""

    phone_id: str | None = None
    phone_number: str | None = None
    verified: bool | None = None


class User(WebhookModel):
    """A Consumer User: the ``user`` of ``*.user.*`` events."""

    user_id: str | None = None
    status: str | None = None
    name: Name | None = None
    external_id: str | None = None
    emails: Items[Email] = Field(default_factory=list)
    phone_numbers: Items[PhoneNumber] = Field(default_factory=list)
    providers: Items[dict[str, Any]] = Field(default_factory=list)
    webauthn_registrations: Items[dict[str, Any]] = Field(default_factory=list)
    totps: Items[dict[str, Any]] = Field(default_factory=list)
    crypto_wallets: Items[dict[str, Any]] = Field(default_factory=list)
    biometric_registrations: Items[dict[str, Any]] = Field(default_factory=list)
    password: dict[str, Any] | None = None
    roles: Items[str] = Field(default_factory=list)
    is_locked: bool | None = None
    trusted_metadata: dict[str, Any] | None = None
    untrusted_metadata: dict[str, Any] | None = None
    lock_created_at: Timestamp | None = None
    lock_expires_at: Timestamp | None = None
    created_at: Timestamp | None = None
