"""Time the library queries alone on one data folder: `run.py`'s query stages without the rest.

    python benchmarks/queries.py --data DIR [--query NAME ...] [--param NAME KEY=VALUE] [--limit N]

Loads DIR (with the shipped data and the ontology, as `careersnet build --data` does) into the
default embedded Oxigraph store once, then runs each query in a forked child stopped after
`--timeout` seconds, with `run.py`'s bindings and bound variants, and prints one line per run:
wall seconds and the number of answer rows (or "> N s"). `--limit N` also times the first N rows
of each SELECT (the query text with `LIMIT N` appended), the time to a first page.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from pathlib import Path

from run import BOUND_QUERIES, QUERY_PARAMS, QUERY_TIMEOUT, _consume, _query_stage


def _timed(step: object, limit: float) -> tuple[float, int | None]:
    """Seconds and answer rows of `step()` in a forked child, (limit, None) if it did not answer."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def child() -> None:
        started = time.perf_counter()
        value = step()  # type: ignore[operator]
        sending.send((time.perf_counter() - started, value))

    started = time.perf_counter()
    process = context.Process(target=child)
    process.start()
    answered = receiving.poll(limit)
    result = receiving.recv() if answered else (time.perf_counter() - started, None)
    if not answered:
        process.kill()
    process.join()
    return result


def main() -> None:
    """Load the folder once and time each chosen query."""
    from careersnet_graph.loading import load  # noqa: PLC0415
    from careersnet_graph.queries import get_query, library  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--query", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=QUERY_TIMEOUT)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--no-bound", action="store_true", help="skip the bound variants")
    args = parser.parse_args()

    started = time.perf_counter()
    kg = load([args.data])
    print(f"load {time.perf_counter() - started:.2f} s, {kg.count()} statements", flush=True)
    names = args.query or sorted(library())
    runs = [(name, QUERY_PARAMS.get(name, {})) for name in names]
    if not args.no_bound:
        runs += [(name, params) for name, params in BOUND_QUERIES.items() if name in names]
    for name, params in runs:
        seconds, rows = _timed(
            lambda name=name, params=params: _consume(kg.query(name, params)), args.timeout
        )
        answer = f"{rows:,} rows" if rows is not None else "timed out"
        shown = f"> {args.timeout:.0f}" if rows is None else f"{seconds:.2f}"
        line = f"{_query_stage(name, params)}: {shown} s, {answer}"
        text = get_query(name).text
        if args.limit and "CONSTRUCT" not in text:
            limited = f"{text}\nLIMIT {args.limit}"
            first, got = _timed(
                lambda text=limited, params=params: _consume(kg.query(text, params)), args.timeout
            )
            line += f"; first {args.limit}: " + (
                f"{first:.2f} s" if got is not None else f"> {args.timeout:.0f} s"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
