"""A task queue's worker attempts in the delivery log: a dispatcher listener."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from authhooks.dispatch import Outcome
    from authhooks.log._log import DeliveryLog

__all__ = ["WorkerOutcomes"]


class WorkerOutcomes:
    """Records what a queue's worker did with each delivery in a
    [`DeliveryLog`][authhooks.log.DeliveryLog]: append it to the dispatcher's listeners.

    ```python
    from celery import Celery as CeleryApp

    from authhooks.dispatch import Celery
    from authhooks.log import DeliveryLog, WorkerOutcomes

    log = DeliveryLog("deliveries.db")
    dispatcher = Celery(CeleryApp("hooks", broker="redis://localhost:6379/0"))
    dispatcher.listeners.append(WorkerOutcomes(log))
    ```

    The adapters (given the same ``log=``) record the request and its hand-off; the job
    carries the record's id, so each attempt on a worker (handled, failed, duplicate, dead
    letter) updates that same record, with the attempt count and the error. Outcomes of the
    web side are recorded by the adapter and ignored here. Each record is written before
    the listener returns (a worker process may end right after its job).
    """

    def __init__(self, log: DeliveryLog) -> None:
        self.log = log

    def __call__(self, outcome: Outcome) -> None:
        """Record one worker outcome."""
        delivery = outcome.delivery
        if delivery is None or outcome.status not in {
            "handled",
            "duplicate",
            "failed",
            "dead_letter",
        }:
            return
        recording = self.log.resume(delivery)
        if outcome.status == "handled":
            recording.handled()
        elif outcome.status == "duplicate":
            recording.duplicate(status=None)
        elif outcome.status == "failed":
            recording.failed(outcome.error)
        else:
            recording.dead_letter(outcome.error)
        # A worker may end its process right after the job (RQ's work horse): write now.
        self.log.flush()
