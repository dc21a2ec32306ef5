"""The key set's rules hold on both paths, ``lookup`` (threads) and ``alookup`` (event
loops), against a real JWKS endpoint on 127.0.0.1; and the two paths share one cache."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
import uuid

import pytest

from authhooks import KeysUnavailableError
from authhooks.schemes._jwks import RemoteKeySet
from authhooks.testing import AkamaiTestKeys

from .conftest import JwksServer, Lookup

pytestmark = [pytest.mark.network, pytest.mark.timeout(60)]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_fetched_once_then_cached(
    jwks_server: JwksServer, keys: AkamaiTestKeys, lookup: Lookup
) -> None:
    key_set = RemoteKeySet(jwks_server.url)
    assert jwks_server.hits == 0  # nothing is fetched at construction
    for _ in range(20):
        assert len(lookup(key_set, keys.kid)) == 1
    assert jwks_server.hits == 1


def test_rotation_and_rate_limited_refetch(
    jwks_server: JwksServer, keys: AkamaiTestKeys, other_keys: AkamaiTestKeys, lookup: Lookup
) -> None:
    clock = FakeClock()
    key_set = RemoteKeySet(jwks_server.url, refetch_interval=60, clock=clock)
    assert lookup(key_set, keys.kid)
    # A key rotated in just after start-up: the first fetch does not count.
    jwks_server.jwks = {"keys": [keys.jwk, other_keys.jwk]}
    assert lookup(key_set, other_keys.kid)
    assert jwks_server.hits == 2
    third = AkamaiTestKeys.generate("kid-3")
    jwks_server.jwks = {"keys": [keys.jwk, other_keys.jwk, third.jwk]}
    clock.now += 30
    assert lookup(key_set, third.kid) == []  # within the interval: no refetch
    assert jwks_server.hits == 2
    clock.now += 31
    assert lookup(key_set, third.kid)
    assert jwks_server.hits == 3


def test_unknown_kid_flood_fetches_twice(
    jwks_server: JwksServer, keys: AkamaiTestKeys, lookup: Lookup
) -> None:
    key_set = RemoteKeySet(jwks_server.url)
    assert lookup(key_set, keys.kid)
    for _ in range(200):
        assert lookup(key_set, str(uuid.uuid4())) == []
    # The first fetch, then at most one refetch per minute.
    assert jwks_server.hits == 2


def test_unknown_kid_flood_from_a_cold_start(
    jwks_server: JwksServer, keys: AkamaiTestKeys, lookup: Lookup
) -> None:
    key_set = RemoteKeySet(jwks_server.url)
    for _ in range(50):
        assert lookup(key_set, str(uuid.uuid4())) == []
    assert jwks_server.hits == 2
    assert lookup(key_set, keys.kid)
    assert jwks_server.hits == 2


def test_failure_then_fail_fast_then_recovery(
    jwks_server: JwksServer, keys: AkamaiTestKeys, lookup: Lookup
) -> None:
    clock = FakeClock()
    key_set = RemoteKeySet(jwks_server.url, retry_after=5, clock=clock)
    jwks_server.mode = "status"
    with pytest.raises(KeysUnavailableError) as info:
        lookup(key_set, keys.kid)
    assert info.value.retry_after == 30
    jwks_server.mode = "ok"
    for _ in range(20):
        with pytest.raises(KeysUnavailableError) as info:
            lookup(key_set, keys.kid)
        assert 1 <= info.value.retry_after <= 5
    assert jwks_server.hits == 1
    clock.now += 6
    assert lookup(key_set, keys.kid)
    assert jwks_server.hits == 2


def test_known_keys_survive_a_failed_refresh(
    jwks_server: JwksServer, keys: AkamaiTestKeys, lookup: Lookup
) -> None:
    clock = FakeClock()
    key_set = RemoteKeySet(jwks_server.url, cache_ttl=10, clock=clock)
    assert lookup(key_set, keys.kid)
    jwks_server.mode = "status"
    clock.now += 11
    assert lookup(key_set, keys.kid)  # the refresh failed: the known key is still used
    assert jwks_server.hits == 2
    assert lookup(key_set, keys.kid)  # and is not retried at once
    assert jwks_server.hits == 2
    jwks_server.mode = "ok"
    clock.now += 61
    assert lookup(key_set, keys.kid)
    assert jwks_server.hits == 3


def test_a_lookup_fetches_at_most_once(
    jwks_server: JwksServer, keys: AkamaiTestKeys, lookup: Lookup
) -> None:
    """An expired cache and an unknown kid: the refresh is the refetch (so the lock is held
    for one fetch at most)."""
    clock = FakeClock()
    key_set = RemoteKeySet(jwks_server.url, cache_ttl=10, clock=clock)
    assert lookup(key_set, keys.kid)
    clock.now += 100
    assert lookup(key_set, "unknown") == []
    assert jwks_server.hits == 2


def test_endpoint_down(closed_port_url: str, keys: AkamaiTestKeys, lookup: Lookup) -> None:
    key_set = RemoteKeySet(closed_port_url, timeout=1)
    started = time.monotonic()
    with pytest.raises(KeysUnavailableError) as info:
        lookup(key_set, keys.kid)
    assert time.monotonic() - started < 1.5
    assert info.value.retry_after > 0
    assert "ConnectError" in str(info.value)


@pytest.mark.parametrize(
    "garbage",
    [
        b"<html>oops</html>",
        b"",
        b'{"keys": [], "n": NaN}',
        b'{"keys": [1e999999]}',
        b"\xef\xbb\xbf{}",
        b'{"keys": [' + b"[" * 50000 + b"]" * 50000 + b"]}",
    ],
)
def test_endpoint_garbage(
    jwks_server: JwksServer, keys: AkamaiTestKeys, lookup: Lookup, garbage: bytes
) -> None:
    jwks_server.mode = "garbage"
    jwks_server.garbage = garbage
    with pytest.raises(KeysUnavailableError):
        lookup(RemoteKeySet(jwks_server.url), keys.kid)


def test_both_paths_share_one_cache(jwks_server: JwksServer, keys: AkamaiTestKeys) -> None:
    key_set = RemoteKeySet(jwks_server.url)
    assert asyncio.run(key_set.alookup(keys.kid))
    assert key_set.lookup(keys.kid)
    for _ in range(20):
        assert key_set.lookup("unknown") == []
        assert asyncio.run(key_set.alookup("unknown")) == []
    assert jwks_server.hits == 2


def test_concurrent_cold_start_fetches_once(jwks_server: JwksServer, keys: AkamaiTestKeys) -> None:
    """Threads and the tasks of two event loops all start cold at once: one fetch."""
    jwks_server.mode = "slow"
    jwks_server.delay = 0.3
    key_set = RemoteKeySet(jwks_server.url)
    found: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def in_thread() -> None:
        start.wait()
        try:
            found.extend(len(key_set.lookup(keys.kid)) for _ in range(5))
        except BaseException as exc:
            errors.append(exc)

    def in_loop() -> None:
        async def tasks() -> list[int]:
            results = await asyncio.gather(*(key_set.alookup(keys.kid) for _ in range(20)))
            return [len(result) for result in results]

        start.wait()
        try:
            found.extend(asyncio.run(tasks()))
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=in_thread) for _ in range(4)]
    workers += [threading.Thread(target=in_loop) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert not errors
    assert found == [1] * (4 * 5 + 2 * 20)
    assert jwks_server.hits == 1


def test_a_cancelled_task_releases_the_lock(jwks_server: JwksServer, keys: AkamaiTestKeys) -> None:
    jwks_server.mode = "slow"
    jwks_server.delay = 2
    key_set = RemoteKeySet(jwks_server.url, timeout=5)

    async def cancelled() -> None:
        task = asyncio.ensure_future(key_set.alookup(keys.kid))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled())
    jwks_server.mode = "ok"
    started = time.monotonic()
    assert key_set.lookup(keys.kid)
    assert time.monotonic() - started < 1


def test_httpx_is_imported_at_the_first_fetch_only() -> None:
    code = (
        "import sys, authhooks\n"
        "receiver = authhooks.Akamai(jwks_url='https://example.com/jwk', audience='a')\n"
        "print(','.join(m for m in ('httpx', 'httpcore', 'anyio') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
