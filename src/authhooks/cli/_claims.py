"""What a failed request's signed times and token claims say, in words a user can act on.

Used by ``authhooks verify`` once the signature is known to match (or the failure is a claim
check that comes after it): the claims are read only to explain, never to accept anything.
Nothing here prints a secret or a token: only times, durations and audience URLs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from authhooks._findings import Finding
from authhooks._headers import get_header
from authhooks.errors import TimestampError, VerificationError, WebhookError
from authhooks.schemes._jws import decode_claims, split_token

__all__ = [
    "Finding",
    "allowances",
    "audience_finding",
    "format_duration",
    "time_findings",
    "token_claims",
]

#: Two clocks set to different time zones differ by at most 26 h (UTC-12 to UTC+14).
_MAX_ZONE_HOURS = 26
_MAX_SHOWN = 5


def format_duration(seconds: float) -> str:
    """``42`` -> ``"42 s"``, ``125`` -> ``"2 min 5 s"``, ``10920`` -> ``"3 h 2 min"``."""
    total = round(abs(seconds))
    if total < 60:
        return f"{total} s"
    if total < 3600:
        minutes, secs = divmod(total, 60)
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    minutes_total = round(total / 60)
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes else []
    return " ".join(parts)


def token_claims(
    error: WebhookError, body: bytes, headers: Mapping[str, str]
) -> dict[str, Any] | None:
    """The claims of the JWT the failed check read (in ``error.header``, else the body).

    ``None`` when there is no such token (a signature header, a JSON body) or it cannot be
    decoded: the caller then explains from the error alone.
    """
    try:
        if error.header is not None:
            text = get_header(headers, error.header) or ""
        else:
            text = body.strip().decode("ascii")
        token = text.strip()
        if token.lower().startswith("bearer "):
            token = token[7:].strip()
        _head, payload, _signature, _signed = split_token(token, header=None, what="token")
        return decode_claims(payload, header=None, what="token")
    except (WebhookError, UnicodeDecodeError):
        return None


def allowances(receiver: Any) -> tuple[float | None, float | None]:
    """How far a signed time may be ``(in the past, in the future)``, in seconds, when known.

    Read from the receiver's scheme: its ``tolerance`` (the timestamped schemes), or a token's
    ``leeway``, with ``max_age`` bounding the past when set (tokens a sender re-sends for a
    day). ``(None, None)`` for a scheme without time.
    """
    scheme = getattr(receiver, "scheme", None)
    both = _seconds(getattr(scheme, "tolerance", None))
    policy = getattr(scheme, "policy", None)
    if both is None:
        both = _seconds(getattr(policy, "leeway", None))
    past = _seconds(getattr(policy, "max_age", None))
    return (past if past is not None else both), both


def configured_audience(receiver: Any) -> tuple[str, ...]:
    """The audiences a token must be addressed to, as the receiver's scheme is configured."""
    audience = getattr(getattr(getattr(receiver, "scheme", None), "policy", None), "audience", None)
    if not audience:
        return ()
    return tuple(sorted(item for item in audience if isinstance(item, str)))


def _seconds(value: Any) -> float | None:
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _number(claims: Mapping[str, Any] | None, name: str) -> float | None:
    value = None if claims is None else claims.get(name)
    if type(value) is int or type(value) is float:
        seconds = float(value)
        return seconds if math.isfinite(seconds) and abs(seconds) < 1e11 else None
    return None


def _when(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def time_findings(
    error: TimestampError,
    claims: Mapping[str, Any] | None,
    allowed: tuple[float | None, float | None],
) -> list[Finding]:
    """How far the signed time is off, which way, and whether it looks like a time zone."""
    now = time.time()
    past_allowed, future_allowed = allowed
    exp, iat = _number(claims, "exp"), _number(claims, "iat")
    if exp is not None and abs((now - exp) - error.skew) < 2 and error.skew > 0:
        findings = [_expired(now, exp, iat, future_allowed)]
    else:
        limit = past_allowed if error.skew >= 0 else future_allowed
        direction = "in the past" if error.skew >= 0 else "in the future"
        beyond = (
            f"beyond the {format_duration(limit)} the receiver allows"
            if limit is not None
            else "outside the receiver's tolerance"
        )
        findings = [
            Finding(
                "timestamp",
                f"the signed timestamp is {format_duration(error.skew)} {direction}, {beyond}.",
            )
        ]
    issued_skew = now - iat if iat is not None else error.skew
    zone = _time_zone(issued_skew, future_allowed)
    if zone is not None:
        findings.append(zone)
    return findings


def _expired(now: float, exp: float, iat: float | None, leeway: float | None) -> Finding:
    message = f"the token expired {format_duration(now - exp)} ago (exp {_when(exp)})"
    if leeway is not None:
        message += f", beyond the receiver's leeway of {format_duration(leeway)}"
    if iat is not None and exp > iat:
        message += (
            f"; it was issued {format_duration(now - iat)} ago and was valid for "
            f"{format_duration(exp - iat)}"
        )
    return Finding("timestamp", message + ".")


def _time_zone(skew: float, allowed: float | None) -> Finding | None:
    """A skew within the tolerance of a whole number of hours: a time-zone mistake?"""
    hours = round(skew / 3600)
    window = allowed if allowed is not None else 300.0
    if not 1 <= abs(hours) <= _MAX_ZONE_HOURS or abs(skew - hours * 3600) > max(window, 60):
        return None
    message = (
        f"off by {abs(hours)} h: a time-zone mistake on the sender or this machine? (a clock "
        "set to local time instead of UTC, or a local time sent as if it were UTC)"
    )
    if skew > 0:
        message += f" Unless the request was captured about {abs(hours)} h ago."
    return Finding("time_zone", message)


def audience_finding(
    error: VerificationError,
    claims: Mapping[str, Any] | None,
    configured: Sequence[str],
    sender: str,
) -> Finding:
    """What the token is addressed to (``aud``) against the audience the receiver expects."""
    received = None if claims is None else claims.get("aud")
    items = [received] if isinstance(received, str) else received
    expected = ", ".join(repr(_clip(item)) for item in sorted(configured)[:_MAX_SHOWN]) or "none"
    if not isinstance(items, list) or not items:
        shown = "no audience" if received is None else f"an aud of type {type(received).__name__}"
        return Finding(
            "audience",
            f"the token has {shown}, where the receiver expects {expected}. {error}.",
        )
    strings = [item for item in items if isinstance(item, str)]
    listed = ", ".join(repr(_clip(item)) for item in strings[:_MAX_SHOWN])
    if len(strings) > _MAX_SHOWN:
        listed += f" and {len(strings) - _MAX_SHOWN} more"
    if len(strings) != len(items):
        listed += " (and values that are not strings)"
    message = (
        f"the token is addressed to {listed} (aud), not to the configured audience "
        f"{expected}: --audience (audience= in code) must be exactly the audience "
        f"{sender} addresses its tokens to (the URL it delivers to)"
    )
    hint = _near_miss(strings, configured)
    return Finding("audience", message + (f"; {hint}." if hint else "."))


def _near_miss(received: Sequence[str], configured: Sequence[str]) -> str | None:
    for got in received:
        for want in configured:
            if got.rstrip("/") == want.rstrip("/"):
                return "they differ only in a trailing slash"
            if got.lower() == want.lower():
                return "they differ only in upper and lower case"
            if got.split("://", 1)[-1] == want.split("://", 1)[-1]:
                return "they differ only in the scheme (http or https)"
    return None


def _clip(text: str, width: int = 200) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
