"""A timestamped HMAC: ``t=<timestamp>,v1=<signature>`` over ``f"{t}.{body}"``."""

from __future__ import annotations

import hmac
import math
import re
import time
from collections.abc import Mapping
from typing import Literal, NoReturn

from authhooks._headers import OWS, require_header
from authhooks._secrets import SecretInput, normalise_secrets
from authhooks._time import Clock, Seconds, check_clock, now, seconds
from authhooks.errors import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    TimestampError,
)
from authhooks.schemes._base import Scheme, Verified
from authhooks.schemes._codec import DIGEST_SIZES, Encoding, decode, encode
from authhooks.schemes.body_hmac import check_header_name, hmac_algorithm, signature_encoding
from authhooks.signing import Payload, SignedRequest, encode_payload

__all__ = ["MAX_PARTS", "MAX_SIGNATURES", "TimestampedHmac"]

#: At most this many signatures in one header (a sender rotating secrets sends a few).
MAX_SIGNATURES = 16
#: At most this many parts in one header, whatever their names.
MAX_PARTS = 32


class TimestampedHmac(Scheme):
    """An HMAC of ``f"{timestamp}.{body}"`` with the timestamp in the signature header.

    The header holds ``t=<timestamp>`` and one or more ``v1=<signature>`` parts separated by
    ``separator`` (``t=1700000000,v1=5257a8...``); parts with other names (``v0=...``) are
    ignored. The signature covers the timestamp and every byte of the body, and the timestamp
    must be within ``tolerance`` of the receiver's clock, so a captured request cannot be
    replayed later.

    Senders: WorkOS (``WorkOS-Signature``, milliseconds, ``", "`` between parts), Zitadel
    (``ZITADEL-Signature``, only too old is refused), AuthCore's timestamped form.

    With ``timestamp_header``, the timestamp comes from that header instead and the signature
    header holds ``prefix`` and one digest.

    Every part is parsed strictly: the timestamp is 1 to 12 ASCII digits (15 in milliseconds), a
    signature is one digest in ``encoding``, and anything malformed (a part without ``=``, an
    empty part, a repeated ``t``, whitespace inside a part, no signature, more than 16) raises
    [`InvalidHeaderError`][authhooks.InvalidHeaderError], even beside a valid signature.

    Args:
        secret: the signing secret (text is used as UTF-8 bytes), or several (rotation).
        header: the header carrying the signature(s).
        tolerance: how far the signed time may be from the clock, in seconds or a
            ``timedelta``. Checked in whole seconds: ``0`` means "signed this very second".
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        timestamp_unit: ``"s"`` (Unix seconds) or ``"ms"`` (milliseconds, as WorkOS sends).
        separator: the text between parts: ``","`` or ``", "``.
        one_sided: refuse only timestamps that are too old, not those in the future.
        timestamp_header: a header holding the timestamp alone, instead of a ``t=`` part.
        prefix: with ``timestamp_header``, text before the digest (``"sha256="``).
        encoding: ``"hex"``, ``"base64"`` or ``"base64url"``.
        algorithm: ``"sha256"``, ``"sha384"`` or ``"sha512"``.
    """

    covers_body = True

    def __init__(
        self,
        secret: SecretInput,
        *,
        header: str,
        tolerance: Seconds = 300,
        clock: Clock | None = None,
        timestamp_unit: Literal["s", "ms"] = "s",
        separator: str = ",",
        one_sided: bool = False,
        timestamp_header: str | None = None,
        prefix: str = "",
        encoding: Encoding = "hex",
        algorithm: str = "sha256",
    ) -> None:
        self.header = check_header_name(header)
        self.tolerance = seconds(tolerance, "tolerance")
        self._clock = check_clock(clock)
        if timestamp_unit not in ("s", "ms"):
            raise ConfigurationError('timestamp_unit must be "s" or "ms"')
        self.timestamp_unit: Literal["s", "ms"] = timestamp_unit
        if separator not in (",", ", ", ";", " "):
            raise ConfigurationError('separator must be ",", ", ", ";" or " "')
        self.separator = separator
        self.one_sided = bool(one_sided)
        self.timestamp_header = (
            None if timestamp_header is None else check_header_name(timestamp_header)
        )
        if not isinstance(prefix, str) or not prefix.isascii() or prefix != prefix.strip():
            raise ConfigurationError("prefix must be ASCII text without surrounding spaces")
        if prefix and timestamp_header is None:
            raise ConfigurationError("prefix is only used with timestamp_header")
        self.prefix = prefix
        self.encoding: Encoding = signature_encoding(encoding)
        self.algorithm = hmac_algorithm(algorithm)
        self.credential_headers = (self.header,)
        self._size = DIGEST_SIZES[self.algorithm]
        self._scale = 1000 if timestamp_unit == "ms" else 1
        self._limit = self.tolerance * self._scale
        self._where = self.timestamp_header or self.header
        # Unix seconds until the year 33658, or milliseconds until the year 33658.
        self._digits = 12 if timestamp_unit == "s" else 15
        self._split = separator.strip(OWS) or separator
        # The usual shape, one ``t`` and one hex ``v1`` exactly as ``sign`` writes them, is
        # matched in one go: this runs for every delivery.
        self._simple = (
            re.compile(
                rf"t=([0-9]{{1,{self._digits}}}){re.escape(separator)}"
                rf"v1=([0-9a-fA-F]{{{2 * self._size}}})"
            )
            if encoding == "hex"
            else None
        )
        self._secrets = normalise_secrets(secret, name="secret")

    # -- checking ---------------------------------------------------------------------------

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """See [`Scheme.authenticate`][authhooks.schemes.Scheme.authenticate]."""
        value = require_header(headers, self.header).strip(OWS)
        if self.timestamp_header is None:
            stamp, signatures = self.parse(value)
        else:
            stamp = require_header(headers, self.timestamp_header).strip(OWS)
            signatures = [self._separate_signature(value)]
        return self.check(body, stamp, signatures)

    def check(
        self,
        body: bytes,
        stamp: str,
        signatures: list[bytes],
        *,
        check_time: bool = True,
        form: str | None = None,
    ) -> Verified:
        """Check ``signatures`` against ``f"{stamp}."`` + ``body``, then the time.

        Args:
            body: the raw body.
            stamp: the timestamp text, exactly as sent.
            signatures: the decoded signatures (from
                [`parse`][authhooks.schemes.TimestampedHmac.parse]).
            check_time: whether to check ``stamp`` against the tolerance (skip it only to
                verify a stored request again).
            form: the form to report in ``Verified.form`` (for a scheme accepting several).
        """
        where = self._where
        # 1 to ``_digits`` ASCII digits, nothing else (the grammar of parse_unix, inline:
        # this runs for every request).
        if not (0 < len(stamp) <= self._digits and stamp.isascii() and stamp.isdigit()):
            raise InvalidHeaderError(
                f"header {where!r} has a timestamp that is not Unix "
                + ("milliseconds" if self._scale == 1000 else "seconds"),
                header=where,
            )
        value = int(stamp)
        message = stamp.encode("ascii") + b"." + body
        matched = False
        for secret in self._secrets:  # every pair, no early exit
            expected = hmac.digest(secret, message, self.algorithm)
            for candidate in signatures:
                matched |= hmac.compare_digest(expected, candidate)
        if not matched:
            raise InvalidSignatureError(
                f"header {self.header!r} holds no signature made with an accepted secret",
                header=self.header,
            )
        if check_time:
            clock = self._clock
            current = time.time() if clock is None else now(clock)
            # Whole units: a timestamp of this very second (or millisecond) has no skew.
            skew_units = math.floor(current * self._scale) - value
            if skew_units > self._limit or (not self.one_sided and -skew_units > self._limit):
                self._time_error(current, value)
        return Verified(body, signed_at=value // self._scale, form=form)

    def parse(self, value: str) -> tuple[str, list[bytes]]:
        """Split a ``t=...,v1=...`` header value into the timestamp text and the signatures.

        Members are separated by ``separator``; HTTP's optional whitespace (space, tab) may
        surround a member, never sit inside one (``t= 1`` is refused), so one signed value
        has one spelling.

        Raises:
            InvalidHeaderError: the value is not in that form.
        """
        simple = None if self._simple is None else self._simple.fullmatch(value)
        if simple is not None:
            return simple[1], [bytes.fromhex(simple[2])]
        name = self.header
        parts = value.split(self._split)
        if len(parts) > MAX_PARTS:
            raise InvalidHeaderError(f"header {name!r} has too many parts", header=name)
        stamp: str | None = None
        signatures: list[bytes] = []
        for spaced in parts:
            part = spaced.strip(OWS)
            if " " in part or "\t" in part:
                raise InvalidHeaderError(
                    f"header {name!r} has whitespace inside a part", header=name
                )
            key, sep, item = part.partition("=")
            if not sep:
                raise InvalidHeaderError(f"header {name!r} has a part without '='", header=name)
            if not key or not item:
                raise InvalidHeaderError(f"header {name!r} has an empty part", header=name)
            if key == "t":
                if stamp is not None:
                    raise InvalidHeaderError(f"header {name!r} has more than one 't'", header=name)
                if len(item) > self._digits:
                    hint = " (milliseconds where seconds are expected?)" if self._scale == 1 else ""
                    raise InvalidHeaderError(
                        f"header {name!r} has an out-of-range 't'{hint}", header=name
                    )
                stamp = item
            elif key == "v1":
                if len(signatures) == MAX_SIGNATURES:
                    raise InvalidHeaderError(
                        f"header {name!r} has more than {MAX_SIGNATURES} 'v1' signatures",
                        header=name,
                    )
                signatures.append(self._decode(item))
        if stamp is None:
            raise InvalidHeaderError(f"header {name!r} has no 't'", header=name)
        if not signatures:
            raise InvalidHeaderError(f"header {name!r} has no 'v1' signature", header=name)
        return stamp, signatures

    def _separate_signature(self, value: str) -> bytes:
        if not value.startswith(self.prefix):
            raise InvalidHeaderError(
                f"header {self.header!r} does not start with {self.prefix!r}", header=self.header
            )
        return self._decode(value[len(self.prefix) :])

    def _decode(self, text: str) -> bytes:
        signature = decode(text, self.encoding, self._size)
        if signature is None:
            raise InvalidHeaderError(
                f"header {self.header!r} has a signature that is not a {self.encoding} "
                f"{self.algorithm.upper()} digest",
                header=self.header,
            )
        return signature

    def _time_error(self, current: float, stamp: int) -> NoReturn:
        where = self._where
        skew = current - stamp / self._scale
        if skew > 0:
            message = f"header {where!r} was signed {skew:.0f} s ago, too long ago"
        else:
            message = f"header {where!r} is signed {-skew:.0f} s ahead of this clock"
        raise TimestampError(message, skew=skew, header=where)

    # -- signing ----------------------------------------------------------------------------

    def sign(
        self,
        body: Payload,
        /,
        *,
        timestamp: int | float | None = None,
        secret: str | bytes | None = None,
    ) -> SignedRequest:
        """The request with ``body``, signed at ``timestamp``.

        Args:
            body: a dict (encoded as compact JSON), or the exact bytes or text.
            timestamp: the signing time in Unix seconds (when ``None``, now by the scheme's
                ``clock``); sent in ``timestamp_unit``.
            secret: the secret to sign with; the first configured one when ``None``.
        """
        data = encode_payload(body)
        when = now(self._clock) if timestamp is None else timestamp
        stamp = str(math.floor(when * self._scale))
        key = self._secrets[0] if secret is None else secret
        key = key.encode() if isinstance(key, str) else key
        digest = encode(
            hmac.digest(key, stamp.encode() + b"." + data, self.algorithm), self.encoding
        )
        headers = {"Content-Type": "application/json"}
        if self.timestamp_header is None:
            headers[self.header] = f"t={stamp}{self.separator}v1={digest}"
        else:
            headers[self.timestamp_header] = stamp
            headers[self.header] = self.prefix + digest
        return SignedRequest(body=data, headers=headers)

    @property
    def secret_count(self) -> int:
        """How many secrets are accepted."""
        return len(self._secrets)

    def __repr__(self) -> str:
        return (
            f"TimestampedHmac(secrets={len(self._secrets)}, header={self.header!r}, "
            f"tolerance={self.tolerance:g}s, timestamp_unit={self.timestamp_unit!r})"
        )
