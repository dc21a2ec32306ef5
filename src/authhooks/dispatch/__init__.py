"""Acknowledge fast, handle on a task queue: hand verified deliveries to Celery, RQ or
Dramatiq, and handle each event once on the workers.

The web process verifies a webhook, then gives its [`Delivery`][authhooks.Delivery] to a
dispatcher; the dispatcher returns once the broker has stored the job (the webhook is then
acknowledged) or raises [`QueueUnavailableError`][authhooks.QueueUnavailableError] (answer
503 with ``Retry-After``: the provider retries, nothing is acknowledged that was not stored).
A worker parses the job again, with no secret, and runs the handler once per event through a
de-duplication store.

```python
dispatcher = authhooks.dispatch.Celery(app)                     # the web process
dispatcher.enqueue(authhooks.Delivery.of(receiver, event, route="/hooks/clerk"))

deliveries = authhooks.dispatch.celery_task(dispatcher, router, dedup=store)  # the workers
```

Engines, each an extra: [`Celery`][authhooks.dispatch.Celery] and
[`celery_task`][authhooks.dispatch.celery_task] (``authhooks[celery]``),
[`RQ`][authhooks.dispatch.RQ] and [`rq_job`][authhooks.dispatch.rq_job] (``authhooks[rq]``),
[`Dramatiq`][authhooks.dispatch.Dramatiq] and
[`dramatiq_actor`][authhooks.dispatch.dramatiq_actor] (``authhooks[dramatiq]``).
[`Inline`][authhooks.dispatch.Inline] handles a delivery in the receiving process.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from authhooks.dispatch._base import (
    Dispatcher as Dispatcher,
    Listener as Listener,
    Outcome as Outcome,
    OutcomeStatus as OutcomeStatus,
)
from authhooks.dispatch._queue import DeadLetter as DeadLetter, QueueDispatcher as QueueDispatcher
from authhooks.dispatch.inline import Inline as Inline

# The engines, imported on first use (each needs its extra).
_ENGINES: dict[str, str] = {
    "Celery": "authhooks.dispatch.celery",
    "celery_task": "authhooks.dispatch.celery",
    "RQ": "authhooks.dispatch.rq",
    "rq_job": "authhooks.dispatch.rq",
    "Dramatiq": "authhooks.dispatch.dramatiq",
    "dramatiq_actor": "authhooks.dispatch.dramatiq",
}

__all__ = [
    "RQ",
    "Celery",
    "DeadLetter",
    "Dispatcher",
    "Dramatiq",
    "Inline",
    "Listener",
    "Outcome",
    "OutcomeStatus",
    "QueueDispatcher",
    "celery_task",
    "dramatiq_actor",
    "rq_job",
]

if TYPE_CHECKING:
    from authhooks.dispatch.celery import Celery as Celery, celery_task as celery_task
    from authhooks.dispatch.dramatiq import Dramatiq as Dramatiq, dramatiq_actor as dramatiq_actor
    from authhooks.dispatch.rq import RQ as RQ, rq_job as rq_job


def __getattr__(name: str) -> Any:
    module = _ENGINES.get(name)
    if module is None:
        raise AttributeError(f"module 'authhooks.dispatch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
