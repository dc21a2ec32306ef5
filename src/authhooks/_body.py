"""Raw body handling: coercion to bytes, the size bound and bounded JSON decoding."""

from __future__ import annotations

import hashlib
from typing import Any

import pydantic_core

from authhooks.errors import PayloadError, RequestTooLargeError

#: Default upper bound for a webhook body (1 MiB). Provider payloads are a few KB.
DEFAULT_MAX_BODY_SIZE = 1024 * 1024


def coerce_body(body: bytes | bytearray | memoryview | str, max_size: int) -> bytes:
    """Return ``body`` as bytes (``str`` is encoded as UTF-8), enforcing ``max_size``."""
    if isinstance(body, str):
        if len(body) > max_size:  # each character is at least one byte
            raise RequestTooLargeError(f"body is larger than {max_size} bytes", limit=max_size)
        try:
            data = body.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise PayloadError("body is not valid UTF-8 text") from exc
    elif isinstance(body, bytes):
        data = body
    elif isinstance(body, (bytearray, memoryview)):
        data = bytes(body)
    else:
        raise TypeError(f"body must be bytes or str, not {type(body).__name__}")
    if len(data) > max_size:
        raise RequestTooLargeError(f"body is larger than {max_size} bytes", limit=max_size)
    return data


def decode_json(body: bytes) -> Any:
    """Decode a JSON document strictly (UTF-8, no NaN/Infinity, bounded nesting).

    Raises [`PayloadError`][authhooks.PayloadError] for anything that is not such a document.
    """
    try:
        return pydantic_core.from_json(body, allow_inf_nan=False)
    except ValueError as exc:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise PayloadError("body is not valid UTF-8", body=body) from exc
        raise PayloadError(f"body is not valid JSON: {_short(str(exc))}", body=body) from exc


def refuse_non_json_literals(body: bytes) -> None:
    """Raise [`PayloadError`][authhooks.PayloadError] when ``body`` holds ``NaN`` or ``Infinity``
    literals.

    They are not JSON, but pydantic-core's ``validate_json`` reads them as floats in the
    untyped parts of a payload (extra fields, ``Any``): call this before it, so that an
    accepted payload always has a ``raw`` form. The strict decoder decides when either text
    occurs (it may be inside a string).
    """
    if _holds_nan(body) or b"Infinity" in body:
        decode_json(body)


#: Occurrences of ``N`` checked one by one before falling back to a substring search.
_PROBES = 4


def _holds_nan(body: bytes) -> bool:
    """Whether ``NaN`` occurs in ``body``: the same answer as ``b"NaN" in body``, faster.

    Searching one byte is a vectorised ``memchr``, far faster than a substring search, and
    an uppercase ``N`` is rare in real payloads: each occurrence is checked in place. After
    ``_PROBES`` of them the rest is one substring search, so a body full of ``N`` costs
    no more than before.
    """
    find = body.find
    at = find(b"N")
    for _ in range(_PROBES):
        if at == -1:
            return False
        if body.startswith(b"NaN", at):
            return True
        at = find(b"N", at + 1)
    return at != -1 and find(b"NaN", at) != -1


def body_digest(body: bytes) -> str:
    """The SHA-256 hex digest of the raw body: the event id of providers that send none."""
    return hashlib.sha256(body).hexdigest()


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
