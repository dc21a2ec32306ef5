"""The Acme receiver: the scheme Acme signs with, and the parser of its events."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

import authhooks
from acme_provider.models import PARSER, AcmeEvent
from authhooks.schemes import TimestampedHmac, Verified


class Acme(authhooks.Receiver[AcmeEvent]):
    """Receives Acme webhooks: ``Acme-Signature: t=<unix seconds>,v1=<hex>``.

    Args:
        secret: the endpoint's signing secret, or several (rotation).
        live_only: refuse test-mode events (``"livemode": false``).
        tolerance: how far the signed time may be from the clock.
        clock: the current time, for tests.
    """

    provider: ClassVar[str] = "acme"
    parser: ClassVar[authhooks.EventParser[AcmeEvent]] = PARSER

    def __init__(
        self,
        secret: str | list[str],
        *,
        live_only: bool = False,
        tolerance: float | timedelta = 300,
        clock: authhooks.Clock | None = None,
        max_body_size: int = 1024 * 1024,
    ) -> None:
        scheme = TimestampedHmac(secret, header="Acme-Signature", tolerance=tolerance, clock=clock)
        super().__init__(scheme, max_body_size=max_body_size)
        self.live_only = live_only

    def _event(self, verified: Verified, body: bytes) -> AcmeEvent:
        # Provider-specific checks go here, after the signature and the parse.
        event = super()._event(verified, body)
        if self.live_only and not event.livemode:
            raise authhooks.PayloadError(
                "acme event is a test-mode event", body=body, raw=event.raw, field="livemode"
            )
        return event
