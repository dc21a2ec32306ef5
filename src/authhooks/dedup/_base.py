"""The base of the de-duplication stores: their policy (windows, failure mode), the key
layout and the values kept under each key."""

from __future__ import annotations

import hashlib
import math
import re
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Literal

from authhooks.errors import ConfigurationError

__all__ = [
    "DEFAULT_PROCESSING_TIMEOUT",
    "DEFAULT_RETENTION",
    "DONE",
    "DedupStore",
    "OnUnavailable",
    "as_text",
]

#: How long a delivery may process before its claim lapses and a retry may run (seconds).
DEFAULT_PROCESSING_TIMEOUT = 60.0
#: How long a handled event is remembered (seconds): 7 days.
DEFAULT_RETENTION = 7 * 24 * 3600.0

OnUnavailable = Literal["fail", "process"]

#: The value of a handled event's key; a claim is ``processing:<token>:<deadline>``.
DONE = "done"
_PROCESSING = "processing"
_SAFE_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")
# A scope is kept as it is when short and free of ":" (which ends it in a key) and of
# characters caches refuse; otherwise it is replaced by its SHA-256.
_SAFE_SCOPE = re.compile(r"[A-Za-z0-9._/@<>{}~+-]{1,64}")


class DedupStore(ABC):
    """Base of the de-duplication stores: policy (windows, failure mode) and key layout.

    A store keeps one short string per event key, with an expiry. Subclasses implement four
    primitives (and may override their async twins, which call the sync ones by default);
    each raises [`StoreUnavailableError`][authhooks.StoreUnavailableError] when the backend cannot
    be reached.

    Args:
        processing_timeout: seconds a claim lasts while the handler runs; a delivery whose
            handler takes longer may be run again by a retry. Keep it above your slowest
            handler and below the provider's retry interval.
        retention: seconds a handled event is remembered (default 7 days).
        on_unavailable: ``"fail"`` (default): raise ``StoreUnavailableError`` when the store
            cannot be reached, so the request fails and the provider retries;
            ``"process"``: log a warning and run the handler without de-duplication.
        prefix: prepended to every key.
        clock: returns the current Unix time in seconds; injectable for tests.
    """

    def __init__(
        self,
        *,
        processing_timeout: float = DEFAULT_PROCESSING_TIMEOUT,
        retention: float = DEFAULT_RETENTION,
        on_unavailable: OnUnavailable = "fail",
        prefix: str = "authhooks:dedup:",
        clock: Callable[[], float] = time.time,
    ) -> None:
        for name, value in (("processing_timeout", processing_timeout), ("retention", retention)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ConfigurationError(f"{name} must be a positive number of seconds")
        if on_unavailable not in ("fail", "process"):
            raise ConfigurationError('on_unavailable must be "fail" or "process"')
        if not isinstance(prefix, str):
            raise ConfigurationError("prefix must be a string")
        self.processing_timeout = float(processing_timeout)
        self.retention = float(retention)
        self.on_unavailable: OnUnavailable = on_unavailable
        self.prefix = prefix
        self.clock = clock

    # -- primitives -------------------------------------------------------------------------

    @abstractmethod
    def add(self, key: str, value: str, ttl: float) -> bool:
        """Store ``value`` under ``key`` for ``ttl`` seconds only if ``key`` is absent.

        Must be atomic across every process sharing the store. Returns whether it was stored.
        """

    @abstractmethod
    def get(self, key: str) -> str | None:
        """The live value under ``key``, or ``None``."""

    @abstractmethod
    def set(self, key: str, value: str, ttl: float) -> None:
        """Store ``value`` under ``key`` for ``ttl`` seconds, replacing any value."""

    @abstractmethod
    def delete(self, key: str, value: str) -> None:
        """Remove ``key`` if (and only if) it still holds ``value``."""

    async def aadd(self, key: str, value: str, ttl: float) -> bool:
        """Async [`add`][authhooks.dedup.DedupStore.add]."""
        return self.add(key, value, ttl)

    async def aget(self, key: str) -> str | None:
        """Async [`get`][authhooks.dedup.DedupStore.get]."""
        return self.get(key)

    async def aset(self, key: str, value: str, ttl: float) -> None:
        """Async [`set`][authhooks.dedup.DedupStore.set]."""
        self.set(key, value, ttl)

    async def adelete(self, key: str, value: str) -> None:
        """Async [`delete`][authhooks.dedup.DedupStore.delete]."""
        self.delete(key, value)

    # -- policy -----------------------------------------------------------------------------

    def key(self, provider: str, event_id: str, scope: str | None = None) -> str:
        """The store key of an event: ``prefix + provider + ":" + id`` without a scope,
        ``prefix + provider + "@" + scope + ":" + id`` with one.

        An id (or a scope) that is long or holds characters some caches refuse is replaced by
        its SHA-256. A scope never holds ``":"``, so no two (scope, id) pairs share a key,
        and a scoped key never equals an unscoped one.
        """
        event_id = str(event_id)
        if not _SAFE_ID.fullmatch(event_id):
            event_id = "sha256-" + _sha256(event_id)
        if scope is None:
            return f"{self.prefix}{provider}:{event_id}"
        if not _SAFE_SCOPE.fullmatch(scope):
            scope = "sha256-" + _sha256(scope)
        return f"{self.prefix}{provider}@{scope}:{event_id}"

    def scoped(self, scope: str) -> DedupStore:
        """This store, with every key scoped by ``scope`` whatever the caller passes.

        The adapters scope keys by the route that received the event. Pass
        ``dedup=store.scoped("billing")`` to choose the scope instead: to keep it when a route
        is renamed, or to let two routes that receive the same webhook share it. The view
        shares this store's backend and takes its settings as they are now.

        Raises:
            ConfigurationError: ``scope`` is not a non-empty string.
        """
        return _ScopedStore(self, scope)

    def _claim_value(self) -> str:
        deadline = self.clock() + self.processing_timeout
        return f"{_PROCESSING}:{uuid.uuid4().hex}:{deadline:.3f}"

    def _retry_after(self, value: str) -> int:
        window = max(1, math.ceil(self.processing_timeout))
        try:
            deadline = float(value.rsplit(":", 1)[1])
        except (IndexError, ValueError):
            return window
        return min(window, max(1, math.ceil(deadline - self.clock())))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(processing_timeout={self.processing_timeout!r}, "
            f"retention={self.retention!r}, on_unavailable={self.on_unavailable!r})"
        )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class _ScopedStore(DedupStore):
    """A view of a store whose keys all carry one fixed scope (see ``DedupStore.scoped``)."""

    def __init__(self, store: DedupStore, scope: str) -> None:
        if not isinstance(store, DedupStore):
            raise ConfigurationError("scoped() needs a DedupStore")
        if not isinstance(scope, str) or not scope:
            raise ConfigurationError("scope must be a non-empty string")
        super().__init__(
            processing_timeout=store.processing_timeout,
            retention=store.retention,
            on_unavailable=store.on_unavailable,
            prefix=store.prefix,
            clock=store.clock,
        )
        self.store = store
        self.scope = scope
        #: Whether the backend is an asyncio client (usable only from ``arun_once``).
        self.is_async: bool = getattr(store, "is_async", False)

    def key(self, provider: str, event_id: str, scope: str | None = None) -> str:
        """The backend's key for ``event_id``, with this view's scope."""
        return self.store.key(provider, event_id, self.scope)

    def scoped(self, scope: str) -> DedupStore:
        """The same backend under another scope (the views do not nest)."""
        return _ScopedStore(self.store, scope)

    def add(self, key: str, value: str, ttl: float) -> bool:
        """See ``DedupStore.add``."""
        return self.store.add(key, value, ttl)

    def get(self, key: str) -> str | None:
        """See ``DedupStore.get``."""
        return self.store.get(key)

    def set(self, key: str, value: str, ttl: float) -> None:
        """See ``DedupStore.set``."""
        self.store.set(key, value, ttl)

    def delete(self, key: str, value: str) -> None:
        """See ``DedupStore.delete``."""
        self.store.delete(key, value)

    async def aadd(self, key: str, value: str, ttl: float) -> bool:
        """See ``DedupStore.add``."""
        return await self.store.aadd(key, value, ttl)

    async def aget(self, key: str) -> str | None:
        """See ``DedupStore.get``."""
        return await self.store.aget(key)

    async def aset(self, key: str, value: str, ttl: float) -> None:
        """See ``DedupStore.set``."""
        await self.store.aset(key, value, ttl)

    async def adelete(self, key: str, value: str) -> None:
        """See ``DedupStore.delete``."""
        await self.store.adelete(key, value)

    def __repr__(self) -> str:
        return f"{self.store!r}.scoped({self.scope!r})"


def as_text(value: object) -> str | None:
    """A value read from a backend as text (``None`` stays ``None``; bytes are UTF-8)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
