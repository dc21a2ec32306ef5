"""Build Frontegg requests as Frontegg would send them, for tests and the demo."""

from __future__ import annotations

import hmac
import json
import time
from typing import Any

from authhooks.schemes._jws import HMAC_ALGORITHMS, b64url_encode
from authhooks.signing import SignedRequest, encode_payload

__all__ = ["make_frontegg_token", "sign_frontegg"]


def make_frontegg_token(
    *,
    secret: str | bytes,
    algorithm: str = "HS256",
    issued_at: int | None = None,
    expires_in: int | None = 300,
    claims: dict[str, Any] | None = None,
) -> str:
    """Return a token like the one Frontegg puts in ``x-webhook-secret``.

    The header is ``{"alg": algorithm, "typ": "JWT"}`` and the claims ``{"iat", "exp"}``
    (``exp`` is ``iat + expires_in``; ``expires_in=None`` leaves it out), updated with
    ``claims``.
    """
    if algorithm not in HMAC_ALGORITHMS:
        raise ValueError("algorithm must be HS256, HS384 or HS512")
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    now = int(time.time()) if issued_at is None else issued_at
    body: dict[str, Any] = {"iat": now}
    if expires_in is not None:
        body["exp"] = now + expires_in
    body.update(claims or {})
    head = b64url_encode(
        json.dumps({"alg": algorithm, "typ": "JWT"}, separators=(",", ":")).encode()
    )
    payload = b64url_encode(json.dumps(body, separators=(",", ":")).encode())
    signing_input = f"{head}.{payload}"
    signature = hmac.digest(key, signing_input.encode("ascii"), HMAC_ALGORITHMS[algorithm])
    return f"{signing_input}.{b64url_encode(signature)}"


def sign_frontegg(
    payload: dict[str, Any] | bytes | str,
    *,
    secret: str | bytes,
    algorithm: str = "HS256",
    issued_at: int | None = None,
    expires_in: int | None = 300,
) -> SignedRequest:
    """Return a request carrying ``payload`` and a Frontegg token in ``x-webhook-secret``.

    ``payload`` is a dict (encoded as compact JSON) or the exact body bytes/text. The token
    is signed with ``secret`` and lives ``expires_in`` seconds from ``issued_at`` (default:
    now), as Frontegg's own tokens do (five minutes).
    """
    token = make_frontegg_token(
        secret=secret, algorithm=algorithm, issued_at=issued_at, expires_in=expires_in
    )
    return SignedRequest(
        body=encode_payload(payload),
        headers={"Content-Type": "application/json", "x-webhook-secret": token},
    )
