"""A JWKS fetched from a URL and cached, for the JWT scheme.

[`RemoteKeySet`][authhooks.schemes._jwks.RemoteKeySet] fetches a JWKS over HTTP(S) with
[httpx](https://www.python-httpx.org/) and caches its keys, prepared for the scheme's pinned
algorithms (see ``keys_from_jwks``):

- a fetch has one deadline, ``timeout`` (5 s by default), for the whole exchange: connection,
  TLS handshake, status line, headers, chunk framing and body, however slowly the endpoint
  sends them; the document is capped at ``max_size`` bytes (``Content-Length`` is checked
  first, then the body as it streams). Only a ``200`` answer is used: redirects are not
  followed, a compressed body is refused, the JSON is decoded strictly. An endpoint that is
  down, slow or returns garbage raises [`KeysUnavailableError`][authhooks.KeysUnavailableError]
  (never a verification error, never a message with the URL's credentials or the body);
- [`lookup`][authhooks.schemes._jwks.RemoteKeySet.lookup] is for threads and
  [`alookup`][authhooks.schemes._jwks.RemoteKeySet.alookup] for event loops (it fetches with
  ``httpx.AsyncClient`` and never blocks the loop); both share the cache and the rules below;
- an unknown ``kid`` triggers a refetch at most once per ``refetch_interval`` (60 s by
  default), so a flood of forged ``kid`` values cannot make the receiver hammer the
  endpoint; the first fetch does not count, so a key rotated in just after start-up is
  picked up at once;
- after a failed fetch, no new attempt is made for a few seconds (``retry_after``): requests
  fail fast with [`KeysUnavailableError`][authhooks.KeysUnavailableError] instead of queuing
  on a dead endpoint;
- keys are refreshed every ``cache_ttl`` seconds; if that refresh fails, the keys already
  known stay in use;
- lookups of known keys take no lock; fetches are serialised by one lock shared by threads
  and event loops, and a lookup fetches at most once, so the lock is held for at most one
  ``timeout``; a lookup waits for another caller's fetch at most ``timeout`` + 1 s;
- proxies come from the environment (``https_proxy``, ``http_proxy``, ``all_proxy``,
  ``no_proxy``), read when a fetch starts; certificates are checked against the system's
  trust store (``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` are honoured).

httpx is imported when the first fetch starts, not with this module. URLs found inside a
token (``jku``, ``x5u``) are never followed: keys come only from here.
"""

from __future__ import annotations

import math
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Collection, Generator
from typing import TYPE_CHECKING, Any, TypeAlias

from authhooks.errors import ConfigurationError, KeysUnavailableError
from authhooks.schemes._keys import KeyMap, VerifyingKey, keys_from_jwks
from authhooks.schemes._lock import FetchLock

if TYPE_CHECKING:
    import ssl

    import httpx

__all__ = [
    "DEFAULT_FETCH_TIMEOUT",
    "DEFAULT_MAX_JWKS_SIZE",
    "DEFAULT_REFETCH_INTERVAL",
    "RemoteKeySet",
]

#: Default bound on a JWKS fetch, in seconds.
DEFAULT_FETCH_TIMEOUT = 5.0
#: Default minimum interval between two refetches caused by unknown ``kid`` values.
DEFAULT_REFETCH_INTERVAL = 60.0
#: Default cap on the size of a JWKS document (a set of three RSA keys is about 2 KB).
DEFAULT_MAX_JWKS_SIZE = 64 * 1024


def _validate_url(url: str) -> urllib.parse.SplitResult:
    if not isinstance(url, str):
        raise ConfigurationError("jwks_url must be a string")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigurationError("jwks_url must be an https:// (or http://) URL")
    try:
        parts.port  # noqa: B018 (raises for a port out of range)
    except ValueError:
        raise ConfigurationError("jwks_url has an invalid port") from None
    return parts


def _positive(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"{name} must be a number of seconds")
    if not math.isfinite(value) or value <= 0:
        raise ConfigurationError(f"{name} must be a positive, finite number of seconds")
    return float(value)


#: Seconds a lookup waits, beyond ``timeout``, for another caller's fetch to end.
_WAIT_MARGIN = 1.0

#: The steps of a lookup: it yields when it needs the document, and returns the keys.
_Steps: TypeAlias = "Generator[None, bytes, list[VerifyingKey]]"


class RemoteKeySet:
    """A JWKS fetched from ``url`` and cached (see the module docstring for the rules).

    [`lookup`][authhooks.schemes._jwks.RemoteKeySet.lookup] serves threads and
    [`alookup`][authhooks.schemes._jwks.RemoteKeySet.alookup] serves event loops; they
    share the cache, the rate limits and the fetch lock.

    Args:
        url: the JWKS URL (``https://``; ``http://`` is allowed for local endpoints).
        algorithms: the pinned algorithms the keys are prepared for (keys fitting none of
            them are skipped).
        timeout: bound on one fetch, in seconds, for the whole exchange.
        refetch_interval: minimum seconds between two refetches caused by unknown ``kid``s.
        cache_ttl: seconds after which known keys are refreshed.
        max_size: the largest JWKS document accepted, in bytes.
        retry_after: seconds without a new attempt after a failed fetch.
        clock: a monotonic clock (injectable for tests).
    """

    def __init__(
        self,
        url: str,
        *,
        algorithms: Collection[str] = ("RS256",),
        timeout: float = DEFAULT_FETCH_TIMEOUT,
        refetch_interval: float = DEFAULT_REFETCH_INTERVAL,
        cache_ttl: float = 3600.0,
        max_size: int = DEFAULT_MAX_JWKS_SIZE,
        retry_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._parts = _validate_url(url)
        self.algorithms = tuple(algorithms)
        self.url = url
        self.timeout = _positive(timeout, "timeout")
        self.refetch_interval = _positive(refetch_interval, "refetch_interval")
        self.cache_ttl = _positive(cache_ttl, "cache_ttl")
        self.retry_after = _positive(retry_after, "retry_after")
        if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size <= 0:
            raise ConfigurationError("max_size must be a positive number of bytes")
        self.max_size = max_size
        self._clock = clock
        self._lock = FetchLock(wait=self.timeout + _WAIT_MARGIN)
        self._ssl_context: ssl.SSLContext | None = None
        self._keys: KeyMap | None = None
        self._expires_at = 0.0
        self._last_refetch: float | None = None
        self._blocked_until = 0.0

    def lookup(self, kid: str | None) -> list[VerifyingKey]:
        """The keys for ``kid`` (fetching as the rules allow); ``[]`` when there are none.

        Raises:
            KeysUnavailableError: the keys are needed but cannot be fetched; a fetch ends
                within ``timeout``, and a wait for another caller's fetch within ``timeout``
                + 1 s.
        """
        found = self._known(kid)
        if found:
            return found
        if not self._lock.acquire():
            raise self._busy()
        try:
            return _run_steps(self._locked_lookup(kid), self._fetch)
        finally:
            self._lock.release()

    async def alookup(self, kid: str | None) -> list[VerifyingKey]:
        """[`lookup`][authhooks.schemes._jwks.RemoteKeySet.lookup] for event loops: fetches
        with `httpx.AsyncClient` and never blocks the loop.

        Raises:
            KeysUnavailableError: as for `lookup`.
        """
        found = self._known(kid)
        if found:
            return found
        try:
            loop_lock = await self._lock.acquire_async()
        except TimeoutError:
            raise self._busy() from None
        try:
            return await _arun_steps(self._locked_lookup(kid), self._afetch)
        finally:
            self._lock.release_async(loop_lock)

    def _known(self, kid: str | None) -> list[VerifyingKey] | None:
        """The keys for ``kid`` while the cache is fresh, without a lock."""
        keys = self._keys
        if keys is not None and self._clock() < self._expires_at:
            return keys.get(kid)
        return None

    def _locked_lookup(self, kid: str | None) -> _Steps:
        """The rules of a lookup, under the fetch lock; sync and async callers drive them.

        At most one fetch per lookup, so the lock is held for at most one ``timeout``.
        """
        now = self._clock()
        if self._keys is None or now >= self._expires_at:
            try:
                yield from self._fetch_into_cache(now)
            except KeysUnavailableError:
                if self._keys is None:
                    raise
                # Keep serving the keys already known; try again a little later.
                self._expires_at = now + min(self.refetch_interval, self.cache_ttl)
            else:
                # Just fetched: fetching again would find nothing newer.
                return (self._keys or {}).get(kid) or []
        found = (self._keys or {}).get(kid)
        if found:
            return found
        if self._last_refetch is not None and now - self._last_refetch < self.refetch_interval:
            return []
        self._last_refetch = now
        yield from self._fetch_into_cache(now)
        return (self._keys or {}).get(kid) or []

    def _fetch_into_cache(self, now: float) -> Generator[None, bytes, None]:
        if now < self._blocked_until:
            raise KeysUnavailableError(
                "the JWKS endpoint failed moments ago; not retrying yet",
                retry_after=max(1, math.ceil(self._blocked_until - now)),
            )
        try:
            document = yield
            keys = keys_from_jwks(_decode(document), self.algorithms, remote=True)
            if not keys:
                raise KeysUnavailableError(
                    "the JWKS holds no signing key usable with " + ", ".join(self.algorithms)
                )
        except KeysUnavailableError:
            self._blocked_until = self._clock() + self.retry_after
            raise
        except ValueError as exc:
            self._blocked_until = self._clock() + self.retry_after
            raise KeysUnavailableError(f"the JWKS endpoint returned garbage: {exc}") from None
        self._keys = keys
        self._expires_at = now + self.cache_ttl

    def _fetch(self) -> bytes:
        deadline = time.monotonic() + self.timeout  # before the first fetch's imports
        from authhooks.schemes import _http

        return _http.fetch_blocking(
            self.url, deadline=deadline, max_size=self.max_size, make_client=self._client
        )

    async def _afetch(self) -> bytes:
        deadline = time.monotonic() + self.timeout
        from authhooks.schemes import _http

        return await _http.fetch_async(
            self.url, deadline=deadline, max_size=self.max_size, make_client=self._client
        )

    def _client(self) -> httpx.AsyncClient:
        """A client for one fetch (called under the fetch lock)."""
        from authhooks.schemes import _http

        if self._ssl_context is None:
            import ssl

            # The system's trust store (and ``SSL_CERT_FILE``/``SSL_CERT_DIR``), loaded once.
            self._ssl_context = ssl.create_default_context()
        return _http.new_client(self._ssl_context, self.timeout)

    def _busy(self) -> KeysUnavailableError:
        return KeysUnavailableError(
            "another request has been fetching the JWKS for too long; not waiting longer",
            retry_after=max(1, math.ceil(self.timeout)),
        )

    @property
    def safe_url(self) -> str:
        """The URL without the user name or password it may hold (for logs and reprs)."""
        return _without_credentials(self._parts)

    def __repr__(self) -> str:
        return f"RemoteKeySet({self.safe_url!r})"


def _run_steps(steps: _Steps, fetch: Callable[[], bytes]) -> list[VerifyingKey]:
    """Drive a lookup's steps, fetching with ``fetch`` each time they ask for the document."""
    try:
        next(steps)
        while True:
            try:
                document = fetch()
            except KeysUnavailableError as exc:
                steps.throw(exc)
            else:
                steps.send(document)
    except StopIteration as stop:
        keys: list[VerifyingKey] = stop.value
        return keys
    finally:
        steps.close()


async def _arun_steps(steps: _Steps, fetch: Callable[[], Awaitable[bytes]]) -> list[VerifyingKey]:
    """``_run_steps`` for event loops."""
    try:
        next(steps)
        while True:
            try:
                document = await fetch()
            except KeysUnavailableError as exc:
                steps.throw(exc)
            else:
                steps.send(document)
    except StopIteration as stop:
        keys: list[VerifyingKey] = stop.value
        return keys
    finally:
        steps.close()


def _decode(document: bytes) -> Any:
    """The JSON value of ``document``: strict (UTF-8, no ``NaN``/``Infinity``, bounded
    nesting); ``ValueError`` otherwise."""
    import pydantic_core

    try:
        return pydantic_core.from_json(document, allow_inf_nan=False)
    except ValueError:
        raise ValueError("not a strict UTF-8 JSON document") from None


def _without_credentials(parts: urllib.parse.SplitResult) -> str:
    """The URL without user name or password (they must not show in logs)."""
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=host))
