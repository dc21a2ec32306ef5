"""A verified delivery as data: what a task queue carries and the delivery log stores.

A [`Delivery`][authhooks.Delivery] holds what a receiver vouched for (the payload) and what
is needed to parse it again later, on another machine, with no secret: the provider's name
and the receiver's parse options. It is JSON-safe, never holds a header or a secret, and is
read back without importing anything it names: a provider is looked up in the registry, any
other sender is an [`authhooks.Webhook`][authhooks.Webhook].
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from authhooks.batch import Batch
from authhooks.errors import ConfigurationError, PayloadError
from authhooks.events import WebhookEvent
from authhooks.receiver import Receiver

__all__ = ["Delivery"]

#: The layout version of a delivery's JSON.
FORMAT = 1


@dataclass(frozen=True)
class Delivery:
    """A verified delivery, ready to be parsed again with no secret.

    Attributes:
        provider: the provider's name (``event.provider``), or a generic sender's.
        payload: the bytes the scheme vouched for (the body, or a body-token's claims JSON).
        receiver: the receiver's parse state (``Receiver.parse_state()``): no secret.
        generic: whether the sender is an ``authhooks.Webhook`` rather than a registered
            provider.
        route: the endpoint it arrived at (the adapters' de-duplication scope), if known.
        delivery_id: the sender's id of the delivery (``webhook-id``, a token's ``jti``).
        received_at: when it arrived, in Unix seconds.
        event_type: the event's ``type`` when it arrived (empty for a batch).
        event_id: the event's ``id`` when it arrived (a batch's ``id``).
        attributes: anything else the caller records (a queue's attempt number...).
    """

    provider: str
    payload: bytes
    receiver: Mapping[str, Any] = field(default_factory=dict)
    generic: bool = False
    route: str | None = None
    delivery_id: str | None = None
    received_at: float = 0.0
    event_type: str = ""
    event_id: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        receiver: Receiver[Any],
        event: WebhookEvent | Batch[Any],
        *,
        payload: bytes | None = None,
        route: str | None = None,
        received_at: float | None = None,
    ) -> Delivery:
        """The delivery of ``event``, which ``receiver`` verified.

        Args:
            receiver: the receiver that verified it.
            event: the event it returned, or the [`Batch`][authhooks.Batch] of a sender
                of several events per request (then ``event_type`` is empty and
                ``event_id`` the batch's id; ``parse`` gives the batch again).
            payload: what the scheme vouched for (default: the event's own JSON, which is the
                payload for every receiver).
            route: the endpoint it arrived at.
            received_at: when it arrived (default: now).
        """
        from authhooks.webhook import Webhook

        if isinstance(event, Batch):  # several events: the delivery's id, no one type
            body, delivery_id, event_type = event._body, None, ""
        else:
            body, delivery_id, event_type = event._body, event._delivery_id, event.type
        return cls(
            provider=event.provider,
            payload=body if payload is None else payload,
            receiver=receiver.parse_state(),
            generic=isinstance(receiver, Webhook),
            route=route,
            delivery_id=delivery_id,
            received_at=time.time() if received_at is None else received_at,
            event_type=event_type,
            event_id=event.id,
        )

    def parse(self) -> Any:
        """The event, parsed again as the receiver that verified it would (no verification).

        Raises:
            ConfigurationError: the provider is not registered here.
            PayloadError: the payload is not a valid event.
        """
        return self.parsing_receiver().parse(self.payload, delivery_id=self.delivery_id)

    def parsing_receiver(self) -> Receiver[Any]:
        """A receiver that parses this delivery's payload (it cannot verify)."""
        if self.generic:
            from authhooks.webhook import Webhook

            return Webhook.for_parsing(self.receiver)
        from authhooks import providers

        try:
            entry = providers.get(self.provider)
        except LookupError:
            raise ConfigurationError(
                f"the delivery's provider {self.provider[:40]!r} is not registered here"
            ) from None
        return entry.receiver_class.for_parsing(self.receiver)

    def to_json(self) -> bytes:
        """The delivery as compact UTF-8 JSON (the payload in base64)."""
        document = asdict(self)
        document["payload"] = base64.b64encode(self.payload).decode("ascii")
        document["receiver"] = dict(self.receiver)
        document["attributes"] = dict(self.attributes)
        document["format"] = FORMAT
        return json.dumps(document, separators=(",", ":"), sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> Delivery:
        """A delivery read back from [`to_json`][authhooks.Delivery.to_json]'s output.

        Raises:
            PayloadError: ``data`` is not such a document.
        """
        try:
            document = json.loads(data)
        except (ValueError, RecursionError):
            raise PayloadError("a delivery is a JSON document") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise PayloadError(f"a delivery is a JSON object of format {FORMAT}")
        try:
            return cls(
                provider=_text(document["provider"]),
                payload=base64.b64decode(document["payload"], validate=True),
                receiver=_mapping(document.get("receiver", {})),
                generic=bool(document.get("generic", False)),
                route=_optional_text(document.get("route")),
                delivery_id=_optional_text(document.get("delivery_id")),
                received_at=float(document.get("received_at", 0.0)),
                event_type=_text(document.get("event_type", "")),
                event_id=_text(document.get("event_id", "")),
                attributes=_mapping(document.get("attributes", {})),
            )
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise PayloadError("the delivery's JSON is missing or mistypes a field") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("not an object")
    return value
