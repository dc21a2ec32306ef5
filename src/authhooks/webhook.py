"""Receive from any sender: [`Webhook`][authhooks.Webhook] with a scheme, and its events,
[`GenericEvent`][authhooks.GenericEvent]."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks.errors import ConfigurationError, PayloadError
from authhooks.events import WebhookEvent
from authhooks.parsing import EventParser
from authhooks.receiver import Receiver
from authhooks.schemes._base import Scheme, Verified

__all__ = ["GenericEvent", "Webhook"]

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_PATH = re.compile(r"[^.\s]{1,64}(\.[^.\s]{1,64}){0,7}")


class GenericEvent(WebhookEvent):
    """An event of a sender authhooks has no models for: the JSON object as it came.

    Every field of the payload is an attribute (``event.data``, ``event.user``...), and the
    common contract holds: ``type`` is read from the receiver's ``type_field``, ``id`` is the
    scheme's delivery id (``webhook-id``, a token's ``jti``), else the ``id_field``, else the
    SHA-256 of the body; ``kind`` and ``occurred_at`` are ``None``; ``raw`` is the document.
    ``repr()`` shows the type and the id only, never the payload.
    """

    provider: ClassVar[str] = "generic"
    #: Where the event type is (a top-level field, or a dotted path such as ``"event.type"``).
    type_field: ClassVar[str | None] = "type"
    #: Where the event id is, when the scheme carries no delivery id.
    id_field: ClassVar[str | None] = "id"

    if TYPE_CHECKING:
        # The payload's fields are attributes, whatever they are: untyped for type checkers.
        def __getattr__(self, name: str) -> Any: ...

    @property
    def type(self) -> str:
        """The event type, read from ``type_field`` (``""`` when there is none)."""
        value = _lookup(self.raw, self.type_field)
        return value if isinstance(value, str) else ""

    @property
    def id(self) -> str:
        """The delivery id, else the ``id_field`` value, else the SHA-256 hex of the body."""
        if self._delivery_id is not None:
            return self._delivery_id
        value = _lookup(self.raw, self.id_field)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
            return str(value)
        return self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """Always ``None``: where a sender says when is not known."""
        return None

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # Every field of the payload is an extra field: show the contract, not the payload
        # (it may carry tokens or personal data, and reprs end up in logs).
        yield "type", self.type
        yield "id", self.id


def _lookup(document: Any, path: str | None) -> Any:
    if path is None:
        return None
    for part in path.split("."):
        if not isinstance(document, Mapping):
            return None
        document = document.get(part)
    return document


@functools.cache
def _event_class(provider: str, type_field: str | None, id_field: str | None) -> type[GenericEvent]:
    """A ``GenericEvent`` subclass for one sender (built once per configuration)."""
    if (provider, type_field, id_field) == ("generic", "type", "id"):
        return GenericEvent
    namespace: dict[str, Any] = {
        "__annotations__": {
            "provider": "ClassVar[str]",
            "type_field": "ClassVar[str | None]",
            "id_field": "ClassVar[str | None]",
        },
        "provider": provider,
        "type_field": type_field,
        "id_field": id_field,
        "__module__": __name__,
        "__doc__": GenericEvent.__doc__,
    }
    return type(f"GenericEvent[{provider}]", (GenericEvent,), namespace)


class Webhook(Receiver[GenericEvent]):
    """A receiver for any sender, verified with any scheme; events are
    [`GenericEvent`][authhooks.GenericEvent]s.

    Use it for a sender that authhooks has no provider for: pick the scheme the sender's
    docs describe, and route its events by provider-qualified type
    (``router.on("acme:invoice.paid")``).

    Args:
        scheme: the verification scheme (see [`authhooks.schemes`][authhooks.schemes]).
        provider: the sender's name, as in ``event.provider`` (lowercase letters, digits,
            ``-`` and ``_``).
        type_field: the field naming the event type (a dotted path for a nested one), or
            ``None`` when the payload names none.
        id_field: the field holding the event id, used when the scheme carries no delivery
            id; the SHA-256 of the body when it is absent too.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        import authhooks
        from authhooks.schemes import StandardWebhooks

        receiver = authhooks.Webhook(StandardWebhooks("whsec_..."), provider="acme")
        event = receiver.verify(body, headers)
        print(event.type, event.id, event.raw)
        ```
    """

    provider: ClassVar[str] = "generic"

    def __init__(
        self,
        scheme: Scheme,
        *,
        provider: str = "generic",
        type_field: str | None = "type",
        id_field: str | None = "id",
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        super().__init__(scheme, max_body_size=max_body_size)
        if not isinstance(provider, str) or _NAME.fullmatch(provider) is None:
            raise ConfigurationError(
                "provider must be a short lowercase name (letters, digits, '-', '_')"
            )
        for name, value in (("type_field", type_field), ("id_field", id_field)):
            if value is not None and (not isinstance(value, str) or not _PATH.fullmatch(value)):
                raise ConfigurationError(f"{name} must be a field name or a dotted path")
        self.provider = provider  # type: ignore[misc]  # per instance for this receiver
        self.type_field = type_field
        self.id_field = id_field
        event_class = _event_class(provider, type_field, id_field)
        self.parser = _parser(event_class)  # type: ignore[misc]

    parse_options: ClassVar[tuple[str, ...]] = ("provider", "type_field", "id_field")

    def _ready_for_parsing(self) -> None:
        event_class = _event_class(self.provider, self.type_field, self.id_field)
        self.parser = _parser(event_class)  # type: ignore[misc]

    def _event(self, verified: Verified, body: bytes) -> GenericEvent:
        event = super()._event(verified, body)
        if self.type_field is not None and not event.type:
            raise PayloadError(
                f"{self.provider} payload has no text at {self.type_field!r} to name the event "
                "type; give Webhook the right type_field= (or None)",
                body=verified.payload,
                raw=event.raw,
                field=self.type_field,
            )
        return event

    def __repr__(self) -> str:
        return f"Webhook({self.scheme!r}, provider={self.provider!r})"


@functools.cache
def _parser(event_class: type[GenericEvent]) -> EventParser[GenericEvent]:
    return EventParser(event_class, generic=event_class)
