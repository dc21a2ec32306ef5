"""Build The Auth API requests as a webhook with a secret custom header would send them."""

from __future__ import annotations

from typing import Any

from authhooks.signing import SignedRequest, encode_payload

__all__ = ["sign_theauthapi"]


def sign_theauthapi(
    payload: dict[str, Any] | bytes | str, *, secret: str, header: str = "Authorization"
) -> SignedRequest:
    """Return a request carrying ``payload`` with the shared secret in ``header``.

    With the default header the value is ``Bearer <secret>``; with any other header name,
    the secret itself (as [`TheAuthAPI`][authhooks.TheAuthAPI] expects).
    ``payload`` is a dict (encoded as compact JSON) or the exact body bytes/text.
    """
    value = f"Bearer {secret}" if header.strip().lower() == "authorization" else secret
    return SignedRequest(
        body=encode_payload(payload),
        headers={"Content-Type": "application/json", header: value},
    )
