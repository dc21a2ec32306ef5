"""Static shared secrets sent in a header, with or without the ``Bearer`` scheme."""

from __future__ import annotations

from collections.abc import Mapping

from authhooks._headers import OWS, header_bytes, require_header
from authhooks._secrets import matches_any
from authhooks.errors import InvalidHeaderError, InvalidSignatureError

__all__ = ["verify_bearer", "verify_static_secret"]


def verify_bearer(headers: Mapping[str, str], secrets: tuple[bytes, ...], *, header: str) -> None:
    """Check that ``header`` is ``Bearer <secret>`` for one of ``secrets`` (constant time).

    The scheme word is case-insensitive (RFC 9110) and separated from the key by one or more
    spaces; optional whitespace (space, tab) around the value is skipped, nothing else. Raises
    a [`VerificationError`][authhooks.VerificationError] subclass naming the header; the
    message never contains the key.
    """
    value = require_header(headers, header).strip(OWS)
    scheme, _, credentials = value.partition(" ")
    if not scheme.isascii() or scheme.lower() != "bearer":
        raise InvalidHeaderError(f"header {header!r} does not use the Bearer scheme", header=header)
    credentials = credentials.lstrip(" ")
    if not credentials:
        raise InvalidHeaderError(f"header {header!r} has no Bearer credentials", header=header)
    if not matches_any(header_bytes(credentials, header), secrets):
        raise InvalidSignatureError(f"header {header!r} holds no accepted key", header=header)


def verify_static_secret(
    headers: Mapping[str, str], secrets: tuple[bytes, ...], *, header: str
) -> None:
    """Check that ``header`` holds exactly one of ``secrets`` (constant time).

    Optional whitespace (space, tab) around the value is skipped, nothing else.
    """
    value = require_header(headers, header).strip(OWS)
    if not matches_any(header_bytes(value, header), secrets):
        raise InvalidSignatureError(f"header {header!r} holds no accepted secret", header=header)
