"""An HMAC of the raw body in a header, without a timestamp: ``sha256=<hex>`` and its kin."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from authhooks._headers import OWS, require_header
from authhooks._secrets import SecretInput, normalise_secrets
from authhooks.errors import ConfigurationError, InvalidHeaderError, InvalidSignatureError
from authhooks.schemes._base import Scheme, Verified
from authhooks.schemes._codec import DIGEST_SIZES, ENCODINGS, Encoding, decode, encode
from authhooks.signing import Payload, SignedRequest, encode_payload

__all__ = ["BodyHmac", "check_header_name", "hmac_algorithm", "signature_encoding"]


class BodyHmac(Scheme):
    """An HMAC of the raw body, keyed with a shared secret, in one header.

    Senders: Logto (``logto-signature-sha-256``, hex), Authgear
    (``x-authgear-body-signature``, hex), AuthCore's plain form (``sha256=<hex>``). The check
    covers every byte of the body; with no timestamp it cannot stop a replay of a captured
    request, so de-duplicate on the event id.

    The header holds ``prefix`` followed by the digest in ``encoding``: hex in either case,
    base64 with its padding, or base64url without. Nothing else is accepted: no spaces, no
    second signature.

    Args:
        secret: the signing secret (text is used as UTF-8 bytes), or several (rotation).
        header: the header carrying the signature.
        encoding: ``"hex"``, ``"base64"`` or ``"base64url"``.
        prefix: text before the digest, such as ``"sha256="``.
        algorithm: ``"sha256"``, ``"sha384"`` or ``"sha512"``.

    Example:
        ```python
        from authhooks import Webhook
        from authhooks.schemes import BodyHmac

        receiver = Webhook(BodyHmac("signing-key", header="logto-signature-sha-256"))
        ```
    """

    covers_body = True

    def __init__(
        self,
        secret: SecretInput,
        *,
        header: str,
        encoding: Encoding = "hex",
        prefix: str = "",
        algorithm: str = "sha256",
    ) -> None:
        self.header = check_header_name(header)
        self.encoding: Encoding = signature_encoding(encoding)
        if not isinstance(prefix, str) or not prefix.isascii() or prefix != prefix.strip():
            raise ConfigurationError("prefix must be ASCII text without surrounding spaces")
        self.prefix = prefix
        self.algorithm = hmac_algorithm(algorithm)
        self.credential_headers = (self.header,)
        self._size = DIGEST_SIZES[self.algorithm]
        self._secrets = normalise_secrets(secret, name="secret")

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """See [`Scheme.authenticate`][authhooks.schemes.Scheme.authenticate]."""
        self.check(body, require_header(headers, self.header).strip(OWS))
        return Verified(body)

    def check(self, body: bytes, value: str) -> None:
        """Check ``value`` (the header's text) against the HMAC of ``body``.

        Raises:
            InvalidHeaderError: ``value`` is not ``prefix`` and one digest in ``encoding``.
            InvalidSignatureError: the digest is not made with an accepted secret.
        """
        name = self.header
        if not value.startswith(self.prefix):
            raise InvalidHeaderError(
                f"header {name!r} does not start with {self.prefix!r}", header=name
            )
        signature = decode(value[len(self.prefix) :], self.encoding, self._size)
        if signature is None:
            raise InvalidHeaderError(
                f"header {name!r} is not a {self.encoding} {self.algorithm.upper()} digest",
                header=name,
            )
        matched = False
        for secret in self._secrets:  # every secret, no early exit
            matched |= hmac.compare_digest(hmac.digest(secret, body, self.algorithm), signature)
        if not matched:
            raise InvalidSignatureError(
                f"header {name!r} holds no signature made with an accepted secret", header=name
            )

    def digest(self, body: bytes, secret: bytes | None = None) -> str:
        """The header value for ``body``, signed with ``secret`` (default: the first one)."""
        key = self._secrets[0] if secret is None else secret
        return self.prefix + encode(hmac.digest(key, body, self.algorithm), self.encoding)

    def sign(self, body: Payload, /, *, secret: str | bytes | None = None) -> SignedRequest:
        """The request with ``body`` and its signature.

        Args:
            body: a dict (encoded as compact JSON), or the exact bytes or text.
            secret: the secret to sign with; the first configured one when ``None``.
        """
        data = encode_payload(body)
        key = secret.encode() if isinstance(secret, str) else secret
        return SignedRequest(
            body=data,
            headers={"Content-Type": "application/json", self.header: self.digest(data, key)},
        )

    @property
    def secret_count(self) -> int:
        """How many secrets are accepted."""
        return len(self._secrets)

    def __repr__(self) -> str:
        return (
            f"BodyHmac(secrets={len(self._secrets)}, header={self.header!r}, "
            f"encoding={self.encoding!r}, prefix={self.prefix!r}, algorithm={self.algorithm!r})"
        )


def check_header_name(header: object) -> str:
    """``header`` if it is a usable header name, else ``ConfigurationError``."""
    if (
        not isinstance(header, str)
        or not header
        or not header.isascii()
        or any(char in header for char in ' \t\r\n:"(),/;<=>?@[\\]{}')
    ):
        raise ConfigurationError("header must be a header name such as 'X-Signature'")
    return header


def signature_encoding(encoding: object) -> Encoding:
    """``encoding`` if it is one the HMAC schemes know, else ``ConfigurationError``."""
    if encoding not in ENCODINGS:
        raise ConfigurationError('encoding must be "hex", "base64" or "base64url"')
    return encoding  # type: ignore[return-value]


def hmac_algorithm(algorithm: object) -> str:
    """``algorithm`` if the HMAC schemes accept it, else ``ConfigurationError``."""
    if algorithm not in DIGEST_SIZES:
        raise ConfigurationError('algorithm must be "sha256", "sha384" or "sha512"')
    return str(algorithm)
