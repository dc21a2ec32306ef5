"""Builders of every store under test, each on a real backend."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from authhooks.dedup import DedupStore, DjangoCacheStore, MemoryStore, RedisStore

from .conftest import RedisServer

StoreFactory = Callable[..., DedupStore]


def memory(server: RedisServer, **options: Any) -> DedupStore:
    return MemoryStore(**options)


def redis_sync(server: RedisServer, **options: Any) -> DedupStore:
    import redis

    return RedisStore(redis.Redis(unix_socket_path=server.socket, socket_timeout=5), **options)


def django_locmem(server: RedisServer, **options: Any) -> DedupStore:
    from django.core.cache.backends.locmem import LocMemCache

    cache = LocMemCache(f"authhooks-test-{uuid.uuid4().hex}", {})
    cache.clear()
    return DjangoCacheStore(cache, **options)


def django_redis(server: RedisServer, **options: Any) -> DedupStore:
    from django.core.cache.backends.redis import RedisCache

    return DjangoCacheStore(RedisCache(server.url, {}), **options)


SYNC_STORES: dict[str, StoreFactory] = {
    "memory": memory,
    "redis": redis_sync,
    "django-locmem": django_locmem,
    "django-redis": django_redis,
}


def close(store: DedupStore) -> None:
    """Close the connections a store's client holds."""
    client = getattr(store, "client", None)
    if client is not None and hasattr(client, "close"):
        client.close()
    cache = getattr(store, "cache", None)
    if cache is not None and hasattr(cache, "close"):
        cache.close()
