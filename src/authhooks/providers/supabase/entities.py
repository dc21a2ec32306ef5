"""What Supabase Auth hook inputs hold: the user, the token claims, the email and SMS to
send, the call's metadata. Every field is optional; unknown fields are kept.

One-time codes and token hashes (``EmailData.token``..., ``SMS.otp``) are ``SecretStr``: they
never appear in ``repr()`` or a JSON dump.
"""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from authhooks.events import Timestamp, WebhookModel

__all__ = [
    "SMS",
    "AMREntry",
    "AccessTokenClaims",
    "EmailData",
    "Factor",
    "HookMetadata",
    "Identity",
    "User",
]


class HookMetadata(WebhookModel):
    """``metadata``: made once per hook call, before Supabase Auth's attempts."""

    #: A random UUID per call, the same in every attempt (the event's id).
    uuid: str | None = None
    time: Timestamp | None = None
    #: The hook's name (``"send-email"``...), the event's ``type``.
    name: str | None = None
    #: The address of the client whose request runs the hook.
    ip_address: str | None = None


class Identity(WebhookModel):
    """One of a user's identities (``user.identities``)."""

    identity_id: str | None = None
    #: The identity's id at its provider (the user's id for ``email`` and ``phone``).
    id: str | None = None
    user_id: str | None = None
    identity_data: dict[str, Any] | None = None
    provider: str | None = None
    email: str | None = None
    last_sign_in_at: Timestamp | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


class Factor(WebhookModel):
    """One of a user's MFA factors (``user.factors``)."""

    id: str | None = None
    factor_type: str | None = None
    status: str | None = None
    friendly_name: str | None = None
    phone: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    last_challenged_at: Timestamp | None = None


class User(WebhookModel):
    """A Supabase Auth user, as in the ``auth.users`` table. Before the user is stored (the
    before user created hook), its times are ``0001-01-01T00:00:00Z``."""

    id: str | None = None
    aud: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    app_metadata: dict[str, Any] | None = None
    user_metadata: dict[str, Any] | None = None
    identities: list[Identity] | None = None
    factors: list[Factor] | None = None
    is_anonymous: bool | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    email_confirmed_at: Timestamp | None = None
    phone_confirmed_at: Timestamp | None = None
    confirmed_at: Timestamp | None = None
    confirmation_sent_at: Timestamp | None = None
    invited_at: Timestamp | None = None
    recovery_sent_at: Timestamp | None = None
    new_email: str | None = None
    email_change_sent_at: Timestamp | None = None
    new_phone: str | None = None
    phone_change_sent_at: Timestamp | None = None
    reauthentication_sent_at: Timestamp | None = None
    last_sign_in_at: Timestamp | None = None
    banned_until: Timestamp | None = None
    deleted_at: Timestamp | None = None


class AMREntry(WebhookModel):
    """One authentication method of the session (``claims.amr``)."""

    method: str | None = None
    #: Unix seconds.
    timestamp: int | None = None
    provider: str | None = None


class AccessTokenClaims(WebhookModel):
    """The claims of the access token about to be issued (times are Unix seconds, as in the
    token)."""

    iss: str | None = None
    sub: str | None = None
    aud: str | list[str] | None = None
    exp: int | None = None
    iat: int | None = None
    nbf: int | None = None
    jti: str | None = None
    email: str | None = None
    phone: str | None = None
    app_metadata: dict[str, Any] | None = None
    user_metadata: dict[str, Any] | None = None
    role: str | None = None
    #: The authenticator assurance level, ``"aal1"`` or ``"aal2"``.
    aal: str | None = None
    amr: list[AMREntry | str] | None = None
    session_id: str | None = None
    is_anonymous: bool | None = None
    client_id: str | None = None
    scope: str | None = None


class EmailData(WebhookModel):
    """What the email to send is for (``email_data``); the codes are ``SecretStr``."""

    #: ``signup``, ``recovery``, ``invite``, ``magiclink``, ``email_change``, ``email``,
    #: ``reauthentication``, or a ``..._notification``.
    email_action_type: str | None = None
    token: SecretStr | None = None
    token_hash: SecretStr | None = None
    token_new: SecretStr | None = None
    token_hash_new: SecretStr | None = None
    redirect_to: str | None = None
    site_url: str | None = None
    old_email: str | None = None
    old_phone: str | None = None
    provider: str | None = None
    factor_type: str | None = None


class SMS(WebhookModel):
    """The message to send (``sms``); ``otp`` is a ``SecretStr``."""

    otp: SecretStr | None = None
    phone: str | None = None
    #: ``"mfa"`` for an MFA challenge, else not sent.
    sms_type: str | None = None
