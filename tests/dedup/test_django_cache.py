"""DjangoCacheStore: claims with ``cache.add``, whole-second timeouts, sync and async APIs."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest

from authhooks import ConfigurationError, StoreUnavailableError
from authhooks.dedup import DjangoCacheStore, arun_once

from . import stores
from .conftest import RedisServer, make_event
from .test_unavailable import dead_django_redis

pytest.importorskip("django")


def _locmem() -> Any:
    from django.core.cache.backends.locmem import LocMemCache

    class Recording(LocMemCache):
        """A real LocMemCache that records the timeouts it is given."""

        def __init__(self) -> None:
            super().__init__(f"authhooks-test-{uuid.uuid4().hex}", {})
            self.timeouts: list[Any] = []

        def add(self, key: str, value: Any, timeout: Any = None, version: Any = None) -> bool:
            self.timeouts.append(timeout)
            return bool(super().add(key, value, timeout, version))

        def set(self, key: str, value: Any, timeout: Any = None, version: Any = None) -> None:
            self.timeouts.append(timeout)
            super().set(key, value, timeout, version)

    return Recording()


def test_primitives() -> None:
    cache = _locmem()
    store = DjangoCacheStore(cache)
    assert store.get("k") is None
    assert store.add("k", "claim-1", 30)
    assert not store.add("k", "claim-2", 30)  # cache.add: the first claim holds
    assert store.get("k") == "claim-1"
    store.delete("k", "claim-2")  # not this delivery's claim: kept
    assert store.get("k") == "claim-1"
    store.delete("k", "claim-1")
    assert store.get("k") is None
    store.set("k", "done", 60)
    assert store.get("k") == "done"


@pytest.mark.parametrize(("ttl", "seconds"), [(0.001, 1), (1, 1), (1.2, 2), (604800.0, 604800)])
def test_timeouts_are_whole_seconds_rounded_up(ttl: float, seconds: int) -> None:
    # Django's backends take whole seconds, and 0 means "expire now" on some of them.
    cache = _locmem()
    store = DjangoCacheStore(cache)
    store.add("a", "v", ttl)
    store.set("b", "v", ttl)
    assert cache.timeouts == [seconds, seconds]


def test_primitives_through_the_async_api(redis_server: RedisServer, redis_client: Any) -> None:
    from django.core.cache.backends.redis import RedisCache

    store = DjangoCacheStore(RedisCache(redis_server.url, {}))

    async def scenario() -> None:
        assert await store.aadd("k", "claim-1", 30)
        assert not await store.aadd("k", "claim-2", 30)
        assert await store.aget("k") == "claim-1"
        await store.adelete("k", "claim-2")
        assert await store.aget("k") == "claim-1"
        await store.adelete("k", "claim-1")
        assert await store.aget("k") is None
        await store.aset("k", "done", 60)
        assert await store.aget("k") == "done"

    try:
        asyncio.run(scenario())
    finally:
        stores.close(store)


def test_django_cache_down_from_async_code(tmp_path: Path) -> None:
    store = dead_django_redis(tmp_path)
    calls: list[int] = []

    async def handler() -> None:
        calls.append(1)

    with pytest.raises(StoreUnavailableError):
        asyncio.run(arun_once(store, make_event(), handler))
    assert calls == []
    with pytest.raises(StoreUnavailableError):
        asyncio.run(store.aset("k", "v", 1))
    with pytest.raises(StoreUnavailableError):
        asyncio.run(store.aget("k"))
    with pytest.raises(StoreUnavailableError):
        asyncio.run(store.adelete("k", "v"))
    for call in (lambda: store.get("k"), lambda: store.set("k", "v", 1)):
        with pytest.raises(StoreUnavailableError):
            call()
    with pytest.raises(StoreUnavailableError):
        store.delete("k", "v")
    stores.close(store)


@pytest.mark.parametrize("cache", [{"not": "a cache"}, object(), None])
def test_refuses_what_is_not_a_cache(cache: Any) -> None:
    with pytest.raises(ConfigurationError, match="Django cache"):
        DjangoCacheStore(cache)
