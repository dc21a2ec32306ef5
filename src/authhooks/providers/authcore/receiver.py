"""The AuthCore receiver: HMAC-SHA256 signatures in ``X-Webhook-Signature``."""

from __future__ import annotations

import hmac
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import ClassVar, Literal

from pydantic import ValidationError

from authhooks._body import DEFAULT_MAX_BODY_SIZE, coerce_body, refuse_non_json_literals
from authhooks._headers import OWS, require_header
from authhooks._secrets import SecretInput, normalise_secrets
from authhooks.errors import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    TimestampError,
)
from authhooks.providers.authcore.models import (
    EVENT_ADAPTER,
    GENERIC_ADAPTER,
    AuthCoreEvent,
)
from authhooks.receiver import Body, Receiver, parse_model

__all__ = ["AuthCore", "Clock", "SignatureForm"]

_VALIDATOR = EVENT_ADAPTER.validator

#: ``"timestamped"``: ``t=<unix>,v1=<hex>[,v1=<hex>...]`` over ``f"{t}." + body``;
#: ``"plain"``: ``sha256=<hex>`` or bare ``<hex>`` over the body alone.
SignatureForm = Literal["timestamped", "plain"]

#: A zero-argument callable giving the current time: an aware (or UTC naive) ``datetime``, or
#: Unix seconds as a number (like ``time.time``).
Clock = Callable[[], "datetime | float"]

#: At most this many ``v1`` signatures in one header (a sender rotating secrets sends a few).
MAX_SIGNATURES = 16
#: At most this many comma-separated parts in one header, whatever their names.
MAX_PARTS = 32
#: A signed timestamp has at most this many digits (Unix seconds until the year 33658).
MAX_TIMESTAMP_DIGITS = 12

_FORMS: frozenset[str] = frozenset({"timestamped", "plain"})
_DIGEST_SIZE = 32  # SHA-256
_HEX_SIZE = 2 * _DIGEST_SIZE
#: ``t=<digits>,v1=<64 hex>`` exactly: parsed with one regular expression.
_SIMPLE = re.compile(rf"t=([0-9]{{1,{MAX_TIMESTAMP_DIGITS}}}),v1=([0-9a-fA-F]{{64}})")
#: A ``t`` value: ASCII digits only (no sign, space, underscore or other script's digits).
_DIGITS = re.compile(r"[0-9]+")


class AuthCore(Receiver[AuthCoreEvent]):
    """Receives AuthCore webhooks, signed with HMAC-SHA256.

    The signature header (``X-Webhook-Signature`` by default) takes one of two forms, both
    accepted unless ``forms`` says otherwise:

    - ``t=<unix seconds>,v1=<hex>[,v1=<hex>...]``: HMAC-SHA256 of ``f"{t}."`` followed by the
      raw body; ``t`` must be within ``tolerance`` of the receiver's clock, in the past or in
      the future. Several ``v1`` (up to 16) are allowed: the request is accepted if any of them
      matches any accepted secret.
    - ``sha256=<hex>`` or a bare ``<hex>``: HMAC-SHA256 of the raw body. This form carries no
      time, so it cannot stop a replayed request; accept only ``forms=("timestamped",)`` when
      your sender always signs with a timestamp.

    Hex digests are accepted in either case. ``t`` is 1 to 12 ASCII digits (no sign, no
    ``_``, no other script's digits; leading zeros are allowed, and since ``t`` is signed as
    sent, ``t=017...`` needs its own signature). Spaces and tabs may surround the whole value
    and each comma-separated part, never sit inside a part (``t= 1`` is refused). A malformed
    header (no ``=``, an empty part, a digest that is not 64 hex digits, a missing, repeated,
    non-integer or huge ``t``, no ``v1``, more than 16 ``v1``) raises
    [`InvalidHeaderError`][authhooks.InvalidHeaderError], even when it also holds a valid
    signature. Parts with other names (``v0=...``) are ignored.

    Args:
        secret: the webhook's signing secret (UTF-8), or several, oldest to newest (rotation).
        tolerance: how far the signed time may be from the receiver's clock, either way
            (a ``timedelta`` or seconds). The check is done in whole seconds: ``0`` means
            "signed this very second", not "no check".
        clock: a zero-argument callable returning the current time (an aware ``datetime``, a
            naive one taken as UTC, or Unix seconds); ``time.time`` when ``None``.
        header: the name of the signature header.
        forms: the signature forms accepted (``"timestamped"``, ``"plain"``).
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = AuthCore(secret="whsec_...")
        event = receiver.verify(request_body, request_headers)
        event.type, event.data.email  # ('user.created', 'ada@example.com')
        ```
    """

    provider: ClassVar[str] = "authcore"
    may_block: ClassVar[bool] = False

    def __init__(
        self,
        secret: SecretInput,
        *,
        tolerance: timedelta | float = timedelta(seconds=300),
        clock: Clock | None = None,
        header: str = "X-Webhook-Signature",
        forms: Iterable[SignatureForm] = ("timestamped", "plain"),
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        super().__init__(max_body_size=max_body_size)
        self._secrets = normalise_secrets(secret, name="secret")
        if isinstance(tolerance, timedelta):
            seconds = tolerance.total_seconds()
        elif isinstance(tolerance, (int, float)) and not isinstance(tolerance, bool):
            seconds = float(tolerance)
        else:
            raise ConfigurationError("tolerance must be a timedelta or a number of seconds")
        if not seconds >= 0 or math.isinf(seconds):
            raise ConfigurationError("tolerance must be a finite, non-negative duration")
        self.tolerance = timedelta(seconds=seconds)
        self._tolerance = seconds
        if clock is not None and not callable(clock):
            raise ConfigurationError("clock must be a zero-argument callable")
        self._clock = clock
        if not isinstance(header, str) or not header.strip():
            raise ConfigurationError("header must be a non-empty header name")
        self.header = header
        if isinstance(forms, str):
            raise ConfigurationError('forms must be a collection such as ("timestamped",)')
        chosen = frozenset(forms)
        if not chosen or not chosen <= _FORMS:
            raise ConfigurationError('forms must name "timestamped", "plain" or both')
        self.forms: frozenset[SignatureForm] = chosen
        self._timestamped = "timestamped" in chosen
        self._plain = "plain" in chosen

    # --- public -------------------------------------------------------------------------

    def verify_ignoring_timestamp(self, body: Body, headers: Mapping[str, str]) -> AuthCoreEvent:
        """Like [`verify`][authhooks.Receiver.verify], but accept a timestamped signature of any
        age.

        For replaying a stored delivery or testing with a recorded request: the signature is
        still checked with every accepted secret and the header must still be well-formed;
        only the ``tolerance`` check is skipped. Never use it for live traffic, where it would
        let anyone replay an old request.
        """
        data = coerce_body(body, self.max_body_size)
        self._authenticate(data, headers, check_time=False)
        return _parse(data, self.provider)

    # --- internals ----------------------------------------------------------------------

    def _verify(self, body: bytes, headers: Mapping[str, str]) -> AuthCoreEvent:
        self._authenticate(body, headers, check_time=True)
        refuse_non_json_literals(body)
        try:  # the parse_model() fast path, inline: this runs for every delivery
            event: AuthCoreEvent = _VALIDATOR.validate_json(body)
        except ValidationError:
            return _parse(body, self.provider)
        event._attach(body)
        return event

    def _authenticate(self, body: bytes, headers: Mapping[str, str], *, check_time: bool) -> None:
        name = self.header
        value = require_header(headers, name)
        simple = _SIMPLE.fullmatch(value)
        if simple is not None and self._timestamped:
            # The common shape, one t and one v1, checked inline: this is the hot path.
            stamp, digest = simple.groups()
            signature = bytes.fromhex(digest)
            message = f"{stamp}.".encode() + body
            matched = False
            for secret in self._secrets:  # every secret, no early exit
                matched |= hmac.compare_digest(hmac.digest(secret, message, "sha256"), signature)
            if not matched:
                raise InvalidSignatureError(
                    f"header {name!r} holds no signature made with an accepted secret",
                    header=name,
                )
            if check_time:
                self._check_time(int(stamp))
            return
        value = value.strip(OWS)
        if "=" not in value and "," not in value:
            self._check_plain(body, value)
            return
        if value[:7].isascii() and value[:7].lower() == "sha256=":
            self._check_plain(body, value[7:])
            return
        stamp, signatures = _parse_timestamped(value, name)
        if not self._timestamped:
            raise InvalidHeaderError(
                f"header {name!r} holds a timestamped signature, which is not accepted",
                header=name,
            )
        if not _matches(f"{stamp}.".encode() + body, signatures, self._secrets):
            raise InvalidSignatureError(
                f"header {name!r} holds no signature made with an accepted secret", header=name
            )
        if check_time:
            self._check_time(int(stamp))

    def _check_plain(self, body: bytes, digest: str) -> None:
        name = self.header
        signature = _unhex(digest, name)
        if not self._plain:
            raise InvalidHeaderError(
                f"header {name!r} holds a signature without a timestamp, which is not accepted",
                header=name,
            )
        if not _matches(body, (signature,), self._secrets):
            raise InvalidSignatureError(
                f"header {name!r} holds no signature made with an accepted secret", header=name
            )

    def _check_time(self, stamp: int) -> None:
        now = time.time() if self._clock is None else self._now()
        if abs(math.floor(now) - stamp) > self._tolerance:
            skew = now - stamp
            if skew > 0:
                message = f"header {self.header!r} was signed {skew:.0f} s ago, too long ago"
            else:
                message = f"header {self.header!r} is signed {-skew:.0f} s ahead of this clock"
            raise TimestampError(message, skew=skew, header=self.header)

    def _now(self) -> float:
        if self._clock is None:  # pragma: no cover - _check_time calls time.time() itself
            return time.time()
        value = self._clock()
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value.timestamp()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise ConfigurationError("clock must return a datetime or Unix seconds")

    def __repr__(self) -> str:
        forms = ", ".join(sorted(self.forms))
        return (
            f"AuthCore(secrets={len(self._secrets)}, tolerance={self._tolerance:g}s, "
            f"header={self.header!r}, forms=({forms}))"
        )


def _parse_timestamped(value: str, name: str) -> tuple[str, list[bytes]]:
    """Split ``t=<unix>,v1=<hex>...`` into the timestamp text and the decoded signatures."""
    parts = value.split(",")
    if len(parts) > MAX_PARTS:
        raise InvalidHeaderError(f"header {name!r} has too many parts", header=name)
    stamp: str | None = None
    signatures: list[bytes] = []
    for spaced in parts:
        # Optional whitespace may surround a list member (RFC 9110), never sit inside one:
        # "t= 1" and "t =1" are refused, so one signed value has one spelling.
        part = spaced.strip(OWS)
        if " " in part or "\t" in part:
            raise InvalidHeaderError(f"header {name!r} has whitespace inside a part", header=name)
        key, sep, item = part.partition("=")
        if not sep:
            raise InvalidHeaderError(f"header {name!r} has a part without '='", header=name)
        if not key or not item:
            raise InvalidHeaderError(f"header {name!r} has an empty part", header=name)
        if key == "t":
            if stamp is not None:
                raise InvalidHeaderError(f"header {name!r} has more than one 't'", header=name)
            if len(item) > MAX_TIMESTAMP_DIGITS:
                raise InvalidHeaderError(f"header {name!r} has an out-of-range 't'", header=name)
            if _DIGITS.fullmatch(item) is None:
                raise InvalidHeaderError(
                    f"header {name!r} has a 't' that is not Unix seconds", header=name
                )
            stamp = item
        elif key == "v1":
            if len(signatures) == MAX_SIGNATURES:
                raise InvalidHeaderError(
                    f"header {name!r} has more than {MAX_SIGNATURES} 'v1' signatures",
                    header=name,
                )
            signatures.append(_unhex(item, name))
    if stamp is None:
        raise InvalidHeaderError(f"header {name!r} has no 't'", header=name)
    if not signatures:
        raise InvalidHeaderError(f"header {name!r} has no 'v1' signature", header=name)
    return stamp, signatures


def _unhex(digest: str, name: str) -> bytes:
    """Decode a 64-digit hex SHA-256 digest (either case), or raise InvalidHeaderError."""
    if len(digest) != _HEX_SIZE:
        raise InvalidHeaderError(
            f"header {name!r} has a signature that is not a 64-digit hex SHA-256 digest",
            header=name,
        )
    try:
        raw = bytes.fromhex(digest)
    except ValueError:
        raw = b""
    if len(raw) != _DIGEST_SIZE:  # also rejects the whitespace bytes.fromhex() would skip
        raise InvalidHeaderError(
            f"header {name!r} has a signature that is not hexadecimal", header=name
        )
    return raw


def _matches(message: bytes, signatures: Sequence[bytes], secrets: tuple[bytes, ...]) -> bool:
    """Whether any signature is the HMAC-SHA256 of ``message`` under any secret.

    Every pair is compared in constant time, with no early exit.
    """
    matched = False
    for secret in secrets:
        expected = hmac.digest(secret, message, "sha256")
        for candidate in signatures:
            matched |= hmac.compare_digest(expected, candidate)
    return matched


def _parse(body: bytes, provider: str) -> AuthCoreEvent:
    """Validate ``body`` as a known event, or as a generic one when its ``type`` is unknown."""
    event: AuthCoreEvent = parse_model(EVENT_ADAPTER, body, provider, GENERIC_ADAPTER)
    return event
