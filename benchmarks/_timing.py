"""Timing helpers: interleaved repeats of the CPU time of the measuring thread, so that a
noisy machine skews every measurement of a group alike and the ratios stay meaningful.

Hot paths are timed in CPU time (``time.thread_time_ns``): the work of other processes on a
shared machine is not counted, as wall time would count it whenever they hold the CPU."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence


def calibrate(fn: Callable[[], object], target_s: float) -> int:
    """How many calls of ``fn`` take about ``target_s`` seconds of CPU time."""
    number = 1
    while True:
        start = time.thread_time()
        for _ in range(number):
            fn()
        elapsed = time.thread_time() - start
        if elapsed >= target_s / 4 or number >= 1 << 22:
            return max(1, int(number * target_s / max(elapsed, 1e-9)))
        number *= 4


def samples_ns(
    fns: dict[str, Callable[[], object]], *, repeats: int, target_s: float
) -> dict[str, list[float]]:
    """CPU ns per call of every function in each of ``repeats`` interleaved repeats: each
    repeat runs every function once, so a noisy moment slows all of them alike."""
    numbers = {name: calibrate(fn, target_s) for name, fn in fns.items()}
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            number = numbers[name]
            start = time.thread_time_ns()
            for _ in range(number):
                fn()
            samples[name].append((time.thread_time_ns() - start) / number)
    return samples


def median_ns(
    fns: dict[str, Callable[[], object]], *, repeats: int, target_s: float
) -> dict[str, float]:
    """Median ns per call of every function, with the repeats interleaved between them."""
    samples = samples_ns(fns, repeats=repeats, target_s=target_s)
    return {name: statistics.median(values) for name, values in samples.items()}


def fastest_ns(
    fns: dict[str, Callable[[], object]], *, repeats: int, target_s: float
) -> dict[str, float]:
    """The fastest repeat's ns per call of every function, repeats interleaved.

    Other work on the machine only ever slows a repeat down, so the fastest is the cost of
    the code itself (as ``timeit`` advises); medians drift with the machine's load.
    """
    samples = samples_ns(fns, repeats=repeats, target_s=target_s)
    return {name: min(values) for name, values in samples.items()}


def _child_env() -> dict[str, str]:
    # A real deployment has its bytecode compiled: let the children write and use .pyc files.
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def cold_ms(scripts: dict[str, str], *, repeats: int, warmup: int = 2) -> dict[str, float | None]:
    """Median wall time (ms) of a fresh ``python -c script`` per script, interleaved.

    A script that fails in its warm-up runs gives ``None`` (not available).
    """
    env = _child_env()
    usable: dict[str, str] = {}
    for name, script in scripts.items():
        ok = True
        for _ in range(warmup):
            done = subprocess.run(
                [sys.executable, "-c", script], env=env, capture_output=True, check=False
            )
            ok = ok and done.returncode == 0
        if ok:
            usable[name] = script
    samples: dict[str, list[float]] = {name: [] for name in usable}
    for _ in range(repeats):
        for name, script in usable.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", script], env=env, check=True)
            samples[name].append((time.perf_counter() - start) * 1000)
    return {
        name: (statistics.median(samples[name]) if name in samples else None) for name in scripts
    }


def fmt_ns(value: float | None) -> str:
    """``12 345`` ns, or ``n/a``."""
    if value is None:
        return "n/a"
    return f"{value:,.0f}".replace(",", " ")


def fmt_ratio(value: float | None) -> str:
    """``0.84x``, or ``n/a``."""
    return "n/a" if value is None else f"{value:.2f}x"


def ratio(a: float | None, b: float | None) -> float | None:
    """``a / b``, or ``None`` when either is missing."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (also readable as plain text)."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    return "\n".join([line, sep, *body])
