"""[`DjangoCacheStore`][authhooks.dedup.DjangoCacheStore]: a store on a Django cache."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from authhooks.dedup._base import (
    DEFAULT_PROCESSING_TIMEOUT,
    DEFAULT_RETENTION,
    DedupStore,
    OnUnavailable,
    as_text,
)
from authhooks.errors import ConfigurationError, StoreUnavailableError

__all__ = ["DjangoCacheStore"]


class DjangoCacheStore(DedupStore):
    """A store on a Django cache (``django.core.cache.caches[...]``), claimed with ``cache.add``.

    Exactly-once across processes holds only as far as the backend's ``add`` is atomic and
    shared: Redis (``django.core.cache.backends.redis.RedisCache``) and Memcached are;
    ``LocMemCache`` is per process; the file and database caches are shared but their
    ``add`` is not atomic under concurrent deliveries. Releasing a claim is a get-then-delete
    (Django caches have no compare-and-delete).

    Any exception from the cache backend becomes
    [`StoreUnavailableError`][authhooks.StoreUnavailableError].

    ``prefix``, ``processing_timeout``, ``retention``, ``on_unavailable`` and ``clock`` are
    those of [`DedupStore`][authhooks.dedup.DedupStore].

    Args:
        cache: the Django cache to use, e.g. ``django.core.cache.caches["default"]``.
    """

    def __init__(
        self,
        cache: Any,
        *,
        prefix: str = "authhooks:dedup:",
        processing_timeout: float = DEFAULT_PROCESSING_TIMEOUT,
        retention: float = DEFAULT_RETENTION,
        on_unavailable: OnUnavailable = "fail",
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            processing_timeout=processing_timeout,
            retention=retention,
            on_unavailable=on_unavailable,
            prefix=prefix,
            clock=clock,
        )
        if not all(callable(getattr(cache, name, None)) for name in ("add", "get", "set")):
            raise ConfigurationError("DjangoCacheStore needs a Django cache (with add/get/set)")
        self.cache = cache

    def _fail(self, exc: BaseException) -> StoreUnavailableError:
        return StoreUnavailableError(f"the Django cache is unavailable: {type(exc).__name__}")

    @staticmethod
    def _timeout(ttl: float) -> int:
        # Django backends take whole seconds (0 would mean "expire now" on some of them).
        return max(1, math.ceil(ttl))

    def add(self, key: str, value: str, ttl: float) -> bool:
        """See [`DedupStore.add`][authhooks.dedup.DedupStore.add]."""
        try:
            return bool(self.cache.add(key, value, self._timeout(ttl)))
        except Exception as exc:
            raise self._fail(exc) from exc

    def get(self, key: str) -> str | None:
        """See [`DedupStore.get`][authhooks.dedup.DedupStore.get]."""
        try:
            return as_text(self.cache.get(key))
        except Exception as exc:
            raise self._fail(exc) from exc

    def set(self, key: str, value: str, ttl: float) -> None:
        """See [`DedupStore.set`][authhooks.dedup.DedupStore.set]."""
        try:
            self.cache.set(key, value, self._timeout(ttl))
        except Exception as exc:
            raise self._fail(exc) from exc

    def delete(self, key: str, value: str) -> None:
        """See [`DedupStore.delete`][authhooks.dedup.DedupStore.delete]."""
        try:
            if as_text(self.cache.get(key)) == value:
                self.cache.delete(key)
        except Exception as exc:
            raise self._fail(exc) from exc

    async def aadd(self, key: str, value: str, ttl: float) -> bool:
        """See [`DedupStore.add`][authhooks.dedup.DedupStore.add]."""
        try:
            return bool(await self.cache.aadd(key, value, self._timeout(ttl)))
        except Exception as exc:
            raise self._fail(exc) from exc

    async def aget(self, key: str) -> str | None:
        """See [`DedupStore.get`][authhooks.dedup.DedupStore.get]."""
        try:
            return as_text(await self.cache.aget(key))
        except Exception as exc:
            raise self._fail(exc) from exc

    async def aset(self, key: str, value: str, ttl: float) -> None:
        """See [`DedupStore.set`][authhooks.dedup.DedupStore.set]."""
        try:
            await self.cache.aset(key, value, self._timeout(ttl))
        except Exception as exc:
            raise self._fail(exc) from exc

    async def adelete(self, key: str, value: str) -> None:
        """See [`DedupStore.delete`][authhooks.dedup.DedupStore.delete]."""
        try:
            if as_text(await self.cache.aget(key)) == value:
                await self.cache.adelete(key)
        except Exception as exc:
            raise self._fail(exc) from exc
