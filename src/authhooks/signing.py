"""Signed test requests: what a provider would send, for tests, the CLI and the demo.

Each provider's signing function lives beside its receiver and returns a
[`SignedRequest`][authhooks.SignedRequest]; ``authhooks.testing`` gathers them all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Payload", "SignedRequest", "encode_payload"]

#: What a signer takes as a body: a dict or list (encoded as compact UTF-8 JSON), or the exact
#: bytes or text to send.
Payload = Mapping[str, Any] | list[Any] | bytes | str


@dataclass(frozen=True)
class SignedRequest:
    """A request body and the headers that authenticate it.

    Attributes:
        body: the exact bytes to send.
        headers: the headers to send with it (including ``Content-Type``).
        method: the HTTP method: ``"POST"`` for deliveries, ``"GET"`` for a verification
            request (Okta).
    """

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "POST"

    def __repr__(self) -> str:
        # The headers hold secrets or tokens: show only their names.
        return f"SignedRequest(body=<{len(self.body)} bytes>, headers={sorted(self.headers)})"


def encode_payload(payload: Payload) -> bytes:
    """Encode ``payload`` as a sender would: dicts as compact UTF-8 JSON, bytes as given."""
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, str):
        return payload.encode("utf-8")
    if isinstance(payload, Mapping):
        payload = dict(payload)
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
