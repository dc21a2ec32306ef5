"""Exactly-once handling: de-duplicate deliveries of the same event.

Providers deliver at least once: they retry on a timeout or a 5xx, and a receiver running
several processes on several machines may see the same event twice at the same moment.
[`run_once`][authhooks.dedup.run_once] and [`arun_once`][authhooks.dedup.arun_once] run a handler
once per ``(scope, event.provider, event.id)``, where ``scope`` names the endpoint (the
framework adapters pass its route):

- the first delivery *claims* the event for a processing window (``processing_timeout``);
- when the handler returns, the event is marked *done* for the retention period
  (``retention``, 7 days by default: longer than the longest provider retry schedule);
- when the handler raises, the claim is released, so the provider's retry is processed;
- a delivery of an event already done returns [`Duplicate`][authhooks.dedup.Duplicate] without
  calling the handler (answer it with 200);
- a delivery arriving while another is still processing raises
  [`EventInProgressError`][authhooks.EventInProgressError] (answer 503 with ``Retry-After``);
- when the store cannot be reached, [`StoreUnavailableError`][authhooks.StoreUnavailableError] is
  raised (answer 503 so the provider retries), unless the store was built with
  ``on_unavailable="process"``, which runs the handler without de-duplication.

Stores: [`MemoryStore`][authhooks.dedup.MemoryStore] (one process),
[`RedisStore`][authhooks.dedup.RedisStore] (several processes or machines),
[`DjangoCacheStore`][authhooks.dedup.DjangoCacheStore] (a shared Django cache). Subclass
[`DedupStore`][authhooks.dedup.DedupStore] for another backend.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import math
import re
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from authhooks.errors import ConfigurationError, EventInProgressError, StoreUnavailableError

if TYPE_CHECKING:
    from redis import Redis
    from redis.asyncio import Redis as AsyncRedis

    from authhooks.events import WebhookEvent

__all__ = [
    "DEFAULT_PROCESSING_TIMEOUT",
    "DEFAULT_RETENTION",
    "DedupStore",
    "DjangoCacheStore",
    "Duplicate",
    "MemoryStore",
    "RedisStore",
    "arun_once",
    "run_once",
]

logger = logging.getLogger("authhooks")

T = TypeVar("T")

#: How long a delivery may process before its claim lapses and a retry may run (seconds).
DEFAULT_PROCESSING_TIMEOUT = 60.0
#: How long a handled event is remembered (seconds): 7 days.
DEFAULT_RETENTION = 7 * 24 * 3600.0

OnUnavailable = Literal["fail", "process"]

_DONE = "done"
_PROCESSING = "processing"
_SAFE_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")
# A scope is kept as it is when short and free of ":" (which ends it in a key) and of
# characters caches refuse; otherwise it is replaced by its SHA-256.
_SAFE_SCOPE = re.compile(r"[A-Za-z0-9._/@<>{}~+-]{1,64}")


@dataclass(frozen=True)
class Duplicate:
    """The event was already handled: the handler was not called again.

    Acknowledge it (HTTP 200, ``{"status": "duplicate"}``) so the provider stops retrying.

    Attributes:
        provider: the event's provider.
        event_id: the event's id.
    """

    provider: str
    event_id: str

    #: The status to report to the provider.
    status: Literal["duplicate"] = "duplicate"


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


# -- running a handler once -------------------------------------------------------------------

_CLAIM_ATTEMPTS = 3


def _existing(store: DedupStore, event: WebhookEvent, value: str) -> Duplicate:
    if value == _DONE:
        logger.debug(
            "duplicate %s event %s acknowledged without handling", event.provider, event.id
        )
        return Duplicate(event.provider, event.id)
    retry_after = store._retry_after(value)
    raise EventInProgressError(
        f"{event.provider} event {event.id} is being handled by another delivery; "
        f"retry in {retry_after} s",
        retry_after=retry_after,
    )


def _unavailable(store: DedupStore, event: WebhookEvent, exc: StoreUnavailableError) -> None:
    if store.on_unavailable == "process":
        logger.warning(
            "de-duplication store %s unreachable (%s); handling %s event %s without de-duplication",
            type(store).__name__,
            exc,
            event.provider,
            event.id,
        )
        return
    logger.error(
        "de-duplication store %s unreachable (%s); refusing %s event %s so the provider retries it",
        type(store).__name__,
        exc,
        event.provider,
        event.id,
    )
    raise exc


def _log_release_failure(event: WebhookEvent, exc: StoreUnavailableError) -> None:
    logger.error(
        "could not release the claim on %s event %s (%s); a retry is handled once the "
        "processing window ends",
        event.provider,
        event.id,
        exc,
    )


def _log_done_failure(event: WebhookEvent, exc: StoreUnavailableError) -> None:
    logger.error(
        "%s event %s was handled but could not be marked done (%s); a redelivery after the "
        "processing window may handle it again",
        event.provider,
        event.id,
        exc,
    )


def _check_sync(store: DedupStore) -> None:
    if not isinstance(store, DedupStore):
        raise ConfigurationError("dedup must be a DedupStore (MemoryStore, RedisStore, ...)")
    if getattr(store, "is_async", False):
        raise ConfigurationError(
            f"{type(store).__name__} wraps an asyncio client: use it from async code (arun_once)"
        )


def run_once(
    store: DedupStore,
    event: WebhookEvent,
    call: Callable[[], T],
    *,
    scope: str | None = None,
) -> T | Duplicate:
    """Call ``call()`` unless ``event`` was already handled, and remember that it was.

    Returns the handler's result, or [`Duplicate`][authhooks.dedup.Duplicate] when the event was
    handled before. An exception from ``call`` releases the claim (so a retry is processed) and
    propagates.

    Args:
        store: the de-duplication store.
        event: the verified event; its ``provider`` and ``id`` identify it.
        call: the handler, called with no arguments.
        scope: names the endpoint that received the event, so that two endpoints sharing
            a store keep separate records (the framework adapters pass the route). The same
            endpoint must pass the same scope in every process. ``None``: no scope.

    Raises:
        EventInProgressError: another delivery of the event is being handled right now.
        StoreUnavailableError: the store cannot be reached (and ``on_unavailable="fail"``).
    """
    _check_sync(store)
    key = store.key(event.provider, event.id, scope)
    token = store._claim_value()
    try:
        for _ in range(_CLAIM_ATTEMPTS):
            if store.add(key, token, store.processing_timeout):
                break
            current = store.get(key)
            if current is not None:
                return _existing(store, event, current)
        else:
            # The key keeps vanishing between add and get: another delivery is mid-release.
            return _existing(store, event, token)
    except StoreUnavailableError as exc:
        _unavailable(store, event, exc)
        return call()
    try:
        result = call()
    except BaseException:
        try:
            store.delete(key, token)
        except StoreUnavailableError as exc:
            _log_release_failure(event, exc)
        raise
    try:
        store.set(key, _DONE, store.retention)
    except StoreUnavailableError as exc:
        _log_done_failure(event, exc)
    return result


async def arun_once(
    store: DedupStore,
    event: WebhookEvent,
    call: Callable[[], Awaitable[T]],
    *,
    scope: str | None = None,
) -> T | Duplicate:
    """Async [`run_once`][authhooks.dedup.run_once]: ``call()`` returns an awaitable, awaited at
    most once."""
    if not isinstance(store, DedupStore):
        raise ConfigurationError("dedup must be a DedupStore (MemoryStore, RedisStore, ...)")
    key = store.key(event.provider, event.id, scope)
    token = store._claim_value()
    try:
        for _ in range(_CLAIM_ATTEMPTS):
            if await store.aadd(key, token, store.processing_timeout):
                break
            current = await store.aget(key)
            if current is not None:
                return _existing(store, event, current)
        else:
            return _existing(store, event, token)
    except StoreUnavailableError as exc:
        _unavailable(store, event, exc)
        return await call()
    try:
        result = await call()
    except BaseException:
        try:
            await store.adelete(key, token)
        except StoreUnavailableError as exc:
            _log_release_failure(event, exc)
        raise
    try:
        await store.aset(key, _DONE, store.retention)
    except StoreUnavailableError as exc:
        _log_done_failure(event, exc)
    return result


# -- stores -----------------------------------------------------------------------------------


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


_RELEASE_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _millis(ttl: float) -> int:
    return max(1, math.ceil(ttl * 1000))


class RedisStore(DedupStore):
    """A Redis store, shared by every process and machine that talks to the same Redis.

    Claims are one atomic ``SET key value NX PX ttl``; a release deletes the key only if it
    still holds this delivery's claim (a Lua compare-and-delete). Pass a ``redis.Redis``
    for sync code (Flask, Django) or a ``redis.asyncio.Redis`` for async code (Starlette,
    FastAPI); a sync client also works from async code, blocking briefly per call.

    Connection and timeout errors become [`StoreUnavailableError`][authhooks.StoreUnavailableError]:
    give the client a ``socket_timeout`` so an unreachable Redis fails fast.

    ``processing_timeout``, ``retention``, ``on_unavailable`` and ``clock`` are those of
    [`DedupStore`][authhooks.dedup.DedupStore].

    Args:
        client: a ``redis.Redis`` or ``redis.asyncio.Redis`` (clusters work too).
        prefix: prepended to every key (default ``"authhooks:dedup:"``).
    """

    def __init__(
        self,
        client: Redis | AsyncRedis,
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
        execute = getattr(client, "execute_command", None)
        if execute is None:
            raise ConfigurationError("RedisStore needs a redis.Redis or redis.asyncio.Redis client")
        from redis.exceptions import RedisError

        self.client = client
        #: Whether the client is an asyncio client (usable only from
        #: [`arun_once`][authhooks.dedup.arun_once]).
        self.is_async = inspect.iscoroutinefunction(execute)
        self._errors: tuple[type[BaseException], ...] = (RedisError, OSError)

    def _fail(self, exc: BaseException) -> StoreUnavailableError:
        return StoreUnavailableError(f"Redis is unavailable: {type(exc).__name__}: {exc}")

    @property
    def _sync(self) -> Redis:
        return cast("Redis", self.client)

    @property
    def _async(self) -> AsyncRedis:
        return cast("AsyncRedis", self.client)

    def add(self, key: str, value: str, ttl: float) -> bool:
        """See [`DedupStore.add`][authhooks.dedup.DedupStore.add]."""
        try:
            return bool(self._sync.set(key, value, px=_millis(ttl), nx=True))
        except self._errors as exc:
            raise self._fail(exc) from exc

    def get(self, key: str) -> str | None:
        """See [`DedupStore.get`][authhooks.dedup.DedupStore.get]."""
        try:
            return _text(self._sync.get(key))
        except self._errors as exc:
            raise self._fail(exc) from exc

    def set(self, key: str, value: str, ttl: float) -> None:
        """See [`DedupStore.set`][authhooks.dedup.DedupStore.set]."""
        try:
            self._sync.set(key, value, px=_millis(ttl))
        except self._errors as exc:
            raise self._fail(exc) from exc

    def delete(self, key: str, value: str) -> None:
        """See [`DedupStore.delete`][authhooks.dedup.DedupStore.delete]."""
        try:
            self._sync.eval(_RELEASE_SCRIPT, 1, key, value)
        except self._errors as exc:
            raise self._fail(exc) from exc

    async def aadd(self, key: str, value: str, ttl: float) -> bool:
        """See [`DedupStore.add`][authhooks.dedup.DedupStore.add]."""
        if not self.is_async:
            return self.add(key, value, ttl)
        try:
            return bool(await self._async.set(key, value, px=_millis(ttl), nx=True))
        except self._errors as exc:
            raise self._fail(exc) from exc

    async def aget(self, key: str) -> str | None:
        """See [`DedupStore.get`][authhooks.dedup.DedupStore.get]."""
        if not self.is_async:
            return self.get(key)
        try:
            return _text(await self._async.get(key))
        except self._errors as exc:
            raise self._fail(exc) from exc

    async def aset(self, key: str, value: str, ttl: float) -> None:
        """See [`DedupStore.set`][authhooks.dedup.DedupStore.set]."""
        if not self.is_async:
            self.set(key, value, ttl)
            return
        try:
            await self._async.set(key, value, px=_millis(ttl))
        except self._errors as exc:
            raise self._fail(exc) from exc

    async def adelete(self, key: str, value: str) -> None:
        """See [`DedupStore.delete`][authhooks.dedup.DedupStore.delete]."""
        if not self.is_async:
            self.delete(key, value)
            return
        try:
            await self._async.eval(_RELEASE_SCRIPT, 1, key, value)
        except self._errors as exc:
            raise self._fail(exc) from exc


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
            return _text(self.cache.get(key))
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
            if _text(self.cache.get(key)) == value:
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
            return _text(await self.cache.aget(key))
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
            if _text(await self.cache.aget(key)) == value:
                await self.cache.adelete(key)
        except Exception as exc:
            raise self._fail(exc) from exc
