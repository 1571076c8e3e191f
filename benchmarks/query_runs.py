"""Our library queries timed as `careersnet query` answers them: in a process that loaded the files.

A query runs inside the store's own code, which no signal interrupts, so each one is bounded by
killing its process. The runs go to a worker process that loads the data once (with the cycle
collector off, as the CLI runs) and answers them one after another, saying in a status file
which one it is on; a run that passes its limit is recorded as timed out, its worker killed and
a new worker started for the runs after it.

The worker is a process of its own, not a fork of one that holds the store: a forked child pays
a copy-on-write fault wherever its allocator reuses a page of its parent's, and the first
large answer it reads pays them all (measured at 1M statements, seed 7: `event-participants`
3.2 s on its first run in a forked child, 1.9 s on its first run in the loading process, 1.6 s
on a second run in either; about 197,000 page faults in each first run).

    python benchmarks/query_runs.py DATA RUNS STATUS     (the worker; run by `timed_runs`)
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import high_water_mib, reset_high_water

Run = dict[str, Any]
"""One timed query: {"stage": its row's name, "query": a library name or SPARQL text, "params": {…}}."""

_POLL = 0.1
"""Seconds between two looks at the worker's status."""


def timed_runs(data: Path, runs: list[Run], limit: float) -> list[dict[str, Any]]:
    """A row per run (stage, seconds, peak MiB, timed_out, answer_rows), each run stopped after
    `limit` seconds, in the order of `runs`."""
    rows: list[dict[str, Any]] = []
    while len(rows) < len(runs):
        rows.extend(_worker_rows(data, runs[len(rows) :], limit))
    return rows


def _worker_rows(data: Path, runs: list[Run], limit: float) -> list[dict[str, Any]]:
    """The rows of the runs one worker answered, then a timed-out row if it was killed on one."""
    with tempfile.TemporaryDirectory() as folder:
        plan, status = Path(folder) / "runs.json", Path(folder) / "status.json"
        plan.write_text(json.dumps(runs), encoding="utf-8")
        command = [sys.executable, str(Path(__file__).resolve()), str(data), str(plan), str(status)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        killed: int | None = None
        while process.poll() is None:
            time.sleep(_POLL)
            state = _state(status)
            if state.get("running") is not None and time.time() - state["since"] > limit:
                process.kill()
                process.wait()
                killed = state["index"]
        rows: list[dict[str, Any]] = _state(status).get("rows", [])
    if killed is not None and len(rows) == killed:
        return [*rows, {"stage": runs[killed]["stage"], "seconds": limit, "peak_mib": 0.0, "timed_out": True}]
    if killed is None and (process.returncode != 0 or len(rows) < len(runs)):
        raise SystemExit(f"the query worker failed on {data} (status {process.returncode})")
    return rows


def _state(status: Path) -> dict[str, Any]:
    """The worker's last status ({} before its first)."""
    try:
        return json.loads(status.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except FileNotFoundError:
        return {}


def _save(status: Path, state: dict[str, Any]) -> None:
    """Write the status in one step (a reader never sees half of it)."""
    partial = status.with_suffix(".partial")
    partial.write_text(json.dumps(state), encoding="utf-8")
    partial.replace(status)


def answer_rows(answer: Any) -> int:
    """How many rows (or triples) an answer holds."""
    return len(answer.rows) if answer.kind == "SELECT" else len(answer.triples or ())


def work(data: Path, plan: Path, status: Path) -> None:
    """The worker: load `data`, then answer each run of `plan`, saying in `status` which one it is
    on and what the finished ones gave."""
    from careersnet_graph.loading import load  # noqa: PLC0415

    gc.disable()
    runs: list[Run] = json.loads(plan.read_text(encoding="utf-8"))
    kg = load([data])
    rows: list[dict[str, Any]] = []
    for index, run in enumerate(runs):
        _save(status, {"rows": rows, "running": run["stage"], "index": index, "since": time.time()})
        reset_high_water()
        started = time.perf_counter()
        answer = kg.query(run["query"], run["params"])
        seconds = time.perf_counter() - started
        rows.append(
            {
                "stage": run["stage"],
                "seconds": round(seconds, 3),
                "peak_mib": round(high_water_mib(), 1),
                "timed_out": False,
                "answer_rows": answer_rows(answer),
            }
        )
        del answer  # freed here, not inside the next run's timing
    _save(status, {"rows": rows, "running": None})


if __name__ == "__main__":
    work(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
