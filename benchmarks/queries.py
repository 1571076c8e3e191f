"""Time the library queries alone on one data folder: `run.py`'s query stages without the rest.

    python benchmarks/queries.py --data DIR [--query NAME ...] [--timeout S] [--limit N] [--no-bound]

Loads DIR (with the shipped data and the ontology, as `careersnet build --data` does) into the
default embedded Oxigraph store once, in a worker process of its own, which then answers each
query with `run.py`'s bindings and bound variants, each stopped after `--timeout` seconds
(`query_runs`), and prints one line per run: wall seconds and the number of answer rows (or
"> N s"). `--limit N` also times the first N rows of each SELECT (the query text with `LIMIT N`
appended), the time to a first page.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from query_runs import Run, timed_runs
from run import BOUND_QUERIES, QUERY_PARAMS, QUERY_TIMEOUT, _query_stage


def main() -> None:
    """Time each chosen query (and its first page) in one loading worker."""
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

    names = args.query or sorted(library())
    chosen = [(name, QUERY_PARAMS.get(name, {})) for name in names]
    if not args.no_bound:
        chosen += [(name, params) for name, params in BOUND_QUERIES.items() if name in names]
    runs: list[Run] = []
    for name, params in chosen:
        runs.append({"stage": _query_stage(name, params), "query": name, "params": params})
        text = get_query(name).text
        if args.limit and "CONSTRUCT" not in text:
            runs.append(
                {
                    "stage": f"{_query_stage(name, params)}, first {args.limit}",
                    "query": f"{text}\nLIMIT {args.limit}",
                    "params": params,
                }
            )
    for row in timed_runs(args.data, runs, args.timeout):
        if row["timed_out"]:
            print(f"{row['stage']}: > {args.timeout:.0f} s, timed out", flush=True)
        else:
            print(f"{row['stage']}: {row['seconds']:.2f} s, {row['answer_rows']:,} rows", flush=True)


if __name__ == "__main__":
    main()
