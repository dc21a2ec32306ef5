"""The objects inside FusionAuth's events: users, registrations, groups, request info...

FusionAuth writes every instant as milliseconds since the Unix epoch (a JSON number):
fields of type ``Instant`` read them as aware UTC ``datetime``s. Wire names are camelCase;
every field is optional and unknown fields are kept. Tokens FusionAuth puts in an event
(``jwt.refresh``, a refresh token, an identity provider link) are ``SecretStr``: they stay
out of ``repr()`` and logs.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler, SecretStr
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from authhooks.events import MAX_UNIX_SECONDS, MIN_UNIX_SECONDS, WebhookModel

__all__ = [
    "AuditLog",
    "EventInfo",
    "EventLog",
    "FusionAuthGroup",
    "FusionAuthRegistration",
    "FusionAuthUser",
    "GroupMember",
    "IdentityProviderLink",
    "Instant",
    "Location",
    "LoginFailureReason",
    "RefreshToken",
    "TwoFactorMethod",
    "UserIdentity",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _from_millis(value: Any) -> datetime:
    if isinstance(value, datetime):  # a model built in Python
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("an instant is milliseconds since the Unix epoch (a JSON number)")
    if not MIN_UNIX_SECONDS * 1000 <= value < (MAX_UNIX_SECONDS + 1) * 1000:
        raise ValueError("instant out of range (0001-01-01 to 9999-12-31)")
    try:
        return _EPOCH + timedelta(milliseconds=value)
    except OverflowError:  # a fraction that rounds past 9999-12-31T23:59:59.999999
        raise ValueError("instant out of range (0001-01-01 to 9999-12-31)") from None


class _MillisSchema:
    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(_from_millis)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "integer", "description": "milliseconds since the Unix epoch"}


#: An aware UTC ``datetime`` read from milliseconds since the Unix epoch (FusionAuth's
#: instants). Text, booleans and times outside years 1 to 9999 fail validation.
Instant = Annotated[datetime, _MillisSchema()]

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
    insert_instant: Instant | None = None
    last_login_instant: Instant | None = None
    last_update_instant: Instant | None = None


class UserIdentity(WebhookModel):
    """One of a user's login identities (an email address, a phone number...)."""

    model_config = _CAMEL
    type: str | None = None
    value: str | None = None
    primary: bool | None = None
    verified: bool | None = None
    verified_reason: str | None = None
    verified_instant: Instant | None = None


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
    insert_instant: Instant | None = None
    last_login_instant: Instant | None = None
    last_update_instant: Instant | None = None
    password_last_update_instant: Instant | None = None
    breached_password_last_checked_instant: Instant | None = None


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
    insert_instant: Instant | None = None
    last_login_instant: Instant | None = None
    #: The identity provider's token for the user.
    token: SecretStr | None = None


class RefreshToken(WebhookModel):
    """A revoked refresh token (``jwt.refresh-token.revoke`` of a single token)."""

    model_config = _CAMEL
    id: str | None = None
    application_id: str | None = None
    user_id: str | None = None
    tenant_id: str | None = None
    insert_instant: Instant | None = None
    start_instant: Instant | None = None
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
    insert_instant: Instant | None = None
    last_update_instant: Instant | None = None


class GroupMember(WebhookModel):
    """A user's membership of a group."""

    model_config = _CAMEL
    id: str | None = None
    group_id: str | None = None
    user_id: str | None = None
    data: dict[str, Any] | None = None
    insert_instant: Instant | None = None


class AuditLog(WebhookModel):
    """An audit log entry (``audit-log.create``)."""

    model_config = _CAMEL
    id: int | None = None
    insert_instant: Instant | None = None
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
    insert_instant: Instant | None = None
    message: str | None = None
    #: ``"Information"``, ``"Debug"`` or ``"Error"``.
    type: str | None = None
