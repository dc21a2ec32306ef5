"""The registered providers: one [`Provider`][authhooks.providers.Provider] entry each.

Registering a provider is an entry here, and the two names the package root exports for it,
spelled out for type checkers (which cannot run the registry) in the ``TYPE_CHECKING`` block
and in ``__all__``; a test keeps them equal to the entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from authhooks.providers._entry import Provider

if TYPE_CHECKING:
    from authhooks.providers.akamai import Akamai, AkamaiEvent
    from authhooks.providers.authcore import AuthCore, AuthCoreEvent
    from authhooks.providers.frontegg import Frontegg, FronteggEvent
    from authhooks.providers.supabase import Supabase, SupabaseEvent
    from authhooks.providers.theauthapi import TheAuthAPI, TheAuthAPIEvent
    from authhooks.providers.userfront import Userfront, UserfrontEvent

#: What the package root exports for the providers (for type checkers; see above).
__all__ = [
    "Akamai",
    "AkamaiEvent",
    "AuthCore",
    "AuthCoreEvent",
    "Frontegg",
    "FronteggEvent",
    "Supabase",
    "SupabaseEvent",
    "TheAuthAPI",
    "TheAuthAPIEvent",
    "Userfront",
    "UserfrontEvent",
]

#: Every registered provider, by name.
ENTRIES: dict[str, Provider] = {
    entry.name: entry
    for entry in (
        Provider(
            "akamai",
            "Akamai Identity Cloud",
            receiver="Akamai",
            event="AkamaiEvent",
            scheme="Jwt",
            demo_event="entityUpdated",
            credentials="keys",
        ),
        Provider(
            "authcore",
            "AuthCore",
            receiver="AuthCore",
            event="AuthCoreEvent",
            scheme="TimestampedHmac",
            demo_event="user.created",
            demo_secret="ac_demo_signing_secret_0123456789abcdef",
            forged_secret="ac_forged_signing_secret_0123456789",
        ),
        Provider(
            "frontegg",
            "Frontegg",
            receiver="Frontegg",
            event="FronteggEvent",
            scheme="Jwt",
            demo_event="frontegg.user.created",
            demo_secret="fe_demo_connection_secret_0123456789abcdef",
            forged_secret="fe_forged_secret_0123456789abcdef",
        ),
        Provider(
            "supabase",
            "Supabase Auth",
            receiver="Supabase",
            event="SupabaseEvent",
            scheme="StandardWebhooks",
            demo_event="customize-access-token",
            demo_secret="v1,whsec_YXV0aGhvb2tzIHN1cGFiYXNlIGRlbW8gc2VjcmV0ISE=",
            forged_secret="v1,whsec_YSBmb3JnZWQgc3VwYWJhc2UgaG9vayBzZWNyZXQgOig=",
        ),
        Provider(
            "theauthapi",
            "The Auth API",
            receiver="TheAuthAPI",
            event="TheAuthAPIEvent",
            scheme="StaticSecret",
            demo_event="api-key.created",
            demo_secret="taa_demo_webhook_key_0123456789abcdef",
            forged_secret="taa_forged_key_0123456789abcdef",
        ),
        Provider(
            "userfront",
            "Userfront",
            receiver="Userfront",
            event="UserfrontEvent",
            scheme="StaticSecret",
            demo_event="user.create",
            demo_secret="uf_demo_webhook_key_0123456789abcdef",
            forged_secret="uf_forged_key_0123456789abcdef",
        ),
    )
}
