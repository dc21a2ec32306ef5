"""The Logto receiver: ``logto-signature-sha-256: <hex HMAC-SHA256 of the body>``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE, coerce_body
from authhooks._secrets import SecretInput
from authhooks._time import Clock, Seconds, check_clock, now, seconds
from authhooks.errors import PayloadError, TimestampError
from authhooks.parsing import EventParser
from authhooks.providers.logto.envelope import LogtoEvent
from authhooks.providers.logto.models import PARSER
from authhooks.receiver import Body, Receiver
from authhooks.schemes import BodyHmac

__all__ = ["Logto"]


class Logto(Receiver[LogtoEvent]):
    """Receives Logto webhooks, signed with HMAC-SHA256 of the body.

    Logto sends ``logto-signature-sha-256: <hex>``, the HMAC-SHA256 of the raw body keyed
    with the webhook's signing key (a [`BodyHmac`][authhooks.schemes.BodyHmac]). The check
    covers every byte of the body, but Logto signs no timestamp of its own: a captured
    request stays valid. The payload's ``createdAt`` is inside the signed body, so give
    ``tolerance`` to refuse deliveries whose ``createdAt`` is too far from your clock, and
    de-duplicate on ``event.id`` (the SHA-256 of the body).

    Args:
        signing_key: the signing key from the webhook's page in Logto Console
            (Webhooks > your webhook > Signing key), or several, oldest to newest (rotation:
            Logto replaces the key at once when you regenerate it).
        tolerance: how far ``createdAt`` may be from the receiver's clock, either way
            (a ``timedelta`` or seconds); ``None`` (the default) does not check it. Checked
            by [`verify`][authhooks.Receiver.verify] and
            [`averify`][authhooks.Receiver.averify], not by ``parse`` (stored deliveries).
        clock: the current time for ``tolerance`` (see [`Clock`][authhooks.Clock]); the
            real time when ``None``.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = authhooks.Logto("your-signing-key", tolerance=300)
        event = receiver.verify(request_body, request_headers)
        event.type, event.kind  # ('PostSignIn', 'auth.succeeded')
        ```
    """

    provider: ClassVar[str] = "logto"
    parser: ClassVar[EventParser[LogtoEvent]] = PARSER
    #: The header Logto signs in.
    header: ClassVar[str] = "logto-signature-sha-256"

    def __init__(
        self,
        signing_key: SecretInput,
        *,
        tolerance: Seconds | None = None,
        clock: Clock | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        self._signature = BodyHmac(signing_key, header=self.header)
        super().__init__(self._signature, max_body_size=max_body_size)
        self._tolerance = None if tolerance is None else seconds(tolerance, "tolerance")
        self._clock = check_clock(clock)
        #: The ``createdAt`` window, or ``None`` when it is not checked.
        self.tolerance = None if self._tolerance is None else timedelta(seconds=self._tolerance)

    def verify(self, body: Body, headers: Mapping[str, str]) -> LogtoEvent:
        """See [`Receiver.verify`][authhooks.Receiver.verify]; with ``tolerance``, also
        raises [`TimestampError`][authhooks.TimestampError] for a ``createdAt`` out of it,
        and [`PayloadError`][authhooks.PayloadError] for a payload without ``createdAt``."""
        data = coerce_body(body, self.max_body_size)
        return self._check_time(self._event(self.scheme.authenticate(data, headers), data), data)

    async def averify(self, body: Body, headers: Mapping[str, str]) -> LogtoEvent:
        """See [`Receiver.averify`][authhooks.Receiver.averify] and
        [`verify`][authhooks.providers.logto.Logto.verify]."""
        data = coerce_body(body, self.max_body_size)
        verified = await self.scheme.aauthenticate(data, headers)
        return self._check_time(self._event(verified, data), data)

    def _check_time(self, event: LogtoEvent, body: bytes) -> LogtoEvent:
        if self._tolerance is None:
            return event
        created = event.created_at
        if created is None:
            raise PayloadError(
                "logto payload has no createdAt, which tolerance needs",
                body=body,
                raw=event.raw,
                field="createdAt",
            )
        skew = now(self._clock) - created.timestamp()
        if abs(skew) > self._tolerance:
            where = "too long ago" if skew > 0 else "ahead of this clock"
            raise TimestampError(
                f"logto event was created {abs(skew):.0f} s {where} (createdAt)", skew=skew
            )
        return event

    def __repr__(self) -> str:
        tolerance = "None" if self._tolerance is None else f"{self._tolerance:g}s"
        return f"Logto(keys={self._signature.secret_count}, tolerance={tolerance})"
