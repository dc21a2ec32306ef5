"""The base class of every parsed event, and the field types the provider models share."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from authhooks._body import body_digest, decode_json
from authhooks.kinds import Kind

__all__ = [
    "MAX_UNIX_SECONDS",
    "MIN_UNIX_SECONDS",
    "MillisecondTimestamp",
    "Timestamp",
    "UnixMilliseconds",
    "WebhookEvent",
    "WebhookModel",
]


_UTC = timezone.utc
_ZERO = timedelta(0)
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)

#: The earliest Unix time a timestamp may hold: 0001-01-01T00:00:00Z.
MIN_UNIX_SECONDS = -62_135_596_800
#: The latest whole Unix second a timestamp may hold: 9999-12-31T23:59:59Z.
MAX_UNIX_SECONDS = 253_402_300_799

# Unix seconds written as text: an optional minus, ASCII digits, an optional fraction.
_DECIMAL = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,9})?")


def _from_unix(seconds: float) -> datetime:
    # Never milliseconds: a number is seconds whatever its size (pydantic alone would read
    # anything above 2e10 as milliseconds). Out of datetime's range is an error.
    if not MIN_UNIX_SECONDS <= seconds < MAX_UNIX_SECONDS + 1:
        raise ValueError(
            "Unix seconds out of range (0001-01-01 to 9999-12-31; milliseconds are not accepted)"
        )
    try:
        return _EPOCH + timedelta(seconds=seconds)
    except OverflowError:  # a fraction that rounds past 9999-12-31T23:59:59.999999
        raise ValueError("Unix seconds out of range") from None


def _as_utc(value: datetime) -> datetime:
    tz = value.tzinfo
    if tz is None:
        return value.replace(tzinfo=_UTC)
    if tz is _UTC or tz.utcoffset(None) == _ZERO:
        # Already UTC (pydantic's own UTC tzinfo for a trailing "Z"): no conversion needed.
        return value
    try:
        return value.astimezone(_UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00, 9999-12-31T23:59-01:00
        raise ValueError("date-time is out of range once converted to UTC") from None


def _not_iso(value: Any) -> datetime:
    """Every input but ISO 8601 text: Unix seconds (a number or decimal text), a datetime."""
    if isinstance(value, str):
        if _DECIMAL.fullmatch(value):
            return _from_unix(float(value) if "." in value else int(value))
        # Not left to pydantic, which reads "+1700000000" or "1e12" as a timestamp.
        raise ValueError("a time given as text must be an ISO 8601 date-time")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_unix(value)
    if isinstance(value, datetime):  # a model built in Python
        return _as_utc(value)
    raise ValueError("not a time")


class _TimestampSchema:
    """The validation of ``Timestamp``, in pydantic-core where it can be.

    ISO 8601 text (the common case) is parsed by pydantic-core, then converted to UTC; any
    other input goes to ``_not_iso``. Either failure is one error at the field.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        iso = core_schema.chain_schema(
            [core_schema.str_schema(pattern=r"^[0-9]{4}-"), core_schema.datetime_schema()]
        )
        return core_schema.union_schema(
            [
                core_schema.no_info_after_validator_function(_as_utc, iso),
                core_schema.no_info_plain_validator_function(_not_iso),
            ],
            mode="left_to_right",
            custom_error_type="timestamp_invalid",
            custom_error_message=(
                "Input should be an ISO 8601 date-time or Unix seconds (not milliseconds), "
                "from year 1 to 9999 in UTC"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(core_schema.datetime_schema())


Timestamp = Annotated[datetime, _TimestampSchema()]
"""A timezone-aware UTC ``datetime``. On the wire: an ISO 8601 date-time (a time without an
offset is taken as UTC), or Unix seconds, as a JSON number or a decimal string. Seconds are
never read as milliseconds, whatever their size. A time outside 0001-01-01T00:00:00Z to
9999-12-31T23:59:59.999999Z, once converted to UTC, fails validation (a
[`PayloadError`][authhooks.PayloadError] from ``verify``)."""

_MIN_MILLISECONDS = MIN_UNIX_SECONDS * 1000
_MAX_MILLISECONDS = MAX_UNIX_SECONDS * 1000 + 999


def _from_milliseconds(value: int) -> datetime:
    if not _MIN_MILLISECONDS <= value <= _MAX_MILLISECONDS:
        raise ValueError("Unix milliseconds out of range (0001-01-01 to 9999-12-31)")
    return _EPOCH + timedelta(milliseconds=value)


class _MillisecondSchema:
    """The validation of ``MillisecondTimestamp`` (``text=True``) and ``UnixMilliseconds``,
    all in pydantic-core but the range check."""

    def __init__(self, *, text: bool) -> None:
        self.text = text

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        choices: list[core_schema.CoreSchema | tuple[core_schema.CoreSchema, str]] = []
        if self.text:
            iso = core_schema.chain_schema(
                [core_schema.str_schema(pattern=r"^[0-9]{4}-"), core_schema.datetime_schema()]
            )
            choices.append(core_schema.no_info_after_validator_function(_as_utc, iso))
        choices += [
            # Strict: a JSON integer only (no fraction, no boolean, no numeric text).
            core_schema.no_info_after_validator_function(
                _from_milliseconds, core_schema.int_schema(strict=True)
            ),
            # A model built in Python.
            core_schema.no_info_after_validator_function(
                _as_utc, core_schema.is_instance_schema(datetime)
            ),
        ]
        what = "an ISO 8601 date-time or Unix milliseconds" if self.text else "Unix milliseconds"
        return core_schema.union_schema(
            choices,
            mode="left_to_right",
            custom_error_type="timestamp_invalid",
            custom_error_message=(
                f"Input should be {what} (an integer, never seconds), from year 1 to 9999 in UTC"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        if self.text:
            return handler(core_schema.datetime_schema())
        return {"type": "integer", "description": "milliseconds since the Unix epoch"}


MillisecondTimestamp = Annotated[datetime, _MillisecondSchema(text=True)]
"""A timezone-aware UTC ``datetime``. On the wire: an integer of milliseconds since the Unix
epoch (as JavaScript's ``Date.getTime()`` and Java's ``Instant.toEpochMilli()`` give), or
ISO 8601 text (a time without an offset is taken as UTC). A number is always milliseconds,
never seconds, whatever its size: there is no guess between the units. A fraction, a
boolean, numeric text, or a time outside 0001-01-01T00:00:00Z to
9999-12-31T23:59:59.999Z fails validation (a [`PayloadError`][authhooks.PayloadError] from
``verify``). For a sender that writes times in seconds, use
[`Timestamp`][authhooks.events.Timestamp]."""

UnixMilliseconds = Annotated[datetime, _MillisecondSchema(text=False)]
"""[`MillisecondTimestamp`][authhooks.events.MillisecondTimestamp] for a sender that writes
its times only as integers of Unix milliseconds (Clerk, FusionAuth): text, even an ISO 8601
date-time, fails validation."""


class WebhookModel(BaseModel):
    """Base of the payload models: lenient (unknown fields are kept) and immutable.

    Fields are read from their wire names only (the aliases, such as ``createdAt``): a
    payload field spelt like the Python attribute (``created_at`` where the wire name is
    ``createdAt``) is an unknown field, kept in ``model_extra`` and ``raw``, and sets nothing.
    """

    model_config = ConfigDict(extra="allow", frozen=True)


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
