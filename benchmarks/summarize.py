"""The providers' hot paths of several saved ``run.py`` reports of two versions, side by side.

``python benchmarks/summarize.py --baseline main-1.txt main-2.txt --this this-1.txt
this-2.txt`` reads the providers' tables of each report (``authhooks verify`` ns/op per
provider and payload) and prints, per provider and payload, the median over each version's
reports and the ratio. Run the same harness on both versions (copy ``benchmarks/`` into the
other version's tree), alternately, on the same machine.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import fmt_ns, fmt_ratio, table

LIMIT = 1.10
_SECTION = re.compile(r"^### Providers, (.+) payload: ns/op$")


def provider_rows(report: str) -> dict[tuple[str, str], float]:
    """(provider, payload) -> authhooks verify ns/op, from one report."""
    found: dict[tuple[str, str], float] = {}
    size: str | None = None
    for line in report.splitlines():
        match = _SECTION.match(line.strip())
        if match:
            size = match[1]
            continue
        if line.startswith("### "):
            size = None
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if size is None or len(cells) < 3 or not cells[1].isdigit():
            continue
        found[(cells[0], size)] = float(cells[2].replace(" ", ""))
    return found


def summarize(baseline: list[str], this: list[str]) -> str:
    base_runs = [provider_rows(Path(path).read_text("utf-8")) for path in baseline]
    this_runs = [provider_rows(Path(path).read_text("utf-8")) for path in this]
    keys = sorted(set.intersection(*(set(run) for run in base_runs + this_runs)))
    rows = []
    worst = 0.0
    for name, size in keys:
        base = [run[(name, size)] for run in base_runs]
        mine = [run[(name, size)] for run in this_runs]
        ratio = statistics.median(mine) / statistics.median(base)
        worst = max(worst, ratio)
        rows.append(
            [
                name,
                size,
                " / ".join(fmt_ns(v) for v in base),
                " / ".join(fmt_ns(v) for v in mine),
                fmt_ratio(ratio),
                "met" if ratio <= LIMIT else "MISSED",
            ]
        )
    head = ["provider", "payload", "baseline runs", "this version's runs", "ratio", "verdict"]
    return "\n".join(
        [
            table(head, rows),
            f"\nRatio of the medians; no hot path slower by more than 10%: "
            f"{'met' if worst <= LIMIT else 'MISSED'} (worst {fmt_ratio(worst)}).",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline", nargs="+", required=True, help="the other version's reports")
    parser.add_argument("--this", nargs="+", required=True, help="this version's reports")
    args = parser.parse_args(argv)
    print(summarize(args.baseline, args.this))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
