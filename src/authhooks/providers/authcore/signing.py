"""Build AuthCore requests as AuthCore would send them, for tests and the demo."""

from __future__ import annotations

import hmac
import time
from datetime import datetime, timezone
from typing import Any, Literal

from authhooks.errors import ConfigurationError
from authhooks.signing import SignedRequest, encode_payload

__all__ = ["sign_authcore"]


def sign_authcore(
    payload: dict[str, Any] | bytes | str,
    *,
    secret: str | bytes,
    timestamp: int | datetime | None = None,
    form: Literal["timestamped", "plain"] = "timestamped",
    prefix: bool = True,
    header: str = "X-Webhook-Signature",
) -> SignedRequest:
    """Return a request carrying ``payload``, signed with HMAC-SHA256 under ``secret``.

    Args:
        payload: a dict (encoded as compact JSON) or the exact body bytes/text.
        secret: the webhook's signing secret (text is encoded as UTF-8).
        timestamp: the signing time of the ``"timestamped"`` form (Unix seconds or a
            ``datetime``, naive taken as UTC); now when ``None``.
        form: ``"timestamped"`` (``t=<unix>,v1=<hex>``) or ``"plain"`` (the body alone).
        prefix: for the ``"plain"`` form, send ``sha256=<hex>`` (``True``) or the bare hex.
        header: the name of the signature header.
    """
    body = encode_payload(payload)
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not key:
        raise ConfigurationError("secret must not be empty")
    if form == "plain":
        digest = hmac.new(key, body, "sha256").hexdigest()
        value = f"sha256={digest}" if prefix else digest
    elif form == "timestamped":
        stamp = _unix(timestamp)
        digest = hmac.new(key, f"{stamp}.".encode("ascii") + body, "sha256").hexdigest()
        value = f"t={stamp},v1={digest}"
    else:
        raise ConfigurationError('form must be "timestamped" or "plain"')
    return SignedRequest(body=body, headers={"Content-Type": "application/json", header: value})


def _unix(timestamp: int | datetime | None) -> int:
    if timestamp is None:
        return int(time.time())
    if isinstance(timestamp, datetime):
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=timezone.utc)
        return int(timestamp.timestamp())
    return int(timestamp)
