"""Strict text forms of signatures and digests: hex, base64, base64url.

Decoding accepts exactly one spelling per byte string (apart from the case of hex digits), so
no two header values decode to the same signature by way of padding, whitespace or stray
characters.
"""

from __future__ import annotations

import binascii
import re
from typing import Literal

__all__ = ["DIGEST_SIZES", "Encoding", "decode", "decode_either_base64", "encode"]

#: How a signature is written in a header.
Encoding = Literal["hex", "base64", "base64url"]

#: The HMAC algorithms the HMAC schemes accept, and their digest sizes in bytes.
DIGEST_SIZES: dict[str, int] = {"sha256": 32, "sha384": 48, "sha512": 64}

ENCODINGS: frozenset[str] = frozenset({"hex", "base64", "base64url"})

_HEX = re.compile(r"[0-9A-Fa-f]*")
_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_TO_STD = str.maketrans("-_", "+/")
_TO_URL = str.maketrans("+/", "-_")


def encode(raw: bytes, encoding: Encoding) -> str:
    """``raw`` written in ``encoding`` (base64 with padding, base64url without)."""
    if encoding == "hex":
        return raw.hex()
    text = binascii.b2a_base64(raw, newline=False).decode("ascii")
    if encoding == "base64url":
        return text.rstrip("=").translate(_TO_URL)
    return text


def decode(text: str, encoding: Encoding, size: int | None = None) -> bytes | None:
    """The bytes ``text`` spells in ``encoding``, or ``None`` when it is not a canonical
    spelling (of exactly ``size`` bytes, when given)."""
    if len(text) > 1024:
        return None
    raw: bytes | None
    if encoding == "hex":
        if len(text) % 2 or _HEX.fullmatch(text) is None:
            return None
        raw = bytes.fromhex(text)
    elif encoding == "base64":
        if len(text) % 4 or _B64.fullmatch(text) is None:
            return None
        raw = _b64(text)
        if raw is not None and encode(raw, "base64") != text:
            return None  # non-canonical: unused bits set, or padding where none belongs
    else:
        if len(text) % 4 == 1 or _B64URL.fullmatch(text) is None:
            return None
        raw = _b64(text.translate(_TO_STD) + "=" * (-len(text) % 4))
        if raw is not None and encode(raw, "base64url") != text:
            return None
    if raw is None or (size is not None and len(raw) != size):
        return None
    return raw


def decode_either_base64(text: str, size: int) -> bytes | None:
    """The ``size`` bytes ``text`` spells in base64 or base64url, with its padding or without,
    or ``None``.

    Only for values inside a signed document (a token's digest claim), whose spelling no
    third party can change; headers are decoded with [`decode`][authhooks.schemes._codec.decode].
    """
    unpadded = text[:-2] + text[-2:].rstrip("=")
    if unpadded != text and len(text) % 4:
        return None  # padding, but not the right amount
    if "=" in unpadded or (
        ("+" in unpadded or "/" in unpadded) and ("-" in unpadded or "_" in unpadded)
    ):
        return None  # padding inside, or both alphabets
    return decode(unpadded.translate(_TO_URL), "base64url", size)


def _b64(text: str) -> bytes | None:
    try:
        return binascii.a2b_base64(text)
    except binascii.Error:
        return None
