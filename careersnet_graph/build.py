"""The main job: validate the graph, then write every export, the dataset description, the
network files, the cooperation report and the network pages.

All outputs are first written into a staging folder beside the output folder, which takes the
output folder's place in one step once every output is written (`atomic.replaced_folder`): a
failed, interrupted or killed build leaves the previous outputs untouched, and a reader sees the
old set or the new one, never a mix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from careersnet_graph.atomic import atomic_write_text, atomic_writer, replaced_folder
from careersnet_graph.description import describe_dataset, description_turtle
from careersnet_graph.errors import OutputError
from careersnet_graph.export import EXPORT_BASENAME, RDF_WRITERS
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.network_formats import write_gexf, write_graphml, write_kumu
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.report.writer import write_report
from careersnet_graph.stats import Summary, summarise
from careersnet_graph.validate import ValidationReport, validate
from careersnet_graph.viz.pages import write_pages

DESCRIPTION_FILE = "dataset.ttl"

Step = Callable[[KnowledgeGraph, Path], list[Path]]
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


def write_exports(kg: KnowledgeGraph, folder: Path, summary: Summary) -> list[Path]:
    """Every RDF export and the VoID/DCAT description, into `folder`."""
    written = []
    for writer in RDF_WRITERS.values():
        path = folder / f"{EXPORT_BASENAME}{writer.suffix}"
        with atomic_writer(path) as out:
            writer.write(kg, out)
        written.append(path)
    distributions = [
        (Path(path.name), RDF_WRITERS[name].media_type)
        for name, path in zip(RDF_WRITERS, written, strict=True)
    ]
    description = description_turtle(describe_dataset(kg, summary, distributions))
    return [*written, atomic_write_text(folder / DESCRIPTION_FILE, description)]


NETWORK_WRITERS: dict[str, Callable[[nx.Graph, Path], Path]] = {
    "gexf": write_gexf,
    "graphml": write_graphml,
    "kumu": write_kumu,
}
"""Network exchange formats by name: GEXF (Gephi), GraphML (Cytoscape) and Kumu JSON."""

NETWORK_SUFFIXES = {"gexf": ".gexf", "graphml": ".graphml", "kumu": ".kumu.json"}


def write_networks(kg: KnowledgeGraph, folder: Path) -> list[Path]:
    """Every projection in every network exchange format, into `folder/networks/`."""
    written = []
    for projection_name, project in PROJECTIONS.items():
        graph = project(kg)
        for format_name, write in NETWORK_WRITERS.items():
            path = folder / "networks" / f"{projection_name}{NETWORK_SUFFIXES[format_name]}"
            written.append(write(graph, path))
    return written


DEFAULT_STEPS: tuple[Step, ...] = (write_networks, write_report, write_pages)
"""What `build` writes after the RDF exports: network files, the cooperation report, the pages."""


def build(kg: KnowledgeGraph, out_dir: Path, steps: tuple[Step, ...] = DEFAULT_STEPS) -> BuildResult:
    """Validate `kg`; if it conforms, write exports, description and each of `steps` into `out_dir`."""
    report = validate(kg)
    summary = summarise(kg)
    if not report.conforms:
        return BuildResult(report, summary)
    try:
        written = _write_all(kg, out_dir, summary, steps)
    except OSError as error:
        raise OutputError(out_dir, error.strerror or str(error)) from None
    return BuildResult(report, summary, written)


def _write_all(kg: KnowledgeGraph, out_dir: Path, summary: Summary, steps: tuple[Step, ...]) -> list[Path]:
    """Stage every output beside `out_dir`, then swap the staged set with `out_dir` in one step."""
    with replaced_folder(out_dir) as staging:
        staged = write_exports(kg, staging, summary)
        for step in steps:
            staged.extend(step(kg, staging))
        relative = sorted(path.relative_to(staging) for path in staged)
    return [out_dir / path for path in relative]
