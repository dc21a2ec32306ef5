"""Akamai Identity Cloud Webhooks v3 payloads: the claims of a Security Event Token.

Wire format (the token's claims, RFC 8417): ``{"iss", "iat", "jti", "aud", "txn", "toe",
"events": {"<eventName>": {...}}}``. ``events`` holds exactly one event. Unknown event names
parse into ``AkamaiGenericEvent``; unknown fields are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import ConfigDict, Discriminator, Tag
from pydantic.alias_generators import to_camel

from authhooks.events import Timestamp, WebhookEvent, WebhookModel
from authhooks.kinds import Kind
from authhooks.parsing import EventParser

__all__ = [
    "PARSER",
    "AkamaiAnyEvent",
    "AkamaiEvent",
    "AkamaiGenericEvent",
    "CredentialEventData",
    "EntityCreated",
    "EntityDeleted",
    "EntityEvent",
    "EntityEventData",
    "EntityUpdated",
    "TestEvent",
    "TestEventData",
    "UserCredentialUpdated",
]

_CAMEL = ConfigDict(alias_generator=to_camel)


class EntityEventData(WebhookModel):
    """What an entity event says: the value under ``events.<eventName>``."""

    model_config = _CAMEL
    #: The event id (the de-duplication key).
    id: str | None = None
    capture_application_id: str | None = None
    capture_client_id: str | None = None
    #: The entity type (``"user"`` for user records).
    entity_type: str | None = None
    #: The entity's id (the user's UUID).
    sub: str | None = None
    global_sub: str | None = None
    #: The changed attribute paths (``entityUpdated``).
    attributes: list[str] | None = None


class CredentialEventData(EntityEventData):
    """``userCredentialUpdated``: which credential changed (``credential_type``)."""

    credential_type: str | None = None


class TestEventData(WebhookModel):
    """``test``: only an ``id``."""

    __test__ = False  # not a pytest test class
    model_config = _CAMEL
    id: str | None = None


class AkamaiEvent(WebhookEvent):
    """Base of every Akamai event: the claims of the Security Event Token.

    ``type`` is the event name (the one key of ``events``); ``id`` is the event's own ``id``
    (else the token's ``jti``); ``occurred_at`` is ``toe`` (else ``iat``); ``data`` is the
    event's body. ``raw`` is the whole claims set.
    """

    provider: ClassVar[str] = "akamai"

    iss: str | None = None
    iat: Timestamp | None = None
    jti: str | None = None
    aud: str | list[str] | None = None
    txn: str | None = None
    toe: Timestamp | None = None
    events: Mapping[str, Any]

    @property
    def type(self) -> str:
        """The event name, e.g. ``"entityUpdated"``."""
        return next(iter(self.events), "")

    @property
    def data(self) -> Any:
        """The event's body: ``events[type]``."""
        return self.events.get(self.type)

    @property
    def id(self) -> str:
        """The event's own ``id`` (else the token's ``jti``, else the SHA-256 of the body)."""
        data = self.data
        event_id = data.get("id") if isinstance(data, Mapping) else getattr(data, "id", None)
        if isinstance(event_id, str) and event_id:
            return event_id
        return self.jti or self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When the event happened: ``toe``, else the token's ``iat``."""
        return self.toe or self.iat


_ENTITY_KINDS: dict[str, Kind] = {
    "entityCreated": "user.created",
    "entityUpdated": "user.updated",
    "entityDeleted": "user.deleted",
}


class EntityEvent(AkamaiEvent):
    """An entity was created, updated or deleted; ``kind`` is ``user.*`` for users only."""

    events: Mapping[str, EntityEventData]

    @property
    def data(self) -> EntityEventData:
        """The event's body."""
        return self.events[self.type]

    @property
    def kind(self) -> Kind | None:
        """``user.created``/``user.updated``/``user.deleted`` when ``entityType`` is ``user``."""
        if self.data.entity_type != "user":
            return None
        return _ENTITY_KINDS.get(self.type)


class EntityCreated(EntityEvent):
    """``entityCreated``."""


class EntityUpdated(EntityEvent):
    """``entityUpdated``: ``data.attributes`` lists the changed attribute paths."""

    @property
    def attributes(self) -> list[str]:
        """The changed attribute paths (empty when not sent)."""
        return list(self.data.attributes or ())


class EntityDeleted(EntityEvent):
    """``entityDeleted``."""


class UserCredentialUpdated(AkamaiEvent):
    """``userCredentialUpdated``: a user's credential (``data.credential_type``) changed."""

    events: Mapping[str, CredentialEventData]

    @property
    def data(self) -> CredentialEventData:
        """The event's body."""
        return self.events[self.type]

    event_kind: ClassVar[Kind | None] = "credentials.changed"


class TestEvent(AkamaiEvent):
    """``test``: sent from the Console to check the listener; ``data.id`` only."""

    __test__ = False  # not a pytest test class
    events: Mapping[str, TestEventData]

    @property
    def data(self) -> TestEventData:
        """The event's body."""
        return self.events[self.type]


class AkamaiGenericEvent(AkamaiEvent):
    """An event whose name authhooks does not know; ``data`` is whatever was sent."""


_GENERIC = "generic"
_KNOWN = frozenset(
    {"entityCreated", "entityUpdated", "entityDeleted", "userCredentialUpdated", "test"}
)


def _tag(value: Any) -> str:
    events = value.get("events") if isinstance(value, dict) else getattr(value, "events", None)
    if isinstance(events, Mapping) and len(events) == 1:
        name = next(iter(events))
        if name in _KNOWN:
            return str(name)
    return _GENERIC


#: Every Akamai event, discriminated on the one key of ``events``.
AkamaiAnyEvent = Annotated[
    Annotated[EntityCreated, Tag("entityCreated")]
    | Annotated[EntityUpdated, Tag("entityUpdated")]
    | Annotated[EntityDeleted, Tag("entityDeleted")]
    | Annotated[UserCredentialUpdated, Tag("userCredentialUpdated")]
    | Annotated[TestEvent, Tag("test")]
    | Annotated[AkamaiGenericEvent, Tag(_GENERIC)],
    Discriminator(_tag),
]

#: Parses the claims of Akamai's tokens: the known events by the one key of ``events``,
#: any other as an ``AkamaiGenericEvent``.
PARSER: EventParser[AkamaiEvent] = EventParser(
    AkamaiEvent, union=AkamaiAnyEvent, generic=AkamaiGenericEvent
)
