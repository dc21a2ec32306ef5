"""Replaying logged deliveries: the handler runs again for each (inline, or through a
dispatcher that hands it to a queue), without verifying again, de-duplicated like any
delivery, and each replay recorded.

A replay is de-duplicated by the log itself (an event the log saw handled at the same route
is a duplicate) and, when one is given, by the de-duplication store the endpoint uses.
``force=True`` runs the handler all the same.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from authhooks.errors import ConfigurationError, WebhookError
from authhooks.log._record import Query, Record

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore
    from authhooks.delivery import Delivery
    from authhooks.log._log import DeliveryLog
    from authhooks.log._recording import Recording

__all__ = ["Dispatcher", "Handler", "Replayed", "Replayer", "load_object", "replay"]

#: Runs an event: a function of the event, or a [`Router`][authhooks.Router].
Handler = Callable[[Any], Any]
#: Hands a delivery to a queue: called with the [`Delivery`][authhooks.Delivery] (its
#: ``attributes["log_id"]`` names the replay's record, for the worker's ``log.resume``).
Dispatcher = Callable[["Delivery"], Any]


def load_object(target: str) -> Any:
    """The object ``module:attribute`` names (``myapp.hooks:router``,
    ``myapp.tasks:queue.enqueue``).

    Raises:
        ConfigurationError: ``target`` is not of that form, or names nothing.
    """
    module_name, colon, path = target.partition(":")
    if not colon or not module_name or not path:
        raise ConfigurationError(f"{target!r} is not of the form module:attribute")
    try:
        value: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigurationError(f"cannot import {module_name!r}: {exc}") from None
    for name in path.split("."):
        try:
            value = getattr(value, name)
        except AttributeError:
            raise ConfigurationError(f"{module_name!r} has no attribute {path!r}") from None
    return value


@dataclass(frozen=True)
class Replayed:
    """What became of one replay.

    Attributes:
        original: the id of the delivery replayed.
        id: the id of the replay's own record (``None`` when nothing was replayed).
        outcome: ``handled``, ``failed``, ``duplicate``, ``accepted`` (handed to the
            queue) or ``skipped`` (nothing to replay: not found, refused, event not kept).
        detail: why, in a few words.
    """

    original: str
    id: str | None
    outcome: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Whether the replay did not fail (a duplicate is not a failure)."""
        return self.outcome in ("handled", "duplicate", "accepted")


class Replayer:
    """Runs the handler again for logged deliveries.

    Args:
        handler: called with each event (a function or a [`Router`][authhooks.Router]; a
            coroutine it returns is run to completion).
        dispatcher: called with each [`Delivery`][authhooks.Delivery] instead: the queue
            hand-off (its worker records the outcome with ``log.resume``).
        dedup: the endpoints' de-duplication store, consulted as a delivery would be.
    """

    def __init__(
        self,
        handler: Handler | None = None,
        *,
        dispatcher: Dispatcher | None = None,
        dedup: DedupStore | None = None,
    ) -> None:
        if handler is None and dispatcher is None:
            raise ConfigurationError("a replay needs a handler or a dispatcher")
        for name, value in (("handler", handler), ("dispatcher", dispatcher)):
            if value is not None and not callable(value):
                raise ConfigurationError(f"the {name} must be callable")
        self.handler = handler
        self.dispatcher = dispatcher
        self.dedup = dedup

    def replay(
        self, log: DeliveryLog, targets: Iterable[str | Record], *, force: bool = False
    ) -> list[Replayed]:
        """Replay each of ``targets`` (record ids or records) in order; the log is flushed
        after each, so a later one sees an earlier one handled."""
        results = []
        for target in targets:
            results.append(self.replay_one(log, target, force=force))
            log.flush()
        return results

    def replay_one(
        self, log: DeliveryLog, target: str | Record, *, force: bool = False
    ) -> Replayed:
        """Replay one delivery (see [`replay`][authhooks.log.Replayer.replay])."""
        record = log.get(target) if isinstance(target, str) else log.get(target.id) or target
        name = target if isinstance(target, str) else target.id
        if record is None:
            return Replayed(name, None, "skipped", "no such delivery in the log")
        if record.delivery is None:
            why = (
                "it was refused: nothing verified to replay"
                if record.outcome == "rejected"
                else "its event was not kept"
            )
            return Replayed(record.id, None, "skipped", why)
        recording = log.replaying(record)
        result = self._run(log, record, recording, force)
        log.note(record.id, "replayed", f"as {recording.id}: {result.outcome}")
        return result

    def _run(self, log: DeliveryLog, record: Record, recording: Recording, force: bool) -> Replayed:
        def done(outcome: str, detail: str = "") -> Replayed:
            return Replayed(record.id, recording.id, outcome, detail)

        if not force:
            earlier = _handled_before(log, record)
            if earlier is not None:
                recording.duplicate(status=None)
                return done("duplicate", f"handled before, as {earlier}")
        delivery = recording.delivery
        if delivery is None:  # pragma: no cover (record.delivery was checked)
            return done("skipped", "its event was not kept")
        if self.dispatcher is not None:
            try:
                self.dispatcher(delivery)
            except Exception as exc:
                recording.handoff_failed(exc, status=None)
                return done("failed", f"hand-off failed: {type(exc).__name__}")
            recording.handed_off(status=None)
            return done("accepted", "handed to the queue")
        try:
            event = delivery.parse()
        except WebhookError as exc:
            recording.failed(exc)
            return done("failed", f"{type(exc).__name__}: {exc}")
        try:
            duplicate = self._handle(event, record.route, force)
        except Exception as exc:
            recording.failed(exc)
            return done("failed", f"{type(exc).__name__}: {exc}")
        if duplicate:
            recording.duplicate(status=None)
            return done("duplicate", "the de-duplication store has it handled")
        recording.handled()
        return done("handled")

    def _handle(self, event: Any, route: str | None, force: bool) -> bool:
        """Run the handler (through the store unless forced); whether it was a duplicate."""
        handler = self.handler
        if handler is None:  # pragma: no cover (checked at construction)
            raise ConfigurationError("no handler")

        def call() -> Any:
            return _finish(handler(event))

        if self.dedup is None or force:
            call()
            return False
        from authhooks.dedup import Duplicate, arun_once, run_once

        if getattr(self.dedup, "is_async", False):

            async def acall() -> Any:
                return call()

            result = asyncio.run(arun_once(self.dedup, event, acall, scope=route))
        else:
            result = run_once(self.dedup, event, call, scope=route)
        return isinstance(result, Duplicate)


def _finish(result: Any) -> Any:
    if inspect.isawaitable(result):
        return asyncio.run(_await(result))
    return result


async def _await(value: Awaitable[Any]) -> Any:
    return await value


def _handled_before(log: DeliveryLog, record: Record) -> str | None:
    """The id of a record of the same event, handled at the same route, if the log has one."""
    if not record.event_id:
        return None
    seen = log.find(
        Query(
            provider=record.provider,
            event_id=record.event_id,
            outcomes=("handled",),
            limit=100,
        )
    )
    for other in seen:
        if other.route == record.route:
            return other.id
    return None


def replay(
    log: DeliveryLog,
    targets: Iterable[str | Record],
    *,
    handler: Handler | None = None,
    dispatcher: Dispatcher | None = None,
    dedup: DedupStore | None = None,
    force: bool = False,
) -> list[Replayed]:
    """Replay ``targets`` (record ids or records): see [`Replayer`][authhooks.log.Replayer].

    ```python
    from authhooks.log import Query, replay

    failed = log.find(Query(outcomes=("failed", "dead_letter"), replays=False))
    for result in replay(log, failed, handler=router):
        print(result.original, result.outcome)
    ```
    """
    return Replayer(handler, dispatcher=dispatcher, dedup=dedup).replay(log, targets, force=force)
