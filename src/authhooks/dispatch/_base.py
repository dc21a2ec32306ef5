"""The dispatcher seam: what the adapters call with a verified delivery, and what it reports.

A [`Dispatcher`][authhooks.dispatch.Dispatcher] takes a [`Delivery`][authhooks.Delivery] and
either handles it at once ([`Inline`][authhooks.dispatch.Inline]) or hands it to a task queue
([`QueueDispatcher`][authhooks.dispatch.QueueDispatcher]), reporting each step to its
``listeners`` as an [`Outcome`][authhooks.dispatch.Outcome].
"""

from __future__ import annotations

import logging
import math
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from authhooks.delivery import Delivery
from authhooks.errors import ConfigurationError

__all__ = ["Dispatcher", "Listener", "Outcome", "OutcomeStatus", "number"]

logger = logging.getLogger("authhooks")

#: What happened to a delivery: on the web side ``"enqueued"`` (the broker stored the job)
#: or ``"unavailable"`` (it did not: the request is answered 503); on a worker
#: ``"handled"``, ``"duplicate"`` (already handled: the handler did not run),
#: ``"deferred"`` (the event is being handled elsewhere, or the de-duplication store is
#: unreachable: checked again later, without counting an attempt), ``"failed"`` (an attempt
#: failed and will be retried) or ``"dead_letter"`` (the last attempt failed: the job is kept
#: as a dead letter); ``"requeued"`` when a dead letter is sent to be run again.
OutcomeStatus = Literal[
    "enqueued",
    "unavailable",
    "handled",
    "duplicate",
    "deferred",
    "failed",
    "dead_letter",
    "requeued",
]


@dataclass(frozen=True)
class Outcome:
    """One step of a delivery's hand-off, as reported to a dispatcher's ``listeners``.

    Attributes:
        status: what happened (see ``OutcomeStatus``).
        engine: ``"inline"``, ``"celery"``, ``"rq"`` or ``"dramatiq"``.
        delivery: the delivery; ``None`` only for a job that is not a delivery's JSON.
        job_id: the engine's id of the job, when there is one.
        attempt: the handler's attempt number (1 for the first run) on a worker; 0 on the
            web side.
        error: the exception, for ``"unavailable"``, ``"failed"``, ``"dead_letter"`` and
            ``"deferred"``.
        duration: seconds the step took: the publish on the web side, the handler's run
            (with its de-duplication) on a worker.
        retry_in: for ``"failed"`` and ``"deferred"``: seconds until the job runs again, when
            known.
    """

    status: OutcomeStatus
    engine: str
    delivery: Delivery | None
    job_id: str | None = None
    attempt: int = 0
    error: BaseException | None = None
    duration: float | None = None
    retry_in: float | None = None


#: A callable told of every [`Outcome`][authhooks.dispatch.Outcome]; what it raises is
#: logged and ignored, so a listener never changes a delivery's fate.
Listener = Callable[[Outcome], None]


def number(name: str, value: Any, *, minimum: float = 0.0, allow_zero: bool = False) -> float:
    """``value`` as a finite float above ``minimum`` (or equal to it with ``allow_zero``).

    Raises:
        ConfigurationError: it is not such a number.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"{name} must be a number of seconds")
    if not math.isfinite(value) or value < minimum or (value == minimum and not allow_zero):
        raise ConfigurationError(f"{name} must be a finite number above {minimum:g}")
    return float(value)


class Dispatcher(ABC):
    """Where an adapter sends a verified delivery: handled at once, or queued for a worker.

    Every dispatcher has ``listeners``, a plain list of callables each told of every
    [`Outcome`][authhooks.dispatch.Outcome] (enqueued, handled, failed, dead letter...): the
    hook for logs and metrics. A listener runs in the thread that reports, must be quick, and
    what it raises is logged and ignored.

    Args:
        listeners: the first listeners (more may be appended to ``listeners`` later).
    """

    #: The engine's name, as in ``Outcome.engine``.
    engine: ClassVar[str]
    #: Whether the adapters run their own view or handler (today's behaviour) rather than
    #: calling [`enqueue`][authhooks.dispatch.Dispatcher.enqueue].
    inline: ClassVar[bool] = False

    def __init__(self, *, listeners: Iterable[Listener] = ()) -> None:
        self.listeners: list[Listener] = list(listeners)
        for listener in self.listeners:
            if not callable(listener):
                raise ConfigurationError("a listener must be callable")

    @abstractmethod
    def enqueue(self, delivery: Delivery) -> None:
        """Hand ``delivery`` over; return once it is safe to acknowledge the webhook.

        Raises:
            QueueUnavailableError: the broker did not accept the job (answer 503).
        """

    @abstractmethod
    async def aenqueue(self, delivery: Delivery) -> None:
        """[`enqueue`][authhooks.dispatch.Dispatcher.enqueue] for async code: it does not
        block the event loop."""

    def report(
        self,
        status: OutcomeStatus,
        delivery: Delivery | None,
        **fields: Any,
    ) -> None:
        """Tell every listener of an outcome; a listener that raises is logged and skipped."""
        if not self.listeners:
            return
        outcome = Outcome(status, self.engine, delivery, **fields)
        for listener in list(self.listeners):
            try:
                listener(outcome)
            except Exception:
                logger.exception("an authhooks dispatch listener raised on a %r outcome", status)


def check_delivery(delivery: Any) -> Delivery:
    """``delivery``, checked to be a [`Delivery`][authhooks.Delivery]."""
    if not isinstance(delivery, Delivery):
        raise ConfigurationError("a dispatcher takes an authhooks.Delivery")
    return delivery


def elapsed(started: float) -> float:
    """Seconds since ``started`` (a ``time.perf_counter()`` value)."""
    return time.perf_counter() - started
