"""Secret normalisation and constant-time comparison against several accepted secrets."""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from authhooks.errors import ConfigurationError

SecretInput = str | bytes | Iterable[str | bytes]


def normalise_secrets(secret: SecretInput, *, name: str = "secret") -> tuple[bytes, ...]:
    """Turn one secret or several (oldest to newest) into a tuple of UTF-8 bytes.

    Raises [`ConfigurationError`][authhooks.ConfigurationError] when there is no secret, or one of
    them is empty or not text/bytes. The message names the parameter, never the value.
    """
    items: list[str | bytes]
    if isinstance(secret, (str, bytes)):
        items = [secret]
    else:
        try:
            items = list(secret)
        except TypeError:
            raise ConfigurationError(f"{name} must be a string, bytes or a list of them") from None
    if not items:
        raise ConfigurationError(f"at least one {name} is required")
    result: list[bytes] = []
    for item in items:
        if isinstance(item, str):
            try:
                value = item.encode("utf-8")
            except UnicodeEncodeError:
                raise ConfigurationError(f"{name} is not valid text (a lone surrogate)") from None
        elif isinstance(item, bytes):
            value = item
        else:
            raise ConfigurationError(f"{name} must be a string, bytes or a list of them")
        if not value.strip():
            raise ConfigurationError(f"{name} must not be empty")
        result.append(value)
    return tuple(result)


def matches_any(candidate: bytes, secrets: tuple[bytes, ...]) -> bool:
    """Compare ``candidate`` with every accepted secret in constant time.

    Every secret is compared (no early exit), so the time taken does not tell which one, if
    any, matched.
    """
    matched = False
    for secret in secrets:
        matched |= hmac.compare_digest(candidate, secret)
    return matched
