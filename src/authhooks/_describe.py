"""An event as JSON-ready data: what the command line, the inspect page and the Django admin
show of a parsed delivery."""

from __future__ import annotations

from typing import Any

from authhooks.batch import Batch
from authhooks.events import WebhookEvent

__all__ = ["describe_event"]


def describe_event(event: WebhookEvent | Batch[Any]) -> dict[str, Any]:
    """The core attributes of ``event`` and its typed payload, as JSON-ready data; for a
    [`Batch`][authhooks.Batch] (one delivery of several events), the delivery's provider,
    id and event types, and each event described."""
    if isinstance(event, Batch):
        return {
            "provider": event.provider,
            "class": "Batch",
            "id": event.id,
            "types": [each.type for each in event],
            "events": [describe_event(each) for each in event],
        }
    occurred = event.occurred_at
    return {
        "provider": event.provider,
        "class": type(event).__name__,
        "type": event.type,
        "kind": event.kind,
        "id": event.id,
        "occurred_at": None if occurred is None else occurred.isoformat(),
        "payload": event.model_dump(mode="json", by_alias=True, exclude_none=True),
    }
