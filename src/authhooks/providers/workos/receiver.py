"""The WorkOS receiver: ``WorkOS-Signature: t=<milliseconds>, v1=<hex>``."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._secrets import SecretInput, normalise_secrets
from authhooks._time import Clock, Seconds
from authhooks.parsing import EventParser
from authhooks.providers.workos.envelope import WorkOSEvent
from authhooks.providers.workos.models import PARSER
from authhooks.receiver import Receiver
from authhooks.schemes import TimestampedHmac

__all__ = ["SOURCE_IPS", "WorkOS"]

#: The addresses WorkOS sends webhooks from (its webhooks guide), for an adapter's
#: ``allow_from=``: an optional second check, beside the signature.
SOURCE_IPS: tuple[str, ...] = (
    "3.217.146.166",
    "23.21.184.92",
    "34.204.154.149",
    "44.213.245.178",
    "44.215.236.82",
    "50.16.203.9",
    "52.1.251.34",
    "52.21.49.187",
    "174.129.36.47",
)


class WorkOS(Receiver[WorkOSEvent]):
    """Receives WorkOS webhooks (AuthKit, Directory Sync, SSO...), signed with HMAC-SHA256.

    WorkOS sends ``WorkOS-Signature: t=<issued_timestamp>, v1=<signature_hash>``: the
    timestamp in milliseconds since the epoch, and the hex HMAC-SHA256 of
    ``f"{t}.{body}"`` keyed with the endpoint's secret (a
    [`TimestampedHmac`][authhooks.schemes.TimestampedHmac]). The signature covers every byte
    of the body and the time; ``t`` must be within ``tolerance`` of the receiver's clock, in
    the past or in the future (WorkOS's SDKs default to 180 s).

    The secret is used as its UTF-8 text, ``whsec_`` prefix included: it is not a Standard
    Webhooks (Svix) secret, whatever it looks like.

    Args:
        secret: the webhook endpoint's secret from the WorkOS dashboard
            (``whsec_...``, as shown), or several, oldest to newest (rotation).
        tolerance: how far the signed time may be from the receiver's clock, either way
            (a ``timedelta`` or seconds), checked in whole milliseconds.
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = authhooks.WorkOS("whsec_...")
        event = receiver.verify(request_body, request_headers)
        event.type, event.kind  # ('user.created', 'user.created')
        ```
    """

    provider: ClassVar[str] = "workos"
    parser: ClassVar[EventParser[WorkOSEvent]] = PARSER
    #: The header WorkOS signs in.
    header: ClassVar[str] = "WorkOS-Signature"

    def __init__(
        self,
        secret: SecretInput,
        *,
        tolerance: Seconds = timedelta(seconds=180),
        clock: Clock | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        # Normalised here, as text used as it is: a ``whsec_`` prefix is part of the key.
        secrets = normalise_secrets(secret, name="secret", raw_text=False)
        self._signature = TimestampedHmac(
            secrets,
            header=self.header,
            tolerance=tolerance,
            clock=clock,
            timestamp_unit="ms",
            separator=", ",
        )
        super().__init__(self._signature, max_body_size=max_body_size)
        self.tolerance = timedelta(seconds=self._signature.tolerance)

    def __repr__(self) -> str:
        return (
            f"WorkOS(secrets={self._signature.secret_count}, "
            f"tolerance={self._signature.tolerance:g}s)"
        )
