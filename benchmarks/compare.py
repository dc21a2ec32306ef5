"""The providers' hot paths against another version of authhooks, on the same machine.

``python benchmarks/compare.py --baseline OTHER_PYTHON [--rounds N] [--write-docs PATH]``
runs ``_hot.py`` (every provider verifying its padded demo sample, 1 KB and 64 KB) with the
baseline interpreter (an environment where the other version is installed) and with this one,
alternately, ``N`` times, and reports for every provider and size the fastest ns/op of each
and their ratio. The target: no hot path more than 10% slower than the baseline's.

To compare with the main branch: ``git worktree add /tmp/bench-main main``, make an
environment there (``python -m venv /tmp/bench-main/.venv && /tmp/bench-main/.venv/bin/pip
install /tmp/bench-main``), then run this with ``--baseline /tmp/bench-main/.venv/bin/python``
from an environment with this version (``nox -s bench -- --compare ...`` does both runs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _hot import SIZES
from _timing import fmt_ns, fmt_ratio, table

HERE = Path(__file__).resolve().parent
LIMIT = 1.10


def _run(python: str, target_s: float, repeats: int) -> dict[str, dict[str, float]]:
    done = subprocess.run(
        # An absolute path, not a resolved one: a virtual environment's python is a link.
        [os.path.abspath(python), str(HERE / "_hot.py"), str(target_s), str(repeats)],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    )
    result: dict[str, dict[str, float]] = json.loads(done.stdout)
    return result


def _instructions(python: str, name: str, size: int, calls: int) -> int:
    """The instructions a process making ``calls`` verifications executes (valgrind)."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            os.path.abspath(python),
            str(HERE / "_hot.py"),
            "--calls",
            name,
            str(size),
            str(calls),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    match = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if match is None:
        raise RuntimeError(f"no instruction count from valgrind: {done.stderr[-300:]}")
    return int(match[1].replace(",", ""))


def per_call_instructions(python: str, name: str, size: int, calls: int = 200) -> float:
    """Instructions per verification: two runs that differ only in the number of calls, so
    that start-up and set-up cancel out. Deterministic, whatever else the machine runs."""
    few = _instructions(python, name, size, calls // 4)
    many = _instructions(python, name, size, calls // 4 + calls)
    return (many - few) / calls


def compare_instructions(baseline: str, candidate: str, names: list[str]) -> str:
    """Instructions per verification of every provider and size, on each side (valgrind)."""
    rows = []
    worst = 0.0
    started = time.perf_counter()
    for name in names:
        for label, size in SIZES.items():
            base = per_call_instructions(baseline, name, size)
            cand = per_call_instructions(candidate, name, size)
            ratio = cand / base
            worst = max(worst, ratio)
            rows.append(
                [
                    name,
                    label,
                    f"{base:,.0f}",
                    f"{cand:,.0f}",
                    fmt_ratio(ratio),
                    "met" if ratio <= LIMIT else "MISSED",
                ]
            )
    head = ["provider", "payload", "baseline instructions", "this", "ratio", f"<= {LIMIT:.2f}x"]
    verdict = "met" if worst <= LIMIT else "MISSED"
    return "\n".join(
        [
            "Instructions per verification (valgrind's cachegrind, the difference of two runs "
            "of 250 and 50 verifications): exact, whatever else the machine runs.\n",
            table(head, rows),
            f"\nNo hot path above the baseline by more than 10% in instructions: {verdict} "
            f"(worst {fmt_ratio(worst)}; took {time.perf_counter() - started:.0f} s).",
        ]
    )


def _version(python: str) -> str:
    code = "import importlib.metadata as m; print(m.version('authhooks'))"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def compare(baseline: str, candidate: str, *, rounds: int, target_s: float, repeats: int) -> str:
    """The report: a table with the fastest of every round of each side, and a verdict."""
    runs: dict[str, list[dict[str, dict[str, float]]]] = {"baseline": [], "candidate": []}
    started = time.perf_counter()
    for index in range(rounds):
        order = ("baseline", "candidate") if index % 2 == 0 else ("candidate", "baseline")
        for side in order:
            python = baseline if side == "baseline" else candidate
            runs[side].append(_run(python, target_s, repeats))
    rows = []
    worst = 0.0
    names = sorted(set(runs["baseline"][0]) & set(runs["candidate"][0]))
    for name in names:
        for size in ("1 KB", "64 KB"):
            base = min(run[name][size] for run in runs["baseline"])
            cand = min(run[name][size] for run in runs["candidate"])
            size_bytes = int(runs["candidate"][0][name][f"{size} bytes"])
            same = runs["baseline"][0][name][f"{size} bytes"] == size_bytes
            ratio = cand / base
            worst = max(worst, ratio)
            rows.append(
                [
                    name,
                    size,
                    f"{size_bytes}" + ("" if same else " (!)"),
                    fmt_ns(base),
                    fmt_ns(cand),
                    fmt_ratio(ratio),
                    "met" if ratio <= LIMIT else "MISSED",
                ]
            )
    head = [
        "provider",
        "payload",
        "body bytes",
        f"baseline ({_version(baseline)}) ns/op",
        f"this ({_version(candidate)}) ns/op",
        "ratio",
        f"<= {LIMIT:.2f}x",
    ]
    verdict = "met" if worst <= LIMIT else "MISSED"
    return "\n".join(
        [
            f"Fastest of {rounds} alternating rounds per side ({repeats} interleaved repeats "
            "each); (!) marks a payload whose size differs between the versions.\n",
            table(head, rows),
            f"\nNo hot path slower than the baseline by more than 10%: {verdict} "
            f"(worst {fmt_ratio(worst)}; run took {time.perf_counter() - started:.0f} s).",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline", required=True, help="the other version's python")
    parser.add_argument("--candidate", default=sys.executable, help="this version's python")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--target-s", type=float, default=0.03)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions per verification with valgrind (exact; slow)",
    )
    parser.add_argument("--write-docs", metavar="PATH", help="update the table in this file")
    args = parser.parse_args(argv)
    report = compare(
        args.baseline,
        args.candidate,
        rounds=args.rounds,
        target_s=args.target_s,
        repeats=args.repeats,
    )
    if args.instructions:
        if shutil.which("valgrind") is None:
            raise SystemExit("--instructions needs valgrind")
        names = sorted(set(_run(args.candidate, 0.001, 1)) & set(_run(args.baseline, 0.001, 1)))
        report += "\n\n" + compare_instructions(args.baseline, args.candidate, names)
    print(report)
    if args.write_docs:
        path = Path(args.write_docs)
        text = path.read_text(encoding="utf-8")
        start, end = "<!-- compare:start -->", "<!-- compare:end -->"
        before, found, rest = text.partition(start)
        if not found:
            raise SystemExit(f"{path} has no {start} marker")
        _, _, after = rest.partition(end)
        path.write_text(f"{before}{start}\n{report}\n{end}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
