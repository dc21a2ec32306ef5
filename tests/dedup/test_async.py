"""arun_once: the async path, with redis.asyncio and Django's async cache API."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from authhooks import ConfigurationError, EventInProgressError, StoreUnavailableError
from authhooks.dedup import DedupStore, Duplicate, RedisStore, arun_once

from . import stores
from .conftest import RedisServer, make_event


async def redis_async(server: RedisServer, **options: Any) -> DedupStore:
    import redis.asyncio

    return RedisStore(redis.asyncio.Redis(unix_socket_path=server.socket), **options)


ASYNC_STORES = ["redis-asyncio", *sorted(stores.SYNC_STORES)]


async def build(name: str, server: RedisServer, **options: Any) -> DedupStore:
    if name == "redis-asyncio":
        return await redis_async(server, **options)
    return stores.SYNC_STORES[name](server, **options)


async def close(store: DedupStore) -> None:
    client = getattr(store, "client", None)
    if getattr(store, "is_async", False) and client is not None:
        await client.aclose()
    else:
        stores.close(store)


class AsyncHandler:
    def __init__(self, error: BaseException | None = None) -> None:
        self.calls = 0
        self.error = error

    async def __call__(self) -> str:
        self.calls += 1
        await asyncio.sleep(0)
        if self.error is not None:
            raise self.error
        return "handled"


@pytest.mark.parametrize("name", ASYNC_STORES)
def test_async_semantics(name: str, redis_server: RedisServer, redis_client: Any) -> None:
    async def scenario() -> None:
        store = await build(name, redis_server, processing_timeout=30)
        try:
            event = make_event()
            failing = AsyncHandler(error=ValueError("boom"))
            with pytest.raises(ValueError, match="boom"):
                await arun_once(store, event, failing)

            handler = AsyncHandler()
            inner = AsyncHandler()

            async def first() -> str:
                with pytest.raises(EventInProgressError) as info:
                    await arun_once(store, event, inner)
                assert 1 <= info.value.retry_after <= 30
                return await handler()

            assert await arun_once(store, event, first) == "handled"
            assert await arun_once(store, event, handler) == Duplicate(event.provider, event.id)
            assert (failing.calls, handler.calls, inner.calls) == (1, 1, 0)
        finally:
            await close(store)

    asyncio.run(scenario())


@pytest.mark.parametrize("name", ASYNC_STORES)
def test_concurrent_tasks_run_the_handler_once(
    name: str, redis_server: RedisServer, redis_client: Any
) -> None:
    async def scenario() -> list[object]:
        store = await build(name, redis_server)
        runs = 0

        async def handler() -> str:
            nonlocal runs
            runs += 1
            await asyncio.sleep(0.2)
            return "handled"

        async def deliver() -> object:
            try:
                return await arun_once(store, make_event(), handler)
            except EventInProgressError as exc:
                return exc

        try:
            outcomes = await asyncio.gather(*(deliver() for _ in range(10)))
        finally:
            await close(store)
        assert runs == 1
        return outcomes

    outcomes = asyncio.run(scenario())
    assert outcomes.count("handled") == 1
    assert all(o == "handled" or isinstance(o, EventInProgressError) for o in outcomes)


def test_async_store_down(tmp_path: Any) -> None:
    import redis.asyncio
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    async def scenario() -> None:
        client = redis.asyncio.Redis(
            unix_socket_path=str(tmp_path / "none.sock"), retry=Retry(NoBackoff(), 0)
        )
        handler = AsyncHandler()
        try:
            with pytest.raises(StoreUnavailableError):
                await arun_once(RedisStore(client), make_event(), handler)
            assert handler.calls == 0
            store = RedisStore(client, on_unavailable="process")
            assert await arun_once(store, make_event(), handler) == "handled"
            assert handler.calls == 1
        finally:
            await client.aclose()

    asyncio.run(scenario())


def test_arun_once_needs_a_store() -> None:
    with pytest.raises(ConfigurationError):
        asyncio.run(arun_once(object(), make_event(), AsyncHandler()))  # type: ignore[arg-type]
