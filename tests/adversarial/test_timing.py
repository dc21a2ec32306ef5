"""A timing smoke test: rejecting a wrong secret takes as long whether it shares a long prefix
with the real one or none at all.

This is a statistical smoke test, not a proof of constant time: it measures many interleaved
batches, compares medians and tolerates noise. Its power is checked on a deliberately leaky
comparison, which the same procedure must flag.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest

import authhooks
from authhooks import WebhookError

BATCHES = 41
PER_BATCH = 200
TOLERANCE = 0.10  # the medians may differ by 10% (noise), a leak of the prefix is far larger
ATTEMPTS = 3  # a burst of noise on a shared machine can spoil one attempt, a leak spoils all

#: A long secret makes a leak of the matching prefix length large and easy to see.
SECRET = "k" + "".join(chr(0x61 + (i * 7) % 26) for i in range(4000))


def _candidates(secret: str) -> tuple[str, str]:
    """Two wrong secrets of the same length: no common prefix, and all but the last char."""
    first = "A" if secret[0] != "A" else "B"
    last = "A" if secret[-1] != "A" else "B"
    return first + secret[1:], secret[:-1] + last


def _relative_gap(run: Callable[[str], None], a: str, b: str) -> float:
    """``(median(b) - median(a)) / median(a)`` over interleaved batches of ``run``."""
    times: dict[str, list[float]] = {a: [], b: []}
    for _ in range(3):  # warm up
        run(a)
        run(b)
    for i in range(BATCHES):
        for candidate in (a, b) if i % 2 else (b, a):
            start = time.perf_counter_ns()
            for _ in range(PER_BATCH):
                run(candidate)
            times[candidate].append(time.perf_counter_ns() - start)
    base = statistics.median(times[a])
    return (statistics.median(times[b]) - base) / base


def _smallest_gap(run: Callable[[str], None], a: str, b: str) -> float:
    """The gap of the best of :data:`ATTEMPTS` attempts (stopping at the first good one)."""
    gaps = []
    for _ in range(ATTEMPTS):
        gaps.append(_relative_gap(run, a, b))
        if abs(gaps[-1]) < TOLERANCE:
            break
    return min(gaps, key=abs)


def _leaky_equal(x: str, y: str) -> bool:
    if len(x) != len(y):
        return False
    for i in range(len(x)):  # noqa: SIM110 (the early exit is the point)
        if x[i] != y[i]:
            return False
    return True


def test_the_procedure_flags_a_leaky_comparison() -> None:
    no_prefix, long_prefix = _candidates(SECRET)

    def run(candidate: str) -> None:
        _leaky_equal(candidate, SECRET)

    assert _smallest_gap(run, no_prefix, long_prefix) > 10 * TOLERANCE


@pytest.mark.slow
def test_bearer_keys_do_not_leak_the_matching_prefix() -> None:
    receiver = authhooks.Userfront(api_key=SECRET)
    no_prefix, long_prefix = _candidates(SECRET)

    def run(candidate: str) -> None:
        try:
            receiver.verify(b"{}", {"Authorization": f"Bearer {candidate}"})
        except WebhookError:
            return
        raise AssertionError("a wrong key was accepted")

    gap = _smallest_gap(run, no_prefix, long_prefix)
    assert abs(gap) < TOLERANCE, f"rejection time differs by {gap:.1%} with the prefix"


@pytest.mark.slow
def test_hmac_signatures_do_not_leak_the_matching_prefix() -> None:
    cls = getattr(authhooks, "AuthCore", None)
    if cls is None:
        pytest.skip("AuthCore is not available")
    import hashlib
    import hmac

    body = b'{"id":"evt_1","type":"user.created","created_at":"2026-01-01T00:00:00Z","data":{}}'
    receiver = cls(secret=SECRET)
    good = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    no_prefix, long_prefix = _candidates(good)

    def run(candidate: str) -> None:
        try:
            receiver.verify(body, {"X-Webhook-Signature": f"sha256={candidate}"})
        except WebhookError:
            return
        raise AssertionError("a wrong signature was accepted")

    gap = _smallest_gap(run, no_prefix, long_prefix)
    assert abs(gap) < TOLERANCE, f"rejection time differs by {gap:.1%} with the prefix"
