"""Build Userfront requests as Userfront would send them, for tests and the demo."""

from __future__ import annotations

from typing import Any

from authhooks.signing import SignedRequest, encode_payload

__all__ = ["sign_userfront"]


def sign_userfront(payload: dict[str, Any] | bytes | str, *, api_key: str) -> SignedRequest:
    """Return a request carrying ``payload`` with ``Authorization: Bearer <api_key>``.

    ``payload`` is a dict (encoded as compact JSON) or the exact body bytes/text.
    """
    return SignedRequest(
        body=encode_payload(payload),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"},
    )
