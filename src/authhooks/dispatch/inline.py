"""[`Inline`][authhooks.dispatch.Inline]: handle a delivery at once, in the receiving
process."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from authhooks.delivery import Delivery
from authhooks.dispatch._base import Dispatcher, Listener, check_delivery
from authhooks.dispatch._worker import Handling
from authhooks.errors import ConfigurationError

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore

__all__ = ["Inline"]


class Inline(Dispatcher):
    """Handle each delivery at once, in the process that received it: the adapters' default.

    ``Inline()`` tells an adapter to run its own view or handler before answering, as it
    always has: the provider sees a failure (a 5xx) and retries it.

    Given a handler, ``enqueue`` runs it the way a queue's worker would (parse the delivery
    again, de-duplicate, report), in the caller: to replay stored deliveries, or to run
    queue-shaped code in tests and scripts without a broker. A failure propagates to the
    caller; an event being handled elsewhere raises
    [`EventInProgressError`][authhooks.EventInProgressError].

    Args:
        handler: called with each parsed event (a function, an ``async def`` function or a
            [`Router`][authhooks.Router]); ``None`` for the adapters' default.
        dedup: the de-duplication store guarding ``handler`` (a sync client).
        listeners: see [`Dispatcher`][authhooks.dispatch.Dispatcher].
    """

    engine = "inline"
    inline = True

    def __init__(
        self,
        handler: Callable[[Any], Any] | None = None,
        *,
        dedup: DedupStore | None = None,
        listeners: Iterable[Listener] = (),
    ) -> None:
        super().__init__(listeners=listeners)
        if handler is None and dedup is not None:
            raise ConfigurationError(
                "Inline(dedup=...) guards its own handler: give the adapter its dedup= instead"
            )
        if dedup is not None:
            from authhooks.dedup._run import check_sync

            check_sync(dedup)
        self.handler = handler
        self.dedup = dedup
        self._handling = None if handler is None else Handling(self, handler, dedup)

    def enqueue(self, delivery: Delivery) -> None:
        """Handle ``delivery`` now, in this thread.

        Raises:
            ConfigurationError: this dispatcher has no handler (the adapters run their own).
            EventInProgressError: the event is being handled elsewhere (retry later).
            StoreUnavailableError: the de-duplication store cannot be reached.
        """
        check_delivery(delivery)
        if self._handling is None:
            raise ConfigurationError(
                "Inline() without a handler is the adapters' default (they run their own "
                "view): give it a handler to handle deliveries with enqueue()"
            )
        self._handling.run(delivery.to_json(), attempt=1, final=False, defer=False)

    async def aenqueue(self, delivery: Delivery) -> None:
        """[`enqueue`][authhooks.dispatch.Inline.enqueue] on a worker thread, so the event
        loop is not blocked (an ``async def`` handler runs on that thread's own loop)."""
        import anyio.to_thread

        await anyio.to_thread.run_sync(self.enqueue, delivery)

    def __repr__(self) -> str:
        return "Inline()" if self.handler is None else f"Inline({self.handler!r})"
