"""One event parser for every provider: typed events from a verified payload.

A provider declares each event class once, with its ``Literal`` tag (the event name) and its
cross-provider kind; [`EventParser`][authhooks.EventParser] derives from those declarations
the discriminated union, the list of known event types and the routing tables. Known events
are validated straight from the JSON bytes (the tag is read by pydantic-core, nothing is
converted twice); a payload whose tag is missing or unknown parses into the provider's
generic event, so nothing is lost; any other invalid payload raises
[`PayloadError`][authhooks.PayloadError] with clean field locations and the raw document.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Generic, TypeVar, Union

from pydantic import Field, Tag, TypeAdapter, ValidationError

from authhooks._body import decode_json, refuse_non_json_literals
from authhooks.errors import PayloadError
from authhooks.events import WebhookEvent

__all__ = ["EventParser"]

E = TypeVar("E", bound=WebhookEvent)

#: The validation errors of a discriminated union whose tag is missing or unknown.
_UNKNOWN_TAG = frozenset({"union_tag_invalid", "union_tag_not_found"})


class EventParser(Generic[E]):
    """Parses one provider's payloads into its typed events.

    Args:
        base: the provider's base event class (what every event of it is).
        events: the known event classes. Each pins the ``discriminator`` field(s) with a
            ``Literal``; the union is built from them.
        discriminator: the field naming the event (``"type"``), or several fields that
            together do, outermost first (Userfront's ``("model", "action")``).
        generic: the class for payloads whose event name is missing or unknown.
        union: instead of ``events``, a ready union type (for a tag that is not a field,
            such as Akamai's key of ``events``); ``generic`` may be one of its members.
        type_of: how an event class names its event type (default: its tag values joined
            with ``"."``).

    Example:
        ```python
        PARSER = EventParser(
            AuthCoreEvent, [UserCreated, UserDeleted], generic=AuthCoreGenericEvent
        )
        event = PARSER.parse(b'{"type": "user.created", "data": {}}')
        ```
    """

    def __init__(
        self,
        base: type[E],
        events: Sequence[type[E]] = (),
        *,
        discriminator: str | tuple[str, ...] = "type",
        generic: type[E] | None = None,
        union: Any = None,
        type_of: Callable[[type[E]], str] | None = None,
    ) -> None:
        self.base = base
        self.provider: str = base.provider
        fields = (discriminator,) if isinstance(discriminator, str) else tuple(discriminator)
        self._fields = fields
        self.events: tuple[type[E], ...] = tuple(events)
        self.generic = generic
        name_of = type_of or (lambda cls: ".".join(_literal(cls, field) for field in fields))
        #: Every event type with a typed model, mapped to its class.
        self.classes: dict[str, type[E]] = {}
        self._by_fields = False  # whether the events are told apart by their fields
        # Every payload is a generic event: the document is decoded once, strictly, and
        # becomes ``raw`` as it is (a generic event reads its type and id from it).
        self._generic_only = union is None and not self.events
        if union is None and not self.events:
            if generic is None:
                raise ValueError("give the event classes, a union, or a generic event class")
            union = generic
        elif union is None:
            self._by_fields = True
            union = _union(self.events, fields)
            self.classes = {name_of(cls): cls for cls in self.events}
        else:
            tagged = [(tag, cls) for tag, cls in _members(union) if cls is not generic]
            self.classes = {tag or name_of(cls): cls for tag, cls in tagged}
            self.events = tuple(cls for _, cls in tagged)
        # The discriminating fields, under their names in the JSON.
        self._tag_fields = frozenset(
            _wire_name(cls, field)
            for cls in self.events
            for field in fields
            if field in cls.model_fields
        ) | set(fields)
        # The union's tags lead the locations of its errors: reported without them.
        self._tags = frozenset(self.classes) | {tag for tag, _ in _members(union) if tag}
        if union is not generic:
            self._tags |= {
                _literal(cls, field)
                for cls in self.events
                for field in fields
                if field in cls.model_fields
            }
        self._known: TypeAdapter[E] = TypeAdapter(union)
        self._validator = self._known.validator
        self._generic: TypeAdapter[E] | None = None if generic is None else TypeAdapter(generic)

    @property
    def types(self) -> frozenset[str]:
        """The event types that have a typed model."""
        return frozenset(self.classes)

    def kinds(self) -> dict[str, str]:
        """Event type -> cross-provider kind, for the event classes that declare one."""
        return {
            name: cls.event_kind for name, cls in self.classes.items() if cls.event_kind is not None
        }

    def parse(self, payload: bytes, *, delivery_id: str | None = None) -> E:
        """The typed event of a JSON ``payload`` (the bytes a scheme vouched for).

        Raises:
            PayloadError: the payload is not JSON, or not a valid event; ``raw`` holds the
                decoded document when it is JSON.
        """
        if self._generic_only:
            document = decode_json(payload)  # refuses NaN and Infinity itself
            try:
                event: E = self._validator.validate_python(document)
            except ValidationError as exc:
                event = self._fallback(exc, payload, document)
            event._attach(payload, document, delivery_id)
            return event
        refuse_non_json_literals(payload)
        try:
            event = self._validator.validate_json(payload)
        except ValidationError as exc:
            event = self._fallback(exc, payload, None)
        event._attach(payload, delivery_id=delivery_id)
        return event

    def parse_document(
        self,
        document: Any,
        payload: bytes,
        *,
        raw: Any = None,
        delivery_id: str | None = None,
    ) -> E:
        """The typed event of an already decoded ``document`` (built from ``payload``).

        ``raw`` is the payload as it came, when ``document`` was reshaped from it (default:
        ``document``); it becomes ``event.raw`` and a [`PayloadError`][authhooks.PayloadError]'s
        ``raw``.
        """
        original = document if raw is None else raw
        try:
            event: E = self._known.validate_python(document)
        except ValidationError as exc:
            event = self._fallback(exc, payload, document, original)
        event._attach(payload, original, delivery_id)
        return event

    def _fallback(self, exc: ValidationError, payload: bytes, document: Any, raw: Any = None) -> E:
        errors = exc.errors()
        if any(err["type"] in ("json_invalid", "json_type") for err in errors):
            decode_json(payload)  # raises the PayloadError that says what is wrong
        if self._generic is not None and all(self._unknown_tag(err) for err in errors):
            try:
                if document is None:
                    generic: E = self._generic.validator.validate_json(payload)
                else:
                    generic = self._generic.validate_python(document)
            except ValidationError as generic_exc:
                raise self._error(generic_exc.errors(), payload, raw) from None
            return generic
        raise self._explain(errors, payload, document, raw) from None

    def _unknown_tag(self, err: Any) -> bool:
        """Whether ``err`` says only that the event name is missing or unknown.

        A union reports it as a tag error; a single event class (no union) as a ``Literal``
        or missing-field error at the discriminating field.
        """
        if err["type"] in _UNKNOWN_TAG:
            return True
        loc = self._location(tuple(err["loc"]))
        return (
            err["type"] in ("literal_error", "missing")
            and len(loc) == 1
            and loc[0] in self._tag_fields
        )

    def _explain(self, errors: Any, payload: bytes, document: Any, raw: Any) -> PayloadError:
        """The error of the event class the payload names, with locations from its fields."""
        if document is None:
            document = _decoded(payload)
        if raw is None:
            raw = document
        cls = self._class_of(document)
        if cls is not None:
            try:
                cls.model_validate(document)
            except ValidationError as exc:
                return self._error(exc.errors(), payload, raw)
        return self._error(errors, payload, raw)

    def _class_of(self, raw: Any) -> type[E] | None:
        if not isinstance(raw, Mapping) or not self._by_fields:
            return None
        for cls in self.events:
            if all(
                raw.get(_wire_name(cls, field)) == _literal(cls, field) for field in self._fields
            ):
                return cls
        return None

    def _error(self, errors: Any, payload: bytes, raw: Any) -> PayloadError:
        pairs = tuple(
            (".".join(str(part) for part in self._location(err["loc"])) or "body", str(err["msg"]))
            for err in errors
        ) or (("body", "invalid"),)
        where, what = pairs[0]
        return PayloadError(
            f"{self.provider} payload is not valid: {where}: {what}",
            body=payload,
            raw=raw if raw is not None else _decoded(payload),
            errors=pairs,
            field=None if where == "body" else where,
        )

    def _location(self, loc: tuple[Any, ...]) -> tuple[Any, ...]:
        """An error location without the union's tags in front (``record.userId``, not
        ``user.create.record.userId``)."""
        start = 0
        while start < len(loc) - 1 and isinstance(loc[start], str) and loc[start] in self._tags:
            start += 1
        return loc[start:]


def _decoded(payload: bytes) -> Any:
    try:
        return decode_json(payload)
    except PayloadError:
        return None


def _wire_name(cls: type[WebhookEvent], field: str) -> str:
    """The name ``field`` has in the JSON (its alias, when it has one)."""
    info = cls.model_fields[field]
    return info.validation_alias if isinstance(info.validation_alias, str) else info.alias or field


def _literal(cls: type[WebhookEvent], field: str) -> str:
    """The one ``Literal`` value ``cls`` pins ``field`` to."""
    info = cls.model_fields.get(field)
    if info is None:
        raise ValueError(f"{cls.__name__} has no {field!r} field")
    args = typing.get_args(info.annotation)
    if typing.get_origin(info.annotation) is not typing.Literal or len(args) != 1:
        raise ValueError(f"{cls.__name__}.{field} must be a Literal of one value")
    return str(args[0])


def _union(events: Sequence[type[E]], fields: tuple[str, ...]) -> Any:
    """The discriminated union of ``events``, nested per field of ``fields``."""
    field, rest = fields[0], fields[1:]
    if not rest:
        if len(events) == 1:
            return events[0]
        return Annotated[Union[tuple(events)], Field(discriminator=field)]  # noqa: UP007
    groups: dict[str, list[type[E]]] = {}
    for cls in events:
        groups.setdefault(_literal(cls, field), []).append(cls)
    inner = [_union(group, rest) for group in groups.values()]
    if len(inner) == 1:
        return inner[0]
    return Annotated[Union[tuple(inner)], Field(discriminator=field)]  # noqa: UP007


def _members(union: Any, tag: str | None = None) -> list[tuple[str | None, type[Any]]]:
    """The event classes of a (possibly annotated, possibly nested) union, each with its
    ``Tag`` when the union names one."""
    if typing.get_origin(union) is Annotated:
        inner, *metadata = typing.get_args(union)
        found = next((item.tag for item in metadata if isinstance(item, Tag)), tag)
        return _members(inner, found)
    args = typing.get_args(union)
    if not args:
        return [(tag, union)] if isinstance(union, type) else []
    members: list[tuple[str | None, type[Any]]] = []
    for arg in args:
        members.extend(_members(arg))
    return members
