"""Frontegg: a JWT in ``x-webhook-secret`` signed with the connection secret; 22 events."""

from authhooks.providers.frontegg.models import (
    EVENT_KEYS as EVENT_KEYS,
    FronteggEvent as FronteggEvent,
    FronteggGenericEvent as FronteggGenericEvent,
    TenantApiTokenCreated as TenantApiTokenCreated,
    TenantApiTokenDeleted as TenantApiTokenDeleted,
    TenantApiTokenEvent as TenantApiTokenEvent,
    TenantCreated as TenantCreated,
    TenantDeleted as TenantDeleted,
    TenantEvent as TenantEvent,
    TenantUpdated as TenantUpdated,
    UserActivated as UserActivated,
    UserApiTokenCreated as UserApiTokenCreated,
    UserApiTokenDeleted as UserApiTokenDeleted,
    UserApiTokenEvent as UserApiTokenEvent,
    UserAuthenticated as UserAuthenticated,
    UserAuthenticatedWithSAML as UserAuthenticatedWithSAML,
    UserAuthenticatedWithSSO as UserAuthenticatedWithSSO,
    UserChangedPassword as UserChangedPassword,
    UserCreated as UserCreated,
    UserDeleted as UserDeleted,
    UserDisabledMFA as UserDisabledMFA,
    UserEnrolledMFA as UserEnrolledMFA,
    UserEvent as UserEvent,
    UserFailedAuthentication as UserFailedAuthentication,
    UserForgotPassword as UserForgotPassword,
    UserInvitedToTenant as UserInvitedToTenant,
    UserRemovedFromTenant as UserRemovedFromTenant,
    UserSignedUp as UserSignedUp,
    UserUpdated as UserUpdated,
)
from authhooks.providers.frontegg.objects import (
    FronteggApiToken as FronteggApiToken,
    FronteggEventContext as FronteggEventContext,
    FronteggPermission as FronteggPermission,
    FronteggRole as FronteggRole,
    FronteggTenant as FronteggTenant,
    FronteggTenantMembership as FronteggTenantMembership,
    FronteggUser as FronteggUser,
)
from authhooks.providers.frontegg.receiver import Frontegg as Frontegg
from authhooks.providers.frontegg.signing import sign_frontegg as sign_frontegg
