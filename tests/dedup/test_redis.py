"""RedisStore: atomic claims, compare-and-delete releases, sync and asyncio clients."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from authhooks import ConfigurationError
from authhooks.dedup import RedisStore, run_once

from .conftest import RedisServer, make_event

pytest.importorskip("redis")


def test_scoped_keys_in_redis(redis_server: RedisServer, redis_client: Any) -> None:
    import redis

    with redis.Redis(unix_socket_path=redis_server.socket) as client:
        store = RedisStore(client, prefix="scopes:")
        event = make_event(4)
        run_once(store, event, lambda: None, scope="/hooks/a")
        run_once(store, event, lambda: None, scope="/hooks/a")
        run_once(store, event, lambda: None, scope="/hooks/b")
        keys = sorted(key.decode() for key in client.keys("scopes:*"))
    assert keys == [
        f"scopes:userfront@/hooks/a:{event.id}",
        f"scopes:userfront@/hooks/b:{event.id}",
    ]


def test_primitives(redis_client: Any) -> None:
    store = RedisStore(redis_client)
    assert not store.is_async
    assert store.get("k") is None
    assert store.add("k", "claim-1", 30)
    assert not store.add("k", "claim-2", 30)  # SET NX: the first claim holds
    assert store.get("k") == "claim-1"
    assert 29_000 < redis_client.pttl("k") <= 30_000
    store.delete("k", "claim-2")  # not this delivery's claim: kept
    assert store.get("k") == "claim-1"
    store.delete("k", "claim-1")
    assert store.get("k") is None
    store.set("k", "done", 60)
    store.set("k", "done", 120)  # replaces, with the new expiry
    assert 119_000 < redis_client.pttl("k") <= 120_000


@pytest.mark.parametrize(("ttl", "millis"), [(0.0001, 1), (0.0015, 2), (1.5, 1500)])
def test_expiries_are_whole_milliseconds_rounded_up(
    redis_client: Any, ttl: float, millis: int
) -> None:
    store = RedisStore(redis_client)
    # Read from the command sent: the shortest expiries lapse before PTTL could read them.
    sent: list[Any] = []
    original = redis_client.set

    def spy(*args: Any, **kwargs: Any) -> Any:
        sent.append(kwargs.get("px"))
        return original(*args, **kwargs)

    redis_client.set = spy
    try:
        store.add("short", "v", ttl)
    finally:
        redis_client.set = original
    assert sent == [millis]


def test_primitives_with_an_asyncio_client(redis_server: RedisServer, redis_client: Any) -> None:
    import redis.asyncio

    async def scenario() -> None:
        client = redis.asyncio.Redis(unix_socket_path=redis_server.socket)
        store = RedisStore(client)
        try:
            assert store.is_async
            assert await store.aadd("k", "claim-1", 30)
            assert not await store.aadd("k", "claim-2", 30)
            assert await store.aget("k") == "claim-1"
            await store.adelete("k", "claim-2")
            assert await store.aget("k") == "claim-1"
            await store.adelete("k", "claim-1")
            assert await store.aget("k") is None
            await store.aset("k", "done", 60)
            assert await store.aget("k") == "done"
        finally:
            await client.aclose()

    asyncio.run(scenario())


def test_a_sync_client_serves_the_async_path(redis_client: Any) -> None:
    store = RedisStore(redis_client)

    async def scenario() -> None:
        assert await store.aadd("k", "claim", 30)
        assert await store.aget("k") == "claim"
        await store.adelete("k", "claim")
        await store.aset("k", "done", 30)

    asyncio.run(scenario())
    assert redis_client.get("k") == b"done"


def test_async_client_from_sync_code_is_refused(redis_server: RedisServer) -> None:
    import redis.asyncio

    client = redis.asyncio.Redis(unix_socket_path=redis_server.socket)
    store = RedisStore(client)
    assert store.is_async
    with pytest.raises(ConfigurationError, match="arun_once"):
        run_once(store, make_event(), lambda: None)
    asyncio.run(client.aclose())


@pytest.mark.parametrize("client", [object(), None, "redis://localhost"])
def test_refuses_what_is_not_a_client(client: Any) -> None:
    with pytest.raises(ConfigurationError, match="redis"):
        RedisStore(client)
