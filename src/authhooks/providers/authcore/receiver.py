"""The AuthCore receiver: HMAC-SHA256 signatures in ``X-Webhook-Signature``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE, coerce_body
from authhooks._secrets import SecretInput
from authhooks._time import Clock
from authhooks.parsing import EventParser
from authhooks.providers.authcore.models import PARSER, AuthCoreEvent
from authhooks.providers.authcore.scheme import FORMS, AuthCoreSignature, SignatureForm
from authhooks.receiver import Body, Receiver

__all__ = ["AuthCore", "Clock", "SignatureForm"]


class AuthCore(Receiver[AuthCoreEvent]):
    """Receives AuthCore webhooks, signed with HMAC-SHA256.

    AuthCore publishes no signature format; authhooks assumes one (see the AuthCore docs page)
    and accepts three forms of the signature header (``X-Webhook-Signature`` by default),
    each unless ``forms`` says otherwise:

    - ``"timestamped"``: ``t=<unix seconds>,v1=<hex>[,v1=<hex>...]``, HMAC-SHA256 of
      ``f"{t}."`` followed by the raw body; ``t`` must be within ``tolerance`` of the
      receiver's clock, in the past or in the future. Several ``v1`` (up to 16) are allowed:
      the request is accepted if any of them matches any accepted secret.
    - ``"timestamp-header"``: the timestamp in its own header (``X-Webhook-Timestamp:
      <unix seconds>``) and ``sha256=<hex>`` (or a bare ``<hex>``) in the signature header,
      HMAC-SHA256 of ``f"{timestamp}."`` followed by the raw body, with the same tolerance.
    - ``"plain"``: ``sha256=<hex>`` or a bare ``<hex>``, HMAC-SHA256 of the raw body. This
      form carries no time, so it cannot stop a replayed request; accept only the timestamped
      forms when your sender always signs with a timestamp.

    A value holding ``t=`` parts is the timestamped form; a plain-shaped value is the
    timestamp-header form when the timestamp header is present (and that form accepted),
    else the plain form. ``event`` verification tells which one matched (``authhooks verify``
    prints it).

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
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        header: the name of the signature header.
        timestamp_header: the name of the timestamp header of the ``"timestamp-header"`` form.
        forms: the signature forms accepted.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = AuthCore(secret="your-signing-secret")
        event = receiver.verify(request_body, request_headers)
        event.type, event.data.email  # ('user.created', 'ada@example.com')
        ```
    """

    provider: ClassVar[str] = "authcore"
    parser: ClassVar[EventParser[AuthCoreEvent]] = PARSER

    def __init__(
        self,
        secret: SecretInput,
        *,
        tolerance: timedelta | float = timedelta(seconds=300),
        clock: Clock | None = None,
        header: str = "X-Webhook-Signature",
        timestamp_header: str = "X-Webhook-Timestamp",
        forms: Iterable[SignatureForm] = FORMS,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        self._signature = AuthCoreSignature(
            secret,
            header=header,
            timestamp_header=timestamp_header,
            tolerance=tolerance,
            clock=clock,
            forms=forms,
        )
        super().__init__(self._signature, max_body_size=max_body_size)
        self.header = self._signature.header
        self.timestamp_header = timestamp_header
        self.forms = self._signature.forms
        self.tolerance = timedelta(seconds=self._signature.tolerance)

    def verify_ignoring_timestamp(self, body: Body, headers: Mapping[str, str]) -> AuthCoreEvent:
        """Like [`verify`][authhooks.Receiver.verify], but accept a timestamped signature of
        any age.

        For replaying a stored delivery or testing with a recorded request: the signature is
        still checked with every accepted secret and the header must still be well-formed;
        only the ``tolerance`` check is skipped. Never use it for live traffic, where it would
        let anyone replay an old request.
        """
        data = coerce_body(body, self.max_body_size)
        return self._event(self._signature.check(data, headers, check_time=False), data)

    def __repr__(self) -> str:
        forms = ", ".join(sorted(self.forms))
        return (
            f"AuthCore(secrets={self._signature.secret_count}, "
            f"tolerance={self._signature.tolerance:g}s, header={self.header!r}, forms=({forms}))"
        )
