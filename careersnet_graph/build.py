"""The main job: validate the graph, then write every export and the dataset description.

All outputs are first written into a staging folder inside the output folder and moved into
place only when every one of them has been written, so a failed or interrupted build leaves the
previous outputs untouched and no half-written file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from careersnet_graph.description import describe_dataset
from careersnet_graph.export import EXPORT_BASENAME, RDF_WRITERS
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.stats import Summary, summarise
from careersnet_graph.validate import ValidationReport, validate

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
        path.write_bytes(writer.serialize(kg))
        written.append(path)
    distributions = [
        (Path(path.name), RDF_WRITERS[name].media_type)
        for name, path in zip(RDF_WRITERS, written, strict=True)
    ]
    description = describe_dataset(kg, summary, distributions)
    text = description.serialize(format="longturtle", canon=True)
    description_path = folder / DESCRIPTION_FILE
    description_path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return [*written, description_path]


def build(kg: KnowledgeGraph, out_dir: Path, steps: tuple[Step, ...] = ()) -> BuildResult:
    """Validate `kg`; if it conforms, write exports, description and each of `steps` into `out_dir`."""
    report = validate(kg)
    summary = summarise(kg)
    if not report.conforms:
        return BuildResult(report, summary)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".careersnet-build-", dir=out_dir))
    try:
        staged = write_exports(kg, staging, summary)
        for step in steps:
            staged.extend(step(kg, staging))
        written = []
        for path in sorted(staged):
            target = out_dir / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
            written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(report, summary, written)
