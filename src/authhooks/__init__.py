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
    MissingHeaderError,
    ModeMismatchError,
    PayloadError,
    RequestTooLargeError,
    SourceNotAllowedError,
    StoreUnavailableError,
    TimestampError,
    VerificationError,
    WebhookError,
)

__version__ = "0.1.0.dev0"

# Public name -> module that defines it; imported when first accessed.
_LAZY: dict[str, str] = {
    "Receiver": "authhooks.receiver",
    "verify_and_parse": "authhooks.receiver",
    "WebhookEvent": "authhooks.events",
    "SignedRequest": "authhooks.signing",
    "Userfront": "authhooks.providers.userfront",
    "UserfrontEvent": "authhooks.providers.userfront",
    "AuthCore": "authhooks.providers.authcore",
    "AuthCoreEvent": "authhooks.providers.authcore",
    "TheAuthAPI": "authhooks.providers.theauthapi",
    "TheAuthAPIEvent": "authhooks.providers.theauthapi",
    "Router": "authhooks.routing",
    "Frontegg": "authhooks.providers.frontegg",
    "FronteggEvent": "authhooks.providers.frontegg",
    "Akamai": "authhooks.providers.akamai",
    "AkamaiEvent": "authhooks.providers.akamai",
}

__all__ = [
    "Akamai",
    "AkamaiEvent",
    "AuthCore",
    "AuthCoreEvent",
    "ConfigurationError",
    "EventInProgressError",
    "Frontegg",
    "FronteggEvent",
    "InvalidHeaderError",
    "InvalidRequestError",
    "InvalidSignatureError",
    "KeysUnavailableError",
    "MissingHeaderError",
    "ModeMismatchError",
    "PayloadError",
    "Receiver",
    "RequestTooLargeError",
    "Router",
    "SignedRequest",
    "SourceNotAllowedError",
    "StoreUnavailableError",
    "TheAuthAPI",
    "TheAuthAPIEvent",
    "TimestampError",
    "Userfront",
    "UserfrontEvent",
    "VerificationError",
    "WebhookError",
    "WebhookEvent",
    "__version__",
    "verify_and_parse",
]

if TYPE_CHECKING:
    from authhooks.events import WebhookEvent as WebhookEvent
    from authhooks.providers.akamai import Akamai as Akamai, AkamaiEvent as AkamaiEvent
    from authhooks.providers.authcore import (
        AuthCore as AuthCore,
        AuthCoreEvent as AuthCoreEvent,
    )
    from authhooks.providers.frontegg import (
        Frontegg as Frontegg,
        FronteggEvent as FronteggEvent,
    )
    from authhooks.providers.theauthapi import (
        TheAuthAPI as TheAuthAPI,
        TheAuthAPIEvent as TheAuthAPIEvent,
    )
    from authhooks.providers.userfront import (
        Userfront as Userfront,
        UserfrontEvent as UserfrontEvent,
    )
    from authhooks.receiver import Receiver as Receiver, verify_and_parse as verify_and_parse
    from authhooks.routing import Router as Router
    from authhooks.signing import SignedRequest as SignedRequest


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'authhooks' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
