"""A Router given a Batch: each event's handler in turn, past failures, each outcome recorded;
and the adapters' run of a batch through a de-duplication store, event by event."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

import authhooks
from authhooks import Batch, Router
from authhooks.dedup import Duplicate, MemoryStore
from authhooks.integrations import ErrorResponse
from authhooks.integrations._running import run_async, run_sync
from authhooks.providers.okta import okta_delivery

SECRET = "Basic YWRtaW46c3VwZXJzZWNyZXQ="
_okta = authhooks.Okta(SECRET)


def batch(*types: str) -> Batch[Any]:
    events = [
        {"uuid": f"id-{n}", "eventType": t, "published": "2023-03-26T21:05:32.159Z"}
        for n, t in enumerate(types)
    ]
    body = json.dumps(okta_delivery(events)).encode()
    return _okta.verify(body, {"Authorization": SECRET})


class Boom(RuntimeError):
    pass


def test_each_event_goes_to_its_own_handler_in_order() -> None:
    router = Router()
    seen: list[tuple[str, str]] = []

    @router.on("user.created")
    def created(event: Any) -> None:
        seen.append(("created", event.id))

    @router.on("okta:user.session.start")
    def signed_in(event: Any) -> None:
        seen.append(("signed_in", event.id))

    delivered = batch("user.lifecycle.create", "user.session.start", "unknown.type")
    assert router(delivered) is None
    assert seen == [("created", "id-0"), ("signed_in", "id-1")]
    assert delivered._outcomes == {0: True, 1: True, 2: True}  # no handler: acknowledged


def test_a_raising_handler_does_not_stop_the_others_and_is_raised_once_all_ran(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()
    seen: list[str] = []

    @router.default
    def handle(event: Any) -> None:
        seen.append(event.id)
        if event.id in ("id-1", "id-2"):
            raise Boom(event.id)

    delivered = batch("a", "b", "c", "d")
    with caplog.at_level(logging.ERROR, logger="authhooks"), pytest.raises(Boom, match="id-1"):
        router(delivered)
    assert seen == ["id-0", "id-1", "id-2", "id-3"]
    assert delivered._outcomes == {0: True, 1: False, 2: False, 3: True}
    assert "id-2" in caplog.text  # the later failure is logged, the first raised


def test_a_failure_answer_is_returned_and_a_success_answer_is_not() -> None:
    router = Router()

    @router.default
    def handle(event: Any) -> Any:
        return ErrorResponse(503, {"error": "busy"}) if event.id == "id-1" else {"ok": True}

    delivered = batch("a", "b", "c")
    answer = router(delivered)
    assert isinstance(answer, ErrorResponse)
    assert answer.status == 503
    assert delivered._outcomes == {0: True, 1: False, 2: True}


def test_async_handlers_make_an_awaitable_doing_the_same() -> None:
    router = Router()
    seen: list[str] = []

    @router.on("user.created")
    def sync_one(event: Any) -> None:
        seen.append("sync:" + event.id)

    @router.default
    async def async_one(event: Any) -> None:
        await asyncio.sleep(0)
        seen.append("async:" + event.id)
        if event.id == "id-1":
            raise Boom("async failure")

    delivered = batch("user.lifecycle.create", "x", "user.lifecycle.create", "y")
    pending = router(delivered)
    with pytest.raises(Boom):
        asyncio.run(pending)
    assert seen == ["sync:id-0", "async:id-1", "sync:id-2", "async:id-3"]
    assert delivered._outcomes == {0: True, 1: False, 2: True, 3: True}


def test_a_single_event_is_routed_as_before() -> None:
    router = Router()
    router.default(lambda event: event.id)
    delivered = batch("a")
    assert router(delivered[0]) == "id-0"


# -- the adapters' run of a batch through a store ---------------------------------------------


def _router_call(fail: set[str], seen: list[str]) -> Any:
    router = Router()

    @router.default
    def handle(event: Any) -> None:
        seen.append(event.id)
        if event.id in fail:
            fail.discard(event.id)  # fails once
            raise Boom(event.id)

    def call(delivered: Any) -> Any:
        router(delivered)
        return [event.id for event in delivered]

    return call


def test_run_sync_settles_each_event_by_its_own_outcome() -> None:
    store, seen = MemoryStore(), []
    call = _router_call({"id-1"}, seen)
    with pytest.raises(Boom):
        run_sync(store, batch("a", "b", "c"), call)
    assert seen == ["id-0", "id-1", "id-2"]
    assert run_sync(store, batch("a", "b", "c"), call) == ["id-1"]
    assert seen[3:] == ["id-1"]
    assert isinstance(run_sync(store, batch("a", "b", "c"), call), Duplicate)


def test_run_async_settles_each_event_by_its_own_outcome() -> None:
    store, seen = MemoryStore(), []
    sync_call = _router_call({"id-0", "id-2"}, seen)

    async def call(delivered: Any) -> Any:
        return sync_call(delivered)

    async def scenario() -> None:
        with pytest.raises(Boom):
            await run_async(store, batch("a", "b", "c"), call)
        assert await run_async(store, batch("a", "b", "c"), call) == ["id-0", "id-2"]
        assert isinstance(await run_async(store, batch("a", "b", "c"), call), Duplicate)

    asyncio.run(scenario())
    assert seen == ["id-0", "id-1", "id-2", "id-0", "id-2"]


def test_a_handler_that_does_not_route_settles_every_event_by_the_answer() -> None:
    store, runs = MemoryStore(), []

    def failing(delivered: Any) -> Any:
        runs.append(len(delivered))
        raise Boom("whole delivery")

    with pytest.raises(Boom):
        run_sync(store, batch("a", "b"), failing)
    assert run_sync(store, batch("a", "b"), len) == 2  # both released
    assert isinstance(run_sync(store, batch("a", "b"), len), Duplicate)


def test_a_failure_answer_releases_the_events_without_an_outcome_of_their_own() -> None:
    store = MemoryStore()

    def failed(result: Any) -> bool:
        return result == "503"

    assert run_sync(store, batch("a", "b"), lambda d: "503", failed=failed) == "503"
    assert run_sync(store, batch("a", "b"), lambda d: [e.id for e in d], failed=failed) == [
        "id-0",
        "id-1",
    ]


def test_a_failed_event_answered_as_handled_is_warned_about(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()
    router.default(lambda event: ErrorResponse(500, {}) if event.id == "id-0" else None)

    def call(delivered: Any) -> Any:
        router(delivered)  # the failure answer is dropped: the view answers 200 anyway
        return "ok"

    with caplog.at_level(logging.WARNING, logger="authhooks"):
        assert run_sync(MemoryStore(), batch("a", "b"), call) == "ok"
    assert "will not retry it" in caplog.text
    assert "id-0" in caplog.text


def test_an_event_in_progress_elsewhere_releases_the_claims_taken() -> None:
    from authhooks import EventInProgressError

    store = MemoryStore()
    held = batch("a", "b", "c")
    key = store.key("okta", "id-1", None)
    assert store.add(key, "someone-else", 60)
    with pytest.raises(EventInProgressError):
        run_sync(store, held, lambda d: None)
    # id-0 was claimed before id-1 was found in progress: released, so it is free again.
    assert store.get(store.key("okta", "id-0", None)) is None
