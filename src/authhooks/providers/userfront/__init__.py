"""Userfront: ``Authorization: Bearer <webhook API key>``; user and tenant events."""

from authhooks.providers.userfront.models import (
    RoleGrant as RoleGrant,
    TenantCreated as TenantCreated,
    TenantDeleted as TenantDeleted,
    TenantEvent as TenantEvent,
    TenantRecord as TenantRecord,
    TenantRef as TenantRef,
    TenantUpdated as TenantUpdated,
    UserCreated as UserCreated,
    UserDeleted as UserDeleted,
    UserEvent as UserEvent,
    UserfrontEvent as UserfrontEvent,
    UserfrontGenericEvent as UserfrontGenericEvent,
    UserRecord as UserRecord,
    UserUpdated as UserUpdated,
)
from authhooks.providers.userfront.receiver import Userfront as Userfront
from authhooks.providers.userfront.signing import sign_userfront as sign_userfront
