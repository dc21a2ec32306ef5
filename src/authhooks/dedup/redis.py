"""[`RedisStore`][authhooks.dedup.RedisStore]: a store shared through Redis."""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from authhooks.dedup._base import (
    DEFAULT_PROCESSING_TIMEOUT,
    DEFAULT_RETENTION,
    DedupStore,
    OnUnavailable,
    as_text,
)
from authhooks.errors import ConfigurationError, StoreUnavailableError

if TYPE_CHECKING:
    from redis import Redis
    from redis.asyncio import Redis as AsyncRedis

__all__ = ["RedisStore"]

_RELEASE_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


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
            return as_text(self._sync.get(key))
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
            return as_text(await self._async.get(key))
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
