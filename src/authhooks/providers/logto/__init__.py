"""Logto: ``logto-signature-sha-256`` (hex HMAC-SHA256 of the body); interaction, data and
exception events, 31 of them typed.
"""

from authhooks.providers.logto.data import (
    OrganizationCreated as OrganizationCreated,
    OrganizationDataUpdated as OrganizationDataUpdated,
    OrganizationDeleted as OrganizationDeleted,
    OrganizationEvent as OrganizationEvent,
    OrganizationMembershipUpdated as OrganizationMembershipUpdated,
    OrganizationRoleCreated as OrganizationRoleCreated,
    OrganizationRoleDataUpdated as OrganizationRoleDataUpdated,
    OrganizationRoleDeleted as OrganizationRoleDeleted,
    OrganizationRoleEvent as OrganizationRoleEvent,
    OrganizationRoleScopesUpdated as OrganizationRoleScopesUpdated,
    OrganizationScopeCreated as OrganizationScopeCreated,
    OrganizationScopeDataUpdated as OrganizationScopeDataUpdated,
    OrganizationScopeDeleted as OrganizationScopeDeleted,
    OrganizationScopeEvent as OrganizationScopeEvent,
    RoleCreated as RoleCreated,
    RoleDataUpdated as RoleDataUpdated,
    RoleDeleted as RoleDeleted,
    RoleEvent as RoleEvent,
    RoleScopesUpdated as RoleScopesUpdated,
    ScopeCreated as ScopeCreated,
    ScopeDataUpdated as ScopeDataUpdated,
    ScopeDeleted as ScopeDeleted,
    ScopeEvent as ScopeEvent,
    TrustedDeviceCreated as TrustedDeviceCreated,
    TrustedDeviceDeleted as TrustedDeviceDeleted,
    TrustedDeviceEvent as TrustedDeviceEvent,
    UserCreated as UserCreated,
    UserDataUpdated as UserDataUpdated,
    UserDeleted as UserDeleted,
    UserEvent as UserEvent,
    UserSuspensionStatusUpdated as UserSuspensionStatusUpdated,
)
from authhooks.providers.logto.envelope import (
    LogtoEvent as LogtoEvent,
    LogtoGenericEvent as LogtoGenericEvent,
)
from authhooks.providers.logto.interaction import (
    GrantLimitExceeded as GrantLimitExceeded,
    IdentifierLockout as IdentifierLockout,
    InteractionEvent as InteractionEvent,
    MessageRateLimited as MessageRateLimited,
    PostRegister as PostRegister,
    PostResetPassword as PostResetPassword,
    PostSignIn as PostSignIn,
    PostSignInAdaptiveMfaTriggered as PostSignInAdaptiveMfaTriggered,
)
from authhooks.providers.logto.models import EVENT_TYPES as EVENT_TYPES, PARSER as PARSER
from authhooks.providers.logto.objects import (
    AdaptiveMfaResult as AdaptiveMfaResult,
    Application as Application,
    Organization as Organization,
    OrganizationRole as OrganizationRole,
    OrganizationScope as OrganizationScope,
    Role as Role,
    Scope as Scope,
    TriggeredRule as TriggeredRule,
    TrustedDevice as TrustedDevice,
    User as User,
)
from authhooks.providers.logto.receiver import Logto as Logto
