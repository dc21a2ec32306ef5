"""The de-duplication semantics, the same for every store (on real backends)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from authhooks import ConfigurationError, EventInProgressError
from authhooks.dedup import (
    DEFAULT_RETENTION,
    DedupStore,
    Duplicate,
    MemoryStore,
    arun_once,
    run_once,
)

from . import stores
from .conftest import RedisServer, make_event

MakeStore = Callable[..., DedupStore]


@pytest.fixture(params=sorted(stores.SYNC_STORES))
def make_store(
    request: pytest.FixtureRequest, redis_server: RedisServer, redis_client: Any
) -> Iterator[MakeStore]:
    factory = stores.SYNC_STORES[request.param]
    built: list[DedupStore] = []

    def make(**options: Any) -> DedupStore:
        store = factory(redis_server, **options)
        built.append(store)
        return store

    yield make
    for store in built:
        stores.close(store)


class Handler:
    def __init__(self, result: Any = "handled", error: BaseException | None = None) -> None:
        self.calls = 0
        self.result = result
        self.error = error

    def __call__(self) -> Any:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.result


def test_first_delivery_runs_and_returns_the_result(make_store: MakeStore) -> None:
    store = make_store()
    handler = Handler(result={"ok": 1})
    assert run_once(store, make_event(), handler) == {"ok": 1}
    assert handler.calls == 1


def test_duplicate_of_a_done_event_is_acknowledged_without_running(make_store: MakeStore) -> None:
    store = make_store()
    event = make_event()
    handler = Handler()
    run_once(store, event, handler)
    again = run_once(store, make_event(), handler)  # a redelivery: same body, same id
    assert again == Duplicate(event.provider, event.id)
    assert again.status == "duplicate"
    assert handler.calls == 1


def test_distinct_events_each_run(make_store: MakeStore) -> None:
    store = make_store()
    handler = Handler()
    for n in range(5):
        run_once(store, make_event(n), handler)
    assert handler.calls == 5


def test_duplicate_while_processing_is_refused_with_retry_after(make_store: MakeStore) -> None:
    store = make_store(processing_timeout=30)
    event = make_event()
    inner = Handler()
    seen: list[EventInProgressError] = []

    def outer() -> str:
        with pytest.raises(EventInProgressError) as info:
            run_once(store, event, inner)
        seen.append(info.value)
        return "first"

    assert run_once(store, event, outer) == "first"
    assert inner.calls == 0
    assert 1 <= seen[0].retry_after <= 30
    assert seen[0].reason == "event_in_progress"


def test_failure_releases_the_claim_and_the_retry_runs(make_store: MakeStore) -> None:
    store = make_store()
    event = make_event()
    failing = Handler(error=RuntimeError("boom"))
    with pytest.raises(RuntimeError, match="boom"):
        run_once(store, event, failing)
    retry = Handler()
    assert run_once(store, event, retry) == "handled"
    assert (failing.calls, retry.calls) == (1, 1)
    assert isinstance(run_once(store, event, retry), Duplicate)
    assert retry.calls == 1


def test_base_exceptions_release_the_claim_too(make_store: MakeStore) -> None:
    store = make_store()
    event = make_event()
    with pytest.raises(KeyboardInterrupt):
        run_once(store, event, Handler(error=KeyboardInterrupt()))
    assert run_once(store, event, Handler()) == "handled"


def test_a_lapsed_claim_lets_a_retry_run(make_store: MakeStore) -> None:
    """A worker that died mid-handler blocks its event for the processing window only."""
    store = make_store(processing_timeout=1)
    event = make_event()
    key = store.key(event.provider, event.id)
    assert store.add(key, store._claim_value(), 1)  # a claim whose worker never came back
    with pytest.raises(EventInProgressError):
        run_once(store, event, Handler())
    store.delete(key, "someone else's claim")  # not ours: left alone
    with pytest.raises(EventInProgressError):
        run_once(store, event, Handler())
    time.sleep(1.3)
    assert run_once(store, event, Handler()) == "handled"


def test_providers_do_not_share_ids() -> None:
    store = MemoryStore()
    assert store.key("userfront", "1") != store.key("authcore", "1")


def test_unsafe_ids_are_hashed_into_short_keys() -> None:
    store = MemoryStore(prefix="p:")
    assert store.key("userfront", "evt_1.a-b") == "p:userfront:evt_1.a-b"
    long_key = store.key("userfront", "x" * 5000)
    spaced = store.key("userfront", "a b\ncd")
    assert len(long_key) < 100
    assert " " not in spaced
    assert "\n" not in spaced
    assert spaced != store.key("userfront", "a bcd")


def test_done_events_expire_after_the_retention() -> None:
    now = [1000.0]
    store = MemoryStore(retention=60, clock=lambda: now[0])
    event = make_event()
    handler = Handler()
    run_once(store, event, handler)
    now[0] += 59
    assert isinstance(run_once(store, event, handler), Duplicate)
    now[0] += 2
    run_once(store, event, handler)
    assert handler.calls == 2


def test_default_retention_is_seven_days() -> None:
    assert MemoryStore().retention == DEFAULT_RETENTION == 7 * 24 * 3600


def test_retry_after_counts_down_with_the_claim() -> None:
    now = [1000.0]
    store = MemoryStore(processing_timeout=60, clock=lambda: now[0])
    event = make_event()
    retry_afters: list[int] = []

    def slow() -> None:
        for step in (0, 30, 29.5):
            now[0] += step
            with pytest.raises(EventInProgressError) as info:
                run_once(store, event, Handler())
            retry_afters.append(info.value.retry_after)

    run_once(store, event, slow)
    assert retry_afters == [60, 30, 1]


def test_duplicates_are_logged_at_debug(
    make_store: MakeStore, caplog: pytest.LogCaptureFixture
) -> None:
    store = make_store()
    event = make_event()
    run_once(store, event, Handler())
    with caplog.at_level(logging.DEBUG, logger="authhooks"):
        run_once(store, event, Handler())
    assert any("duplicate" in r.getMessage() and r.levelno == logging.DEBUG for r in caplog.records)


@pytest.mark.parametrize(
    "options",
    [
        {"processing_timeout": 0},
        {"processing_timeout": -1},
        {"retention": "7d"},
        {"retention": True},
        {"on_unavailable": "ignore"},
        {"max_size": 0},
        {"prefix": 3},
    ],
)
def test_invalid_options_are_configuration_errors(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        MemoryStore(**options)


def test_run_once_needs_a_store() -> None:
    with pytest.raises(ConfigurationError):
        run_once(object(), make_event(), Handler())  # type: ignore[arg-type]


class FlappingStore(DedupStore):
    """A custom backend whose key vanishes between ``add`` and ``get`` every time."""

    def add(self, key: str, value: str, ttl: float) -> bool:
        return False

    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, value: str, ttl: float) -> None:
        raise AssertionError("never reached")

    def delete(self, key: str, value: str) -> None:
        raise AssertionError("never reached")


def test_a_claim_that_cannot_settle_is_reported_in_progress() -> None:
    import asyncio

    store = FlappingStore(processing_timeout=5)
    handler = Handler()
    with pytest.raises(EventInProgressError) as info:
        run_once(store, make_event(), handler)
    assert info.value.retry_after == 5

    async def call() -> None:
        handler()

    with pytest.raises(EventInProgressError):
        asyncio.run(arun_once(store, make_event(), call))
    assert handler.calls == 0


def test_an_unreadable_claim_waits_a_whole_window() -> None:
    store = MemoryStore(processing_timeout=42)
    event = make_event()
    store.add(store.key(event.provider, event.id), "processing", 10)
    with pytest.raises(EventInProgressError) as info:
        run_once(store, event, Handler())
    assert info.value.retry_after == 42


def test_repr_shows_the_policy() -> None:
    assert repr(MemoryStore(processing_timeout=5)) == (
        "MemoryStore(processing_timeout=5.0, retention=604800.0, on_unavailable='fail')"
    )
