"""Opening the network pages: each `network-*.html` of a folder in headless Chromium, timed to drawn.

Each page is opened from its file: URL in a fresh Chromium (Debian's /usr/bin/chromium, the
browser tests' flags, a 1280 x 900 viewport, every request that is not file: or data: aborted).
"Drawn" is the page's own marker: `data-drawn` on `#network`, set by page.js on vis-network's
first `afterDrawing` after the first view is set (the layout comes with the data; physics is off).
The time runs from the start of the navigation to both the `load` event and that marker. Each row
also gives the nodes and links the page shows (not hidden), its HTML bytes and the peak resident
memory (VmHWM) of the page's renderer process. Issue 14's target: each page drawn within 3 s at 1M.

    python benchmarks/pages.py --pages DIR [--repeat 3] [--timeout 60] [--out benchmarks/results/pages.json]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from common import RESULTS, write_json
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # the browser tests' browser and flags

TARGET_SECONDS = 3.0
"""Issue 14: each network page opens and draws within 3 s at 1M statements (aggregated)."""

SHOWN = """() => {
  const api = window.careersnetNetwork;
  const shown = (set) => set.get({ filter: (item) => !item.hidden }).length;
  return { nodes: shown(api.nodes), edges: shown(api.edges) };
}"""


def _descendants(pid: int) -> list[int]:
    """Every process under `pid` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1)
                for line in status.read_text(encoding="ascii").splitlines()
                if ":\t" in line
            )
        except OSError:
            continue
        children.setdefault(int(fields["PPid"]), []).append(int(fields["Pid"]))
    found, frontier = [], [pid]
    while frontier:
        for child in children.get(frontier.pop(), []):
            found.append(child)
            frontier.append(child)
    return found


def _renderer_peak_mib() -> float:
    """The largest VmHWM among this process's Chromium renderers (one browser runs at a time)."""
    peak = 0.0
    for pid in _descendants(os.getpid()):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
        except OSError:
            continue
        if b"--type=renderer" not in command:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]) / 1024)
    return peak


def _open(playwright: Any, path: Path, timeout: float) -> dict[str, Any]:
    """One page in a fresh browser: its row."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
            ),
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        started = time.perf_counter()
        timed_out = False
        try:
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout * 1000)
            page.wait_for_selector("#network[data-drawn]", state="attached", timeout=timeout * 1000)
        except PlaywrightTimeoutError:
            timed_out = True
        seconds = time.perf_counter() - started
        shown = {"nodes": None, "edges": None} if timed_out else page.evaluate(SHOWN)
        row = {
            "stage": f"page {path.stem.removeprefix('network-')} draw",
            "seconds": round(seconds, 3),
            "peak_mib": round(_renderer_peak_mib(), 1),
            "timed_out": timed_out,
            "nodes": shown["nodes"],
            "edges": shown["edges"],
            "html_bytes": path.stat().st_size,
        }
        if errors:
            row["page_errors"] = errors
        return row
    finally:
        browser.close()


def page_rows(folder: Path, timeout: float = 60.0, repeat: int = 3) -> list[dict[str, Any]]:
    """One row per `network-*.html` in `folder`, in name order, as `run.py`'s stages write them:
    each page opened `repeat` times, the fastest counting (the machine is shared; `startup.py`
    does the same), every time kept in `all_seconds` and the highest renderer peak in `peak_mib`."""
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is absent: the page benchmark needs Debian's chromium package")
    rows = []
    with sync_playwright() as playwright:
        for path in sorted(folder.glob("network-*.html")):
            runs = [_open(playwright, path, timeout) for _ in range(repeat)]
            best = min(runs, key=lambda run: (run["timed_out"], run["seconds"]))
            best["all_seconds"] = [run["seconds"] for run in runs]
            best["peak_mib"] = max(run["peak_mib"] for run in runs)
            rows.append(best)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of the rows (the fastest time, then every time), each against the 3 s target."""
    lines = [
        "| page | s to drawn | every run s | nodes | links | HTML MiB | renderer peak MiB | ≤ 3 s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        seconds = f"> {row['seconds']:.0f}" if row["timed_out"] else f"{row['seconds']:.2f}"
        met = not row["timed_out"] and row["seconds"] <= TARGET_SECONDS
        lines.append(
            f"| {row['stage']} | {seconds} | {', '.join(f'{t:.2f}' for t in row['all_seconds'])} | "
            f"{row['nodes']} | {row['edges']} | "
            f"{row['html_bytes'] / 2**20:.1f} | {row['peak_mib']:.0f} | {'met' if met else '**missed**'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Open every page of `--pages`, print the table and write the JSON (with the load average)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=Path, required=True, help="a folder of built network-*.html pages")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds after which a page counts as not drawn"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="times each page is opened (the fastest counts)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "pages.json")
    args = parser.parse_args()
    if not args.pages.is_dir():
        raise SystemExit(f"--pages {args.pages}: not a folder")
    load_before = os.getloadavg()
    rows = page_rows(args.pages, args.timeout, args.repeat)
    load_after = os.getloadavg()
    write_json(args.out, {"pages": str(args.pages), "load_average": [load_before, load_after], "rows": rows})
    print(table(rows))
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after}")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
