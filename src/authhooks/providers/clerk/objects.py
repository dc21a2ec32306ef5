"""The objects in Clerk's events (``event.data``): users, sessions, organizations and the rest.

Field names and types follow Clerk's webhook OpenAPI specification (``clerk/openapi-specs``,
``webhooks/2025-04-15.yml``). Every field is optional, since Clerk's own examples leave out
fields the specification marks as required; unknown fields are kept. Times are integers of
Unix milliseconds, read into aware UTC ``datetime``s
([`UnixMilliseconds`][authhooks.events.UnixMilliseconds]).

Emails and SMS messages (``email.created``, ``sms.created``) carry one-time codes and sign-in
links, and invitations carry their acceptance URL: those fields are left out of ``repr()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from authhooks.events import UnixMilliseconds, WebhookModel

__all__ = [
    "DeletedObject",
    "Email",
    "EmailAddress",
    "EnterpriseAccount",
    "EventAttributes",
    "ExternalAccount",
    "HttpRequest",
    "IdentificationLink",
    "Invitation",
    "Passkey",
    "PhoneNumber",
    "SamlAccount",
    "Session",
    "SessionActivity",
    "Sms",
    "User",
    "Verification",
    "WaitlistEntry",
    "Web3Wallet",
]


class _Confidential(WebhookModel):
    """A model whose ``repr()`` shows only the fields marked for it: no unknown fields."""

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for name, field in type(self).model_fields.items():
            if field.repr:
                yield name, getattr(self, name)


# --- the envelope ---------------------------------------------------------------------------


class HttpRequest(WebhookModel):
    """The request that caused the event: ``event_attributes.http_request``."""

    client_ip: str | None = None
    user_agent: str | None = None


class EventAttributes(WebhookModel):
    """``event_attributes``: what Clerk knows of the event's cause."""

    http_request: HttpRequest | None = None


# --- users ----------------------------------------------------------------------------------


class Verification(WebhookModel):
    """The verification of an email address, phone number, wallet or account."""

    object: str | None = None
    status: str | None = None
    strategy: str | None = None
    attempts: int | None = None
    expire_at: UnixMilliseconds | None = None


class IdentificationLink(WebhookModel):
    """An identification an email address is linked to (``{"type", "id"}``)."""

    type: str | None = None
    id: str | None = None


class EmailAddress(WebhookModel):
    """One of a user's email addresses."""

    id: str | None = None
    object: str | None = None
    email_address: str | None = None
    reserved: bool | None = None
    verification: Verification | None = None
    linked_to: list[IdentificationLink] = Field(default_factory=list)
    matches_sso_connection: bool | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class PhoneNumber(WebhookModel):
    """One of a user's phone numbers (``backup_codes`` is left out of ``repr()``)."""

    id: str | None = None
    object: str | None = None
    phone_number: str | None = None
    reserved_for_second_factor: bool | None = None
    default_second_factor: bool | None = None
    reserved: bool | None = None
    verification: Verification | None = None
    linked_to: list[IdentificationLink] = Field(default_factory=list)
    backup_codes: list[str] | None = Field(default=None, repr=False)
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class Web3Wallet(WebhookModel):
    """One of a user's Web3 wallets."""

    id: str | None = None
    object: str | None = None
    web3_wallet: str | None = None
    verification: Verification | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class Passkey(WebhookModel):
    """One of a user's passkeys."""

    id: str | None = None
    object: str | None = None
    name: str | None = None
    last_used_at: UnixMilliseconds | None = None
    verification: Verification | None = None


class ExternalAccount(WebhookModel):
    """A user's account with an OAuth provider."""

    id: str | None = None
    object: str | None = None
    provider: str | None = None
    identification_id: str | None = None
    provider_user_id: str | None = None
    approved_scopes: str | None = None
    email_address: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    image_url: str | None = None
    username: str | None = None
    phone_number: str | None = None
    public_metadata: dict[str, Any] | None = None
    label: str | None = None
    verification: Verification | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class SamlAccount(WebhookModel):
    """A user's SAML account."""

    id: str | None = None
    object: str | None = None
    provider: str | None = None
    active: bool | None = None
    email_address: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    provider_user_id: str | None = None
    last_authenticated_at: UnixMilliseconds | None = None
    public_metadata: dict[str, Any] | None = None
    verification: Verification | None = None


class EnterpriseAccount(SamlAccount):
    """A user's enterprise (SAML or OAuth) account."""

    protocol: str | None = None
    enterprise_connection_id: str | None = None


class User(WebhookModel):
    """A Clerk user: the ``data`` of ``user.created`` and ``user.updated``, and a session's
    ``user``. Clerk's times are aware UTC ``datetime``s here."""

    id: str | None = None
    object: str | None = None
    external_id: str | None = None
    primary_email_address_id: str | None = None
    primary_phone_number_id: str | None = None
    primary_web3_wallet_id: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    locale: str | None = None
    image_url: str | None = None
    profile_image_url: str | None = None
    has_image: bool | None = None
    public_metadata: dict[str, Any] | None = None
    private_metadata: dict[str, Any] | None = None
    unsafe_metadata: dict[str, Any] | None = None
    email_addresses: list[EmailAddress] = Field(default_factory=list)
    phone_numbers: list[PhoneNumber] = Field(default_factory=list)
    web3_wallets: list[Web3Wallet] = Field(default_factory=list)
    passkeys: list[Passkey] = Field(default_factory=list)
    external_accounts: list[ExternalAccount] = Field(default_factory=list)
    saml_accounts: list[SamlAccount] = Field(default_factory=list)
    enterprise_accounts: list[EnterpriseAccount] = Field(default_factory=list)
    password_enabled: bool | None = None
    two_factor_enabled: bool | None = None
    totp_enabled: bool | None = None
    backup_code_enabled: bool | None = None
    mfa_enabled_at: UnixMilliseconds | None = None
    mfa_disabled_at: UnixMilliseconds | None = None
    password_last_updated_at: UnixMilliseconds | None = None
    last_sign_in_at: UnixMilliseconds | None = None
    last_active_at: UnixMilliseconds | None = None
    legal_accepted_at: UnixMilliseconds | None = None
    banned: bool | None = None
    locked: bool | None = None
    deprovisioned: bool | None = None
    lockout_expires_in_seconds: int | None = None
    verification_attempts_remaining: int | None = None
    delete_self_enabled: bool | None = None
    create_organization_enabled: bool | None = None
    create_organizations_limit: int | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None

    @property
    def primary_email(self) -> str | None:
        """The primary email address (``primary_email_address_id`` looked up in
        ``email_addresses``), or ``None``."""
        for address in self.email_addresses:
            if address.id is not None and address.id == self.primary_email_address_id:
                return address.email_address
        return None


class DeletedObject(WebhookModel):
    """What ``*.deleted`` events send for users, organizations, domains, roles and
    permissions: the object's id and ``deleted: true``."""

    object: str | None = None
    id: str | None = None
    slug: str | None = None
    external_id: str | None = None
    deleted: bool | None = None


# --- sessions -------------------------------------------------------------------------------


class SessionActivity(WebhookModel):
    """Where a session was last active (``latest_activity``)."""

    id: str | None = None
    object: str | None = None
    device_type: str | None = None
    is_mobile: bool | None = None
    browser_name: str | None = None
    browser_version: str | None = None
    ip_address: str | None = None
    city: str | None = None
    country: str | None = None


class Session(WebhookModel):
    """A session: the ``data`` of ``session.*`` events, with the signed-in ``user``."""

    id: str | None = None
    object: str | None = None
    user_id: str | None = None
    client_id: str | None = None
    status: str | None = None
    actor: dict[str, Any] | None = None
    last_active_organization_id: str | None = None
    latest_activity: SessionActivity | None = None
    last_active_at: UnixMilliseconds | None = None
    expire_at: UnixMilliseconds | None = None
    abandon_at: UnixMilliseconds | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None
    user: User | None = None


# --- messages and the waitlist --------------------------------------------------------------


class Email(_Confidential):
    """An email Clerk sends or has you send: the ``data`` of ``email.created``.

    ``subject``, ``body``, ``body_plain`` and ``data`` (the template's values) hold one-time
    codes and links: they, and any unknown field, are left out of ``repr()``. Never log
    ``event.raw``.
    """

    id: str | None = None
    object: str | None = None
    slug: str | None = None
    status: str | None = None
    from_email_name: str | None = None
    reply_to_email_name: str | None = None
    to_email_address: str | None = None
    email_address_id: str | None = None
    user_id: str | None = None
    delivered_by_clerk: bool | None = None
    subject: str | None = Field(default=None, repr=False)
    body: str | None = Field(default=None, repr=False)
    body_plain: str | None = Field(default=None, repr=False)
    data: dict[str, Any] | None = Field(default=None, repr=False)


class Sms(_Confidential):
    """An SMS message Clerk sends or has you send: the ``data`` of ``sms.created``.

    ``message`` and ``data`` hold one-time codes: they, and any unknown field, are left out of
    ``repr()``. Never log ``event.raw``.
    """

    id: str | None = None
    object: str | None = None
    slug: str | None = None
    status: str | None = None
    from_phone_number: str | None = None
    to_phone_number: str | None = None
    phone_number_id: str | None = None
    user_id: str | None = None
    delivered_by_clerk: bool | None = None
    created_at: UnixMilliseconds | None = None
    created_at_ms: UnixMilliseconds | None = None
    message: str | None = Field(default=None, repr=False)
    data: dict[str, Any] | None = Field(default=None, repr=False)


class Invitation(WebhookModel):
    """An invitation to the application (``url`` is left out of ``repr()``)."""

    id: str | None = None
    object: str | None = None
    email_address: str | None = None
    status: str | None = None
    revoked: bool | None = None
    public_metadata: dict[str, Any] | None = None
    url: str | None = Field(default=None, repr=False)
    expires_at: UnixMilliseconds | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class WaitlistEntry(WebhookModel):
    """An entry of the waitlist: the ``data`` of ``waitlistEntry.*``."""

    id: str | None = None
    object: str | None = None
    email_address: str | None = None
    status: str | None = None
    is_locked: bool | None = None
    invitation: Invitation | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None
