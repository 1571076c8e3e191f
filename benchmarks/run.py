"""Scale: each stage of the build at 10k, 100k and 1M statements, against the naive pipeline.

For each size, `synth.py` writes a synthetic graph into a temporary folder (the shipped data and
the ontology are loaded with it, as `careersnet build --data` does). Four kinds of process then
run on the same files, each stage timed (wall) with its peak resident memory (VmHWM, reset
before each stage; a stage's peak includes what the process already held):

- ours: load, validation, each projection, each metric family of the organisations projection
  (igraph engine), report, pages, each export, the network files;
- build: the whole `careersnet build --quiet`, as its own process (peak: the build and its
  second process together, sampled every 50 ms, and at least the build's rusage);
- naive: rdflib Dataset parse, rdflib's SPARQL engine for each library query, pyshacl, a Python
  co-participation projection over rdflib triples and networkx's defaults on it, each stage
  stopped after `--baseline-timeout` seconds (reported as "> N s"), except the parse, which the
  whole-build target is compared with;
- queries: each of our library queries, one after another in a process that loaded the files
  itself, as `careersnet query` answers them, each stopped after `QUERY_TIMEOUT` seconds
  (`query_runs`: a forked child of the process that holds the store would pay copy-on-write
  faults on its pages, up to 1.3 s more on one query at 1M).

It writes `benchmarks/results/<date>-<size>.json` per size and `benchmarks/results/<date>.md`,
the table with the ratios, the growth exponent from the second-largest to the largest size and
each target of issue 14 (met or missed).

    python benchmarks/run.py --sizes 10k,100k,1m [--baseline-timeout 30] [--no-baseline] [--smoke]
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import RESULTS, high_water_mib, machine, reset_high_water, write_json
from pages import TARGET_SECONDS, page_rows
from query_runs import timed_runs

HERE = Path(__file__).resolve().parent

QUERY_PARAMS: dict[str, dict[str, str]] = {
    "actor-neighbourhood": {"actor": "cnd:org-cedefop"},
    "partners-of": {"actor": "cnd:org-cedefop"},
    "shared-initiatives": {"actor": "cnd:org-cedefop", "other": "cnd:org-etf"},
    "statement-sources": {"entity": "cnd:org-cedefop"},
}
"""Bindings of the library queries that require some (the other queries run unbound)."""

BOUND_QUERIES: dict[str, dict[str, str]] = {
    "countries-cooperating": {"country": "country:SVN"},
    "cross-sector-cooperation": {"sector": "cnd:sector-education"},
}
"""Queries whose unbound answer is every pair of co-participants: also run with their optional
parameter bound, as a user asks them about one country or sector."""

TARGETS = {
    "build": (60.0, 3072.0),
    "validation": (20.0, None),
    "query": (2.0, None),
    "metrics": (20.0, None),
    "page": (TARGET_SECONDS, None),
}
"""Issue 14's targets at 1M statements: seconds and peak MiB (None = no target)."""


PARSE_RATIO_FROM = 100_000
"""The size from which the whole build is held to 2x rdflib's parse of the same files."""


QUERY_TIMEOUT = 30.0
"""Seconds after which one of our library queries is stopped (reported as "> 30")."""


class StageTimeoutError(Exception):
    """A naive stage ran past its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `StageTimeoutError` in the block after `seconds` (pure-Python work is interrupted)."""
    if not seconds:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise StageTimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Stages:
    """Stage timings of one worker process, written to its result file after each stage."""

    def __init__(self, result: Path, timeout: float | None = None) -> None:
        self.result = result
        self.timeout = timeout
        self.rows: list[dict[str, Any]] = []
        self.facts: dict[str, Any] = {}

    def run(self, name: str, step: Callable[[], Any], bounded: bool = True) -> Any:
        """Time `step` as stage `name` (None on timeout; no limit unless `bounded`) and record it."""
        reset_high_water()
        started = time.perf_counter()
        value, timed_out = None, False
        try:
            with time_limit(self.timeout if bounded else None):
                value = step()
        except StageTimeoutError:
            timed_out = True
        seconds = time.perf_counter() - started
        row = {"stage": name, "seconds": round(seconds, 3), "peak_mib": round(high_water_mib(), 1)}
        row["timed_out"] = timed_out
        if isinstance(value, int):
            row["answer_rows"] = value
        self.rows.append(row)
        self.result.write_text(
            json.dumps({"rows": self.rows, "facts": self.facts}, indent=2), encoding="utf-8"
        )
        return value


def _queries(names: Any) -> list[tuple[str, dict[str, str]]]:
    """Every library query with the bindings it runs with, and the bound variants."""
    runs = [(name, QUERY_PARAMS.get(name, {})) for name in sorted(names)]
    return runs + [(name, params) for name, params in BOUND_QUERIES.items() if name in names]


def _query_stage(name: str, params: dict[str, str]) -> str:
    optional = {key: value for key, value in params.items() if key in BOUND_QUERIES.get(name, {})}
    bound = ", ".join(f"{key}={value}" for key, value in optional.items())
    return f"query {name}" + (f" ({bound})" if bound else "")


def query_stages(data: Path) -> list[dict[str, Any]]:
    """Each library query and bound variant timed in a process that loaded `data` itself
    (`query_runs`), each stopped after `QUERY_TIMEOUT` seconds."""
    from careersnet_graph.queries import library  # noqa: PLC0415

    runs = [
        {"stage": _query_stage(name, params), "query": name, "params": params}
        for name, params in _queries(library())
    ]
    return timed_runs(data, runs, QUERY_TIMEOUT)


def ours(data: Path, stages: Stages) -> None:
    """Our pipeline, stage by stage, in this process."""
    from careersnet_graph.analysis.engine import IgraphEngine  # noqa: PLC0415
    from careersnet_graph.context import BuildContext  # noqa: PLC0415
    from careersnet_graph.export import EXPORT_BASENAME, RDF_WRITERS, SortedStatements  # noqa: PLC0415
    from careersnet_graph.loading import load  # noqa: PLC0415
    from careersnet_graph.network_files import write_networks  # noqa: PLC0415
    from careersnet_graph.projection import PROJECTIONS  # noqa: PLC0415
    from careersnet_graph.report.writer import write_report  # noqa: PLC0415
    from careersnet_graph.validate import validate  # noqa: PLC0415
    from careersnet_graph.viz.pages import write_pages  # noqa: PLC0415

    kg = stages.run("load", lambda: load([data]))
    stages.facts["statements"] = kg.count()
    stages.run("validation", lambda: validate(kg))
    context = BuildContext(kg)
    for name in PROJECTIONS:
        graph = stages.run(f"projection {name}", lambda name=name: context.projection(name))
        stages.facts[f"{name} nodes"] = graph.number_of_nodes()
        stages.facts[f"{name} edges"] = graph.number_of_edges()
    organisations = context.projection("organisations")
    engine = IgraphEngine()
    for metric in ("centralities", "constraint", "effective_size", "partition", "core_numbers", "components"):
        stages.run(f"metric {metric}", lambda metric=metric: getattr(engine, metric)(organisations))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        stages.run("report (with its metrics)", lambda: write_report(context, out))
        stages.run("pages (with their metrics)", lambda: write_pages(context, out))
        stages.rows.extend(page_rows(out))  # "page <name> draw": opened in Chromium (pages.py)
        statements = SortedStatements(kg)  # shared by the formats, as the build shares it
        for name, writer in RDF_WRITERS.items():
            path = out / f"{EXPORT_BASENAME}{writer.suffix}"
            stages.run(f"export {name}", lambda writer=writer, path=path: _export(statements, writer, path))
        stages.run("network files", lambda: write_networks(context, out))


def _export(statements: Any, writer: Any, path: Path) -> None:
    with path.open("wb") as out:
        writer.write_sorted(statements, out)


def naive(data: Path, stages: Stages) -> None:
    """The naive pipeline on the same files: rdflib, pyshacl, a Python projection, networkx."""
    import networkx as nx  # noqa: PLC0415
    import pyshacl  # noqa: PLC0415
    from rdflib import Dataset, Graph, URIRef  # noqa: PLC0415

    from careersnet_graph.loading import load  # noqa: PLC0415
    from careersnet_graph.queries import library  # noqa: PLC0415
    from careersnet_graph.resources import data_dir, ontology_files, shapes_file  # noqa: PLC0415

    files = [*ontology_files(), *sorted(data_dir().rglob("*.ttl")), *sorted(data.rglob("*.ttl"))]
    dataset = Dataset(default_union=True)

    def parse() -> None:
        for path in files:
            dataset.graph(URIRef(path.resolve().as_uri())).parse(path, format="turtle")

    stages.run("load", parse, bounded=False)
    if stages.rows[-1]["timed_out"]:
        return
    binder = load([], shipped=False)
    for name, params in _queries(library()):
        text = binder.bind(name, params).text
        stages.run(_query_stage(name, params), lambda text=text: len(list(dataset.query(text))))
    union = Graph()
    stages.run("validation", lambda: _pyshacl(pyshacl, dataset, union, shapes_file()))
    graph = stages.run("projection organisations", lambda: _naive_organisations(dataset, nx))
    if graph is None:
        return
    metrics: dict[str, Callable[[], Any]] = {
        "metric centralities": lambda: (
            nx.degree_centrality(graph),
            nx.betweenness_centrality(graph),
            nx.closeness_centrality(graph),
            nx.pagerank(graph, weight="weight"),
        ),
        "metric constraint": lambda: nx.constraint(graph, weight="weight"),
        "metric effective_size": lambda: nx.effective_size(graph, weight="weight"),
        "metric partition": lambda: nx.community.louvain_communities(graph, weight="weight", seed=1),
        "metric core_numbers": lambda: nx.core_number(graph),
        "metric components": lambda: list(nx.connected_components(graph)),
    }
    for name, step in metrics.items():
        stages.run(name, step)


def _pyshacl(pyshacl: Any, dataset: Any, union: Any, shapes: Path) -> Any:
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    return pyshacl.validate(union, shacl_graph=str(shapes), inference="none")


def _naive_organisations(dataset: Any, nx: Any) -> Any:
    """Co-participation of organisations, read triple by triple: every pair of agents of a target."""
    from rdflib import RDF, RDFS, URIRef  # noqa: PLC0415

    cng = "https://w3id.org/careersnet-graph/ontology#"
    org = "http://www.w3.org/ns/org#"
    agent, target = URIRef(cng + "agent"), URIRef(cng + "target")
    subclasses: dict[Any, set[Any]] = {}
    for sub, _, sup in dataset.triples((None, RDFS.subClassOf, None)):
        subclasses.setdefault(sup, set()).add(sub)
    organisation_classes = {
        URIRef(org + name)
        for name in (
            "Organization",
            "FormalOrganization",
            "OrganizationalUnit",
            "OrganizationalCollaboration",
        )
    }
    frontier = list(organisation_classes)
    while frontier:
        for sub in subclasses.get(frontier.pop(), ()):
            if sub not in organisation_classes:
                organisation_classes.add(sub)
                frontier.append(sub)
    organisations = {s for s, _, o in dataset.triples((None, RDF.type, None)) if o in organisation_classes}
    members: dict[Any, set[Any]] = {}
    for participation, _, who in dataset.triples((None, agent, None)):
        if who in organisations:
            for _, _, what in dataset.triples((participation, target, None)):
                members.setdefault(what, set()).add(who)
    graph = nx.Graph()
    for group in members.values():
        ordered = sorted(group)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                weight = graph.get_edge_data(first, second, {"weight": 0})["weight"]
                graph.add_edge(first, second, weight=weight + 1)
    return graph


_SAMPLE = 0.05
"""Seconds between two looks at the memory of the whole build's processes."""


def whole_build(data: Path) -> dict[str, Any]:
    """`careersnet build --quiet` as its own process: wall seconds and peak MiB, that of the build
    and its second process together (sampled, and at least the build's own peak from its
    rusage)."""
    command = [str(Path(sys.executable).parent / "careersnet"), "build", "--quiet", "--data", str(data)]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        child = subprocess.Popen(
            [*command, "--out", str(Path(folder) / "exports")], stdout=subprocess.DEVNULL
        )
        together = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            together = max(together, _tree_rss_kib(child.pid))
            time.sleep(_SAMPLE)
        seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"careersnet build failed on {data} (status {status})")
    return {
        "stage": "whole build",
        "seconds": round(seconds, 3),
        "peak_mib": round(max(usage.ru_maxrss, together) / 1024, 1),
    }


def _tree_rss_kib(root: int) -> int:
    """The resident memory (KiB) of process `root` and its descendants now (0 once it is gone),
    found through each thread's list of children (/proc/PID/task/TID/children): a few small reads
    per look. Reading every process's status instead cost 1.9 ms a look, 4% of a core taken from
    the build it measures on a 2-core machine. Where the kernel keeps no such lists, every
    process's parent is read (`_scanned_tree_rss_kib`)."""
    if not Path(f"/proc/{root}/task/{root}/children").exists():
        return _scanned_tree_rss_kib(root) if Path(f"/proc/{root}").exists() else 0
    total, frontier, seen = 0, [root], {root}
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    while frontier:
        pid = frontier.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text(encoding="ascii").split()[1]) * page_kib
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        for task in tasks:
            try:
                found = (task / "children").read_text(encoding="ascii").split()
            except OSError:
                continue
            for child in map(int, found):
                if child not in seen:
                    seen.add(child)
                    frontier.append(child)
    return total


def _scanned_tree_rss_kib(root: int) -> int:
    """`_tree_rss_kib` from every process's status: its parent and its resident memory."""
    children: dict[int, list[int]] = {}
    resident: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(int(entry.name))
        resident[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, frontier = {root}, [root]
    while frontier:
        found = [pid for pid in children.get(frontier.pop(), []) if pid not in tree]
        tree.update(found)
        frontier.extend(found)
    return sum(resident.get(pid, 0) for pid in tree)


def worker(kind: str, data: Path, result: Path, timeout: float | None) -> dict[str, Any]:
    """Run `kind` ("ours" or "naive") in a child process; its rows and facts."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, str(data), str(result)]
    if timeout:
        command += ["--baseline-timeout", str(timeout)]
    subprocess.run(command, check=False)
    if not result.is_file():
        return {"rows": [], "facts": {}}
    return json.loads(result.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def parse_size(text: str) -> int:
    """10k → 10000, 1m → 1000000."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def measure_size(
    label: str, size: int, seed: int, timeout: float | None, baseline: bool, *, whole: bool = True
) -> dict[str, Any]:
    """Every stage of every pipeline at one size (the whole build unless not `whole`)."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        subprocess.run(
            [
                sys.executable,
                str(HERE / "synth.py"),
                "--triples",
                str(size),
                "--seed",
                str(seed),
                "--out",
                str(data),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"[{label}] ours", file=sys.stderr)
        mine = worker("ours", data, Path(folder) / "ours.json", None)
        print(f"[{label}] queries", file=sys.stderr)
        after = next((i + 1 for i, row in enumerate(mine["rows"]) if row["stage"] == "validation"), 0)
        mine["rows"][after:after] = query_stages(data)
        builds = []
        if whole:
            print(f"[{label}] whole build", file=sys.stderr)
            builds.append(whole_build(data))
        naive_rows: list[dict[str, Any]] = []
        if baseline:
            print(f"[{label}] naive (timeout {timeout} s per stage)", file=sys.stderr)
            naive_rows = worker("naive", data, Path(folder) / "naive.json", timeout)["rows"]
    return {
        "size": label,
        "requested_statements": size,
        "seed": seed,
        "facts": mine["facts"],
        "ours": [*mine["rows"], *builds],
        "naive": naive_rows,
        "baseline_timeout": timeout,
    }


def _seconds(rows: list[dict[str, Any]], stage: str) -> float | None:
    for row in rows:
        if row["stage"] == stage:
            return None if row.get("timed_out") else float(row["seconds"])
    return None


def _cell(rows: list[dict[str, Any]], stage: str, timeout: float | None) -> str:
    for row in rows:
        if row["stage"] == stage:
            limit = timeout if timeout is not None else QUERY_TIMEOUT
            return f"> {limit:g}" if row.get("timed_out") else f"{row['seconds']:.2f}"
    return "-"


def _target(stage: str) -> tuple[str, float | None, float | None]:
    """The kind of target a stage has, its seconds and its peak MiB (None = no target)."""
    if stage == "whole build":
        return "build", *TARGETS["build"]
    if stage == "validation":
        return "validation", *TARGETS["validation"]
    if stage.startswith("query "):
        return "query", *TARGETS["query"]
    if stage.startswith("page "):
        return "page", *TARGETS["page"]
    return "", None, None


def table(results: list[dict[str, Any]]) -> str:
    """The Markdown table: ours at every size, peak memory and the naive time at the largest,
    the ratio, the growth exponent between the two largest sizes and the targets."""
    largest = results[-1]
    previous = results[-2] if len(results) > 1 else None
    sizes = " | ".join(f"{r['size']} s" for r in results)
    head = f"| stage | {sizes} | {largest['size']} peak MiB | naive {largest['size']} s | naive / ours |"
    head += " exponent | target |" if previous else " target |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    timeout = largest["baseline_timeout"]
    missed: list[str] = []
    for row in largest["ours"]:
        stage = row["stage"]
        answered = f" ({row['answer_rows']:,} rows)" if "answer_rows" in row else ""
        cells = [_cell(r["ours"], stage, None) for r in results]
        naive_seconds = _seconds(largest["naive"], stage)
        ours_seconds = float(row["seconds"])
        naive_cell = _cell(largest["naive"], stage, timeout)
        if row.get("timed_out"):
            ratio = "-"
        elif naive_seconds is not None:
            ratio = f"{naive_seconds / max(ours_seconds, 1e-3):.1f}x"
        elif naive_cell.startswith(">"):
            ratio = f"> {timeout / max(ours_seconds, 1e-3):.0f}x"
        else:
            ratio = "-"
        peak = "-" if row.get("timed_out") else f"{row['peak_mib']:.0f}"
        line = f"| {stage}{answered} | {' | '.join(cells)} | {peak} | {naive_cell} | {ratio} |"
        if previous:
            before = _seconds(previous["ours"], stage)
            growth = "-" if row.get("timed_out") else _growth(previous, largest, before, ours_seconds)
            line += f" {growth} |"
        _, seconds_target, memory_target = _target(stage)
        verdict = ""
        if seconds_target is not None:
            fast = ours_seconds <= seconds_target
            small = memory_target is None or row["peak_mib"] <= memory_target
            verdict = f"≤ {seconds_target:g} s " + ("met" if fast else "**missed**")
            if memory_target is not None:
                verdict += f", ≤ {memory_target:g} MiB " + ("met" if small else "**missed**")
            if not (fast and small):
                missed.append(stage)
        line += f" {verdict} |"
        lines.append(line)
    metrics = sum(float(r["seconds"]) for r in largest["ours"] if r["stage"].startswith("metric "))
    met = metrics <= TARGETS["metrics"][0]
    lines.append(
        f"\nAll metrics of the organisations projection at {largest['size']}: {metrics:.1f} s "
        f"(target ≤ {TARGETS['metrics'][0]:g} s: {'met' if met else 'missed'})."
    )
    for result in results:
        parse = _seconds(result["naive"], "load")
        build = _seconds(result["ours"], "whole build")
        if parse and build:
            judged = result["requested_statements"] >= PARSE_RATIO_FROM
            verdict = ("met" if build <= 2 * parse else "**missed**") if judged else "no target at this size"
            lines.append(
                f"Whole build / rdflib parse of the same files at {result['size']}: {build / parse:.2f} "
                f"({build:.1f} s / {parse:.1f} s; target ≤ 2: {verdict})."
            )
    if missed:
        lines.append(f"Missed: {', '.join(missed)}.")
    return "\n".join(lines) + "\n"


def _growth(previous: dict[str, Any], largest: dict[str, Any], before: float | None, after: float) -> str:
    """log(t2/t1) / log(n2/n1), with n the statements loaded; "-" below 0.05 s (noise)."""
    if before is None or before < 0.05 or after < 0.05:
        return "-"
    n1 = previous["facts"].get("statements") or previous["requested_statements"]
    n2 = largest["facts"].get("statements") or largest["requested_statements"]
    return f"{math.log(after / before) / math.log(n2 / n1):.2f}"


def main() -> None:
    """Measure every size, write the JSON and the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-timeout", type=float, default=30.0)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="our stages only: no baseline, no whole build")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--worker", nargs=3, metavar=("KIND", "DATA", "RESULT"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--table", nargs="+", type=Path, metavar="JSON", help="only print the table of saved sizes"
    )
    args = parser.parse_args()
    if args.table:
        print(table([json.loads(path.read_text(encoding="utf-8")) for path in args.table]))
        return
    if args.worker:
        kind, data, result = args.worker
        stages = Stages(Path(result), args.baseline_timeout if kind == "naive" else None)
        (ours if kind == "ours" else naive)(Path(data), stages)
        return
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    results = []
    for label in args.sizes.split(","):
        measured = measure_size(
            label,
            parse_size(label),
            args.seed,
            args.baseline_timeout,
            not (args.no_baseline or args.smoke),
            whole=not args.smoke,
        )
        write_json(args.out / f"{today}-{label}.json", measured)
        results.append(measured)
    text = table(results)
    about = machine()
    note = (
        f"Measured {today} on {about['cores']} cores ({about['processor']}), {about['memory_gib']} GiB, "
        f"Python {about['python']}; synthetic data (benchmarks/synth.py, seed {args.seed}) with the "
        "shipped data and the ontology.\n\n"
    )
    path = args.out / f"{today}.md"
    path.write_text(note + text, encoding="utf-8")
    print(note + text)
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
