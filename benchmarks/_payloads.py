"""Realistic payloads of a given size, built from the shipped samples.

A sample is padded with a plausible profile blob (login history entries) in the entity's own
free-form object (``data`` / ``metadata`` when it is an object), else under a new
``profile`` key, until the encoded document reaches the wanted size.
"""

from __future__ import annotations

import copy
import json
from typing import Any

_ENTITY_KEYS = ("record", "data", "user", "tenant", "apiToken")


def _target(payload: dict[str, Any]) -> dict[str, Any]:
    entity: dict[str, Any] = payload
    for key in _ENTITY_KEYS:
        value = payload.get(key)
        if isinstance(value, dict):
            entity = value
            break
    for key in ("data", "metadata"):
        value = entity.get(key)
        if isinstance(value, dict):
            return value
    profile: dict[str, Any] = {}
    entity["profile"] = profile
    return profile


def _entry(i: int) -> dict[str, Any]:
    return {
        "at": f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(7 * i) % 60:02d}Z",
        "ip": f"203.0.{i % 256}.{(31 * i) % 256}",
        "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605",
        "method": ("password", "passkey", "google", "saml")[i % 4],
        "success": i % 7 != 0,
        "country": ("GB", "FR", "US", "DE", "JP")[i % 5],
    }


def encoded(payload: Any) -> bytes:
    """Compact UTF-8 JSON, as providers send it."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def padded(sample: dict[str, Any], size: int) -> dict[str, Any]:
    """A copy of ``sample`` padded to about ``size`` bytes (never shrunk)."""
    payload = copy.deepcopy(sample)
    if len(encoded(payload)) >= size:
        return payload
    target = _target(payload)
    history: list[dict[str, Any]] = []
    target["loginHistory"] = history
    i = 0
    while len(encoded(payload)) < size:
        history.append(_entry(i))
        i += 1
    if len(encoded(payload)) > size and len(history) > 1:
        history.pop()
        # Top up with a note of the exact remaining length.
        room = size - len(encoded(payload)) - len(',"note":""')
        if room > 0:
            target["note"] = "x" * room
    return payload
