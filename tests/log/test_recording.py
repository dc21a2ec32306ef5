"""What an adapter's calls record: each point of a delivery gives its outcome, status,
reason, timeline and timings; the verified event is kept to parse again."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import pytest

import authhooks
from authhooks import LogUnavailableError, StoreUnavailableError
from authhooks.dedup import MemoryStore
from authhooks.log import DeliveryLog, MemoryLogStore, Record
from tests.log._wiring import adeliver, deliver
from tests.log.conftest import KEY, USER, sign


def _record(log: DeliveryLog, record_id: str) -> Record:
    assert log.flush()
    record = log.get(record_id)
    assert record is not None
    return record


def _steps(record: Record) -> list[str]:
    return [step.name for step in record.steps]


def test_a_handled_delivery(log: DeliveryLog, receiver: authhooks.Userfront) -> None:
    request = sign()
    status, record_id = deliver(log, receiver, request.body, request.headers, client="203.0.113.9")
    record = _record(log, record_id)
    assert status == 204
    assert (record.outcome, record.status, record.reason) == ("handled", 204, None)
    assert (record.provider, record.route, record.client) == (
        "userfront",
        "/hooks/test",
        "203.0.113.9",
    )
    assert record.event_type == "user.create"
    assert record.event_id
    assert record.attempts == 1
    assert _steps(record) == ["arrived", "received", "verified", "handled"]
    assert record.kept
    assert record.body == request.body
    assert record.body_size == len(request.body)
    assert record.verify_ms is not None
    assert record.handler_ms is not None
    assert record.total_ms is not None
    assert record.total_ms >= record.handler_ms


def test_the_event_is_kept_to_parse_again(log: DeliveryLog, receiver: authhooks.Userfront) -> None:
    request = sign()
    _, record_id = deliver(log, receiver, request.body, request.headers)
    record = _record(log, record_id)
    assert record.replayable
    assert record.delivery is not None
    event = record.delivery.parse()
    assert event == receiver.verify(request.body, request.headers)
    assert record.delivery.route == "/hooks/test"


@pytest.mark.parametrize(
    ("headers", "reason", "status"),
    [
        ({}, "missing_header", 401),
        ({"Authorization": "Bearer not-the-key"}, "invalid_signature", 401),
    ],
)
def test_a_refused_delivery(
    log: DeliveryLog,
    receiver: authhooks.Userfront,
    headers: dict[str, str],
    reason: str,
    status: int,
) -> None:
    answered, record_id = deliver(log, receiver, json.dumps(USER).encode(), headers)
    record = _record(log, record_id)
    assert answered == status
    assert (record.outcome, record.status, record.reason) == ("rejected", status, reason)
    assert record.event_type == ""
    assert not record.replayable
    assert record.attempts == 0
    assert record.error is not None
    assert record.error.startswith(("MissingHeaderError", "InvalidSignatureError"))
    assert _steps(record)[:3] == ["arrived", "received", "refused"]


def test_a_refusal_records_the_status_actually_sent(
    log: DeliveryLog, receiver: authhooks.Userfront
) -> None:
    # An on_error hook answered 404 instead of the default 401.
    recording = log.arrived(receiver, route="/r")
    recording.received(b"{}", {})
    try:
        receiver.verify(b"{}", {})
    except authhooks.WebhookError as exc:
        recording.refused(exc, status=404)
    record = _record(log, recording.id)
    assert (record.status, record.reason) == (404, "missing_header")


def test_a_refusal_without_an_error_names_its_reason(
    log: DeliveryLog, receiver: authhooks.Userfront
) -> None:
    recording = log.arrived(receiver, route="/r")
    recording.refused(status=405, reason="method_not_allowed")
    record = _record(log, recording.id)
    assert (record.outcome, record.status, record.reason) == ("rejected", 405, "method_not_allowed")
    assert record.body_size == 0
    assert not record.kept


def test_a_failed_handler(log: DeliveryLog, receiver: authhooks.Userfront) -> None:
    def boom(event: Any) -> None:
        raise KeyError("no such tenant")

    request = sign()
    status, record_id = deliver(log, receiver, request.body, request.headers, boom)
    record = _record(log, record_id)
    assert status == 500
    assert (record.outcome, record.status, record.reason) == ("failed", 500, "handler_error")
    assert record.error == "KeyError: 'no such tenant'"
    assert record.attempts == 1
    assert record.replayable


def test_a_failure_answered_without_an_error(
    log: DeliveryLog, receiver: authhooks.Userfront
) -> None:
    request = sign()
    recording = log.arrived(receiver)
    recording.received(request.body, request.headers)
    recording.accepted(receiver.verify(request.body, request.headers))
    recording.failed(status=503)
    record = _record(log, recording.id)
    assert (record.outcome, record.status, record.reason, record.error) == (
        "failed",
        503,
        "handler_failure",
        None,
    )


def test_duplicate_and_in_progress(log: DeliveryLog, receiver: authhooks.Userfront) -> None:
    store = MemoryStore()
    request = sign()
    first = deliver(log, receiver, request.body, request.headers, dedup=store)
    again = deliver(log, receiver, request.body, request.headers, dedup=store)
    assert (first[0], again[0]) == (204, 200)
    duplicate = _record(log, again[1])
    assert (duplicate.outcome, duplicate.status, duplicate.attempts) == ("duplicate", 200, 0)

    busy = MemoryStore()
    event = receiver.verify(request.body, request.headers)
    busy.add(busy.key(event.provider, event.id, "/hooks/test"), busy._claim_value(), 60)
    status, record_id = deliver(log, receiver, request.body, request.headers, dedup=busy)
    record = _record(log, record_id)
    assert status == 503
    assert (record.outcome, record.status, record.reason) == (
        "in_progress",
        503,
        "event_in_progress",
    )


def test_a_dedup_store_down_is_a_refusal(log: DeliveryLog, receiver: authhooks.Userfront) -> None:
    class Down(MemoryStore):
        def add(self, key: str, value: str, ttl: float) -> bool:
            raise StoreUnavailableError("down")

    request = sign()
    status, record_id = deliver(log, receiver, request.body, request.headers, dedup=Down())
    record = _record(log, record_id)
    assert (status, record.outcome, record.reason) == (503, "rejected", "store_unavailable")
    assert record.replayable  # verified: a replay runs it once the store is back


def test_the_queue_hand_off_and_its_worker(log: DeliveryLog, receiver: authhooks.Userfront) -> None:
    request = sign()
    recording = log.arrived(receiver, route="/q")
    recording.received(request.body, request.headers)
    recording.accepted(receiver.verify(request.body, request.headers))
    delivery = recording.delivery
    assert delivery is not None
    assert delivery.attributes["log_id"] == recording.id
    recording.handed_off()
    queued = authhooks.Delivery.from_json(delivery.to_json())  # through the queue

    first = log.resume(queued)
    first.failed(ConnectionError("crm down"))
    second = log.resume(queued)
    second.handled()
    record = _record(log, recording.id)
    assert (record.outcome, record.status, record.attempts) == ("handled", None, 2)
    assert record.error == "ConnectionError: crm down"
    assert _steps(record) == ["arrived", "received", "verified", "handed_off", "failed", "handled"]
    assert record.handler_ms is not None
    assert record.total_ms is not None  # the request's, kept

    last = log.resume(queued)
    last.dead_letter(TimeoutError("gave up"))
    assert _record(log, recording.id).outcome == "dead_letter"


def test_a_worker_records_a_delivery_the_log_never_saw(receiver: authhooks.Userfront) -> None:
    log = DeliveryLog(MemoryLogStore())
    request = sign()
    event = receiver.verify(request.body, request.headers)
    arrived = time.time() - 3600
    delivery = authhooks.Delivery.of(receiver, event, route="/q", received_at=arrived)
    recording = log.resume(delivery)
    recording.handled()
    record = _record(log, recording.id)
    assert (record.outcome, record.provider, record.route) == ("handled", "userfront", "/q")
    assert record.received_at == arrived
    assert record.event_id == event.id
    assert record.delivery is not None
    assert record.delivery.parse() == event


def test_a_handoff_failure(log: DeliveryLog, receiver: authhooks.Userfront) -> None:
    request = sign()
    recording = log.arrived(receiver)
    recording.received(request.body, request.headers)
    recording.accepted(receiver.verify(request.body, request.headers))
    recording.handoff_failed(ConnectionRefusedError("broker down"))
    record = _record(log, recording.id)
    assert (record.outcome, record.status, record.reason) == ("failed", 503, "handoff_failed")
    assert record.attempts == 0


def test_an_exception_escaping_the_block_is_recorded(
    log: DeliveryLog, receiver: authhooks.Userfront
) -> None:
    request = sign()

    def handle() -> str:
        with log.arrived(receiver) as recording:
            recording.received(request.body, request.headers)
            recording.accepted(receiver.verify(request.body, request.headers))
            raise RuntimeError(recording.id)

    with pytest.raises(RuntimeError) as raised:
        handle()
    record_id = str(raised.value)
    record = _record(log, record_id)
    assert (record.outcome, record.status, record.error) == (
        "failed",
        500,
        f"RuntimeError: {record_id}",
    )

    with pytest.raises(ValueError, match="early"), log.arrived(receiver) as early:
        raise ValueError("early")
    assert _record(log, early.id).outcome == "rejected"


def test_a_background_handler_finishing_later_updates_the_record(
    log: DeliveryLog, receiver: authhooks.Userfront
) -> None:
    request = sign()
    recording = log.arrived(receiver)
    recording.received(request.body, request.headers)
    recording.accepted(receiver.verify(request.body, request.headers))
    recording.handed_off(status=202)
    assert _record(log, recording.id).outcome == "accepted"
    recording.handled()
    record = _record(log, recording.id)
    assert (record.outcome, record.status, record.attempts) == ("handled", None, 1)


def test_async_delivery(tmp_path: Any, receiver: authhooks.Userfront) -> None:
    log = DeliveryLog(tmp_path / "a.db", on_unavailable="fail")

    async def handler(event: Any) -> None:
        await asyncio.sleep(0)

    request = sign()
    status, record_id = asyncio.run(adeliver(log, receiver, request.body, request.headers, handler))
    record = _record(log, record_id)
    assert (status, record.outcome) == (204, "handled")
    log.close()


def test_fail_mode_stores_the_delivery_before_the_handler_runs(
    tmp_path: Any, receiver: authhooks.Userfront
) -> None:
    log = DeliveryLog(tmp_path / "f.db", on_unavailable="fail")
    seen: list[Record | None] = []
    request = sign()
    recording = log.arrived(receiver)
    recording.received(request.body, request.headers)
    recording.accepted(receiver.verify(request.body, request.headers))
    seen.append(log.get(recording.id))  # no flush: accepted() waited for the write
    recording.handled(status=204)
    assert seen[0] is not None
    assert seen[0].outcome == "accepted"
    assert seen[0].replayable
    assert _record(log, recording.id).outcome == "handled"
    log.close()


def test_fail_mode_without_a_store_never_refuses(receiver: authhooks.Userfront) -> None:
    log = DeliveryLog(None, on_unavailable="fail")
    request = sign()
    status, _ = deliver(log, receiver, request.body, request.headers)
    assert status == 204


def test_log_unavailable_error_is_a_retry_later() -> None:
    error = LogUnavailableError("down", retry_after=5)
    assert isinstance(error, authhooks.RetryLaterError)
    assert (error.reason, error.retry_after) == ("log_unavailable", 5)
    assert "LogUnavailableError" in authhooks.__all__


@pytest.mark.parametrize("bad", [None, "x", 1.5, True])
def test_a_status_that_is_not_a_number_is_left_out(
    log: DeliveryLog, receiver: authhooks.Userfront, bad: Any
) -> None:
    recording = log.arrived(receiver)
    recording.refused(status=bad, reason="x")
    assert _record(log, recording.id).status is None


class TestTheLogRecord:
    """One record per answer through ``logging``: the fields, never a secret or a body."""

    def test_fields(
        self,
        log: DeliveryLog,
        receiver: authhooks.Userfront,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        request = sign()
        with caplog.at_level(logging.INFO, logger="authhooks.deliveries"):
            _, record_id = deliver(log, receiver, request.body, request.headers, client="10.1.2.3")
        records = [r for r in caplog.records if r.name == "authhooks.deliveries"]
        assert len(records) == 1
        entry: Any = records[0]
        assert entry.levelno == logging.INFO
        assert (entry.log_id, entry.provider) == (record_id, "userfront")
        assert entry.route == "/hooks/test"
        assert (entry.outcome, entry.status, entry.reason) == ("handled", 204, None)
        assert entry.event_type == "user.create"
        assert entry.event_id
        assert entry.client == "10.1.2.3"
        assert entry.duration_ms > 0
        assert "userfront /hooks/test -> handled 204" in entry.getMessage()

    @pytest.mark.parametrize("headers", [{"Authorization": f"Bearer {KEY}x"}, {}])
    def test_no_secret_and_no_body(
        self,
        log: DeliveryLog,
        receiver: authhooks.Userfront,
        caplog: pytest.LogCaptureFixture,
        headers: dict[str, str],
    ) -> None:
        body = json.dumps({**USER, "record": {"email": "secret-person@example.com"}}).encode()
        with caplog.at_level(logging.DEBUG):
            deliver(log, receiver, body, headers)
            deliver(log, receiver, body, sign(json.loads(body)).headers)
            assert log.flush()
        assert len([r for r in caplog.records if r.name == "authhooks.deliveries"]) == 2
        for entry in caplog.records:
            text = repr(entry.__dict__) + entry.getMessage()
            assert KEY not in text
            assert "secret-person" not in text

    def test_levels(
        self, log: DeliveryLog, receiver: authhooks.Userfront, caplog: pytest.LogCaptureFixture
    ) -> None:
        def boom(event: Any) -> None:
            raise RuntimeError("x")

        with caplog.at_level(logging.INFO, logger="authhooks.deliveries"):
            deliver(log, receiver, b"{}", {})
            request = sign()
            deliver(log, receiver, request.body, request.headers, boom)
        levels = [r.levelno for r in caplog.records if r.name == "authhooks.deliveries"]
        assert levels == [logging.WARNING, logging.ERROR]


@pytest.mark.parametrize("name", ["okta", "auth0"])
def test_a_batch_is_one_delivery_that_parses_again(name: str, tmp_path: Any) -> None:
    from authhooks import Batch, providers

    entry = providers.get(name)
    demo = entry.demo()
    receiver = demo.make_receiver()
    request = demo.sign(entry.sample())
    verified = receiver.verify(request.body, request.headers)
    assert isinstance(verified, Batch)
    log = DeliveryLog(tmp_path / "batch.db", logger="tests.quiet")
    handled: list[Any] = []
    status, record_id = deliver(log, receiver, request.body, request.headers, handled.append)
    assert status == 204
    assert log.flush()
    record = log.get(record_id)
    assert record is not None
    assert (record.outcome, record.event_id) == ("handled", verified.id)
    assert record.event_type == ",".join(sorted({e.type for e in verified.events}))
    assert record.delivery is not None
    assert record.delivery.parse() == verified  # the whole batch, parsed again
    log.close()
