"""Start-up: how long the commands a user types first take, as whole processes.

Each command runs as its own process (the way a user runs it), five times; the best wall time
counts. The baseline, measured in the same run, is the bare interpreter (`python -c pass`):
what no command can go below. Targets (issue 8) are absolute wall times on the shipped data:
`careersnet --help` and `careersnet query --list` within 0.5 s, `careersnet query partners-of`
within 1.5 s, and a persistent store reopened (`careersnet stats --store oxigraph:PATH`) within 1 s.
It prints a table and writes JSON (default: benchmarks/results/startup.json).

    python benchmarks/startup.py [--repeat 5] [--out benchmarks/results/startup.json]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import RESULTS, write_json

PARTNERS = ["query", "partners-of", "--param", "actor=cnd:org-cedefop"]


def careersnet() -> list[str]:
    """The command, as installed beside this Python (or on the PATH)."""
    beside = Path(sys.executable).parent / "careersnet"
    return [str(beside)] if beside.is_file() else [shutil.which("careersnet") or "careersnet"]


def best_of(command: list[str], repeat: int) -> float:
    """The shortest wall time of `repeat` runs of `command` (each must succeed)."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    """Measure, print the table, write the JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "startup.json")
    args = parser.parse_args()
    base = careersnet()
    with tempfile.TemporaryDirectory() as folder:
        store = f"oxigraph:{Path(folder) / 'store'}"
        subprocess.run([*base, "load", "--store", store], check=True, capture_output=True)
        steps: list[tuple[str, list[str], float | None]] = [
            ("baseline: python -c pass", [sys.executable, "-c", "pass"], None),
            ("careersnet --help", [*base, "--help"], 0.5),
            ("careersnet query --list", [*base, "query", "--list"], 0.5),
            ("query partners-of (default store)", [*base, *PARTNERS], 1.5),
            ("stats, persistent store reopened", [*base, "stats", "--store", store], 1.0),
            ("query partners-of, persistent store", [*base, *PARTNERS, "--store", store], 1.5),
        ]
        baseline = best_of(steps[0][1], args.repeat)
        rows: list[dict[str, Any]] = []
        for name, command, target in steps:
            seconds = baseline if target is None else best_of(command, args.repeat)
            rows.append(
                {
                    "step": name,
                    "seconds": round(seconds, 3),
                    "ratio_to_baseline": round(seconds / baseline, 2),
                    "target_seconds": target,
                    "meets_target": target is None or seconds <= target,
                }
            )
    print(f"{'step':<40} {'seconds':>8} {'x base':>7} {'target':>8}")
    print("-" * 66)
    for row in rows:
        target = "-" if row["target_seconds"] is None else f"<={row['target_seconds']:g}s"
        verdict = "" if row["target_seconds"] is None else (" ok" if row["meets_target"] else " MISSED")
        print(
            f"{row['step']:<40} {row['seconds']:>8.3f} {row['ratio_to_baseline']:>7.2f} {target:>8}{verdict}"
        )
    write_json(args.out, {"rows": rows})
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
