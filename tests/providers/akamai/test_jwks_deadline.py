"""A JWKS fetch ends within ``timeout``, however slowly the endpoint answers, on the sync
and the async path; the fetch lock is released and the next lookup works."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pytest

from authhooks import KeysUnavailableError
from authhooks.schemes._jwks import RemoteKeySet
from authhooks.testing import AkamaiTestKeys

from ._servers import DripServer
from .conftest import Lookup

pytestmark = [pytest.mark.network, pytest.mark.timeout(60)]

TIMEOUT = 1.0
#: What a fetch may take beyond ``timeout``: closing the connection, the event loop.
MARGIN = 0.5


class FakeClock:
    """The key set's clock for its rules (cache, rate limits, fail-fast window); the fetch
    deadline runs on real time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def timed_failure(lookup: Lookup, key_set: RemoteKeySet, kid: str) -> tuple[float, str]:
    started = time.monotonic()
    with pytest.raises(KeysUnavailableError) as info:
        lookup(key_set, kid)
    return time.monotonic() - started, str(info.value)


@pytest.mark.parametrize(
    "mode", ["status_drip", "header_drip", "chunk_drip", "body_drip", "silent"]
)
def test_a_slow_endpoint_is_cut_at_the_deadline(
    drip_server: DripServer, keys: AkamaiTestKeys, lookup: Lookup, mode: str
) -> None:
    """Each read is quick (a byte every 0.2 s) but the exchange never ends: the deadline
    ends it, and the key set then works again with a well-behaved endpoint."""
    clock = FakeClock()
    key_set = RemoteKeySet(drip_server.url(), timeout=TIMEOUT, clock=clock)
    drip_server.mode = mode
    elapsed, message = timed_failure(lookup, key_set, keys.kid)
    assert TIMEOUT * 0.9 <= elapsed <= TIMEOUT + MARGIN, elapsed
    assert "timed out" in message
    assert drip_server.wait_idle(), "the client kept the connection open"
    # The lock was released and the failure is remembered: fail fast, no connection.
    elapsed, message = timed_failure(lookup, key_set, keys.kid)
    assert elapsed < 0.2
    assert "moments ago" in message
    assert drip_server.connections == 1
    # Once the fail-fast window has passed, a good answer is used.
    drip_server.mode = "ok"
    clock.now += 10
    assert len(lookup(key_set, keys.kid)) == 1
    assert drip_server.connections == 2


@pytest.mark.parametrize("mode", ["over_length", "endless_chunks"])
def test_an_oversized_answer_is_refused_at_once(
    drip_server: DripServer, keys: AkamaiTestKeys, lookup: Lookup, mode: str
) -> None:
    clock = FakeClock()
    key_set = RemoteKeySet(drip_server.url(), timeout=TIMEOUT, clock=clock)
    drip_server.mode = mode
    elapsed, message = timed_failure(lookup, key_set, keys.kid)
    assert elapsed <= TIMEOUT + MARGIN
    assert "too large" in message
    assert drip_server.wait_idle()
    drip_server.mode = "ok"
    clock.now += 10
    assert len(lookup(key_set, keys.kid)) == 1


@pytest.mark.parametrize("mode", ["silent", "tls_drip"])
def test_a_stalled_tls_handshake_is_cut_at_the_deadline(
    drip_server: DripServer, keys: AkamaiTestKeys, lookup: Lookup, mode: str
) -> None:
    key_set = RemoteKeySet(drip_server.url("https"), timeout=TIMEOUT)
    drip_server.mode = mode
    elapsed, message = timed_failure(lookup, key_set, keys.kid)
    assert TIMEOUT * 0.9 <= elapsed <= TIMEOUT + MARGIN, elapsed
    assert "timed out" in message


def test_waiters_on_both_paths_are_bounded_and_fetch_nothing(
    drip_server: DripServer, keys: AkamaiTestKeys
) -> None:
    """While one thread fetches from a dripping endpoint, other threads and tasks wait for
    it (no second connection), then fail fast with its failure: none waits beyond the
    bound."""
    drip_server.mode = "status_drip"
    key_set = RemoteKeySet(drip_server.url(), timeout=TIMEOUT)
    results: list[tuple[str, float, BaseException | None]] = []
    started = time.monotonic()

    def record(name: str, call: Callable[[], object]) -> None:
        try:
            call()
        except BaseException as exc:
            results.append((name, time.monotonic() - started, exc))
        else:
            results.append((name, time.monotonic() - started, None))

    async def tasks() -> None:
        async def one() -> None:
            try:
                await key_set.alookup(keys.kid)
            except BaseException as exc:
                results.append(("task", time.monotonic() - started, exc))

        await asyncio.gather(*(one() for _ in range(5)))

    fetcher = threading.Thread(target=record, args=("fetcher", lambda: key_set.lookup(keys.kid)))
    fetcher.start()
    time.sleep(0.1)  # the fetcher holds the lock
    threads = [
        threading.Thread(target=record, args=("thread", lambda: key_set.lookup(keys.kid)))
        for _ in range(3)
    ]
    threads.append(threading.Thread(target=record, args=("loop", lambda: asyncio.run(tasks()))))
    for thread in threads:
        thread.start()
    for thread in [fetcher, *threads]:
        thread.join(timeout=10)
    assert len(results) == 1 + 3 + 5 + 1
    for name, elapsed, exc in results:
        if name == "loop":
            assert exc is None
            continue
        assert isinstance(exc, KeysUnavailableError), (name, exc)
        assert elapsed <= TIMEOUT + MARGIN, (name, elapsed)
    assert drip_server.connections == 1


def test_a_thread_waiting_on_its_own_event_loop_gives_up(
    drip_server: DripServer, keys: AkamaiTestKeys
) -> None:
    """A sync lookup called on the event loop whose task holds the fetch lock cannot let that
    task finish: it gives up after ``timeout`` + 1 s instead of blocking for ever."""
    drip_server.mode = "status_drip"
    key_set = RemoteKeySet(drip_server.url(), timeout=TIMEOUT)

    async def scenario() -> tuple[float, BaseException | None]:
        fetch = asyncio.ensure_future(key_set.alookup(keys.kid))
        await asyncio.sleep(0.2)  # the task holds the lock, mid-fetch
        started = time.monotonic()
        try:
            key_set.lookup(keys.kid)  # blocks this loop, and with it the task
        except KeysUnavailableError as exc:
            error: BaseException | None = exc
        else:
            error = None
        elapsed = time.monotonic() - started
        with pytest.raises(KeysUnavailableError):
            await fetch
        return elapsed, error

    elapsed, error = asyncio.run(scenario())
    assert isinstance(error, KeysUnavailableError)
    assert "too long" in str(error)
    assert elapsed <= TIMEOUT + 1.0 + MARGIN


def test_the_event_loop_keeps_running_during_a_fetch(
    drip_server: DripServer, keys: AkamaiTestKeys
) -> None:
    drip_server.mode = "body_drip"
    key_set = RemoteKeySet(drip_server.url(), timeout=TIMEOUT)
    gaps: list[float] = []

    async def ticker(done: asyncio.Event) -> None:
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    async def scenario() -> None:
        done = asyncio.Event()
        ticking = asyncio.ensure_future(ticker(done))
        try:
            with pytest.raises(KeysUnavailableError):
                await key_set.alookup(keys.kid)
        finally:
            done.set()
            await ticking

    asyncio.run(scenario())
    assert sum(gaps) >= TIMEOUT * 0.9
    # A loop blocked by the fetch would show one gap of about `timeout`.
    assert max(gaps) < TIMEOUT / 2, max(gaps)


def test_a_sync_lookup_inside_a_running_loop_keeps_the_deadline(
    drip_server: DripServer, keys: AkamaiTestKeys
) -> None:
    """Called from a coroutine (bad practice, but it happens), the sync path runs its
    private loop in a helper thread: same deadline, same result."""
    key_set = RemoteKeySet(drip_server.url(), timeout=TIMEOUT, retry_after=0.1)

    async def call() -> list:
        return key_set.lookup(keys.kid)

    drip_server.mode = "chunk_drip"
    started = time.monotonic()
    with pytest.raises(KeysUnavailableError):
        asyncio.run(call())
    assert time.monotonic() - started <= TIMEOUT + MARGIN
    drip_server.mode = "ok"
    time.sleep(0.15)
    assert len(asyncio.run(call())) == 1


@pytest.mark.parametrize("kind", ["lookup", "alookup"])
def test_the_first_fetch_of_a_process_keeps_the_deadline(
    drip_server: DripServer, keys: AkamaiTestKeys, kind: str
) -> None:
    """The first fetch imports httpx and loads the trust store: within the deadline too."""
    drip_server.mode = "header_drip"
    call = (
        f"ks.lookup({keys.kid!r})" if kind == "lookup" else f"asyncio.run(ks.alookup({keys.kid!r}))"
    )
    code = (
        "import asyncio, sys, time\n"
        "from authhooks.schemes._jwks import RemoteKeySet\n"
        f"ks = RemoteKeySet({drip_server.url()!r}, timeout={TIMEOUT})\n"
        "assert 'httpx' not in sys.modules\n"
        "started = time.monotonic()\n"
        "try:\n"
        f"    {call}\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, time.monotonic() - started)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    name, elapsed = out.stdout.split()
    assert name == "KeysUnavailableError"
    assert TIMEOUT * 0.9 <= float(elapsed) <= TIMEOUT + MARGIN, elapsed
