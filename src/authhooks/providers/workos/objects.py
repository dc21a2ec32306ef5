"""The WorkOS objects events carry in ``data``, as WorkOS's events reference shows them.

Every field is optional: WorkOS's own samples leave out fields its API reference marks as
required (``external_id`` on users, ``auth_method`` on sessions...). Unknown fields are kept
(``model_extra``, and the whole payload in ``event.raw``). Times are aware UTC ``datetime``.
"""

from __future__ import annotations

from typing import Any

from authhooks.events import Timestamp, WebhookModel

__all__ = [
    "ApiKey",
    "ApiKeyOwner",
    "Authentication",
    "AuthenticationError",
    "CertificateRenewalRequired",
    "CertificateRenewed",
    "Connection",
    "ConnectionDomain",
    "ConnectionRef",
    "Directory",
    "DirectoryDomain",
    "DirectoryGroup",
    "DirectoryGroupMembership",
    "DirectoryUser",
    "DirectoryUserEmail",
    "DomainVerificationFailure",
    "EmailVerification",
    "Flag",
    "Impersonator",
    "Invitation",
    "MagicAuth",
    "Organization",
    "OrganizationDomain",
    "OrganizationMembership",
    "OrganizationRole",
    "PasswordReset",
    "Permission",
    "RadarRisk",
    "Role",
    "RoleSlug",
    "SamlCertificate",
    "Session",
    "SsoDetails",
    "User",
    "VaultAccess",
]


class _Object(WebhookModel):
    """What most WorkOS objects have: an ``object`` name, an ``id`` and two times."""

    object: str | None = None
    id: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


# --- AuthKit ---------------------------------------------------------------------------------


class User(_Object):
    """An AuthKit user (``user.*``)."""

    email: str | None = None
    email_verified: bool | None = None
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    profile_picture_url: str | None = None
    external_id: str | None = None
    metadata: dict[str, Any] | None = None
    locale: str | None = None
    last_sign_in_at: Timestamp | None = None


class OrganizationDomain(_Object):
    """A domain of an organization (``organization_domain.*``, ``organization.domains``)."""

    organization_id: str | None = None
    domain: str | None = None
    #: ``pending``, ``verified``, ``failed``...
    state: str | None = None
    verification_strategy: str | None = None
    verification_prefix: str | None = None
    verification_token: str | None = None


class Organization(_Object):
    """An organization (``organization.*``)."""

    name: str | None = None
    domains: list[OrganizationDomain] | None = None
    external_id: str | None = None
    metadata: dict[str, Any] | None = None
    stripe_customer_id: str | None = None


class RoleSlug(WebhookModel):
    """A role named by its slug (``{"slug": "member"}``)."""

    slug: str | None = None


class OrganizationMembership(_Object):
    """A user's membership of an organization (``organization_membership.*``)."""

    user_id: str | None = None
    organization_id: str | None = None
    organization_name: str | None = None
    #: ``active``, ``inactive`` or ``pending``.
    status: str | None = None
    role: RoleSlug | None = None
    roles: list[RoleSlug] | None = None
    custom_attributes: dict[str, Any] | None = None
    directory_managed: bool | None = None


class Impersonator(WebhookModel):
    """Who started an impersonation session, and why."""

    email: str | None = None
    reason: str | None = None


class Session(_Object):
    """An AuthKit session (``session.*``)."""

    user_id: str | None = None
    organization_id: str | None = None
    #: Present when the session was started by impersonation.
    impersonator: Impersonator | None = None
    ip_address: str | None = None
    user_agent: str | None = None
    #: ``password``, ``sso``, ``oauth``, ``magic_code``, ``passkey``, ``impersonation``...
    auth_method: str | None = None
    #: ``active``, ``expired`` or ``revoked``.
    status: str | None = None
    expires_at: Timestamp | None = None
    ended_at: Timestamp | None = None


class AuthenticationError(WebhookModel):
    """Why an authentication failed (``invalid_credentials``, ``invalid_one_time_code``...)."""

    code: str | None = None
    message: str | None = None


class SsoDetails(WebhookModel):
    """The SSO connection of an ``authentication.sso_*`` event."""

    organization_id: str | None = None
    connection_id: str | None = None
    session_id: str | None = None


class Authentication(WebhookModel):
    """One step of an authentication (``authentication.*``).

    ``type`` is the method (``password``, ``oauth``, ``sso``, ``magic_auth``, ``mfa``,
    ``passkey``, ``email_verification``, ``reauthentication``) and ``status`` the outcome
    (``succeeded``, ``failed``, ``started``, ``timed_out``).
    """

    type: str | None = None
    status: str | None = None
    user_id: str | None = None
    email: str | None = None
    ip_address: str | None = None
    user_agent: str | None = None
    #: Set on failures.
    error: AuthenticationError | None = None
    #: Set on SSO events.
    sso: SsoDetails | None = None


class RadarRisk(WebhookModel):
    """An authentication Radar flagged (``authentication.radar_risk_detected``)."""

    auth_method: str | None = None
    #: ``signup`` or ``login``.
    action: str | None = None
    control: str | None = None
    blocklist_type: str | None = None
    ip_address: str | None = None
    user_agent: str | None = None
    user_id: str | None = None
    email: str | None = None


class Invitation(_Object):
    """An invitation to sign up or join an organization (``invitation.*``; no token)."""

    email: str | None = None
    #: ``pending``, ``accepted``, ``expired`` or ``revoked``.
    state: str | None = None
    accepted_at: Timestamp | None = None
    revoked_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    organization_id: str | None = None
    inviter_user_id: str | None = None
    accepted_user_id: str | None = None
    role_slug: str | None = None


class EmailVerification(_Object):
    """An email verification code was created (``email_verification.created``; no code)."""

    user_id: str | None = None
    email: str | None = None
    expires_at: Timestamp | None = None


class MagicAuth(EmailVerification):
    """A Magic Auth code was created (``magic_auth.created``; no code)."""


class PasswordReset(EmailVerification):
    """A password reset (``password_reset.*``; no token)."""


# --- roles, permissions, API keys ------------------------------------------------------------


class Role(_Object):
    """An environment role (``role.*``)."""

    slug: str | None = None
    name: str | None = None
    description: str | None = None
    resource_type_slug: str | None = None
    permissions: list[str] | None = None


class OrganizationRole(Role):
    """A role defined for one organization (``organization_role.*``)."""

    organization_id: str | None = None


class Permission(_Object):
    """A permission (``permission.*``)."""

    slug: str | None = None
    name: str | None = None
    description: str | None = None
    system: bool | None = None
    resource_type_slug: str | None = None


class ApiKeyOwner(WebhookModel):
    """Who an API key belongs to: ``type`` is ``organization`` or ``user``."""

    id: str | None = None
    type: str | None = None


class ApiKey(_Object):
    """An API key (``api_key.*``); only its obfuscated value."""

    name: str | None = None
    owner: ApiKeyOwner | None = None
    obfuscated_value: str | None = None
    permissions: list[str] | None = None
    last_used_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    previous_attributes: dict[str, Any] | None = None


# --- Directory Sync, SSO connections ---------------------------------------------------------


class DirectoryDomain(WebhookModel):
    """A domain of a directory (``dsync.activated``)."""

    object: str | None = None
    id: str | None = None
    domain: str | None = None


class Directory(_Object):
    """A directory (``dsync.activated``, ``dsync.deleted``)."""

    organization_id: str | None = None
    external_key: str | None = None
    name: str | None = None
    #: ``active``, ``deleting``... (before deletion, for ``dsync.deleted``).
    state: str | None = None
    #: The directory provider (``generic scim v2.0``, ``okta scim v2.0``...).
    type: str | None = None
    domains: list[DirectoryDomain] | None = None


class DirectoryGroup(_Object):
    """A directory group (``dsync.group.*``)."""

    idp_id: str | None = None
    directory_id: str | None = None
    organization_id: str | None = None
    name: str | None = None
    raw_attributes: dict[str, Any] | None = None
    #: On ``dsync.group.updated``: the attributes that changed, with their old values.
    previous_attributes: dict[str, Any] | None = None


class DirectoryUserEmail(WebhookModel):
    """One email address of a directory user."""

    primary: bool | None = None
    type: str | None = None
    value: str | None = None


class DirectoryUser(_Object):
    """A directory user (``dsync.user.*``; no ``groups``)."""

    directory_id: str | None = None
    organization_id: str | None = None
    idp_id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    username: str | None = None
    job_title: str | None = None
    emails: list[DirectoryUserEmail] | None = None
    #: ``active``, ``suspended`` or ``inactive``.
    state: str | None = None
    custom_attributes: dict[str, Any] | None = None
    raw_attributes: dict[str, Any] | None = None
    role: RoleSlug | None = None
    roles: list[RoleSlug] | None = None
    #: On ``dsync.user.updated``: the attributes that changed, with their old values.
    previous_attributes: dict[str, Any] | None = None


class DirectoryGroupMembership(WebhookModel):
    """A user added to or removed from a group (``dsync.group.user_*``)."""

    directory_id: str | None = None
    user: DirectoryUser | None = None
    group: DirectoryGroup | None = None


class ConnectionDomain(WebhookModel):
    """A domain of an SSO connection."""

    object: str | None = None
    id: str | None = None
    domain: str | None = None


class Connection(_Object):
    """An SSO connection (``connection.activated/deactivated/deleted``)."""

    organization_id: str | None = None
    #: ``active`` or ``inactive`` (before deletion, for ``connection.deleted``).
    state: str | None = None
    connection_type: str | None = None
    name: str | None = None
    domains: list[ConnectionDomain] | None = None


class ConnectionRef(WebhookModel):
    """The connection a SAML certificate belongs to."""

    id: str | None = None
    organization_id: str | None = None


class SamlCertificate(WebhookModel):
    """A SAML certificate: ``certificate_type`` is ``ResponseSigning``, ``RequestSigning``
    or ``ResponseEncryption``."""

    certificate_type: str | None = None
    expiry_date: Timestamp | None = None
    is_expired: bool | None = None


class CertificateRenewed(WebhookModel):
    """``connection.saml_certificate_renewed``."""

    connection: ConnectionRef | None = None
    certificate: SamlCertificate | None = None
    renewed_at: Timestamp | None = None


class CertificateRenewalRequired(WebhookModel):
    """``connection.saml_certificate_renewal_required``."""

    connection: ConnectionRef | None = None
    certificate: SamlCertificate | None = None
    days_until_expiry: int | None = None


class DomainVerificationFailure(WebhookModel):
    """``organization_domain.verification_failed``: the reason and the domain."""

    reason: str | None = None
    organization_domain: OrganizationDomain | None = None


# --- feature flags, Vault --------------------------------------------------------------------


class Flag(_Object):
    """A feature flag (``flag.*``)."""

    slug: str | None = None
    name: str | None = None
    description: str | None = None
    tags: list[str] | None = None


class VaultAccess(WebhookModel):
    """Who did what in Vault (``vault.*``); the key and store fields depend on the event."""

    actor_id: str | None = None
    #: ``api`` or ``dashboard``.
    actor_source: str | None = None
    actor_name: str | None = None
    kv_name: str | None = None
    key_id: str | None = None
    key_ids: list[str] | None = None
    key_name: str | None = None
    key_context: dict[str, Any] | None = None
