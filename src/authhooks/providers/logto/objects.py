"""The Logto entities events carry.

Logto writes times two ways in one payload: the envelope's ``createdAt`` is ISO 8601 text
(``new Date().toISOString()``), while the entities' times (``user.createdAt``,
``lastSignInAt``, ``organization.createdAt``...) are database values sent as JavaScript
epoch **milliseconds** (``1767225600000``). The shared
[`Timestamp`][authhooks.events.Timestamp] reads numbers as Unix seconds only, so Logto's
fields use [`MillisecondTimestamp`][authhooks.events.MillisecondTimestamp], which reads ISO
8601 text or integer milliseconds.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict
from pydantic.alias_generators import to_camel

from authhooks.events import MillisecondTimestamp, WebhookModel

__all__ = [
    "AdaptiveMfaResult",
    "Application",
    "Organization",
    "OrganizationRole",
    "OrganizationScope",
    "Role",
    "Scope",
    "TriggeredRule",
    "TrustedDevice",
    "User",
]

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
