"""The Userfront receiver: ``Authorization: Bearer <webhook API key>``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._secrets import SecretInput, normalise_secrets
from authhooks.errors import ConfigurationError, ModeMismatchError
from authhooks.providers.userfront.models import EVENT_ADAPTER, GENERIC_ADAPTER, UserfrontEvent
from authhooks.receiver import Receiver, parse_model
from authhooks.verifiers.bearer import verify_bearer

__all__ = ["Userfront"]

Mode = Literal["live", "test"]


class Userfront(Receiver[UserfrontEvent]):
    """Receives Userfront webhooks.

    Userfront authenticates each webhook with ``Authorization: Bearer <webhook API key>``
    (no signature, no timestamp). The key is compared in constant time against every accepted
    key.

    Args:
        api_key: the webhook API key from the Userfront dashboard, or several (rotation; test
            and live keys).
        mode: ``"live"`` or ``"test"`` to accept only events of that mode; an event of the
            other mode, or without a mode, raises
            [`ModeMismatchError`][authhooks.ModeMismatchError]. ``None`` (the default) accepts both.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = Userfront(api_key="uf_live_...")
        event = receiver.verify(request_body, request_headers)
        event.type, event.record.email  # ('user.create', 'ada@example.com')
        ```
    """

    provider: ClassVar[str] = "userfront"
    may_block: ClassVar[bool] = False
    header: ClassVar[str] = "Authorization"

    def __init__(
        self,
        api_key: SecretInput,
        *,
        mode: Mode | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        super().__init__(max_body_size=max_body_size)
        if mode not in (None, "live", "test"):
            raise ConfigurationError('mode must be "live", "test" or None')
        self._keys = normalise_secrets(api_key, name="api_key")
        self.mode: Mode | None = mode

    def _verify(self, body: bytes, headers: Mapping[str, str]) -> UserfrontEvent:
        verify_bearer(headers, self._keys, header=self.header)
        event: UserfrontEvent = parse_model(EVENT_ADAPTER, body, self.provider, GENERIC_ADAPTER)
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
        return f"Userfront(keys={len(self._keys)}, mode={self.mode!r})"
