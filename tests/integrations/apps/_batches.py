"""What the apps' batch routes share: Okta's demo receiver, and routers whose handler fails
an event once when the event asks to (its ``displayMessage`` is ``"fail"``).

A batch route hands the delivery to a router, then answers ``{"ran": {id: runs}}`` for the
events it was handed (each event's runs so far, this one included). With de-duplication,
the provider's retry of a delivery where one event failed must hand the route that event
only, and the delivery after that is a duplicate.
"""

from __future__ import annotations

import threading
from typing import Any

from authhooks import Router
from tests.integrations.apps._failures import count_run
from tests.integrations.apps._shared import RECEIVERS, Boom

#: Okta's demo receiver (batches, and the one-time verification request).
OKTA = RECEIVERS["okta"]

_last: dict[str, int] = {}
_lock = threading.Lock()


def _run(event: Any) -> None:
    runs = count_run("batch", event.id)
    with _lock:
        _last[event.id] = runs
    if runs == 1 and event.raw.get("displayMessage") == "fail":
        raise Boom(f"event {event.id} failed")


ROUTER = Router()
ROUTER.default(_run)

ASYNC_ROUTER = Router()


@ASYNC_ROUTER.default
async def _arun(event: Any) -> None:
    _run(event)


def ran(delivered: Any) -> dict[str, Any]:
    """The answer of a batch route: each event it was handed, with its runs so far."""
    with _lock:
        return {"ran": {event.id: _last[event.id] for event in delivered}}
