"""The objects inside FusionAuth's events: users, registrations, groups, request info...

FusionAuth writes every instant as milliseconds since the Unix epoch (a JSON integer):
fields of type [`UnixMilliseconds`][authhooks.events.UnixMilliseconds] read them as aware
UTC ``datetime``s. Wire names are camelCase;
every field is optional and unknown fields are kept. Tokens FusionAuth puts in an event
(``jwt.refresh``, a refresh token, an identity provider link) are ``SecretStr``: they stay
out of ``repr()`` and logs.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, SecretStr
from pydantic.alias_generators import to_camel

from authhooks.events import UnixMilliseconds, WebhookModel

__all__ = [
    "AuditLog",
    "EventInfo",
    "EventLog",
    "FusionAuthGroup",
    "FusionAuthRegistration",
    "FusionAuthUser",
    "GroupMember",
    "IdentityProviderLink",
    "Location",
    "LoginFailureReason",
    "RefreshToken",
    "TwoFactorMethod",
    "UserIdentity",
]

_CAMEL = ConfigDict(alias_generator=to_camel)


class Location(WebhookModel):
    """Where a request came from (``info.location``; paid FusionAuth plans)."""

    model_config = _CAMEL
    city: str | None = None
    country: str | None = None
    region: str | None = None
    zipcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    display_string: str | None = None


class EventInfo(WebhookModel):
    """The request that caused the event (``event.info``)."""

    model_config = _CAMEL
    ip_address: str | None = None
    user_agent: str | None = None
    device_name: str | None = None
    device_type: str | None = None
    device_description: str | None = None
    os: str | None = None
    location: Location | None = None
    data: dict[str, Any] | None = None


class FusionAuthRegistration(WebhookModel):
    """A user's registration to an application."""

    model_config = _CAMEL
    id: str | None = None
    application_id: str | None = None
    roles: list[str] | None = None
    username: str | None = None
    username_status: str | None = None
    verified: bool | None = None
    data: dict[str, Any] | None = None
    preferred_languages: list[str] | None = None
    timezone: str | None = None
    insert_instant: UnixMilliseconds | None = None
    last_login_instant: UnixMilliseconds | None = None
    last_update_instant: UnixMilliseconds | None = None


class UserIdentity(WebhookModel):
    """One of a user's login identities (an email address, a phone number...)."""

    model_config = _CAMEL
    type: str | None = None
    value: str | None = None
    primary: bool | None = None
    verified: bool | None = None
    verified_reason: str | None = None
    verified_instant: UnixMilliseconds | None = None


class FusionAuthUser(WebhookModel):
    """A FusionAuth user, as the Users API returns it (no password hash)."""

    model_config = _CAMEL
    id: str | None = None
    tenant_id: str | None = None
    active: bool | None = None
    email: str | None = None
    username: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    birth_date: str | None = None
    mobile_phone: str | None = None
    image_url: str | None = None
    timezone: str | None = None
    preferred_languages: list[str] | None = None
    data: dict[str, Any] | None = None
    connector_id: str | None = None
    verified: bool | None = None
    username_status: str | None = None
    password_change_required: bool | None = None
    password_change_reason: str | None = None
    breached_password_status: str | None = None
    two_factor_enabled: bool | None = None
    two_factor: dict[str, Any] | None = None
    registrations: list[FusionAuthRegistration] | None = None
    identities: list[UserIdentity] | None = None
    memberships: list[Any] | None = None
    insert_instant: UnixMilliseconds | None = None
    last_login_instant: UnixMilliseconds | None = None
    last_update_instant: UnixMilliseconds | None = None
    password_last_update_instant: UnixMilliseconds | None = None
    breached_password_last_checked_instant: UnixMilliseconds | None = None


class LoginFailureReason(WebhookModel):
    """Why a login failed (``user.login.failed``, FusionAuth 1.53+)."""

    model_config = _CAMEL
    #: ``"credentials"`` or ``"lambdaValidation"``.
    code: str | None = None
    lambda_id: str | None = None
    lambda_result: Any = None


class TwoFactorMethod(WebhookModel):
    """A second factor (``user.two-factor.method.add``/``.remove``)."""

    model_config = _CAMEL
    id: str | None = None
    #: ``"authenticator"``, ``"email"`` or ``"sms"``.
    method: str | None = None
    email: str | None = None
    mobile_phone: str | None = None
    last_used: bool | None = None


class IdentityProviderLink(WebhookModel):
    """A link between a user and an identity provider's account."""

    model_config = _CAMEL
    identity_provider_id: str | None = None
    identity_provider_name: str | None = None
    identity_provider_type: str | None = None
    identity_provider_user_id: str | None = None
    display_name: str | None = None
    tenant_id: str | None = None
    user_id: str | None = None
    insert_instant: UnixMilliseconds | None = None
    last_login_instant: UnixMilliseconds | None = None
    #: The identity provider's token for the user.
    token: SecretStr | None = None


class RefreshToken(WebhookModel):
    """A revoked refresh token (``jwt.refresh-token.revoke`` of a single token)."""

    model_config = _CAMEL
    id: str | None = None
    application_id: str | None = None
    user_id: str | None = None
    tenant_id: str | None = None
    insert_instant: UnixMilliseconds | None = None
    start_instant: UnixMilliseconds | None = None
    meta_data: dict[str, Any] | None = None
    token: SecretStr | None = None


class FusionAuthGroup(WebhookModel):
    """A group (a bundle of application roles)."""

    model_config = _CAMEL
    id: str | None = None
    name: str | None = None
    tenant_id: str | None = None
    data: dict[str, Any] | None = None
    #: Application id -> the roles the group grants in it.
    roles: dict[str, Any] | None = None
    insert_instant: UnixMilliseconds | None = None
    last_update_instant: UnixMilliseconds | None = None


class GroupMember(WebhookModel):
    """A user's membership of a group."""

    model_config = _CAMEL
    id: str | None = None
    group_id: str | None = None
    user_id: str | None = None
    data: dict[str, Any] | None = None
    insert_instant: UnixMilliseconds | None = None


class AuditLog(WebhookModel):
    """An audit log entry (``audit-log.create``)."""

    model_config = _CAMEL
    id: int | None = None
    insert_instant: UnixMilliseconds | None = None
    insert_user: str | None = None
    message: str | None = None
    reason: str | None = None
    old_value: Any = None
    new_value: Any = None
    data: dict[str, Any] | None = None


class EventLog(WebhookModel):
    """An event log entry (``event-log.create``)."""

    model_config = _CAMEL
    id: int | None = None
    insert_instant: UnixMilliseconds | None = None
    message: str | None = None
    #: ``"Information"``, ``"Debug"`` or ``"Error"``.
    type: str | None = None
