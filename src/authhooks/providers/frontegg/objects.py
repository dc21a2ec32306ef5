"""Frontegg's entities: the user, tenant, role, permission and API token objects that its
events carry, and the event's context. Every field is optional; unknown fields are kept."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import ConfigDict, Field
from pydantic.alias_generators import to_camel

from authhooks.events import Timestamp, WebhookModel

__all__ = [
    "FronteggApiToken",
    "FronteggEventContext",
    "FronteggPermission",
    "FronteggRole",
    "FronteggTenant",
    "FronteggTenantMembership",
    "FronteggUser",
    "PermissionRef",
    "RoleRef",
]

CAMEL = ConfigDict(alias_generator=to_camel)


class FronteggPermission(WebhookModel):
    """A permission, as embedded in a role or a user."""

    model_config = CAMEL
    id: str | None = None
    key: str | None = None
    name: str | None = None
    description: str | None = None
    category_id: str | None = None
    fe_permission: bool | None = None


#: A permission object, or just its id or key.
PermissionRef = Annotated[FronteggPermission | str, Field(union_mode="left_to_right")]


class FronteggRole(WebhookModel):
    """A role, as embedded in a user or a membership."""

    model_config = CAMEL
    id: str | None = None
    key: str | None = None
    name: str | None = None
    description: str | None = None
    is_default: bool | None = None
    tenant_id: str | None = None
    vendor_id: str | None = None
    permissions: list[PermissionRef] | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


#: A role object, or just its id or key.
RoleRef = Annotated[FronteggRole | str, Field(union_mode="left_to_right")]


class FronteggTenantMembership(WebhookModel):
    """One of a user's tenants, with the user's roles in it (``user.tenants``)."""

    model_config = CAMEL
    tenant_id: str | None = None
    roles: list[RoleRef] | None = None


def _decode_metadata(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return None


class FronteggUser(WebhookModel):
    """A Frontegg user, as sent in ``user`` (wire names are camelCase).

    ``metadata`` is a JSON-encoded string on the wire; ``decoded_metadata`` holds it
    decoded.
    """

    model_config = CAMEL
    id: str | None = None
    sub: str | None = None
    email: str | None = None
    verified: bool | None = None
    name: str | None = None
    phone_number: str | None = None
    profile_picture_url: str | None = None
    provider: str | None = None
    mfa_enrolled: bool | None = None
    #: The user's metadata exactly as sent: normally a JSON-encoded string.
    metadata: str | dict[str, Any] | list[Any] | None = None
    tenant_ids: list[str] | None = None
    tenant_id: str | None = None
    tenants: list[FronteggTenantMembership] | None = None
    roles: list[RoleRef] | None = None
    permissions: list[PermissionRef] | None = None
    created_at: Timestamp | None = None
    last_login: Timestamp | None = None
    is_locked: bool | None = None
    activated_for_tenant: bool | None = None

    @property
    def decoded_metadata(self) -> Any:
        """``metadata`` decoded from JSON (usually a dict); ``None`` when absent or not JSON."""
        return _decode_metadata(self.metadata)


class FronteggTenant(WebhookModel):
    """A Frontegg tenant (account), as sent in ``tenant``; its shape is not published."""

    model_config = CAMEL
    id: str | None = None
    tenant_id: str | None = None
    name: str | None = None
    vendor_id: str | None = None
    parent_tenant_id: str | None = None
    is_reseller: bool | None = None
    website: str | None = None
    logo_url: str | None = None
    metadata: str | dict[str, Any] | list[Any] | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    deleted_at: Timestamp | None = None

    @property
    def decoded_metadata(self) -> Any:
        """``metadata`` decoded from JSON; ``None`` when absent or not JSON."""
        return _decode_metadata(self.metadata)


class FronteggApiToken(WebhookModel):
    """A user or tenant API token; its shape is not published, so every field is optional."""

    model_config = CAMEL
    client_id: str | None = None
    description: str | None = None
    tenant_id: str | None = None
    user_id: str | None = None
    created_by_user_id: str | None = None
    roles: list[RoleRef] | None = None
    permissions: list[PermissionRef] | None = None
    metadata: Any = None
    created_at: Timestamp | None = None


class FronteggEventContext(WebhookModel):
    """Where the event happened: ``eventContext``."""

    model_config = CAMEL
    tenant_id: str | None = None
    user_id: str | None = None
    vendor_id: str | None = None
    application_id: str | None = None
