"""A delivery of several events (an Okta event hook) handed to a worker: one job carrying
the raw body, parsed again as a batch; each event claimed and handled once, a failing
event retried alone. Run in-process through ``Inline``, the worker's own handling."""

from __future__ import annotations

from typing import Any

import pytest

import authhooks
from authhooks import Batch, Delivery, providers
from authhooks.dedup import MemoryStore
from authhooks.dispatch import Inline, Outcome
from authhooks.providers.okta.signing import okta_delivery, sign_okta

OKTA = providers.get("okta")
SECRET = "Basic YWRtaW46c3VwZXJzZWNyZXQ="
RECEIVER = authhooks.Okta(SECRET)


def _event(uuid: str) -> dict[str, Any]:
    event: dict[str, Any] = dict(OKTA.sample("user.session.start")["data"]["events"][0])
    event["uuid"] = uuid
    return event


def _delivery(*uuids: str, delivery_id: str = "batch-1") -> Delivery:
    request = sign_okta(
        okta_delivery([_event(uuid) for uuid in uuids], event_id=delivery_id),
        authorization=SECRET,
    )
    batch = RECEIVER.verify(request.body, request.headers)
    assert isinstance(batch, Batch)
    return Delivery.of(RECEIVER, batch, route="/hooks/okta")


def test_a_batch_travels_as_one_job_and_parses_again_as_the_batch() -> None:
    delivery = Delivery.from_json(_delivery("a", "b", "c").to_json())
    assert (delivery.provider, delivery.event_id, delivery.event_type) == ("okta", "batch-1", "")
    parsed = delivery.parse()
    assert isinstance(parsed, Batch)
    assert [event.id for event in parsed] == ["a", "b", "c"]
    assert SECRET not in delivery.to_json().decode()


def test_each_event_is_handled_once_and_a_failing_one_is_retried_alone() -> None:
    runs: list[str] = []
    failing = {"b"}
    outcomes: list[Outcome] = []
    router = authhooks.Router()

    @router.default
    def handle(event: Any) -> None:
        runs.append(event.id)
        if event.id in failing:
            failing.discard(event.id)
            raise RuntimeError("fails once")

    worker = Inline(router, dedup=MemoryStore(), listeners=[outcomes.append])
    with pytest.raises(RuntimeError, match="fails once"):
        worker.enqueue(_delivery("a", "b", "c"))
    assert runs == ["a", "b", "c"]
    worker.enqueue(_delivery("a", "b", "c"))  # the engine's retry: only "b" runs
    assert runs == ["a", "b", "c", "b"]
    worker.enqueue(_delivery("a", "b", "c", delivery_id="batch-2"))  # redelivered: nothing
    worker.enqueue(_delivery("c", "d", delivery_id="batch-3"))  # overlapping: only "d"
    assert runs == ["a", "b", "c", "b", "d"]
    assert [outcome.status for outcome in outcomes] == ["failed", "handled", "duplicate", "handled"]


def test_a_handler_given_the_batch_gets_the_events_not_handled_before() -> None:
    seen: list[list[str]] = []

    async def handler(batch: Batch[Any]) -> None:
        seen.append([event.id for event in batch])

    worker = Inline(handler, dedup=MemoryStore())
    worker.enqueue(_delivery("a", "b"))
    worker.enqueue(_delivery("b", "c", delivery_id="batch-2"))
    assert seen == [["a", "b"], ["c"]]
