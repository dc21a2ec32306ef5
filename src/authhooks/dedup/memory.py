"""[`MemoryStore`][authhooks.dedup.MemoryStore]: one process's store."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from authhooks.dedup._base import (
    DEFAULT_PROCESSING_TIMEOUT,
    DEFAULT_RETENTION,
    DedupStore,
    OnUnavailable,
)
from authhooks.errors import ConfigurationError

__all__ = ["MemoryStore"]


class MemoryStore(DedupStore):
    """An in-process store: the default, for a single process (threads included).

    Bounded: past ``max_size`` live keys the oldest are evicted (expired keys go first), so a
    flood of distinct ids cannot grow memory without limit. Thread-safe. Processes do not
    share it: run several workers with [`RedisStore`][authhooks.dedup.RedisStore] or
    [`DjangoCacheStore`][authhooks.dedup.DjangoCacheStore].

    ``processing_timeout``, ``retention``, ``on_unavailable``, ``prefix`` and ``clock`` are
    those of [`DedupStore`][authhooks.dedup.DedupStore].

    Args:
        max_size: the most events remembered at once.
    """

    def __init__(
        self,
        *,
        max_size: int = 100_000,
        processing_timeout: float = DEFAULT_PROCESSING_TIMEOUT,
        retention: float = DEFAULT_RETENTION,
        on_unavailable: OnUnavailable = "fail",
        prefix: str = "authhooks:dedup:",
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            processing_timeout=processing_timeout,
            retention=retention,
            on_unavailable=on_unavailable,
            prefix=prefix,
            clock=clock,
        )
        if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size <= 0:
            raise ConfigurationError("max_size must be a positive integer")
        self.max_size = max_size
        self._entries: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """The number of keys held (expired ones included until they are purged)."""
        with self._lock:
            return len(self._entries)

    def _live(self, key: str, now: float) -> str | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[1] <= now:
            del self._entries[key]
            return None
        return entry[0]

    def _store(self, key: str, value: str, ttl: float, now: float) -> None:
        self._entries.pop(key, None)
        # Oldest first: drop expired keys at the front, then evict until there is room.
        while self._entries:
            oldest = next(iter(self._entries.values()))
            if oldest[1] > now and len(self._entries) < self.max_size:
                break
            self._entries.popitem(last=False)
        self._entries[key] = (value, now + ttl)

    def add(self, key: str, value: str, ttl: float) -> bool:
        """See [`DedupStore.add`][authhooks.dedup.DedupStore.add]."""
        with self._lock:
            now = self.clock()
            if self._live(key, now) is not None:
                return False
            self._store(key, value, ttl, now)
            return True

    def get(self, key: str) -> str | None:
        """See [`DedupStore.get`][authhooks.dedup.DedupStore.get]."""
        with self._lock:
            return self._live(key, self.clock())

    def set(self, key: str, value: str, ttl: float) -> None:
        """See [`DedupStore.set`][authhooks.dedup.DedupStore.set]."""
        with self._lock:
            self._store(key, value, ttl, self.clock())

    def delete(self, key: str, value: str) -> None:
        """See [`DedupStore.delete`][authhooks.dedup.DedupStore.delete]."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == value:
                del self._entries[key]
