"""The Clerk receiver: Svix's signatures, in ``svix-id``, ``svix-timestamp``, ``svix-signature``."""

from __future__ import annotations

from typing import ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._secrets import SecretInput
from authhooks._time import Clock, Seconds
from authhooks.parsing import EventParser
from authhooks.providers.clerk.event import ClerkEvent
from authhooks.providers.clerk.models import PARSER
from authhooks.receiver import Receiver
from authhooks.schemes import StandardWebhooks

__all__ = ["Clerk"]


class Clerk(Receiver[ClerkEvent]):
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

    def __init__(
        self,
        secret: SecretInput,
        *,
        tolerance: Seconds = 300,
        clock: Clock | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        scheme = StandardWebhooks(secret, header_prefix="svix-", tolerance=tolerance, clock=clock)
        super().__init__(scheme, max_body_size=max_body_size)
