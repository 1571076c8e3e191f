"""Which reader for imported workbooks: python-calamine or openpyxl, on the same generated file.

Writes one XLSX workbook with a Participations-like sheet of N rows (text, dates and numbers,
written by openpyxl as Excel would store them), then reads every cell of it with each reader,
best of three, and reports seconds, peak Python memory (one traced run; calamine's Rust side
is not traced) and the peak resident memory of a fresh process that only reads the file once.
The figures are quoted in docs/import.md.

    python benchmarks/spreadsheet_readers.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import datetime
import platform
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import openpyxl
from common import high_water_mib
from python_calamine import CalamineWorkbook

HEADER = ["ID", "Source", "Who", "Role", "In what", "From", "To", "Formality", "Note"]


def write_workbook(path: Path, rows: int) -> None:
    """A workbook of `rows` rows below a header, in openpyxl's streaming (write-only) mode."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Participations")
    sheet.append(HEADER)
    start = datetime.date(2000, 1, 1)
    for index in range(rows):
        sheet.append(
            [
                f"cnd:participation-{index}",
                f"Source {index % 50}",
                f"Organisation number {index}",
                "partner",
                f"Initiative {index % 400}",
                start + datetime.timedelta(days=index % 7000),
                44536 + index % 1000,
                "formal" if index % 2 else "informal",
                f"A note of some length about participation {index}, with a comma, and ümlauts.",
            ]
        )
    workbook.save(path)


def read_calamine(path: Path) -> int:
    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_name("Participations").to_python(skip_empty_area=False)
    return sum(len(row) for row in rows)


def read_openpyxl(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(len(row) for row in workbook["Participations"].iter_rows(values_only=True))
    finally:
        workbook.close()


READERS: dict[str, Callable[[Path], int]] = {
    "python-calamine": read_calamine,
    "openpyxl (read-only)": read_openpyxl,
}


def measure(read: Callable[[Path], int], path: Path) -> tuple[float, float, int]:
    """Best-of-three seconds, peak MiB of Python allocations (one traced run), cells read."""
    times = []
    cells = 0
    for _ in range(3):
        began = time.perf_counter()
        cells = read(path)
        times.append(time.perf_counter() - began)
    tracemalloc.start()
    read(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / 2**20, cells


def resident_mib(name: str, path: Path) -> float:
    """Peak resident memory (MiB) that reading `path` once with `name` adds to a new Python process
    (both readers imported), over the same process reading nothing."""

    def peak(reader: str) -> float:
        command = [sys.executable, __file__, "--child", reader, str(path)]
        return float(subprocess.run(command, check=True, capture_output=True, text=True).stdout)

    return peak(name) - peak("none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--child", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        if arguments.child[0] != "none":
            READERS[arguments.child[0]](Path(arguments.child[1]))
        print(high_water_mib())
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "participations.xlsx"
        write_workbook(path, arguments.rows)
        size = path.stat().st_size / 2**20
        python = platform.python_version()
        print(f"{arguments.rows} rows x {len(HEADER)} columns, {size:.1f} MiB, Python {python}")
        print(f"{'reader':<22} {'seconds':>8} {'Python MiB':>11} {'+RSS MiB':>8} {'cells':>8}")
        for name, read in READERS.items():
            seconds, peak, cells = measure(read, path)
            rss = resident_mib(name, path)
            print(f"{name:<22} {seconds:>8.2f} {peak:>11.1f} {rss:>8.1f} {cells:>8}")


if __name__ == "__main__":
    main()
