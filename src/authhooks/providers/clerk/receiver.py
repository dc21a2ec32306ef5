"""The Clerk receiver: Svix's signatures, in ``svix-id``, ``svix-timestamp``, ``svix-signature``."""

from __future__ import annotations

from typing import ClassVar

from authhooks.parsing import EventParser
from authhooks.providers._standard_webhooks import StandardWebhooksReceiver
from authhooks.providers.clerk.event import ClerkEvent
from authhooks.providers.clerk.models import PARSER

__all__ = ["Clerk"]


class Clerk(StandardWebhooksReceiver[ClerkEvent]):
    """Receives Clerk webhooks, which Svix delivers and signs.

    Each request carries ``svix-id`` (the message id, kept across retries: it is
    ``event.id``), ``svix-timestamp`` (Unix seconds) and ``svix-signature`` (``v1,<base64>``
    HMAC-SHA256 signatures, space-separated, of ``f"{svix_id}.{svix_timestamp}.{body}"``),
    checked by a [`StandardWebhooks`][authhooks.schemes.StandardWebhooks] scheme. The check
    covers the id, the time and every byte of the body; the time must be within ``tolerance``
    of the clock, either way.

    Args:
        secret: the endpoint's **Signing Secret** (``whsec_...``), from the endpoint's page
            under **Webhooks** in the Clerk Dashboard; or several (rotation: any one is
            accepted).
        tolerance: how far ``svix-timestamp`` may be from the clock, in seconds or a
            ``timedelta`` (default five minutes, as Clerk's and Svix's libraries).
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = Clerk("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        event = receiver.verify(request_body, request_headers)
        event.type, event.data.id  # ('user.created', 'user_29w83sxmDNGwOuEthce5gg56FcC')
        ```
    """

    provider: ClassVar[str] = "clerk"
    parser: ClassVar[EventParser[ClerkEvent]] = PARSER

    header_prefix: ClassVar[str] = "svix-"
