"""WorkOS's webhook payloads: the envelope, the objects and the typed events, and ``PARSER``.

Envelope (WorkOS's events reference):

```json
{"id": "event_01H...", "event": "user.created", "data": {...},
 "created_at": "2023-11-18T04:18:13.126Z", "context": {"client_id": "client_..."}}
```

``data`` is the object of the event's family, typed in each event class; every field of it is
optional and unknown fields are kept. An event name authhooks has no model for parses into
[`WorkOSGenericEvent`][authhooks.providers.workos.WorkOSGenericEvent].
"""

from __future__ import annotations

from authhooks.parsing import EventParser
from authhooks.providers.workos import access, authkit, directory
from authhooks.providers.workos.envelope import WorkOSEvent, WorkOSGenericEvent

__all__ = ["EVENT_TYPES", "PARSER"]

#: Parses WorkOS payloads: the known events discriminated on ``event`` (a ``Literal`` tag,
#: read straight from the JSON), any other name as a ``WorkOSGenericEvent``.
PARSER: EventParser[WorkOSEvent] = EventParser(
    WorkOSEvent,
    [*authkit.EVENTS, *access.EVENTS, *directory.EVENTS],
    discriminator="event",
    generic=WorkOSGenericEvent,
)

#: Every event name with a typed model.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)
