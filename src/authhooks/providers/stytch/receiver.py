"""The Stytch receiver: Svix's signatures, in ``svix-*`` (or white-labelled ``webhook-*``)
headers."""

from __future__ import annotations

from typing import ClassVar

from authhooks.parsing import EventParser
from authhooks.providers._standard_webhooks import StandardWebhooksReceiver
from authhooks.providers.stytch.models import PARSER, StytchEvent

__all__ = ["Stytch"]


class Stytch(StandardWebhooksReceiver[StytchEvent]):
    """Receives Stytch webhooks, which Svix delivers and signs.

    Each request carries a message id, a Unix-seconds timestamp and ``v1,<base64>``
    HMAC-SHA256 signatures of ``f"{id}.{timestamp}.{body}"``, checked by a
    [`StandardWebhooks`][authhooks.schemes.StandardWebhooks] scheme. Stytch does not say
    which header prefix its deliveries carry, and points to Svix's libraries, which read
    either: this receiver reads ``svix-id``, ``svix-timestamp`` and ``svix-signature``, or,
    when the request has none of those, ``webhook-id``, ``webhook-timestamp`` and
    ``webhook-signature`` (never a mix of the two). The check covers the id, the time and
    every byte of the body; the time must be within ``tolerance`` of the clock, either way.

    Args:
        secret: the endpoint's signing secret (``whsec_...``), from the Webhooks page of the
            Stytch Dashboard; or several (rotation: any one is accepted).
        tolerance: how far the timestamp may be from the clock, in seconds or a
            ``timedelta`` (default five minutes, as Svix's libraries).
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = Stytch("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        event = receiver.verify(request_body, request_headers)
        event.type, event.data.email_address  # ('dashboard.member.create', 'ada@...')
        ```
    """

    provider: ClassVar[str] = "stytch"
    parser: ClassVar[EventParser[StytchEvent]] = PARSER

    header_prefix: ClassVar[tuple[str, ...]] = ("svix-", "webhook-")
