"""The Userfront receiver: ``Authorization: Bearer <webhook API key>``."""

from __future__ import annotations

from typing import ClassVar, Literal

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._secrets import SecretInput
from authhooks.errors import ConfigurationError, ModeMismatchError
from authhooks.parsing import EventParser
from authhooks.providers.userfront.models import PARSER, UserfrontEvent
from authhooks.receiver import Receiver
from authhooks.schemes import StaticSecret, Verified

__all__ = ["Userfront"]

Mode = Literal["live", "test"]


class Userfront(Receiver[UserfrontEvent]):
    """Receives Userfront webhooks.

    Userfront authenticates each webhook with ``Authorization: Bearer <webhook API key>``
    (no signature, no timestamp: a [`StaticSecret`][authhooks.schemes.StaticSecret]). The key
    is compared in constant time against every accepted key. The check proves the sender
    knows the key; it does not cover the body.

    Args:
        api_key: the webhook API key from the Userfront dashboard, or several (rotation; test
            and live keys).
        mode: ``"live"`` or ``"test"`` to accept only events of that mode; an event of the
            other mode, or without a mode, raises
            [`ModeMismatchError`][authhooks.ModeMismatchError]. ``None`` (the default) accepts
            both.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = Userfront(api_key="uf_live_...")
        event = receiver.verify(request_body, request_headers)
        event.type, event.record.email  # ('user.create', 'ada@example.com')
        ```
    """

    provider: ClassVar[str] = "userfront"
    parse_options: ClassVar[tuple[str, ...]] = ("mode",)
    parser: ClassVar[EventParser[UserfrontEvent]] = PARSER
    #: The header Userfront authenticates with.
    header: ClassVar[str] = "Authorization"

    def __init__(
        self,
        api_key: SecretInput,
        *,
        mode: Mode | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if mode not in (None, "live", "test"):
            raise ConfigurationError('mode must be "live", "test" or None')
        super().__init__(StaticSecret(api_key, header=self.header), max_body_size=max_body_size)
        self.mode: Mode | None = mode

    def _event(self, verified: Verified, body: bytes) -> UserfrontEvent:
        event = super()._event(verified, body)
        if self.mode is not None and event.mode != self.mode:
            got = "no mode" if event.mode is None else f"mode {event.mode!r}"
            raise ModeMismatchError(
                f"userfront event has {got}, but this receiver accepts only {self.mode!r}",
                body=body,
                raw=event.raw,
                field="mode",
            )
        return event

    def __repr__(self) -> str:
        keys = self.scheme.secret_count if isinstance(self.scheme, StaticSecret) else 0
        return f"Userfront(keys={keys}, mode={self.mode!r})"
