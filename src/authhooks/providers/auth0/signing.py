"""Build Auth0 log stream requests as Auth0 would send them, for tests and the demo."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from authhooks.signing import SignedRequest

__all__ = ["auth0_body", "sign_auth0"]


def auth0_body(records: Sequence[Mapping[str, Any]], format: str = "jsonlines") -> bytes:
    """The body of a delivery of ``records`` in a content format: JSON lines (one compact
    record per line, each ending with a newline), a JSON array, or for ``jsonobject`` the one
    record itself."""
    chosen = format.lower()
    encoded = [
        json.dumps(dict(record), separators=(",", ":"), ensure_ascii=False) for record in records
    ]
    if chosen == "jsonlines":
        return "".join(line + "\n" for line in encoded).encode("utf-8")
    if chosen == "jsonarray":
        return ("[" + ",".join(encoded) + "]").encode("utf-8")
    if chosen == "jsonobject":
        if len(encoded) != 1:
            raise ValueError("a jsonobject delivery carries one record")
        return encoded[0].encode("utf-8")
    raise ValueError(f"unknown format {format!r}")


def sign_auth0(
    records: Sequence[Mapping[str, Any]] | bytes | str,
    *,
    token: str,
    format: str = "jsonlines",
) -> SignedRequest:
    """A log stream delivery of ``records`` (or the exact body) in ``format``, with the
    stream's authorization token in ``Authorization``, sent as it is."""
    if isinstance(records, str):
        body = records.encode("utf-8")
    elif isinstance(records, bytes):
        body = records
    else:
        body = auth0_body(records, format)
    return SignedRequest(
        body=body, headers={"Content-Type": "application/json", "Authorization": token}
    )
