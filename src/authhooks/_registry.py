"""The registered providers: one [`Provider`][authhooks.providers.Provider] entry each.

The package root exports each provider's receiver and base event lazily from these entries;
its ``TYPE_CHECKING`` block spells the same names out for type checkers and documentation
tools, which cannot run the registry (a test keeps the two equal).
"""

from __future__ import annotations

from authhooks.providers._entry import Provider

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
            "auth0",
            "Auth0",
            receiver="Auth0",
            event="Auth0Event",
            scheme="StaticSecret",
            demo_event="s",
            demo_secret="a0_demo_log_stream_token_0123456789abcdef",
            forged_secret="a0_forged_log_stream_token_0123456789",
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
            format_published=False,
        ),
        Provider(
            "clerk",
            "Clerk",
            receiver="Clerk",
            event="ClerkEvent",
            scheme="StandardWebhooks",
            demo_event="user.created",
            demo_secret="whsec_YXV0aGhvb2tzIGNsZXJrIGRlbW8gc2lnbmluZyBrZXk=",
            forged_secret="whsec_YSBmb3JnZWQgY2xlcmsgc2lnbmluZyBrZXkgMDEyMzQ=",
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
            "logto",
            "Logto",
            receiver="Logto",
            event="LogtoEvent",
            scheme="BodyHmac",
            demo_event="PostSignIn",
            demo_secret="lgDemoSigningKey0123456789abcdef",
            forged_secret="lgForgedSigningKey0123456789abcd",
        ),
        Provider(
            "okta",
            "Okta",
            receiver="Okta",
            event="OktaEvent",
            scheme="StaticSecret",
            demo_event="user.session.start",
            demo_secret="Basic YXV0aGhvb2tzOm9rdGEtZGVtby1zZWNyZXQtMDEyMw==",
            forged_secret="Basic Zm9yZ2VyOm5vdC10aGUtb2t0YS1zZWNyZXQtNDU2Nw==",
        ),
        Provider(
            "stytch",
            "Stytch",
            receiver="Stytch",
            event="StytchEvent",
            scheme="StandardWebhooks",
            demo_event="dashboard.member.create",
            demo_secret="whsec_YXV0aGhvb2tzIHN0eXRjaCBkZW1vIHNpZ25pbmcga3k=",
            forged_secret="whsec_YSBmb3JnZWQgc3R5dGNoIHNpZ25pbmcga2V5IDAxMjM=",
        ),
        Provider(
            "fusionauth",
            "FusionAuth",
            receiver="FusionAuth",
            event="FusionAuthEvent",
            scheme="Jwt",
            demo_event="user.create.complete",
            credentials="keys",
        ),
        Provider(
            "kinde",
            "Kinde",
            receiver="Kinde",
            event="KindeEvent",
            scheme="Jwt",
            demo_event="user.created",
            credentials="keys",
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
        Provider(
            "workos",
            "WorkOS",
            receiver="WorkOS",
            event="WorkOSEvent",
            scheme="TimestampedHmac",
            demo_event="user.created",
            demo_secret="whsec_demoWorkOSsecret0123456789",
            forged_secret="whsec_forgedWorkOSsecret01234567",
        ),
    )
}
