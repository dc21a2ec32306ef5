"""Stytch's events: the envelope, the Member, Organization and User events, and ``PARSER``.

Stytch sends ``{"project_id", "event_id", "action", "object_type", "source", "id",
"timestamp", "vertical"}`` and, for ``CREATE`` and ``UPDATE``, the object under the key
``object_type`` names (``"member": {...}``). The event type is not a field: it is
``f"{source}.{object_type}.{action}"`` in lower case (``dashboard.member.create``), and
``event.type`` reads it so. An event of another type, such as an SSO or SCIM connection's,
parses into ``StytchGenericEvent`` with its object in ``event.data``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar, Union

from pydantic import Discriminator, Field, Tag

from authhooks.events import Timestamp, WebhookEvent
from authhooks.kinds import Kind
from authhooks.parsing import EventParser
from authhooks.providers.stytch.objects import Member, Organization, User

__all__ = [
    "EVENT_TYPES",
    "PARSER",
    "MemberCreated",
    "MemberDeleted",
    "MemberEvent",
    "MemberUpdated",
    "OrganizationCreated",
    "OrganizationDeleted",
    "OrganizationEvent",
    "OrganizationUpdated",
    "StytchEvent",
    "StytchGenericEvent",
    "UserCreated",
    "UserDeleted",
    "UserEvent",
    "UserUpdated",
]


class StytchEvent(WebhookEvent):
    """Base of every Stytch event.

    ``event.type`` is ``f"{source}.{object_type}.{action}"`` in lower case; ``event.id`` is
    ``event_id`` (else the delivery's ``svix-id``, else the SHA-256 hex of the body);
    ``event.occurred_at`` is ``timestamp`` (when Stytch sent the event); ``event.entity_id``
    is the body's ``id``, the id of the object acted upon. ``event.data`` is that object
    (absent from ``DELETE`` events, then ``None``).
    """

    provider: ClassVar[str] = "stytch"

    #: ``CREATE``, ``UPDATE`` or ``DELETE``.
    action: str
    #: The kind of object acted upon: ``member``, ``organization``, ``user``, ...
    object_type: str
    #: Where the change came from: ``DIRECT`` (the API or an SDK), ``DASHBOARD`` or ``SCIM``.
    source: str
    #: The event's id; read ``event.id``, which falls back to the delivery id.
    event_id: str | None = None
    project_id: str | None = None
    #: The id of the object acted upon (the body's ``id``).
    entity_id: str | None = Field(default=None, alias="id")
    timestamp: Timestamp | None = None
    #: ``B2B`` or ``CONSUMER`` (recent events only).
    vertical: str | None = None

    @property
    def type(self) -> str:
        """``f"{source}.{object_type}.{action}"`` in lower case, e.g.
        ``"dashboard.member.create"``."""
        return _event_type(self.source, self.object_type, self.action)

    @property
    def id(self) -> str:
        """``event_id``, else the delivery's ``svix-id``, else the SHA-256 hex of the body."""
        return self.event_id or self._delivery_id or self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When Stytch sent the event: ``timestamp``."""
        return self.timestamp

    @property
    def data(self) -> Any:
        """The object acted upon, as sent under the key ``object_type`` names, or ``None``."""
        return (self.model_extra or {}).get(self.object_type)


class MemberEvent(StytchEvent):
    """A ``*.member.*`` event (B2B); ``data`` is the ``Member``, ``None`` on ``delete``."""

    member: Member | None = None

    @property
    def data(self) -> Member | None:
        """The ``member``."""
        return self.member


class MemberCreated(MemberEvent):
    """``direct.member.create``, ``dashboard.member.create``, ``scim.member.create``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_added"


class MemberUpdated(MemberEvent):
    """``direct.member.update``, ``dashboard.member.update``, ``scim.member.update``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_updated"


class MemberDeleted(MemberEvent):
    """``direct.member.delete``, ``dashboard.member.delete``, ``scim.member.delete``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_removed"


class OrganizationEvent(StytchEvent):
    """A ``*.organization.*`` event (B2B); ``data`` is the ``Organization``, ``None`` on
    ``delete``."""

    organization: Organization | None = None

    @property
    def data(self) -> Organization | None:
        """The ``organization``."""
        return self.organization


class OrganizationCreated(OrganizationEvent):
    """``direct.organization.create``, ``dashboard.organization.create``."""

    event_kind: ClassVar[Kind | None] = "tenant.created"


class OrganizationUpdated(OrganizationEvent):
    """``direct.organization.update``, ``dashboard.organization.update``."""

    event_kind: ClassVar[Kind | None] = "tenant.updated"


class OrganizationDeleted(OrganizationEvent):
    """``direct.organization.delete``, ``dashboard.organization.delete``."""

    event_kind: ClassVar[Kind | None] = "tenant.deleted"


class UserEvent(StytchEvent):
    """A ``*.user.*`` event (Consumer); ``data`` is the ``User``, ``None`` on ``delete``."""

    user: User | None = None

    @property
    def data(self) -> User | None:
        """The ``user``."""
        return self.user


class UserCreated(UserEvent):
    """``direct.user.create``, ``dashboard.user.create``."""

    event_kind: ClassVar[Kind | None] = "user.created"


class UserUpdated(UserEvent):
    """``direct.user.update``, ``dashboard.user.update``."""

    event_kind: ClassVar[Kind | None] = "user.updated"


class UserDeleted(UserEvent):
    """``direct.user.delete``, ``dashboard.user.delete``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"


class StytchGenericEvent(StytchEvent):
    """An event of a type authhooks has no model for (an SSO or SCIM connection's, ...);
    ``data`` is its object as sent."""


def _event_type(source: str, object_type: str, action: str) -> str:
    return f"{source.lower()}.{object_type}.{action.lower()}"


_B2B = ("direct", "dashboard", "scim")
_NOT_SCIM = ("direct", "dashboard")
#: Each typed event class, with the sources it is known to come from.
_CLASSES: tuple[tuple[type[StytchEvent], str, str, tuple[str, ...]], ...] = (
    (MemberCreated, "member", "create", _B2B),
    (MemberUpdated, "member", "update", _B2B),
    (MemberDeleted, "member", "delete", _B2B),
    (OrganizationCreated, "organization", "create", _NOT_SCIM),
    (OrganizationUpdated, "organization", "update", _NOT_SCIM),
    (OrganizationDeleted, "organization", "delete", _NOT_SCIM),
    (UserCreated, "user", "create", _NOT_SCIM),
    (UserUpdated, "user", "update", _NOT_SCIM),
    (UserDeleted, "user", "delete", _NOT_SCIM),
)
_TYPED: dict[str, type[StytchEvent]] = {
    _event_type(source, object_type, action): cls
    for cls, object_type, action, sources in _CLASSES
    for source in sources
}
_GENERIC = "generic"


def _tag(value: Any) -> str:
    """The union tag of a payload: its event type when it has a typed model, else
    ``"generic"`` (also when the type's parts are missing: the generic event then says
    which)."""
    names = ("source", "object_type", "action")
    if isinstance(value, Mapping):
        source, object_type, action = (value.get(name) for name in names)
    else:  # a model built in Python
        source, object_type, action = (getattr(value, name, None) for name in names)
    if not (isinstance(source, str) and isinstance(object_type, str) and isinstance(action, str)):
        return _GENERIC
    name = _event_type(source, object_type, action)
    return name if name in _TYPED else _GENERIC


def _union() -> Any:
    members = [Annotated[cls, Tag(name)] for name, cls in _TYPED.items()]
    members.append(Annotated[StytchGenericEvent, Tag(_GENERIC)])
    return Annotated[Union[tuple(members)], Discriminator(_tag)]  # noqa: UP007


#: Every Stytch event, discriminated on its event type.
StytchAnyEvent = _union()

#: Parses Stytch payloads: the Member, Organization and User events by their event type,
#: any other type as a ``StytchGenericEvent``.
PARSER: EventParser[StytchEvent] = EventParser(
    StytchEvent, union=StytchAnyEvent, generic=StytchGenericEvent
)

#: Every event type with a typed model.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)
