"""Standard Webhooks (and Svix): ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``."""

from __future__ import annotations

import hmac
import math
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from authhooks._headers import OWS, get_header, require_header
from authhooks._secrets import check_text, secret_items
from authhooks._time import Clock, Seconds, check_clock, now, parse_unix, seconds
from authhooks.errors import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    TimestampError,
)
from authhooks.schemes._base import Scheme, Verified
from authhooks.schemes._codec import decode, encode
from authhooks.signing import Payload, SignedRequest, encode_payload

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

__all__ = ["StandardWebhooks"]

#: At most this many signatures in ``webhook-signature`` (rotation sends two or three).
MAX_SIGNATURES = 16
#: The longest ``webhook-id`` accepted.
MAX_ID_LENGTH = 256

# A message id: printable ASCII without spaces or full stops. The specification forbids the
# "." (it separates the signed fields); nothing else is needed of an id.
_ID = re.compile(rf"[!-\-/-~]{{1,{MAX_ID_LENGTH}}}")
_SECRET_PREFIXES = ("whsec_", "whpk_", "whsk_")
_HEADER_PREFIXES = ("webhook-", "svix-")
_FIELDS = ("id", "timestamp", "signature")
#: What may separate the signatures of ``webhook-signature``: the specification's single space,
#: or the comma and space Supabase Auth joins them with.
SIGNATURE_SEPARATORS = (" ", ", ")


class StandardWebhooks(Scheme):
    """The [Standard Webhooks](https://www.standardwebhooks.com) scheme, which Svix senders use.

    Each request carries three headers: ``webhook-id`` (the message id, also the
    de-duplication key), ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``: a
    space-separated (see ``signature_separator``) list of ``v1,<base64 HMAC-SHA256>`` and
    ``v1a,<base64 Ed25519>`` signatures over ``f"{id}.{timestamp}.{body}"``. The request is
    accepted when any signature matches any configured key and the timestamp is within
    ``tolerance`` of the clock, in the past or the future. The check covers the id, the time
    and every byte of the body.

    Senders: Clerk, Stytch and Svix senders (``header_prefix="svix-"``), Supabase Auth
    hooks, PropelAuth, Scalekit.

    Args:
        secret: the signing secret as the sender shows it, or several (rotation):
            ``whsec_<base64>`` (the prefix is optional; Supabase's ``v1,whsec_<base64>`` is
            accepted too), ``whpk_<base64>`` for an Ed25519 public key (``v1a``
            signatures), or ``bytes`` used as the HMAC key as they are. A ``whsk_`` Ed25519
            secret key verifies and signs.
        header_prefix: the headers' prefix: ``"webhook-"`` or ``"svix-"``; or both, in the
            order to look for them (``("svix-", "webhook-")``, for a sender whose prefix is
            not known: Svix's white-labelled accounts send ``webhook-``). A request is read
            with the first prefix of which it carries any header, and must then carry all
            three with that prefix: the two sets are never mixed. ``sign`` uses the first.
        signature_separator: what separates the signatures of ``webhook-signature``, read
            and written exactly: ``" "`` (the specification) or ``", "`` (Supabase Auth, whose
            sender joins one signature per secret with a comma and a space). A list with any
            other separator is refused as malformed; a lone signature reads the same either way.
        tolerance: how far ``webhook-timestamp`` may be from the clock, in seconds or a
            ``timedelta`` (default five minutes, as the specification says).
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.

    Example:
        ```python
        from authhooks import Webhook
        from authhooks.schemes import StandardWebhooks

        receiver = Webhook(StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        ```
    """

    covers_body = True

    def __init__(
        self,
        secret: str | bytes | Iterable[str | bytes],
        *,
        header_prefix: str | Sequence[str] = "webhook-",
        signature_separator: str = " ",
        tolerance: Seconds = 300,
        clock: Clock | None = None,
    ) -> None:
        if signature_separator not in SIGNATURE_SEPARATORS:
            raise ConfigurationError('signature_separator must be " " or ", "')
        self.signature_separator = signature_separator
        prefixes = _header_prefixes(header_prefix)
        #: The accepted header prefixes, in the order they are looked for.
        self.header_prefixes = prefixes
        self.header_prefix = prefixes[0]
        self.id_header = f"{self.header_prefix}id"
        self.timestamp_header = f"{self.header_prefix}timestamp"
        self.signature_header = f"{self.header_prefix}signature"
        self.credential_headers = tuple(f"{prefix}signature" for prefix in prefixes)
        self.tolerance = seconds(tolerance, "tolerance")
        self._clock = check_clock(clock)
        items = secret_items(secret, name="secret")
        self._hmac_keys: list[bytes] = []
        self._public_keys: list[Ed25519PublicKey] = []
        self._private_keys: list[Ed25519PrivateKey] = []
        for item in items:
            self._add_secret(item)

    def _add_secret(self, item: str | bytes) -> None:
        if isinstance(item, bytes):
            if not item:
                raise ConfigurationError("secret must not be empty")
            self._hmac_keys.append(item)
            return
        check_text(item, name="secret", raw_text=False)
        text = item[3:] if item.startswith("v1,whsec_") else item
        if text.startswith("whpk_") or text.startswith("whsk_"):
            self._add_ed25519(text)
            return
        if text.startswith("whsec_"):
            text = text[len("whsec_") :]
        key = _b64_secret(text)
        if key is None or not key:
            raise ConfigurationError(
                "secret is not a Standard Webhooks secret (whsec_ followed by base64)"
            )
        self._hmac_keys.append(key)

    def _add_ed25519(self, text: str) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import (
            Ed25519PrivateKey,
            Ed25519PublicKey,
        )

        raw = _b64_secret(text[5:])
        if text.startswith("whpk_"):
            if raw is None or len(raw) != 32:
                raise ConfigurationError("a whpk_ key is the base64 of a 32-byte Ed25519 key")
            self._public_keys.append(Ed25519PublicKey.from_public_bytes(raw))
            return
        # A secret key: the 32-byte seed, or the seed followed by the public key (libsodium).
        if raw is None or len(raw) not in (32, 64):
            raise ConfigurationError("a whsk_ key is the base64 of an Ed25519 secret key")
        private = Ed25519PrivateKey.from_private_bytes(raw[:32])
        public = private.public_key()
        if len(raw) == 64 and not hmac.compare_digest(raw[32:], _raw_public(public)):
            raise ConfigurationError("the whsk_ key's public half does not match its seed")
        self._private_keys.append(private)
        self._public_keys.append(public)

    # -- checking ---------------------------------------------------------------------------

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """See [`Scheme.authenticate`][authhooks.schemes.Scheme.authenticate].

        ``Verified.delivery_id`` is the ``webhook-id``.
        """
        prefix = self._prefix_of(headers)
        id_header, timestamp_header = f"{prefix}id", f"{prefix}timestamp"
        msg_id = require_header(headers, id_header).strip(OWS)
        if _ID.fullmatch(msg_id) is None:
            raise InvalidHeaderError(
                f"header {id_header!r} is not a message id (printable ASCII, no '.', "
                f"at most {MAX_ID_LENGTH} characters)",
                header=id_header,
            )
        stamp = require_header(headers, timestamp_header).strip(OWS)
        value = parse_unix(stamp) if len(stamp) <= 12 else None  # seconds, not milliseconds
        if value is None:
            raise InvalidHeaderError(
                f"header {timestamp_header!r} is not Unix seconds", header=timestamp_header
            )
        signature_header = f"{prefix}signature"
        hmacs, ed25519 = self._signatures(
            require_header(headers, signature_header), signature_header
        )
        content = f"{msg_id}.{stamp}.".encode("ascii") + body
        matched = False
        if hmacs:
            for key in self._hmac_keys:  # every pair, no early exit
                expected = hmac.digest(key, content, "sha256")
                for candidate in hmacs:
                    matched |= hmac.compare_digest(expected, candidate)
        if ed25519 and not matched:
            matched = self._verify_ed25519(content, ed25519)
        if not matched:
            raise InvalidSignatureError(
                f"header {signature_header!r} holds no signature made with an accepted key",
                header=signature_header,
            )
        self._check_time(value, timestamp_header)
        return Verified(body, delivery_id=msg_id, signed_at=value)

    def _prefix_of(self, headers: Mapping[str, str]) -> str:
        """The first accepted prefix of which ``headers`` hold any header (else the first)."""
        if len(self.header_prefixes) > 1:
            for prefix in self.header_prefixes:
                for field in _FIELDS:
                    if get_header(headers, prefix + field) is not None:
                        return prefix
        return self.header_prefix

    def _signatures(self, value: str, name: str) -> tuple[list[bytes], list[bytes]]:
        items = value.strip(OWS).split(self.signature_separator)
        if len(items) > MAX_SIGNATURES:
            raise InvalidHeaderError(f"header {name!r} has too many signatures", header=name)
        hmacs: list[bytes] = []
        ed25519: list[bytes] = []
        for item in items:
            version, sep, text = item.partition(",")
            if not sep or not version or not text or any(char in OWS for char in item):
                raise InvalidHeaderError(
                    f"header {name!r} holds something that is not 'version,signature'",
                    header=name,
                )
            if version == "v1":
                raw = decode(text, "base64", 32)
                target = hmacs
            elif version == "v1a":
                raw = decode(text, "base64", 64)
                target = ed25519
            else:
                continue  # a version this receiver does not know: another may match
            if raw is None:
                raise InvalidHeaderError(
                    f"header {name!r} has a {version} signature that is not base64 of the "
                    "right length",
                    header=name,
                )
            target.append(raw)
        if not hmacs and not ed25519:
            raise InvalidHeaderError(f"header {name!r} has no v1 or v1a signature", header=name)
        return hmacs, ed25519

    def _verify_ed25519(self, content: bytes, signatures: list[bytes]) -> bool:
        from cryptography.exceptions import InvalidSignature

        for key in self._public_keys:
            for signature in signatures:
                try:
                    key.verify(signature, content)
                except InvalidSignature:
                    continue
                return True
        return False

    def _check_time(self, stamp: int, name: str) -> None:
        current = now(self._clock)
        skew = current - stamp
        if abs(math.floor(current) - stamp) > self.tolerance:
            if skew > 0:
                message = f"header {name!r} is {skew:.0f} s old, too old"
            else:
                message = f"header {name!r} is {-skew:.0f} s in the future"
            raise TimestampError(message, skew=skew, header=name)

    # -- signing ----------------------------------------------------------------------------

    def sign(
        self,
        body: Payload,
        /,
        *,
        msg_id: str | None = None,
        timestamp: int | float | None = None,
    ) -> SignedRequest:
        """The request a Standard Webhooks sender sends with ``body``.

        Signed with every configured HMAC secret (``v1``) and Ed25519 secret key (``v1a``),
        joined with ``signature_separator``, as a sender rotating keys does. The headers carry
        the first of the ``header_prefix`` prefixes.

        Args:
            body: a dict (encoded as compact JSON), or the exact bytes or text.
            msg_id: the message id; a random ``msg_...`` id when ``None``.
            timestamp: the signing time in Unix seconds; when ``None``, now by the scheme's
                ``clock``.

        Raises:
            ConfigurationError: only public keys are configured (they cannot sign).
        """
        if not self._hmac_keys and not self._private_keys:
            raise ConfigurationError("a whpk_ public key verifies but cannot sign")
        data = encode_payload(body)
        ident = msg_id if msg_id is not None else f"msg_{uuid.uuid4().hex}"
        stamp = str(math.floor(now(self._clock) if timestamp is None else timestamp))
        content = f"{ident}.{stamp}.".encode() + data
        signatures = [
            "v1," + encode(hmac.digest(key, content, "sha256"), "base64") for key in self._hmac_keys
        ]
        signatures += ["v1a," + encode(key.sign(content), "base64") for key in self._private_keys]
        return SignedRequest(
            body=data,
            headers={
                "Content-Type": "application/json",
                self.id_header: ident,
                self.timestamp_header: stamp,
                self.signature_header: self.signature_separator.join(signatures),
            },
        )

    def __repr__(self) -> str:
        prefixes = self.header_prefixes
        shown = prefixes[0] if len(prefixes) == 1 else prefixes
        separator = (
            f", signature_separator={self.signature_separator!r}"
            if self.signature_separator != " "
            else ""
        )
        return (
            f"StandardWebhooks(secrets={len(self._hmac_keys)}, "
            f"public_keys={len(self._public_keys)}, header_prefix={shown!r}"
            f"{separator}, tolerance={self.tolerance:g}s)"
        )


def _header_prefixes(value: object) -> tuple[str, ...]:
    """``header_prefix`` as a tuple of known, distinct prefixes."""
    prefixes = (value,) if isinstance(value, str) else value
    if (
        not isinstance(prefixes, (tuple, list))
        or not prefixes
        or any(prefix not in _HEADER_PREFIXES for prefix in prefixes)
        or len(set(prefixes)) != len(prefixes)
    ):
        raise ConfigurationError(
            'header_prefix must be "webhook-" or "svix-", or both in the order to look for them'
        )
    return tuple(prefixes)


def _b64_secret(text: str) -> bytes | None:
    """A secret's base64 (standard or url alphabet, padding optional), or ``None``."""
    stripped = text.rstrip("=")
    if not stripped:
        return None
    alphabet = "base64url" if ("-" in stripped or "_" in stripped) else "base64"
    if alphabet == "base64":
        padded = stripped + "=" * (-len(stripped) % 4)
        return decode(padded, "base64")
    return decode(stripped, "base64url")


def _raw_public(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    raw: bytes = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw
