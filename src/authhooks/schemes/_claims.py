"""The JWT scheme's claim checks: time claims, audience, issuer, required claims."""

from __future__ import annotations

import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pydantic_core

from authhooks.errors import (
    ConfigurationError,
    InvalidHeaderError,
    TimestampError,
    VerificationError,
)
from authhooks.schemes._jws import b64url_decode

__all__ = ["ClaimPolicy", "header_types", "malformed", "strings", "type_name"]


def malformed(message: str, header: str | None) -> VerificationError:
    """The error for a malformed token: about its header when it came in one."""
    if header is None:
        return VerificationError(message, reason="malformed_token")
    return InvalidHeaderError(message, header=header)


def _shown(values: Any) -> str:
    """Claim values for a message: short, and never more than a few."""
    items = values if isinstance(values, (list, tuple, frozenset, set)) else [values]
    shown = [repr(item)[:80] for item in sorted(items, key=repr)[:3]]
    more = "" if len(items) <= 3 else f" and {len(items) - 3} more"
    return ", ".join(shown) + more


@dataclass(frozen=True)
class ClaimPolicy:
    """What the claims of an authentic token must say.

    Attributes:
        audience: ``aud`` must name one of these; ``None``: a token with an ``aud`` is refused.
        issuer: ``iss`` must be one of these (``None``: not checked).
        leeway: seconds of clock skew allowed on ``exp``, ``nbf`` and a future ``iat``.
        max_age: when set, ``iat`` is required and at most this many seconds old.
        require: claims that must be present.
    """

    audience: frozenset[str] | None
    issuer: frozenset[str] | None
    leeway: float
    max_age: float | None
    require: tuple[str, ...]

    def decode(self, segment: str, header: str | None, what: str) -> tuple[bytes, dict[str, Any]]:
        """The claims segment's JSON bytes and the claims (strict JSON, an object)."""
        try:
            raw = b64url_decode(segment)
            claims = pydantic_core.from_json(raw, allow_inf_nan=False)
        except (ValueError, binascii.Error):
            raise malformed(f"{what} claims are not base64url-encoded UTF-8 JSON", header) from None
        if not isinstance(claims, dict):
            raise malformed(f"{what} claims are not a JSON object", header)
        return raw, claims

    def check(self, claims: Mapping[str, Any], now: float, header: str | None, what: str) -> None:
        """Raise a [`VerificationError`][authhooks.VerificationError] unless ``claims`` pass."""
        for name in self.require:
            if name not in claims:
                raise VerificationError(
                    f"{what} has no {name!r} claim", reason="missing_claim", header=header
                )
        for name in ("sub", "jti"):
            if name in claims and not isinstance(claims[name], str):
                raise malformed(f"{what} claim {name!r} is not a string", header)
        self._check_times(claims, now, header, what)
        aud = claims.get("aud")
        if aud or self.audience is not None:  # no audience expected and none named: fine
            self._check_audience(aud, header, what)
        if self.issuer is not None:
            iss = claims.get("iss")
            if not isinstance(iss, str) or iss not in self.issuer:
                got = "no issuer" if iss is None else f"issuer {_shown(iss)}"
                raise VerificationError(
                    f"{what} has {got}, expected {_shown(self.issuer)}",
                    reason="invalid_issuer",
                    header=header,
                )

    def _check_audience(self, aud: Any, header: str | None, what: str) -> None:
        if self.audience is None:
            if aud:
                # RFC 7519 4.1.3: a token meant for a named audience is not meant for us.
                raise VerificationError(
                    f"{what} is addressed to {_shown(aud)}, but this receiver expects no audience",
                    reason="invalid_audience",
                    header=header,
                )
            return
        auds = [aud] if isinstance(aud, str) else aud
        if not isinstance(auds, list) or not all(isinstance(item, str) for item in auds):
            raise VerificationError(
                f"{what} has no audience; expected {_shown(self.audience)}",
                reason="invalid_audience",
                header=header,
            )
        if not any(item in self.audience for item in auds):
            raise VerificationError(
                f"{what} is addressed to {_shown(auds) or 'nobody'}; expected "
                f"{_shown(self.audience)}",
                reason="invalid_audience",
                header=header,
            )

    def _check_times(
        self, claims: Mapping[str, Any], now: float, header: str | None, what: str
    ) -> None:
        leeway = self.leeway
        # Each claim is read only when present (a JSON null is present, and refused).
        exp = _seconds(claims, "exp", header, what) if "exp" in claims else None
        if exp is not None and exp <= now - leeway:
            raise TimestampError(
                f"{what} expired {now - exp:.0f} s ago (leeway {leeway:g} s)",
                skew=now - exp,
                header=header,
            )
        nbf = _seconds(claims, "nbf", header, what) if "nbf" in claims else None
        if nbf is not None and nbf > now + leeway:
            raise TimestampError(
                f"{what} is not valid for another {nbf - now:.0f} s (leeway {leeway:g} s)",
                skew=now - nbf,
                header=header,
            )
        iat = _seconds(claims, "iat", header, what) if "iat" in claims else None
        if iat is None:
            if self.max_age is not None:
                raise VerificationError(
                    f"{what} has no 'iat' claim", reason="missing_claim", header=header
                )
            return
        if iat > now + leeway:
            raise TimestampError(
                f"{what} was issued {iat - now:.0f} s ahead of this clock (leeway {leeway:g} s)",
                skew=now - iat,
                header=header,
            )
        if self.max_age is not None and now - iat > self.max_age:
            raise TimestampError(
                f"{what} was issued {now - iat:.0f} s ago, more than max_age ({self.max_age:g} s)",
                skew=now - iat,
                header=header,
            )


def _seconds(claims: Mapping[str, Any], name: str, header: str | None, what: str) -> float | None:
    """A time claim as seconds: a JSON number (not a string or boolean), truncated like PyJWT."""
    if name not in claims:
        return None
    value = claims[name]
    if type(value) is not int and type(value) is not float:
        raise malformed(f"{what} claim {name!r} is not a number", header)
    try:
        return float(int(value))
    except (OverflowError, ValueError):
        raise malformed(f"{what} claim {name!r} is not a finite number", header) from None


def strings(
    value: str | Iterable[str] | None, name: str, *, empty: bool = False
) -> frozenset[str] | None:
    """A configured name or list of names as a set (one string is one name, not its
    letters); ``None`` stays ``None``.

    Raises:
        ConfigurationError: not a string or a list of non-empty strings, or an empty list
            where ``empty`` is false.
    """
    if value is None:
        return None
    items = [value] if isinstance(value, str) else value
    try:
        result = frozenset(items)
    except TypeError:
        raise ConfigurationError(f"{name} must be a string or a list of strings") from None
    if not all(isinstance(item, str) and item for item in result):
        raise ConfigurationError(f"{name} must hold non-empty strings")
    if not result and not empty:
        raise ConfigurationError(f"{name} must not be empty")
    return result


def type_name(typ: str) -> str:
    """A ``typ`` header value as compared: lowercase, without ``application/``."""
    lowered = typ.lower()
    return lowered[len("application/") :] if lowered.startswith("application/") else lowered


def header_types(typ: str | Iterable[str]) -> frozenset[str]:
    """The accepted ``typ`` values, as compared by ``type_name``."""
    items = strings(typ, "typ")
    if items is None:
        raise ConfigurationError("typ must be a non-empty string or a list of them")
    return frozenset(type_name(item) for item in items)
