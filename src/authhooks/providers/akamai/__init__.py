"""Akamai Identity Cloud Webhooks v3: the body is an RS256 Security Event Token."""

from authhooks.providers.akamai.models import (
    AkamaiEvent as AkamaiEvent,
    AkamaiGenericEvent as AkamaiGenericEvent,
    CredentialEventData as CredentialEventData,
    EntityCreated as EntityCreated,
    EntityDeleted as EntityDeleted,
    EntityEvent as EntityEvent,
    EntityEventData as EntityEventData,
    EntityUpdated as EntityUpdated,
    TestEvent as TestEvent,
    TestEventData as TestEventData,
    UserCredentialUpdated as UserCredentialUpdated,
)
from authhooks.providers.akamai.receiver import Akamai as Akamai
from authhooks.providers.akamai.signing import (
    AkamaiTestKeys as AkamaiTestKeys,
    sign_akamai as sign_akamai,
)
