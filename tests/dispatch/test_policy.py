"""The dispatchers' options and the worker declarations, in-process (no broker is reached):
what is refused at construction, the retry policy, and ``Inline`` running a handler the way
a worker does."""

from __future__ import annotations

import math
from typing import Any

import pytest

import authhooks
from authhooks import ConfigurationError, Delivery, EventInProgressError
from authhooks.dedup import MemoryStore
from authhooks.dispatch import Inline, Outcome
from authhooks.testing import sign_authcore

pytest.importorskip("celery")
pytest.importorskip("rq")
pytest.importorskip("dramatiq")

NOWHERE = "/nonexistent/authhooks-broker.sock"  # never connected to: clients connect lazily
RECEIVER = authhooks.AuthCore("dispatch-policy-secret")


def _celery(**options: Any) -> Any:
    import celery

    import authhooks.dispatch

    return authhooks.dispatch.Celery(celery.Celery("policy", broker="memory://"), **options)


def _rq(**options: Any) -> Any:
    import redis

    import authhooks.dispatch

    connection = redis.Redis(unix_socket_path=NOWHERE)
    return authhooks.dispatch.RQ(connection, "hooks.deliveries", **options)


def _dramatiq(**options: Any) -> Any:
    from dramatiq.brokers.redis import RedisBroker

    import authhooks.dispatch

    return authhooks.dispatch.Dramatiq(RedisBroker(unix_socket_path=NOWHERE), **options)


ENGINES = {"celery": _celery, "rq": _rq, "dramatiq": _dramatiq}


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("attempts", [0, -1, True, 1.5, "3", None])
def test_attempts_is_a_positive_integer(engine: str, attempts: Any) -> None:
    with pytest.raises(ConfigurationError, match="attempts"):
        ENGINES[engine](attempts=attempts)


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("option", ["backoff", "max_backoff", "time_limit", "timeout"])
@pytest.mark.parametrize("value", [-1, math.nan, math.inf, True, "5", None])
def test_times_are_finite_numbers(engine: str, option: str, value: Any) -> None:
    with pytest.raises(ConfigurationError, match=option):
        ENGINES[engine](**{option: value})


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("option", ["time_limit", "timeout"])
def test_a_time_limit_and_a_timeout_are_above_zero(engine: str, option: str) -> None:
    with pytest.raises(ConfigurationError, match=option):
        ENGINES[engine](**{option: 0})


@pytest.mark.parametrize("engine", list(ENGINES))
def test_the_retry_waits_double_up_to_the_longest(engine: str) -> None:
    dispatcher = ENGINES[engine](attempts=6, backoff=10, max_backoff=50)
    assert dispatcher.retry_delays() == [10, 20, 40, 50, 50]
    assert ENGINES[engine](attempts=1).retry_delays() == []


def _declare(engine: str, dispatcher: Any, store: Any) -> Any:
    import authhooks.dispatch

    declare = {
        "celery": authhooks.dispatch.celery_task,
        "rq": authhooks.dispatch.rq_job,
        "dramatiq": authhooks.dispatch.dramatiq_actor,
    }[engine]
    return declare(dispatcher, lambda event: None, dedup=store)


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("window", [10.0, 30.0, 29.5])
def test_a_claim_must_outlast_the_time_limit(engine: str, window: float) -> None:
    """A handler still running when its claim lapses could run twice."""
    dispatcher = ENGINES[engine](time_limit=30)
    with pytest.raises(ConfigurationError, match="processing_timeout"):
        _declare(engine, dispatcher, MemoryStore(processing_timeout=window))


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_worker_refuses_an_async_store(engine: str) -> None:
    import redis.asyncio

    from authhooks.dedup import RedisStore

    store = RedisStore(redis.asyncio.Redis(unix_socket_path=NOWHERE), processing_timeout=120)
    with pytest.raises(ConfigurationError, match="sync client"):
        _declare(engine, ENGINES[engine](), store)


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_worker_takes_its_own_dispatcher(engine: str) -> None:
    other = "rq" if engine != "rq" else "celery"
    with pytest.raises(ConfigurationError, match=r"takes an authhooks\.dispatch"):
        _declare(engine, ENGINES[other](), None)


def test_rq_refuses_a_pickling_queue() -> None:
    import redis
    import rq

    import authhooks.dispatch

    queue = rq.Queue("webhooks", connection=redis.Redis(unix_socket_path=NOWHERE))
    with pytest.raises(ConfigurationError, match="JSONSerializer"):
        authhooks.dispatch.RQ(queue, "hooks.deliveries")


def test_dramatiq_refuses_a_pickle_encoder() -> None:
    import dramatiq

    saved = dramatiq.get_encoder()
    dramatiq.set_encoder(dramatiq.PickleEncoder())
    try:
        with pytest.raises(ConfigurationError, match="pickle"):
            _dramatiq()
    finally:
        dramatiq.set_encoder(saved)


def _delivery(event_id: str) -> Delivery:
    body = {
        "id": event_id,
        "type": "user.updated",
        "created_at": "2026-11-22T16:03:12.889Z",
        "data": {"id": "usr_1", "email": "ada@example.com", "name": "Ada"},
    }
    request = sign_authcore(body, secret="dispatch-policy-secret")
    event = RECEIVER.verify(request.body, request.headers)
    return Delivery.of(RECEIVER, event, route="/hooks/authcore")


def test_inline_runs_a_handler_once_per_event() -> None:
    seen: list[str] = []
    outcomes: list[Outcome] = []

    async def handler(event: authhooks.AuthCoreEvent) -> None:
        seen.append(event.id)

    inline = Inline(handler, dedup=MemoryStore(), listeners=[outcomes.append])
    for _ in range(3):
        inline.enqueue(_delivery("evt_inline_1"))
    inline.enqueue(_delivery("evt_inline_2"))
    assert seen == ["evt_inline_1", "evt_inline_2"]
    assert [outcome.status for outcome in outcomes] == [
        "handled",
        "duplicate",
        "duplicate",
        "handled",
    ]


def test_inline_releases_a_failed_event_and_reports_an_event_in_progress() -> None:
    store = MemoryStore()
    calls: list[str] = []

    def failing(event: authhooks.AuthCoreEvent) -> None:
        calls.append(event.id)
        raise RuntimeError("fails")

    with pytest.raises(RuntimeError, match="fails"):
        Inline(failing, dedup=store).enqueue(_delivery("evt_inline_3"))
    # Released: the next run handles it.
    Inline(lambda event: calls.append("again"), dedup=store).enqueue(_delivery("evt_inline_3"))
    assert calls == ["evt_inline_3", "again"]

    def nested(event: authhooks.AuthCoreEvent) -> None:
        # The same event delivered again while this one is being handled.
        Inline(lambda inner: None, dedup=store).enqueue(_delivery(event.id))

    with pytest.raises(EventInProgressError):
        Inline(nested, dedup=store).enqueue(_delivery("evt_inline_4"))


@pytest.mark.parametrize("value", [object(), "handler", 3])
def test_inline_takes_a_callable(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="callable"):
        Inline(value)


def test_inline_without_a_handler_takes_no_store() -> None:
    with pytest.raises(ConfigurationError, match="dedup"):
        Inline(dedup=MemoryStore())


def test_a_listener_that_raises_does_not_change_the_outcome() -> None:
    def broken(outcome: Outcome) -> None:
        raise ValueError("listener bug")

    seen: list[str] = []
    Inline(lambda event: seen.append(event.id), listeners=[broken]).enqueue(
        _delivery("evt_inline_5")
    )
    assert seen == ["evt_inline_5"]
