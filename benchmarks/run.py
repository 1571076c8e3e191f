"""Speed and memory of the main steps, against a baseline measured in the same run.

The shipped data is replicated N times (IRIs renamed per copy) into temporary Turtle files. For
each size the script times rdflib's plain (lenient) Turtle parse of those files as the baseline,
then the project's strict load, validation, exports, projection and analysis, and reports each
step's time and Python peak memory with its ratio to the baseline. It prints a table and writes
JSON (default: benchmarks/results/latest.json).

    python benchmarks/run.py [--copies 1 10 40] [--out benchmarks/results/latest.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from rdflib import Graph, URIRef

from careersnet_graph.analysis.centrality import centrality_table
from careersnet_graph.export import RDF_WRITERS
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND
from careersnet_graph.projection import organisation_graph
from careersnet_graph.validate import validate


def _renamed(term: Any, copy: int) -> Any:
    if isinstance(term, URIRef) and str(term).startswith(str(CND)):
        return URIRef(f"{term}-copy{copy}")
    return term


def write_copies(copies: int, folder: Path) -> list[Path]:
    """The shipped data, replicated `copies` times, one Turtle file per copy and source."""
    dataset = load().to_rdflib()
    written = []
    for copy in range(copies):
        for named in dataset.graphs():
            name = str(named.identifier)
            if not name.startswith(str(CND)):
                continue
            graph = Graph()
            for triple in named:
                graph.add(tuple(_renamed(term, copy) for term in triple))
            path = folder / f"{name.removeprefix(str(CND))}-copy{copy}.ttl"
            path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
            written.append(path)
    return written


def measure(step: Callable[[], object]) -> tuple[float, float, object]:
    """Best-of-three seconds of a call, peak MiB of Python allocations in a further traced call
    (tracing slows Python down, so it is kept out of the timing), and the call's result."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        result = step()
        timings.append(time.perf_counter() - started)
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(timings), peak / 2**20, result


def baseline_parse(files: list[Path]) -> Graph:
    """rdflib's own lenient Turtle parser, file by file: what the project's strict loader is compared with."""
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


def run(copies: int) -> list[dict[str, Any]]:
    """All steps at one size, as rows with ratios to the baseline parse."""
    with tempfile.TemporaryDirectory() as folder:
        files = write_copies(copies, Path(folder))
        base_seconds, base_mib, baseline = measure(lambda: baseline_parse(files))
        triples = len(cast(Graph, baseline))
        kg = load([folder], shipped=False)
        network = organisation_graph(kg)
        steps: dict[str, Callable[[], object]] = {
            "strict load": lambda: load([folder], shipped=False),
            "validate (SHACL)": lambda: validate(kg),
            "export turtle": lambda: RDF_WRITERS["turtle"].serialize(kg),
            "export nquads": lambda: RDF_WRITERS["nquads"].serialize(kg),
            # A fresh KnowledgeGraph over the same dataset: projection reads each graph's facts once.
            "project organisations": lambda: organisation_graph(KnowledgeGraph(kg.store)),
            "centrality": lambda: centrality_table(network),
        }
        baseline_figures = (base_seconds, base_mib)
        rows = [_row(copies, triples, "baseline: rdflib parse", baseline_figures, baseline_figures)]
        for name, step in steps.items():
            seconds, mib, _ = measure(step)
            rows.append(_row(copies, triples, name, (seconds, mib), baseline_figures))
    return rows


TIME_TARGETS: dict[str, float] = {
    "strict load": 1.0,
    "validate (SHACL)": 10.0,
    "export turtle": 4.0,
    "export nquads": 1.0,
    "project organisations": 5.0,
    "centrality": 1.0,
}
"""The most time each step may take, as a multiple of the baseline parse of the same files."""


def _row(
    copies: int, triples: int, step: str, measured: tuple[float, float], baseline: tuple[float, float]
) -> dict[str, Any]:
    (seconds, mib), (base_seconds, base_mib) = measured, baseline
    return {
        "copies": copies,
        "triples": triples,
        "step": step,
        "seconds": round(seconds, 4),
        "peak_mib": round(mib, 2),
        "time_ratio": round(seconds / base_seconds, 3) if base_seconds else None,
        "memory_ratio": round(mib / base_mib, 3) if base_mib else None,
        "time_target": TIME_TARGETS.get(step),
        "meets_target": step not in TIME_TARGETS or seconds / base_seconds <= TIME_TARGETS[step],
    }


def _target_text(row: dict[str, Any]) -> str:
    if row["time_target"] is None:
        return "-"
    return f"{'ok' if row['meets_target'] else 'MISSED'} <={row['time_target']:g}x"


def main() -> None:
    """Run every size, print the table, write the JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 40])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "latest.json")
    args = parser.parse_args()
    rows = [row for copies in args.copies for row in run(copies)]
    header = "".join(
        (
            f"{'copies':>6} {'triples':>8}  {'step':<24} ",
            f"{'seconds':>9} {'peak MiB':>9} {'x time':>7} {'x mem':>7} {'target':>7}",
        )
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['copies']:>6} {row['triples']:>8}  {row['step']:<24} {row['seconds']:>9.4f} "
            f"{row['peak_mib']:>9.2f} {row['time_ratio']:>7.2f} {row['memory_ratio']:>7.2f} "
            f"{_target_text(row):>7}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    document = {"python": platform.python_version(), "machine": platform.machine(), "rows": rows}
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
