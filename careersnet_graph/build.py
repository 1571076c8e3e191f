"""The main job: validate the graph, then write every export, the dataset description, the
network files, the cooperation report and the network pages.

Every step after validation reads one `BuildContext`, so that each projection and each metric is
computed once per build; each step reports its progress to the `Progress` it is given.

All outputs are first written into a staging folder beside the output folder, which takes the
output folder's place in one step once every output is written (`atomic.replaced_folder`): a
failed, interrupted or killed build leaves the previous outputs untouched, and a reader sees the
old set or the new one, never a mix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from careersnet_graph.atomic import atomic_write_text, replaced_folder
from careersnet_graph.collector import cycle_collection_paused
from careersnet_graph.context import BuildContext
from careersnet_graph.description import describe_dataset, description_turtle
from careersnet_graph.errors import OutputError
from careersnet_graph.export import (
    EXPORT_BASENAME,
    LINE_FORMATS,
    RDF_WRITERS,
    ExportJob,
    write_from_lines,
    write_line_exports,
)
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.helper_process import Deferred, HelperProcess
from careersnet_graph.network_files import begin_network, write_networks
from careersnet_graph.progress import SILENT, Progress
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.report.writer import begin_report, write_report
from careersnet_graph.stats import Summary
from careersnet_graph.validate import ValidationReport, validate
from careersnet_graph.viz.pages import begin_pages, write_pages

DESCRIPTION_FILE = "dataset.ttl"

Step = Callable[[BuildContext, Path], list[Path]]
"""A further output of the build: writes files into the folder it is given and returns them."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the validation report, the summary and the files it wrote (if it conformed)."""

    report: ValidationReport
    summary: Summary
    written: list[Path] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when the data conformed and the outputs were written."""
        return self.report.conforms


@dataclass(frozen=True)
class StagedExports:
    """The RDF exports and the description of one build: the files written here, and those being
    written by the build's second process (None: all written here)."""

    written: list[Path]
    writing: Deferred[list[Path]] | None = None

    def result(self) -> list[Path]:
        """Every file, once all are written."""
        return [*self.written, *(self.writing.result() if self.writing is not None else [])]


def begin_exports(
    kg: KnowledgeGraph,
    folder: Path,
    summary: Summary,
    progress: Progress = SILENT,
    helper: HelperProcess | None = None,
) -> StagedExports:
    """Every RDF export and the VoID/DCAT description, into `folder`: N-Triples and N-Quads from
    the store's lines, sorted once; the other formats from those files, by `helper` while the build
    goes on (else here, at once)."""
    paths = {name: folder / f"{EXPORT_BASENAME}{writer.suffix}" for name, writer in RDF_WRITERS.items()}
    others = tuple((name, path) for name, path in paths.items() if name not in LINE_FORMATS)
    progress.begin("exports", 1 + (len(others) if helper is None else 1))
    lines = write_line_exports(kg, paths["ntriples"], paths["nquads"])
    progress.advance("N-Triples and N-Quads")
    job = ExportJob(lines, others)
    writing = None
    if helper is not None:
        writing = helper.submit(write_from_lines, job)
        progress.advance(f"{', '.join(name for name, _ in others)} (a second process writes them)")
    else:
        for name, path in others:
            write_from_lines(ExportJob(lines, ((name, path),)))
            progress.advance(name)
    progress.end()
    distributions = [(Path(path.name), RDF_WRITERS[name].media_type) for name, path in paths.items()]
    description = description_turtle(describe_dataset(kg, summary, distributions))
    written = [path for name, path in paths.items() if writing is None or name in LINE_FORMATS]
    written.append(atomic_write_text(folder / DESCRIPTION_FILE, description))
    return StagedExports(written, writing)


def write_exports(
    kg: KnowledgeGraph, folder: Path, summary: Summary, progress: Progress = SILENT
) -> list[Path]:
    """Every RDF export and the VoID/DCAT description, into `folder`, all written here."""
    return begin_exports(kg, folder, summary, progress).result()


def project_all(
    context: BuildContext,
    progress: Progress = SILENT,
    projected: Callable[[str], object] | None = None,
    helper: HelperProcess | None = None,
) -> None:
    """Make every projection and compute the metrics the report and the pages read, so that each
    is done once, before the steps that write them. With `helper`, it works out each
    projection's metrics from when the projection is made; `projected` is called with each
    projection's name once it is made and its metrics begun (the build begins its network files
    there, while its second process works out the metrics)."""
    progress.begin("projections and metrics", 2 * len(PROJECTIONS) + 1)
    for name in PROJECTIONS:
        context.projection(name)
        if helper is not None:
            context.begin_metrics(name, helper)
        if projected is not None:
            projected(name)
        progress.advance(f"{name} projection")
    for name in PROJECTIONS:
        context.centralities(name)
        context.partition(name)
        progress.advance(f"{name} centralities and communities")
    context.metrics("organisations")
    progress.advance("organisations brokerage")
    progress.end()


DEFAULT_STEPS: tuple[Step, ...] = (write_report, write_pages, write_networks)
"""What `build` writes after the RDF exports: the cooperation report, the pages, the network
files. The network files come last: the organisations' are the second process's longest work,
and the report's charts and the pages still queued behind them there are drawn here meanwhile."""

BEGINNINGS: dict[Step, Callable[[BuildContext, HelperProcess], object]] = {
    write_pages: begin_pages,
    write_report: begin_report,
}
"""Steps that start, in this order, before the first step is written: each gathers its inputs and
hands its drawing (the pages' layouts and HTML, the report's charts) to the build's second
process, which draws them while the network files are written."""

HELPER_MODULES = (
    "careersnet_graph.export",
    "careersnet_graph.analysis.igraph_work",
    "careersnet_graph.network_files",
    "careersnet_graph.viz.pages",
    "careersnet_graph.report.drawing",
)
"""What the second process imports while the build loads and validates: what it computes, writes
and draws with."""

STEP_LABELS = {write_networks: "network files", write_report: "report", write_pages: "pages"}
"""How the progress names the default steps (others by their function name)."""


def build(
    kg: KnowledgeGraph,
    out_dir: Path,
    steps: tuple[Step, ...] = DEFAULT_STEPS,
    progress: Progress = SILENT,
) -> BuildResult:
    """Validate `kg`; if it conforms, write exports, description and each of `steps` into `out_dir`
    (with the cycle collector paused, and one collection at the end for the report's figures, if
    drawn here: `collector`)."""
    with cycle_collection_paused(collect=True), HelperProcess(HELPER_MODULES) as helper:
        return _build(kg, out_dir, steps, progress, helper)


def _build(
    kg: KnowledgeGraph,
    out_dir: Path,
    steps: tuple[Step, ...],
    progress: Progress,
    helper: HelperProcess,
) -> BuildResult:
    progress.begin("validation", 1)
    report = validate(kg)
    progress.advance("validation")
    progress.end()
    context = BuildContext(kg)
    summary = context.summary
    if not report.conforms:
        return BuildResult(report, summary)
    try:
        written = _write_all(context, out_dir, steps, progress, helper)
    except OSError as error:
        raise OutputError(out_dir, error.strerror or str(error)) from None
    return BuildResult(report, summary, written)


def _write_all(
    context: BuildContext,
    out_dir: Path,
    steps: tuple[Step, ...],
    progress: Progress,
    helper: HelperProcess,
) -> list[Path]:
    """Stage every output beside `out_dir`, then swap the staged set with `out_dir` in one step;
    `helper` writes some exports while the projections are made, then, as each large projection
    is made, works out its metrics and writes its network files (the organisations' while the
    report is gathered), and draws what the steps of `BEGINNINGS` give it."""
    with replaced_folder(out_dir) as staging:
        exports = begin_exports(context.kg, staging, context.summary, progress, helper)
        hand_over = (
            (lambda name: begin_network(context, staging, name, helper)) if write_networks in steps else None
        )
        project_all(context, progress, hand_over, helper)
        beginnings = [begin for step, begin in BEGINNINGS.items() if step in steps]
        progress.begin("network files, pages, report", len(steps) + bool(beginnings))
        for begin in beginnings:
            begin(context, helper)
        helper.close()
        if beginnings:
            progress.advance("pages' inputs and report findings (a second process draws them)")
        staged: list[Path] = []
        for step in steps:
            staged.extend(step(context, staging))
            progress.advance(STEP_LABELS.get(step, getattr(step, "__name__", "step")))
        staged.extend(exports.result())
        progress.end()
        relative = sorted(path.relative_to(staging) for path in staged)
    return [out_dir / path for path in relative]
