"""The base class of every parsed event, and the field types the provider models share."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, PrivateAttr

from authhooks._body import body_digest, decode_json

__all__ = ["Timestamp", "WebhookEvent", "WebhookModel"]


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


#: A timezone-aware UTC ``datetime``: ISO-8601 strings or Unix seconds on the wire; a time
#: without an offset is taken as UTC.
Timestamp = Annotated[datetime, AfterValidator(_as_utc)]


class WebhookModel(BaseModel):
    """Base of the payload models: lenient (unknown fields are kept) and immutable."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


class WebhookEvent(WebhookModel):
    """Base class of every event authhooks returns.

    Every event carries the common contract:

    - ``provider``: the provider's name (``"userfront"``, ``"authcore"``, ...);
    - ``type``: the provider's own event name, exactly as sent;
    - ``id``: the provider's event id, or the SHA-256 hex of the raw body when it sends none;
    - ``kind``: the cross-provider name (``"user.created"``...) or ``None``;
    - ``occurred_at``: when the event happened (aware UTC ``datetime``), or ``None``;
    - ``raw``: the whole decoded payload, whatever the typed model covers.

    ``raw`` is not part of ``repr()``: payloads can carry secrets.
    """

    provider: ClassVar[str]

    _body: bytes = PrivateAttr(default=b"")
    _raw: Any = PrivateAttr(default=None)

    if TYPE_CHECKING:
        # Declared for type checkers; each provider defines these as fields or properties.
        @property
        def type(self) -> str: ...

        @property
        def id(self) -> str: ...

        @property
        def kind(self) -> str | None: ...

        @property
        def occurred_at(self) -> datetime | None: ...

    @property
    def raw(self) -> Any:
        """The decoded payload (normally a ``dict``): nothing is lost."""
        if self._raw is None and self._body:
            self._raw = decode_json(self._body)
        return self._raw

    def _body_id(self) -> str:
        return body_digest(self._body)

    def _attach(self, body: bytes, raw: Any = None) -> None:
        self._body = body
        self._raw = raw
