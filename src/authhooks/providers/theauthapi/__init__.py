"""The Auth API: a shared secret in a configured header; API key, access key and project events."""

from authhooks.providers.theauthapi.models import (
    AccessKey as AccessKey,
    AccessKeyCreated as AccessKeyCreated,
    AccessKeyDeleted as AccessKeyDeleted,
    AccessKeyEvent as AccessKeyEvent,
    AccessKeyUpdated as AccessKeyUpdated,
    ApiKey as ApiKey,
    ApiKeyCreated as ApiKeyCreated,
    ApiKeyDeleted as ApiKeyDeleted,
    ApiKeyEvent as ApiKeyEvent,
    ApiKeyFirstUsed as ApiKeyFirstUsed,
    ApiKeyUpdated as ApiKeyUpdated,
    Project as Project,
    ProjectEvent as ProjectEvent,
    ProjectUpdated as ProjectUpdated,
    RateLimitConfig as RateLimitConfig,
    TheAuthAPIEvent as TheAuthAPIEvent,
    TheAuthAPIGenericEvent as TheAuthAPIGenericEvent,
)
from authhooks.providers.theauthapi.receiver import TheAuthAPI as TheAuthAPI
from authhooks.providers.theauthapi.signing import sign_theauthapi as sign_theauthapi
