"""The store cannot be reached: fail loudly by default, or process when told to."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from authhooks import StoreUnavailableError, WebhookError
from authhooks.dedup import DedupStore, DjangoCacheStore, RedisStore, arun_once, run_once

from . import stores
from .conftest import RedisServer, make_event


def dead_redis(path: Path, **options: Any) -> DedupStore:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis(unix_socket_path=str(path / "gone.sock"), retry=Retry(NoBackoff(), 0))
    return RedisStore(client, **options)


def dead_django_redis(path: Path, **options: Any) -> DedupStore:
    from django.core.cache.backends.redis import RedisCache

    return DjangoCacheStore(RedisCache(f"unix://{path / 'gone.sock'}", {}), **options)


@pytest.fixture(params=["redis", "django-redis"])
def dead_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    built: list[DedupStore] = []

    def make(**options: Any) -> DedupStore:
        factory = dead_redis if request.param == "redis" else dead_django_redis
        store = factory(tmp_path, **options)
        built.append(store)
        return store

    yield make
    for store in built:
        stores.close(store)


def test_store_down_fails_the_request_with_a_log_line(
    dead_store: Any, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []
    with (
        caplog.at_level(logging.ERROR, logger="authhooks"),
        pytest.raises(StoreUnavailableError) as info,
    ):
        run_once(dead_store(), make_event(), lambda: calls.append(1))
    assert calls == []
    assert isinstance(info.value, WebhookError)
    assert info.value.reason == "store_unavailable"
    assert info.value.retry_after > 0
    [record] = [r for r in caplog.records if r.name == "authhooks"]
    assert record.levelno == logging.ERROR
    assert "unreachable" in record.getMessage()
    assert "userfront" in record.getMessage()


def test_opt_out_processes_without_dedup(dead_store: Any, caplog: pytest.LogCaptureFixture) -> None:
    store = dead_store(on_unavailable="process")
    calls: list[int] = []
    with caplog.at_level(logging.WARNING, logger="authhooks"):
        assert run_once(store, make_event(), lambda: calls.append(1) or "ran") == "ran"
        assert run_once(store, make_event(), lambda: calls.append(1) or "ran") == "ran"
    assert calls == [1, 1]
    assert any(
        "without de-duplication" in r.getMessage() and r.levelno == logging.WARNING
        for r in caplog.records
    )


def short_lived_store(tmp_path: Path) -> tuple[RedisServer, Any]:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    server = RedisServer(str(tmp_path))
    client = redis.Redis(unix_socket_path=server.socket, retry=Retry(NoBackoff(), 0))
    return server, client


def test_store_lost_after_the_claim_still_returns_the_result(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The handler ran: its result is returned; the failure to record it is logged."""
    server, client = short_lived_store(tmp_path)
    with client:
        store = RedisStore(client)
        event = make_event(7)

        def handler() -> str:
            server.stop()
            return "ran"

        with caplog.at_level(logging.ERROR, logger="authhooks"):
            assert run_once(store, event, handler) == "ran"
        assert any("could not be marked done" in r.getMessage() for r in caplog.records)


def test_store_lost_while_failing_still_raises_the_handler_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server, client = short_lived_store(tmp_path)
    with client:
        store = RedisStore(client)

        def handler() -> None:
            server.stop()
            raise LookupError("handler failed")

        with caplog.at_level(logging.ERROR, logger="authhooks"), pytest.raises(LookupError):
            run_once(store, make_event(8), handler)
        assert any("could not release" in r.getMessage() for r in caplog.records)


def test_async_store_lost_mid_delivery(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import asyncio

    import redis.asyncio
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    servers = [RedisServer(str(tmp_path))]

    async def scenario() -> None:
        client = redis.asyncio.Redis(
            unix_socket_path=servers[0].socket, retry=Retry(NoBackoff(), 0)
        )
        store = RedisStore(client)

        async def handled() -> str:
            servers[-1].stop()
            return "ran"

        async def failing() -> str:
            servers[-1].stop()
            raise LookupError("handler failed")

        try:
            # Redis goes away while the handler runs: the result stands, the failure is logged.
            assert await arun_once(store, make_event(1), handled) == "ran"
            servers.append(RedisServer(str(tmp_path)))
            await client.connection_pool.disconnect()
            # ... and while a failing handler runs: its exception stands.
            with pytest.raises(LookupError):
                await arun_once(store, make_event(2), failing)
            # Redis is down before the claim: the delivery is refused.
            with pytest.raises(StoreUnavailableError):
                await arun_once(store, make_event(3), handled)
        finally:
            for server in servers:
                server.stop()
            await client.aclose()

    with caplog.at_level(logging.ERROR, logger="authhooks"):
        asyncio.run(scenario())
    messages = [r.getMessage() for r in caplog.records if r.name == "authhooks"]
    assert any("could not be marked done" in m for m in messages)
    assert any("could not release" in m for m in messages)
    assert any("unreachable" in m for m in messages)
