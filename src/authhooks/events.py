"""The base class of every parsed event, and the field types the provider models share."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict

from authhooks._body import body_digest, decode_json
from authhooks.kinds import Kind

__all__ = ["Timestamp", "WebhookEvent", "WebhookModel"]


_UTC = timezone.utc
_ZERO = timedelta(0)


def _as_utc(value: datetime) -> datetime:
    tz = value.tzinfo
    if tz is None:
        return value.replace(tzinfo=_UTC)
    if tz is _UTC or tz.utcoffset(None) == _ZERO:
        # Already UTC (pydantic's own UTC tzinfo for a trailing "Z"): no conversion needed.
        return value
    return value.astimezone(_UTC)


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
    #: The cross-provider kind this event class stands for (``None``: no other provider
    #: reports the same thing). Declared once per class; ``event.kind`` reads it.
    event_kind: ClassVar[Kind | None] = None

    # The raw body and the decoded payload live in the instance ``__dict__`` (as pydantic does
    # for ``functools.cached_property``), not in pydantic private attributes: those cost a
    # Python call per validated event. They stay out of ``repr()``, ``==`` and dumps, and
    # survive ``model_copy`` and pickling. The class attributes are the defaults.
    _body: ClassVar[bytes] = b""
    _raw: ClassVar[Any] = None
    #: The sender's id of the delivery, when the scheme carries one (``webhook-id``, ``jti``).
    _delivery_id: ClassVar[str | None] = None

    if TYPE_CHECKING:
        # Declared for type checkers; each provider defines these as fields or properties.
        @property
        def type(self) -> str: ...

        @property
        def id(self) -> str: ...

        @property
        def occurred_at(self) -> datetime | None: ...

    @property
    def kind(self) -> Kind | None:
        """The cross-provider event name (``"user.created"``...), or ``None``."""
        return self.event_kind

    @property
    def raw(self) -> Any:
        """The decoded payload (normally a ``dict``): nothing is lost."""
        if self._raw is None and self._body:
            self.__dict__["_raw"] = decode_json(self._body)
        return self._raw

    def _body_id(self) -> str:
        return body_digest(self._body)

    def _attach(self, body: bytes, raw: Any = None, delivery_id: str | None = None) -> None:
        self.__dict__["_body"] = body
        self.__dict__["_raw"] = raw
        if delivery_id is not None:
            self.__dict__["_delivery_id"] = delivery_id
