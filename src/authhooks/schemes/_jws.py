"""Compact JWS (JWT) parsing and HMAC verification, strict and allocation-light.

Tokens are parsed strictly: exactly three non-empty base64url segments without padding, in
canonical form (unused trailing bits zero), a JSON-object header and claims set in UTF-8.
The algorithm is pinned by the receiver, never taken from the token: ``none`` and asymmetric
algorithms are refused whatever the header says, and so is any ``crit`` extension.

For HMAC tokens this module does the whole check itself (``hmac.digest`` and
``hmac.compare_digest``) instead of calling ``jwt.decode`` per request; the verdicts are
the same as ``jwt.decode(token, secret, algorithms=[...], leeway=...)``'s except where this
module is stricter (base64 padding, unknown header parameters, time claims that are strings,
NaN and Infinity literals, encodings other than UTF-8, JSON nested deeper than 200 levels),
which the test suite checks on a corpus of valid and hostile tokens.
"""

from __future__ import annotations

import binascii
import hmac
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import pydantic_core

from authhooks.errors import (
    InvalidHeaderError,
    InvalidSignatureError,
    TimestampError,
    VerificationError,
)

__all__ = [
    "HMAC_ALGORITHMS",
    "CompactToken",
    "HmacJwtVerifier",
    "b64url_decode",
    "b64url_encode",
    "check_time_claims",
    "decode_claims",
    "decode_header",
    "split_token",
]

#: HMAC JWS algorithms and their hashlib digest names.
HMAC_ALGORITHMS: dict[str, str] = {"HS256": "sha256", "HS384": "sha384", "HS512": "sha512"}

_TOKEN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
# The last character of a segment whose length is 2 or 3 modulo 4 may only carry zero bits
# beyond the encoded bytes; anything else is a non-canonical (malleable) encoding.
_CANONICAL_LAST = {
    2: frozenset("AQgw"),
    3: frozenset("AEIMQUYcgkosw048"),
}
_PAD = ("", "", "==", "=")
_HEADER_CACHE_SIZE = 64

#: A split compact token: header segment, payload segment, signature bytes, signing input.
CompactToken = tuple[str, str, bytes, bytes]


def b64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515)."""
    return binascii.b2a_base64(data, newline=False).decode("ascii").rstrip("=").translate(_TO_URL)


_TO_URL = str.maketrans("+/", "-_")


def b64url_decode(segment: str) -> bytes:
    """Decode an unpadded, canonical base64url segment; ``ValueError`` when it is not one.

    The caller has already checked the alphabet (``[A-Za-z0-9_-]``).
    """
    rem = len(segment) % 4
    if rem == 1:
        raise ValueError("impossible base64url length")
    if rem and segment[-1] not in _CANONICAL_LAST[rem]:
        raise ValueError("non-canonical base64url")
    return binascii.a2b_base64(segment.replace("-", "+").replace("_", "/") + _PAD[rem])


def split_token(token: str, *, header: str | None, what: str) -> CompactToken:
    """Split a compact JWS into its parts; [`InvalidHeaderError`][authhooks.InvalidHeaderError] when
    it is not one.

    ``header`` names the HTTP header the token came in (``None`` when it is the body) and
    ``what`` describes the token in messages.
    """
    if _TOKEN.fullmatch(token) is None:
        raise _malformed(f"{what} is not a compact JWS (three base64url segments)", header)
    head, payload, signature = token.split(".")
    try:
        raw_signature = b64url_decode(signature)
    except (ValueError, binascii.Error):
        raise _malformed(f"{what} has a malformed signature segment", header) from None
    return head, payload, raw_signature, token[: len(head) + len(payload) + 1].encode("ascii")


def decode_header(segment: str, *, header: str | None, what: str) -> dict[str, Any]:
    """Decode the JOSE header segment into a dict;
    [`InvalidHeaderError`][authhooks.InvalidHeaderError] otherwise."""
    value = _decode_json_segment(segment, header=header, what=f"{what} header")
    if "crit" in value:
        raise _malformed(f"{what} declares critical extensions, which are not supported", header)
    kid = value.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise _malformed(f"{what} header has a non-string kid", header)
    return value


def decode_claims(segment: str, *, header: str | None, what: str) -> dict[str, Any]:
    """Decode the (already authenticated) claims segment into a dict."""
    return _decode_json_segment(segment, header=header, what=f"{what} claims")


def check_time_claims(
    claims: Mapping[str, Any],
    now: float,
    *,
    leeway: float,
    header: str | None,
    what: str,
) -> None:
    """Enforce ``exp``, ``nbf`` and ``iat`` (not in the future) when present, with ``leeway``.

    Each must be a JSON number (not a string or a boolean); like PyJWT, the value is
    truncated to whole seconds before comparison.
    """
    for name in ("exp", "nbf", "iat"):
        if name not in claims:
            continue
        value = claims[name]
        if type(value) is not int and type(value) is not float:
            raise _malformed(f"{what} claim {name!r} is not a number", header)
        try:
            seconds = int(value)
        except (OverflowError, ValueError):
            raise _malformed(f"{what} claim {name!r} is not a finite number", header) from None
        if name == "exp":
            if seconds <= now - leeway:
                raise TimestampError(f"{what} has expired", skew=now - seconds, header=header)
        elif seconds > now + leeway:
            claim = "is not valid yet" if name == "nbf" else "was issued in the future"
            raise TimestampError(f"{what} {claim}", skew=now - seconds, header=header)


class HmacJwtVerifier:
    """Verifies HS256/HS384/HS512 JWTs against one or several shared secrets.

    Args:
        secrets: the accepted secrets (rotation: every one is tried, in constant time).
        algorithms: the accepted algorithms, a subset of ``HS256``, ``HS384``, ``HS512``.
        leeway: seconds of clock skew allowed on ``exp``, ``nbf`` and ``iat``.
        clock: returns the current Unix time (injectable for tests).
        header: the HTTP header the token arrives in, for error messages.
        what: how messages name the token.
        allowed_header_params: JOSE header parameters accepted; any other is refused.
    """

    def __init__(
        self,
        secrets: tuple[bytes, ...],
        algorithms: Collection[str],
        *,
        leeway: float,
        clock: Callable[[], float],
        header: str,
        what: str = "token",
        allowed_header_params: Collection[str] = ("alg", "typ", "kid"),
    ) -> None:
        self._secrets = secrets
        self._algorithms = {alg: HMAC_ALGORITHMS[alg] for alg in algorithms}
        self._leeway = leeway
        self._clock = clock
        self._header = header
        self._what = what
        self._allowed = frozenset(allowed_header_params)
        # Header segment of an authentic token -> digest name. Real senders use one or two
        # headers, so this skips the header's decoding on almost every request; bounded.
        self._header_cache: dict[str, str] = {}

    def verify(self, token: str) -> dict[str, Any]:
        """Verify ``token`` and return its claims; raise a
        [`VerificationError`][authhooks.VerificationError] if not."""
        header = self._header
        what = self._what
        head, body, signature, signing_input = split_token(token, header=header, what=what)
        digest = self._header_cache.get(head)
        cached = digest is not None
        if digest is None:
            digest = self._check_header(head)
        matched = False
        for secret in self._secrets:
            matched |= hmac.compare_digest(hmac.digest(secret, signing_input, digest), signature)
        if not matched:
            raise InvalidSignatureError(
                f"{what} is not signed with an accepted secret", header=header
            )
        if not cached and len(self._header_cache) < _HEADER_CACHE_SIZE:
            # Only headers of authentic tokens: forgers cannot fill the cache.
            self._header_cache[head] = digest
        claims = decode_claims(body, header=header, what=what)
        if "exp" in claims or "nbf" in claims or "iat" in claims:
            check_time_claims(claims, self._clock(), leeway=self._leeway, header=header, what=what)
        for name in ("sub", "jti"):
            if name in claims and not isinstance(claims[name], str):
                raise _malformed(f"{what} claim {name!r} is not a string", header)
        if claims.get("aud"):
            # RFC 7519 4.1.3: a token meant for a named audience is not meant for us.
            raise InvalidSignatureError(f"{what} is addressed to an audience", header=header)
        return claims

    def _check_header(self, segment: str) -> str:
        header, what = self._header, self._what
        value = decode_header(segment, header=header, what=what)
        alg = value.get("alg")
        if not isinstance(alg, str) or alg not in self._algorithms:
            raise InvalidSignatureError(f"{what} uses an algorithm not accepted", header=header)
        extra = value.keys() - self._allowed
        if extra:
            names = ", ".join(sorted(repr(name)[:40] for name in extra)[:5])
            raise _malformed(f"{what} header has unexpected parameters: {names}", header)
        typ = value.get("typ")
        if typ is not None and not isinstance(typ, str):
            raise _malformed(f"{what} header has a non-string typ", header)
        return self._algorithms[alg]


def _decode_json_segment(segment: str, *, header: str | None, what: str) -> dict[str, Any]:
    # Strict JSON: UTF-8 only, no NaN/Infinity literals, bounded nesting and number size.
    try:
        value = pydantic_core.from_json(b64url_decode(segment), allow_inf_nan=False)
    except (ValueError, binascii.Error):
        raise _malformed(f"{what} is not base64url-encoded UTF-8 JSON", header) from None
    if not isinstance(value, dict):
        raise _malformed(f"{what} is not a JSON object", header)
    return value


def _malformed(message: str, header: str | None) -> VerificationError:
    if header is None:
        return VerificationError(message, reason="malformed_token")
    return InvalidHeaderError(message, header=header)
