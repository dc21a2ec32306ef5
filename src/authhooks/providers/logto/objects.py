"""The Logto entities events carry, and ``MillisecondTimestamp``, the time type Logto needs.

Logto writes times two ways in one payload: the envelope's ``createdAt`` is ISO 8601 text
(``new Date().toISOString()``), while the entities' times (``user.createdAt``,
``lastSignInAt``, ``organization.createdAt``...) are database values sent as JavaScript
epoch **milliseconds** (``1767225600000``). The shared
[`Timestamp`][authhooks.events.Timestamp] reads numbers as Unix seconds only, so Logto's
fields use ``MillisecondTimestamp``, which reads ISO 8601 text or integer milliseconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from authhooks.events import MAX_UNIX_SECONDS, MIN_UNIX_SECONDS, WebhookModel, _as_utc

__all__ = [
    "AdaptiveMfaResult",
    "Application",
    "MillisecondTimestamp",
    "Organization",
    "OrganizationRole",
    "OrganizationScope",
    "Role",
    "Scope",
    "TriggeredRule",
    "TrustedDevice",
    "User",
]

_UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)
_MIN_MS = MIN_UNIX_SECONDS * 1000
_MAX_MS = MAX_UNIX_SECONDS * 1000 + 999


def _from_millis(value: int) -> datetime:
    if not _MIN_MS <= value <= _MAX_MS:
        raise ValueError("milliseconds out of range")
    return _EPOCH + timedelta(milliseconds=value)


class _MillisecondSchema:
    """The validation of ``MillisecondTimestamp``, all in pydantic-core but the range check."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        iso = core_schema.chain_schema(
            [core_schema.str_schema(pattern=r"^[0-9]{4}-"), core_schema.datetime_schema()]
        )
        return core_schema.union_schema(
            [
                core_schema.no_info_after_validator_function(_as_utc, iso),
                # Strict: a JSON integer only (no float, no bool, no numeric text).
                core_schema.no_info_after_validator_function(
                    _from_millis, core_schema.int_schema(strict=True)
                ),
                # A model built in Python.
                core_schema.no_info_after_validator_function(
                    _as_utc, core_schema.is_instance_schema(datetime)
                ),
            ],
            mode="left_to_right",
            custom_error_type="timestamp_invalid",
            custom_error_message=(
                "Input should be an ISO 8601 date-time or Unix milliseconds (an integer), "
                "from year 1 to 9999 in UTC"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(core_schema.datetime_schema())


#: A timezone-aware UTC ``datetime``. On the wire: ISO 8601 text (a time without an offset is
#: taken as UTC) or an integer of milliseconds since the Unix epoch, as JavaScript's
#: ``Date.getTime()`` gives. Numbers are always milliseconds, never seconds; a fraction, a
#: boolean, numeric text, or a time outside years 1 to 9999 fails validation (a
#: [`PayloadError`][authhooks.PayloadError] from ``verify``).
MillisecondTimestamp = Annotated[datetime, _MillisecondSchema()]


_CAMEL = ConfigDict(alias_generator=to_camel)


class _Entity(WebhookModel):
    """Logto's wire names are camelCase (``primaryEmail``); attributes are snake_case."""

    model_config = _CAMEL


class Application(_Entity):
    """The application a request came through (``SPA``, ``Traditional``, ``Native``...)."""

    id: str | None = None
    type: str | None = None
    name: str | None = None
    description: str | None = None


class User(_Entity):
    """A Logto user, as webhooks send it (``user`` or ``data``).

    Interaction events send the fields below; events triggered by the Management API send
    the API's response, which may hold more (kept, like every unknown field).
    """

    id: str | None = None
    username: str | None = None
    primary_email: str | None = None
    primary_phone: str | None = None
    name: str | None = None
    avatar: str | None = None
    custom_data: dict[str, Any] | None = None
    #: Social identities by connector target: ``{"google": {"userId": ..., "details": ...}}``.
    identities: dict[str, Any] | None = None
    profile: dict[str, Any] | None = None
    application_id: str | None = None
    cimd_client_id: str | None = None
    is_suspended: bool | None = None
    last_sign_in_at: MillisecondTimestamp | None = None
    created_at: MillisecondTimestamp | None = None
    updated_at: MillisecondTimestamp | None = None


class Role(_Entity):
    """A role: ``type`` is ``User`` or ``MachineToMachine``."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    type: str | None = None
    is_default: bool | None = None


class Scope(_Entity):
    """A permission (scope) of an API resource."""

    id: str | None = None
    resource_id: str | None = None
    name: str | None = None
    description: str | None = None
    created_at: MillisecondTimestamp | None = None


class Organization(_Entity):
    """An organization."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    custom_data: dict[str, Any] | None = None
    is_mfa_required: bool | None = None
    created_at: MillisecondTimestamp | None = None


class OrganizationRole(_Entity):
    """A role of the organization template."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    type: str | None = None


class OrganizationScope(_Entity):
    """A permission (scope) of the organization template."""

    id: str | None = None
    name: str | None = None
    description: str | None = None


class TriggeredRule(_Entity):
    """One adaptive MFA rule that fired: ``new_country``, ``geo_velocity``,
    ``long_inactivity`` or ``untrusted_ip``, with its evidence in ``details``."""

    rule: str | None = None
    details: dict[str, Any] | None = None


class AdaptiveMfaResult(_Entity):
    """Whether adaptive MFA asks for a second factor, and which rules fired."""

    requires_mfa: bool | None = None
    triggered_rules: list[TriggeredRule] | None = None


class TrustedDevice(_Entity):
    """A device a user trusted (skipping MFA on it) until ``expires_at``."""

    id: str | None = None
    user_id: str | None = None
    expires_at: MillisecondTimestamp | None = None
