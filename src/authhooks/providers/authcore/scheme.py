"""AuthCore's signature header in its three accepted forms, built from the HMAC schemes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from authhooks._headers import OWS, get_header, require_header
from authhooks._secrets import SecretInput, normalise_secrets
from authhooks._time import Clock, Seconds
from authhooks.errors import ConfigurationError, InvalidHeaderError
from authhooks.schemes import BodyHmac, Scheme, TimestampedHmac, Verified
from authhooks.schemes._codec import decode
from authhooks.signing import Payload, SignedRequest

__all__ = ["FORMS", "AuthCoreSignature", "SignatureForm"]

#: ``"timestamped"``: ``t=<unix>,v1=<hex>[,v1=<hex>...]`` over ``f"{t}." + body``;
#: ``"plain"``: ``sha256=<hex>`` or bare ``<hex>`` over the body alone;
#: ``"timestamp-header"``: ``X-Webhook-Timestamp: <unix>`` and ``sha256=<hex>`` (or bare
#: ``<hex>``) over ``f"{timestamp}." + body``.
SignatureForm = Literal["timestamped", "plain", "timestamp-header"]

#: Every form, in the order they are documented.
FORMS: tuple[SignatureForm, ...] = ("timestamped", "plain", "timestamp-header")


class AuthCoreSignature(Scheme):
    """``X-Webhook-Signature`` as authhooks assumes AuthCore sends it (AuthCore publishes no
    format): one of three forms, told apart by their shape.

    A value holding ``t=`` parts is the timestamped form. Otherwise (``sha256=<hex>`` or a
    bare ``<hex>``), it is the timestamp-header form when ``X-Webhook-Timestamp`` is present
    and that form is accepted, else the plain form. Every form covers every byte of the body;
    the two timestamped ones also cover the time, within ``tolerance``.
    """

    covers_body = True

    def __init__(
        self,
        secret: SecretInput,
        *,
        header: str,
        timestamp_header: str,
        tolerance: Seconds,
        clock: Clock | None,
        forms: Iterable[SignatureForm],
    ) -> None:
        if isinstance(forms, str):
            raise ConfigurationError('forms must be a collection such as ("timestamped",)')
        chosen = frozenset(forms)
        if not chosen or not chosen <= set(FORMS):
            raise ConfigurationError(
                'forms must name "timestamped", "plain", "timestamp-header" or several'
            )
        self.forms: frozenset[SignatureForm] = chosen
        # Normalised once: AuthCore secrets are used as their UTF-8 text, whatever they look
        # like (a ``whsec_`` prefix is not a Standard Webhooks secret here).
        secrets = normalise_secrets(secret, name="secret", raw_text=False)
        self._timestamped = TimestampedHmac(
            secrets, header=header, tolerance=tolerance, clock=clock
        )
        self._separate = TimestampedHmac(
            secrets,
            header=header,
            tolerance=tolerance,
            clock=clock,
            timestamp_header=timestamp_header,
        )
        self._plain = BodyHmac(secrets, header=header)
        self.header = self._plain.header
        self.timestamp_header = timestamp_header
        self.tolerance = self._timestamped.tolerance
        self.credential_headers = (self.header,)
        self.secret_count = len(secrets)

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """See [`Scheme.authenticate`][authhooks.schemes.Scheme.authenticate];
        ``Verified.form`` says which form the request used."""
        return self.check(body, headers, check_time=True)

    def check(self, body: bytes, headers: Mapping[str, str], *, check_time: bool) -> Verified:
        """Check the request in whichever form it uses; ``check_time=False`` skips only the
        tolerance (to verify a stored request again)."""
        name = self.header
        value = require_header(headers, name).strip(OWS)
        digest = _plain_digest(value)
        if digest is None:
            stamp, signatures = self._timestamped.parse(value)
            if "timestamped" not in self.forms:
                raise InvalidHeaderError(
                    f"header {name!r} holds a timestamped signature, which is not accepted",
                    header=name,
                )
            return self._timestamped.check(
                body, stamp, signatures, check_time=check_time, form="timestamped"
            )
        if "timestamp-header" in self.forms:
            stamp_value = get_header(headers, self.timestamp_header)
            if stamp_value is not None:
                signature = decode(digest, "hex", 32)
                if signature is None:
                    raise InvalidHeaderError(
                        f"header {name!r} is not a hex SHA256 digest", header=name
                    )
                return self._separate.check(
                    body,
                    stamp_value.strip(OWS),
                    [signature],
                    check_time=check_time,
                    form="timestamp-header",
                )
        if "plain" not in self.forms:
            raise InvalidHeaderError(
                f"header {name!r} holds a signature without a timestamp, which is not accepted",
                header=name,
            )
        self._plain.check(body, digest)
        return Verified(body, form="plain")

    def sign(
        self,
        body: Payload,
        /,
        *,
        form: SignatureForm = "timestamped",
        timestamp: int | float | None = None,
        prefix: bool = True,
        secret: str | bytes | None = None,
    ) -> SignedRequest:
        """The request AuthCore sends with ``body``, signed in ``form``.

        Args:
            body: a dict (encoded as compact JSON), or the exact bytes or text.
            form: the signature form.
            timestamp: the signing time of a timestamped form, in Unix seconds (now when
                ``None``).
            prefix: for the plain and timestamp-header forms, write ``sha256=<hex>``
                (``True``) or the bare hex.
            secret: the secret to sign with; the first configured one when ``None``.
        """
        if form == "timestamped":
            return self._timestamped.sign(body, timestamp=timestamp, secret=secret)
        if form == "timestamp-header":
            request = self._separate.sign(body, timestamp=timestamp, secret=secret)
        elif form == "plain":
            request = self._plain.sign(body, secret=secret)
        else:
            raise ConfigurationError(f"form must be one of {', '.join(FORMS)}")
        if prefix:
            request.headers[self.header] = "sha256=" + request.headers[self.header]
        return request

    def __repr__(self) -> str:
        return (
            f"AuthCoreSignature(secrets={self.secret_count}, header={self.header!r}, "
            f"forms=({', '.join(sorted(self.forms))}))"
        )


def _plain_digest(value: str) -> str | None:
    """The digest of a plain-shaped value (``sha256=<hex>``, any case, or bare), or ``None``
    when the value has the timestamped shape."""
    head = value[:7]
    if head.isascii() and head.lower() == "sha256=":
        return value[7:]
    if "=" not in value and "," not in value:
        return value
    return None
