"""Verification schemes: the five ways auth providers prove a webhook is theirs.

Each scheme checks one family and signs like a sender of that family; it knows nothing of any
provider's JSON. Give one to [`Webhook`][authhooks.Webhook] to receive from a sender that
authhooks has no models for, or read a provider's receiver to see which one it uses.

| scheme | what it checks |
|---|---|
| [`StaticSecret`][authhooks.schemes.StaticSecret] | a secret in a header (Bearer, Basic, raw) |
| [`BodyHmac`][authhooks.schemes.BodyHmac] | an HMAC of the raw body |
| [`TimestampedHmac`][authhooks.schemes.TimestampedHmac] | ``t=<ts>,v1=<sig>`` over ``{t}.{body}`` |
| [`StandardWebhooks`][authhooks.schemes.StandardWebhooks] | the Standard Webhooks (Svix) headers |
| [`Jwt`][authhooks.schemes.Jwt] | a JWS: the body, a header, or a header signing the body |
"""

from __future__ import annotations

from authhooks.schemes._base import Scheme as Scheme, Verified as Verified
from authhooks.schemes.body_hmac import BodyHmac as BodyHmac
from authhooks.schemes.standard_webhooks import StandardWebhooks as StandardWebhooks
from authhooks.schemes.static_secret import StaticSecret as StaticSecret
from authhooks.schemes.timestamped_hmac import TimestampedHmac as TimestampedHmac
from authhooks.schemes.token import Jwt as Jwt, Placement as Placement

__all__ = [
    "BodyHmac",
    "Jwt",
    "Placement",
    "Scheme",
    "StandardWebhooks",
    "StaticSecret",
    "TimestampedHmac",
    "Verified",
]
