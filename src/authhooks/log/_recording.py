"""One delivery being recorded: [`Recording`][authhooks.log.Recording], what an adapter (or a
queue worker, or a replay) calls at each point of a delivery.

Calls before the answer (``received``, ``accepted``) only collect; the call that gives the
answer (``refused``, ``duplicate``, ``in_progress``, ``handled``, ``failed``, ``handed_off``,
``handoff_failed``, ``dead_letter``) writes the record, emits one log record and the metrics.
A later call (a background handler finishing after ``handed_off``) writes an update.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from authhooks.errors import LogUnavailableError, WebhookError
from authhooks.log._capture import Kept, bounded, delivery_columns, request_columns
from authhooks.log._metrics import Observation
from authhooks.log._record import LIMITS, Change, Step

if TYPE_CHECKING:
    from types import TracebackType

    from authhooks.batch import Batch
    from authhooks.delivery import Delivery
    from authhooks.events import WebhookEvent
    from authhooks.log._log import DeliveryLog
    from authhooks.receiver import Receiver

__all__ = ["Recording"]

Phase = Literal["request", "worker", "replay"]

#: The outcomes of a delivery that was verified: its request is kept with ``keep_accepted``.
_VERIFIED = frozenset({"accepted", "duplicate", "in_progress", "handled", "failed", "dead_letter"})


def _status(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def describe_error(error: BaseException) -> str:
    """``Type: message``, bounded (an authhooks error's message never holds a secret)."""
    message = error.message if isinstance(error, WebhookError) else str(error)
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return bounded(text, LIMITS["error"])


class Recording:
    """The record of one delivery, filled in as it goes.

    Made by [`DeliveryLog.arrived`][authhooks.log.DeliveryLog.arrived] (a request),
    [`DeliveryLog.resume`][authhooks.log.DeliveryLog.resume] (a queue's attempt) or a replay.
    Use one recording from one thread or task at a time. Every method returns at once: the
    record is written by the log's background writer (except ``accepted`` when the log must
    not lose a delivery, which waits for it, at most the log's ``timeout``).

    Attributes:
        id: the log's id of the delivery.
    """

    def __init__(
        self,
        log: DeliveryLog,
        *,
        record_id: str,
        phase: Phase,
        receiver: Receiver[Any] | None = None,
        route: str | None = None,
        client: str | None = None,
        received_at: float | None = None,
        base: Mapping[str, Any] | None = None,
        delivery: Delivery | None = None,
    ) -> None:
        self.id = record_id
        self._log = log
        self._phase: Phase = phase
        self._receiver = receiver
        self._start = time.perf_counter()
        self._received_at = log.clock() if received_at is None else received_at
        self._arrived = log.clock()
        self._read: float | None = None
        self._verified_at: float | None = None
        self._verify_ms: float | None = None
        self._body: bytes | None = None
        self._headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None
        self._delivery = delivery
        self._written = False
        self._answered = False
        self._steps: list[Step] = []
        provider = receiver.provider if receiver is not None else ""
        self._base: dict[str, Any] = {
            "received_at": self._received_at,
            "provider": bounded(provider, LIMITS["provider"]),
            "route": None if route is None else bounded(route, LIMITS["route"]),
            "client": None if client is None else bounded(client, LIMITS["client"]),
        }
        self._base.update(base or {})
        if phase == "request":
            self._step("arrived")

    # -- what the adapters call -----------------------------------------------------------

    def received(
        self,
        body: bytes | None,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    ) -> None:
        """The request was read: its raw ``body`` (``None`` when it was refused before
        being read) and its ``headers``. Kept only as the log's policy says, secrets
        redacted."""
        self._read = time.perf_counter()
        self._body = None if body is None else bytes(body)
        self._headers = headers
        self._step("received", detail=f"{0 if body is None else len(body)} bytes")

    def accepted(self, event: WebhookEvent | Batch[Any], *, payload: bytes | None = None) -> None:
        """The request verified and parsed into ``event``; the handler runs next.

        Args:
            event: the verified event.
            payload: what the scheme vouched for, when it is not the event's own JSON.

        Raises:
            LogUnavailableError: the log is built with ``on_unavailable="fail"`` and could
                not store the delivery within its ``timeout``: answer 503 (the handler must
                not run), then call ``refused`` with that error.
        """
        self._accept(event, payload)
        if self._log.must_record:
            self._must_write()

    async def aaccepted(
        self, event: WebhookEvent | Batch[Any], *, payload: bytes | None = None
    ) -> None:
        """[`accepted`][authhooks.log.Recording.accepted] for async code: waiting for the
        log (``on_unavailable="fail"``) does not block the event loop."""
        self._accept(event, payload)
        if self._log.must_record:
            import anyio.to_thread

            await anyio.to_thread.run_sync(self._must_write)

    def refused(
        self,
        error: BaseException | None = None,
        *,
        status: int | None,
        reason: str | None = None,
    ) -> None:
        """The request was refused (not verified, malformed, too large, not allowed, keys
        unavailable, the log unavailable...) and answered ``status``.

        Args:
            error: the error that refused it (its ``reason`` is recorded).
            status: the HTTP status actually sent (an ``on_error`` answer's own).
            reason: the reason code, when there is no error (``"method_not_allowed"``).
        """
        if reason is None:
            reason = error.reason if isinstance(error, WebhookError) else "refused"
        self._verify_ms = self._verify_ms if self._verify_ms is not None else self._since_read()
        self._finish("rejected", status, reason, error, "refused")
        self._maybe_diagnose(error)

    def duplicate(self, *, status: int | None = 200) -> None:
        """The event was handled before: acknowledged (``status``) without running the
        handler."""
        self._finish("duplicate", status, None, None, "duplicate")

    def in_progress(self, *, status: int | None = 503, error: BaseException | None = None) -> None:
        """The event is being handled by another delivery: answered "retry later"."""
        self._finish("in_progress", status, "event_in_progress", error, "in_progress")

    def handled(self, *, status: int | None = None) -> None:
        """The handler finished; ``status`` is the answer sent (``None`` for a queue's
        worker or a replay)."""
        self._finish("handled", status, None, None, "handled", attempt=True)

    def failed(
        self,
        error: BaseException | None = None,
        *,
        status: int | None = None,
        reason: str | None = None,
    ) -> None:
        """The handler raised ``error``, or answered a failure ``status`` (the provider, or
        the queue, will retry)."""
        if reason is None:
            if isinstance(error, WebhookError):
                reason = error.reason
            else:
                reason = "handler_error" if error is not None else "handler_failure"
        self._finish("failed", status, reason, error, "failed", attempt=True)

    def handed_off(self, *, status: int | None = 202) -> None:
        """The verified delivery was handed to a queue (``self.delivery``); a worker records
        the rest with [`DeliveryLog.resume`][authhooks.log.DeliveryLog.resume]."""
        self._finish("accepted", status, None, None, "handed_off")

    def handoff_failed(self, error: BaseException, *, status: int | None = 503) -> None:
        """The verified delivery could not be handed to the queue (answered ``status``)."""
        self._finish("failed", status, "handoff_failed", error, "handoff_failed")
        self._log.observe_handoff_failure(self._base["provider"], self._base["route"])

    def dead_letter(self, error: BaseException | None = None) -> None:
        """A queue gave up on the delivery: its last attempt failed (counted as an attempt)."""
        reason = error.reason if isinstance(error, WebhookError) else "dead_letter"
        self._finish("dead_letter", None, reason, error, "dead_letter", attempt=True)

    @property
    def delivery(self) -> Delivery | None:
        """The verified delivery (after ``accepted``), carrying this record's id in
        ``attributes["log_id"]``: what to hand to a queue, whose worker resumes the record
        with it."""
        if self._delivery is None:
            return None
        return replace(self._delivery, attributes={**self._delivery.attributes, "log_id": self.id})

    def __enter__(self) -> Recording:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Record an exception that escapes the block as a failure (status 500 for a
        request), unless an answer was recorded already."""
        if exc is not None and not self._answered:
            if self._delivery is None:
                self.refused(exc, status=500, reason="error")
            else:
                self.failed(exc, status=500 if self._phase == "request" else None)

    # -- inside ---------------------------------------------------------------------------

    def _step(self, name: str, status: int | None = None, detail: str = "") -> None:
        at = self._arrived + (time.perf_counter() - self._start)
        self._steps.append(Step(name, at, status, bounded(detail, 200)))

    def _since_read(self) -> float:
        began = self._read if self._read is not None else self._start
        return (time.perf_counter() - began) * 1000

    def _accept(self, event: WebhookEvent | Batch[Any], payload: bytes | None) -> None:
        from authhooks.batch import Batch
        from authhooks.delivery import Delivery

        self._verify_ms = self._since_read()
        self._verified_at = time.perf_counter()
        if isinstance(event, Batch):
            # Several events: their types, the batch's id (the sender's, or the body's hash).
            kind = ",".join(sorted({item.type for item in event.events}))
            delivery_id: str | None = event.id
        else:
            kind, delivery_id = event.type, event._delivery_id
        self._base.update(
            event_type=bounded(kind, LIMITS["event_type"]),
            event_id=bounded(event.id, LIMITS["event_id"]),
            delivery_id=None
            if delivery_id is None
            else bounded(delivery_id, LIMITS["delivery_id"]),
        )
        if self._receiver is not None:
            self._delivery = Delivery.of(
                self._receiver,
                event,
                payload=payload,
                route=self._base["route"],
                received_at=self._received_at,
            )
        self._step("verified", detail=kind)

    def _must_write(self) -> None:
        change = self._change("accepted", None, None, None)
        self._written = True
        if not self._log.write_now(change):
            raise LogUnavailableError(
                "the delivery log could not record this delivery in time", retry_after=30
            )

    def _handler_ms(self, attempt: bool) -> float | None:
        if not attempt:
            return None
        began = self._verified_at if self._verified_at is not None else self._start
        return (time.perf_counter() - began) * 1000

    def _finish(
        self,
        outcome: str,
        status: int | None,
        reason: str | None,
        error: BaseException | None,
        step: str,
        *,
        attempt: bool = False,
    ) -> None:
        status = _status(status)
        handler_ms = self._handler_ms(attempt)
        self._step(step, status, reason or "")
        first = not self._answered
        self._answered = True
        if self._log.stores:  # without a store: the log record and the metrics only
            change = self._change(
                outcome, status, reason, error, attempt=attempt, handler=handler_ms
            )
            self._log.put(change)
        self._written = True
        total = (time.perf_counter() - self._start) * 1000
        observation = Observation(
            provider=self._base["provider"],
            route=self._base["route"],
            outcome=outcome,
            status=status,
            reason=reason,
            event_type=self._base.get("event_type") or "",
            verify_seconds=None if self._verify_ms is None or not first else self._verify_ms / 1000,
            handler_seconds=None if handler_ms is None else handler_ms / 1000,
            total_seconds=total / 1000,
            phase=self._phase,
        )
        self._log.observe(self, observation, error)

    def _change(
        self,
        outcome: str,
        status: int | None,
        reason: str | None,
        error: BaseException | None,
        *,
        attempt: bool = False,
        handler: float | None = None,
    ) -> Change:
        now = self._log.clock()
        fields: dict[str, Any] = {
            "outcome": outcome,
            "status": status,
            "reason": None if reason is None else bounded(reason, LIMITS["reason"]),
            "updated_at": now,
        }
        if error is not None:
            fields["error"] = describe_error(error)
        if handler is not None:
            fields["handler_ms"] = handler
        steps, self._steps = self._steps, []
        change = Change(self.id, fields, steps, attempts=1 if attempt else 0)
        if self._written:
            return change
        # The first write of this delivery: the whole row.
        fields.update(self._base)
        if self._phase == "request":
            fields["verify_ms"] = self._verify_ms
            fields["total_ms"] = (time.perf_counter() - self._start) * 1000
            log = self._log
            scheme = None if self._receiver is None else self._receiver.scheme
            columns = request_columns(
                Kept(
                    provider=self._base["provider"],
                    route=self._base["route"],
                    outcome=outcome,
                    event_type=self._base.get("event_type") or "",
                    body=self._body,
                    payload=None,
                    headers=self._headers or {},
                ),
                scheme=scheme,
                delivery=self._delivery,
                keep=log.keep_accepted if outcome in _VERIFIED else log.keep_rejected,
                keep_signatures=log.keep_signatures,
                redact=log.apply_redaction if log.redact is not None else None,
            )
            fields.update(columns)
            change.new = True
        else:
            change.create = True
            change.defaults = delivery_columns(self._delivery, None)
        return change

    def _maybe_diagnose(self, error: BaseException | None) -> None:
        """Diagnose a refused request whose body is within the size kept of refusals."""
        body = self._body
        if self._receiver is None or body is None or len(body) > self._log.keep_rejected:
            return
        if not isinstance(error, WebhookError):
            return
        self._log.diagnose_later(self.id, self._receiver, body, self._headers, error)
