"""authhooks: verify and parse webhooks from identity and auth providers.

Build a receiver once per provider and call ``verify`` with the raw body and the headers:

```python
import authhooks

receiver = authhooks.Userfront(api_key="...")
event = receiver.verify(body, headers)  # raises authhooks.VerificationError if forged
```

Provider modules (and with them ``jwt`` and ``cryptography``) are imported on first use, so
a receiver pays only for what it needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from authhooks.errors import (
    ConfigurationError,
    EventInProgressError,
    InvalidHeaderError,
    InvalidRequestError,
    InvalidSignatureError,
    KeysUnavailableError,
    LogUnavailableError,
    MissingHeaderError,
    ModeMismatchError,
    PayloadError,
    QueueUnavailableError,
    RequestTooLargeError,
    RetryLaterError,
    SourceNotAllowedError,
    StoreUnavailableError,
    TimestampError,
    VerificationError,
    WebhookError,
)

__version__ = "0.1.0.dev0"

# Public name -> module that defines it; imported when first accessed. The providers' names
# come from the registry (authhooks.providers).
_LAZY: dict[str, str] = {
    "Batch": "authhooks.batch",
    "Clock": "authhooks._time",
    "DEFAULT_MAX_BODY_SIZE": "authhooks._body",
    "Delivery": "authhooks.delivery",
    "SecretInput": "authhooks._secrets",
    "Seconds": "authhooks._time",
    "EventParser": "authhooks.parsing",
    "GenericEvent": "authhooks.webhook",
    "HTTPAnswer": "authhooks.answers",
    "KINDS": "authhooks.kinds",
    "Kind": "authhooks.kinds",
    "Receiver": "authhooks.receiver",
    "Router": "authhooks.routing",
    "SecretFormatWarning": "authhooks._secrets",
    "SignedRequest": "authhooks.signing",
    "Webhook": "authhooks.webhook",
    "WebhookEvent": "authhooks.events",
    "verify_and_parse": "authhooks.receiver",
}

__all__ = [
    "DEFAULT_MAX_BODY_SIZE",
    "KINDS",
    "Batch",
    "Clock",
    "ConfigurationError",
    "Delivery",
    "EventInProgressError",
    "EventParser",
    "GenericEvent",
    "HTTPAnswer",
    "InvalidHeaderError",
    "InvalidRequestError",
    "InvalidSignatureError",
    "KeysUnavailableError",
    "Kind",
    "LogUnavailableError",
    "MissingHeaderError",
    "ModeMismatchError",
    "PayloadError",
    "QueueUnavailableError",
    "Receiver",
    "RequestTooLargeError",
    "RetryLaterError",
    "Router",
    "Seconds",
    "SecretFormatWarning",
    "SecretInput",
    "SignedRequest",
    "SourceNotAllowedError",
    "StoreUnavailableError",
    "TimestampError",
    "VerificationError",
    "Webhook",
    "WebhookError",
    "WebhookEvent",
    "__version__",
    "verify_and_parse",
]

if TYPE_CHECKING:
    from authhooks._body import DEFAULT_MAX_BODY_SIZE as DEFAULT_MAX_BODY_SIZE
    from authhooks._secrets import (
        SecretFormatWarning as SecretFormatWarning,
        SecretInput as SecretInput,
    )
    from authhooks._time import Clock as Clock, Seconds as Seconds
    from authhooks.answers import HTTPAnswer as HTTPAnswer
    from authhooks.batch import Batch as Batch
    from authhooks.delivery import Delivery as Delivery
    from authhooks.events import WebhookEvent as WebhookEvent
    from authhooks.kinds import KINDS as KINDS, Kind as Kind
    from authhooks.parsing import EventParser as EventParser

    # The registered providers' names, spelled out for type checkers and documentation tools
    # (at run time they come from the registry, authhooks._registry; a test keeps both equal).
    from authhooks.providers.akamai import Akamai as Akamai, AkamaiEvent as AkamaiEvent
    from authhooks.providers.auth0 import Auth0 as Auth0, Auth0Event as Auth0Event
    from authhooks.providers.authcore import AuthCore as AuthCore, AuthCoreEvent as AuthCoreEvent
    from authhooks.providers.clerk import Clerk as Clerk, ClerkEvent as ClerkEvent
    from authhooks.providers.frontegg import Frontegg as Frontegg, FronteggEvent as FronteggEvent
    from authhooks.providers.fusionauth import (
        FusionAuth as FusionAuth,
        FusionAuthEvent as FusionAuthEvent,
    )
    from authhooks.providers.kinde import Kinde as Kinde, KindeEvent as KindeEvent
    from authhooks.providers.logto import Logto as Logto, LogtoEvent as LogtoEvent
    from authhooks.providers.okta import Okta as Okta, OktaEvent as OktaEvent
    from authhooks.providers.stytch import Stytch as Stytch, StytchEvent as StytchEvent
    from authhooks.providers.supabase import Supabase as Supabase, SupabaseEvent as SupabaseEvent
    from authhooks.providers.theauthapi import (
        TheAuthAPI as TheAuthAPI,
        TheAuthAPIEvent as TheAuthAPIEvent,
    )
    from authhooks.providers.userfront import (
        Userfront as Userfront,
        UserfrontEvent as UserfrontEvent,
    )
    from authhooks.providers.workos import WorkOS as WorkOS, WorkOSEvent as WorkOSEvent
    from authhooks.receiver import Receiver as Receiver, verify_and_parse as verify_and_parse
    from authhooks.routing import Router as Router
    from authhooks.signing import SignedRequest as SignedRequest
    from authhooks.webhook import GenericEvent as GenericEvent, Webhook as Webhook

    __all__ += [
        "Akamai",
        "AkamaiEvent",
        "Auth0",
        "Auth0Event",
        "AuthCore",
        "AuthCoreEvent",
        "Clerk",
        "ClerkEvent",
        "Frontegg",
        "FronteggEvent",
        "FusionAuth",
        "FusionAuthEvent",
        "Kinde",
        "KindeEvent",
        "Logto",
        "LogtoEvent",
        "Okta",
        "OktaEvent",
        "Stytch",
        "StytchEvent",
        "Supabase",
        "SupabaseEvent",
        "TheAuthAPI",
        "TheAuthAPIEvent",
        "Userfront",
        "UserfrontEvent",
        "WorkOS",
        "WorkOSEvent",
    ]
else:
    from authhooks.providers import exports as _provider_exports

    _LAZY.update(_provider_exports())
    __all__ += sorted(_provider_exports())  # noqa: PLE0605 (the registry's names)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'authhooks' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
