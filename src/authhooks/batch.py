"""Deliveries that carry several events: [`Batch`][authhooks.Batch].

Some senders put many events in one request: Okta event hooks (``data.events``), Auth0 log
streams (JSON lines, or a JSON array). The request is verified once; its receiver's
``verify`` returns a ``Batch``, a sequence of typed events that each keep the common contract
(``type``, ``id``, ``kind``, ``occurred_at``, ``raw``). Receivers of one event per request
are unchanged and return the event itself; [`events_of`][authhooks.batch.events_of] gives the
events of either.

How a batch is handled: a [`Router`][authhooks.Router] runs the handler of each event in
turn; with a de-duplication store, the framework adapters claim each event on its own, hand
the handler only those not handled before, and mark each done or release it by its own
outcome, so the provider's retry of a delivery where one event failed runs only that event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar, overload

from pydantic import ValidationError, ValidatorFunctionWrapHandler, WrapValidator

from authhooks._body import body_digest, decode_json
from authhooks.errors import PayloadError
from authhooks.events import Timestamp, WebhookEvent

if TYPE_CHECKING:
    from authhooks.parsing import EventParser

__all__ = [
    "MAX_BATCH_EVENTS",
    "Batch",
    "BatchedEvent",
    "LenientTimestamp",
    "events_of",
    "parse_events",
]

E_co = TypeVar("E_co", bound=WebhookEvent, covariant=True)
E = TypeVar("E", bound=WebhookEvent)

#: The most events one delivery may carry. A body holds at most ``max_body_size`` bytes
#: already; this bounds the work of a body made of many tiny records.
MAX_BATCH_EVENTS = 10_000


def _or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> datetime | None:
    try:
        result: datetime | None = handler(value)
    except ValidationError:
        return None
    return result


#: A [`Timestamp`][authhooks.events.Timestamp] that is ``None`` when the sender's text is not
#: a valid time (Okta's own reference event has ``2017-09-31``): one unreadable time must not
#: refuse a whole delivery of events. ``raw`` keeps the text as it came.
LenientTimestamp = Annotated[Timestamp | None, WrapValidator(_or_none)]


class BatchedEvent(WebhookEvent):
    """Base of the events that arrive in batches: ``raw`` is the event's own record, and an
    event that carries no id of its own gets the SHA-256 hex of that record (as compact JSON
    with sorted keys), not of the whole delivery's body."""

    def _body_id(self) -> str:
        record = json.dumps(
            self.raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
        )
        return body_digest(record.encode("utf-8", "surrogatepass"))


class Batch(Sequence[E_co], Generic[E_co]):
    """One verified delivery carrying several events, in the order the sender listed them.

    A ``Batch`` is a read-only sequence: ``len(batch)``, ``batch[0]``, ``for event in
    batch``. Each event is a typed event of the provider, with its own ``id`` (the key
    de-duplication uses) and ``occurred_at``. Batches compare equal when their provider, id
    and events are equal; ``repr()`` names each event's class and id, never a payload.

    Attributes:
        provider: the provider's name, as in each event's ``provider``.
        id: the delivery's id: the sender's (Okta's ``eventId``), else the SHA-256 hex of
            the raw body. A retried delivery may carry another id, or other events: use each
            event's ``id`` to de-duplicate.
        events: the events, as a tuple.

    Example:
        ```python
        import authhooks

        receiver = authhooks.Okta("Basic YWRtaW46c3VwZXJzZWNyZXQ=")


        def handle(body: bytes, headers: dict[str, str]) -> None:
            batch = receiver.verify(body, headers)  # one check for the whole request
            for event in batch:
                print(event.type, event.id, event.kind)
        ```
    """

    __slots__ = ("_body", "_outcomes", "_raw", "events", "id", "provider")

    provider: str
    id: str
    events: tuple[E_co, ...]

    def __init__(
        self,
        provider: str,
        events: Iterable[E_co],
        *,
        id: str,
        body: bytes = b"",
        raw: Any = None,
    ) -> None:
        self.provider = provider
        self.id = id
        self.events = tuple(events)
        self._body = body
        self._raw = raw
        #: The outcome of each event's handling, by position (see ``Router``): ``True``
        #: handled, ``False`` failed. The adapters settle de-duplication claims from it.
        self._outcomes: dict[int, bool] = {}

    @property
    def raw(self) -> Any:
        """The whole decoded delivery (Okta's envelope; Auth0's records): nothing is lost."""
        if self._raw is None and self._body:
            self._raw = decode_json(self._body)
        return self._raw

    @overload
    def __getitem__(self, index: int) -> E_co: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[E_co, ...]: ...

    def __getitem__(self, index: int | slice) -> E_co | tuple[E_co, ...]:
        return self.events[index]

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[E_co]:
        return iter(self.events)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Batch):
            return NotImplemented
        return (self.provider, self.id, self.events) == (other.provider, other.id, other.events)

    def __hash__(self) -> int:
        return hash((self.provider, self.id, len(self.events)))

    def __repr__(self) -> str:
        # Each event by its class and id: a batch may hold hundreds of events, and reprs
        # end up in logs (an event's own repr shows its payload).
        events = ", ".join(f"{type(event).__name__}(id={event.id!r})" for event in self.events)
        return f"Batch(provider={self.provider!r}, id={self.id!r}, events=[{events}])"

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def _part(self, positions: Sequence[int]) -> Batch[E_co]:
        """The batch of the events at ``positions``: the same delivery, fewer events."""
        part: Batch[E_co] = Batch(
            self.provider,
            [self.events[i] for i in positions],
            id=self.id,
            body=self._body,
            raw=self._raw,
        )
        return part


def events_of(result: WebhookEvent | Batch[E]) -> tuple[WebhookEvent, ...]:
    """The events of what a receiver's ``verify`` returned: a batch's events, or the one
    event of a provider that sends one per request."""
    if isinstance(result, Batch):
        return tuple(result.events)
    return (result,)


def parse_events(
    parser: EventParser[E],
    documents: Sequence[Any],
    payload: bytes,
    *,
    raws: Sequence[Any] | None = None,
    raw: Any = None,
) -> list[E]:
    """Parse each decoded record of a delivery into its typed event.

    Args:
        parser: the provider's parser.
        documents: the records, each a JSON object (reshaped when the provider needs it).
        payload: the delivery's raw bytes: the events' ``raw`` is their own record, and an
            invalid record's [`PayloadError`][authhooks.PayloadError] carries the body.
        raws: each record as it came, when ``documents`` were reshaped from them.
        raw: the whole decoded delivery, for an error's ``raw``.

    Raises:
        PayloadError: no record or too many, a record that is not a JSON object, or one
            that is not a valid event (the error names its position).
    """
    if not documents:
        raise PayloadError(f"{parser.provider} delivery holds no event", body=payload, raw=raw)
    if len(documents) > MAX_BATCH_EVENTS:
        raise PayloadError(
            f"{parser.provider} delivery holds more than {MAX_BATCH_EVENTS} events",
            body=payload,
            raw=raw,
        )
    events: list[E] = []
    for position, document in enumerate(documents):
        record = document if raws is None else raws[position]
        if not isinstance(document, dict):
            raise PayloadError(
                f"{parser.provider} delivery: event {position} is not a JSON object",
                body=payload,
                raw=raw,
                field=f"events.{position}",
            )
        try:
            events.append(parser.parse_document(document, payload, raw=record))
        except PayloadError as exc:
            field = f"events.{position}" + (f".{exc.field}" if exc.field else "")
            raise PayloadError(
                f"{parser.provider} delivery: event {position}: {exc.message}",
                body=payload,
                raw=raw,
                errors=exc.errors,
                field=field,
            ) from None
    return events
