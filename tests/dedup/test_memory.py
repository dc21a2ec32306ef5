"""MemoryStore: bounded, expiring, thread-safe."""

from __future__ import annotations

import threading

from authhooks import EventInProgressError
from authhooks.dedup import Duplicate, MemoryStore, run_once

from .conftest import make_event


def test_a_flood_of_distinct_ids_stays_within_the_bound() -> None:
    store = MemoryStore(max_size=1000)
    events = [make_event(n) for n in range(5000)]
    peak = 0
    for event in events:
        run_once(store, event, lambda: None)
        peak = max(peak, len(store))
    assert peak == 1000
    assert len(store) == 1000
    # The newest are remembered; the oldest were evicted and would run again.
    assert isinstance(run_once(store, events[-1], lambda: None), Duplicate)
    assert run_once(store, events[0], lambda: "again") == "again"


def test_expired_entries_are_dropped_before_live_ones() -> None:
    now = [0.0]
    store = MemoryStore(max_size=3, retention=10, clock=lambda: now[0])
    run_once(store, make_event(1), lambda: None)
    run_once(store, make_event(2), lambda: None)
    now[0] = 20.0  # 1 and 2 have expired
    run_once(store, make_event(3), lambda: None)
    run_once(store, make_event(4), lambda: None)
    run_once(store, make_event(5), lambda: None)
    assert len(store) == 3
    for n in (3, 4, 5):
        assert isinstance(run_once(store, make_event(n), lambda: "x"), Duplicate)


def test_many_threads_many_ids() -> None:
    store = MemoryStore(max_size=500)
    events = [make_event(n) for n in range(200)]
    runs: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        for n, event in enumerate(events):
            while True:
                try:
                    result = run_once(store, event, lambda n=n: n)
                except EventInProgressError:
                    continue  # another thread holds it right now: retry, as a provider would
                break
            if not isinstance(result, Duplicate):
                with lock:
                    runs.append(result)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Each id ran exactly once overall.
    assert sorted(runs) == list(range(200))
