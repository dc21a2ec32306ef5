"""A delivery handed to a task queue is one record in the delivery log: the adapter records
the request and its hand-off, the worker's attempts update the same record
([`WorkerOutcomes`][authhooks.log.WorkerOutcomes])."""

from __future__ import annotations

from typing import Any

import pytest

from authhooks import QueueUnavailableError
from authhooks.dispatch import Dispatcher, Inline
from authhooks.log import DeliveryLog, MemoryLogStore, WorkerOutcomes
from authhooks.testing import sign_authcore

pytest.importorskip("flask")

SECRET = "dispatched-log-secret"


def _app(log: DeliveryLog, dispatcher: Dispatcher) -> Any:
    import flask

    import authhooks.flask

    app = flask.Flask(__name__)

    @app.post("/hooks")
    @authhooks.flask.webhook(authhooks.AuthCore(SECRET), dispatch=dispatcher, log=log)
    def hooks(event: Any) -> None:  # never runs: the queue's handler does
        raise AssertionError("the view runs on the workers only")

    return app.test_client()


def _post(client: Any, event_id: str) -> Any:
    request = sign_authcore({"id": event_id, "type": "user.created", "data": {}}, secret=SECRET)
    return client.post("/hooks", data=request.body, headers=request.headers)


def _records(log: DeliveryLog) -> list[Any]:
    assert log.flush()
    return log.find()


def test_a_handled_delivery_is_one_record_with_its_hand_off_and_attempt() -> None:
    log = DeliveryLog(MemoryLogStore())
    seen: list[str] = []
    dispatcher = Inline(lambda event: seen.append(event.id))
    dispatcher.listeners.append(WorkerOutcomes(log))
    client = _app(log, dispatcher)

    assert _post(client, "evt_1").status_code == 202

    assert seen == ["evt_1"]
    (record,) = _records(log)
    assert record.outcome == "handled"
    assert record.status == 202
    assert record.event_id == "evt_1"
    assert record.attempts == 1


def test_a_failing_handler_is_recorded_failed_with_its_error_on_the_same_record() -> None:
    log = DeliveryLog(MemoryLogStore())

    def handler(event: Any) -> None:
        raise RuntimeError("the mail server is down")

    dispatcher = Inline(handler)
    dispatcher.listeners.append(WorkerOutcomes(log))
    client = _app(log, dispatcher)
    client.application.testing = False  # the framework answers the raised error: a 500

    assert _post(client, "evt_2").status_code == 500

    (record,) = _records(log)
    assert record.outcome == "failed"
    assert record.reason == "handler_error"
    assert record.attempts == 1


class _BrokerDown(Dispatcher):
    engine = "down"

    def enqueue(self, delivery: Any) -> None:
        raise QueueUnavailableError("the broker did not answer", retry_after=7)

    async def aenqueue(self, delivery: Any) -> None:
        self.enqueue(delivery)


def test_a_refused_hand_off_is_recorded_with_the_503_sent() -> None:
    log = DeliveryLog(MemoryLogStore())
    client = _app(log, _BrokerDown())

    response = _post(client, "evt_3")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "7"
    (record,) = _records(log)
    assert record.outcome == "failed"
    assert record.reason == "handoff_failed"
    assert record.status == 503
