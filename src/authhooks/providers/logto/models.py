"""Logto's webhook payloads: the envelope, the events of every registrable hook, ``PARSER``.

Wire format (Logto's "Webhooks request" reference and its ``HookEventPayload`` types):

```json
{"hookId": "...", "event": "PostSignIn", "createdAt": "2026-01-01T00:00:00.000Z",
 "userAgent": "...", "sessionId": "...", "userId": "...", "user": {...}, ...}
```

Every payload has ``hookId`` (the webhook's id, the same for all its deliveries), ``event`` and
``createdAt``; the rest depends on what triggered the event: a user interaction
(``sessionId``, ``userIp``, ``user``...), a Management API call (``path``, ``method``,
``status``, ``params``, ``matchedRoute``, ``data``) or an exception. Every field but
``event`` is optional; unknown fields are kept; an unknown ``event`` parses into
[`LogtoGenericEvent`][authhooks.providers.logto.LogtoGenericEvent].
"""

from __future__ import annotations

from authhooks.parsing import EventParser
from authhooks.providers.logto import data, interaction
from authhooks.providers.logto.envelope import LogtoEvent, LogtoGenericEvent

__all__ = ["EVENT_TYPES", "PARSER"]

#: Parses Logto payloads: the known events discriminated on ``event`` (a ``Literal`` tag,
#: read straight from the JSON), any other name as a ``LogtoGenericEvent``.
PARSER: EventParser[LogtoEvent] = EventParser(
    LogtoEvent,
    [*interaction.EVENTS, *data.EVENTS],
    discriminator="event",
    generic=LogtoGenericEvent,
)

#: Every event name with a typed model.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)
