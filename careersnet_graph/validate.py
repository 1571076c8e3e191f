"""SHACL validation of a loaded knowledge graph against the project's shapes: a report object.

Two engines give the same findings (`careersnet_graph.shacl`): the shapes compiled to SPARQL and
run inside the store (the default for Oxigraph and remote stores: nothing is copied out), and
pyshacl over an rdflib copy of the union (the rdflib store's route, and the reference).

To let the shapes check that every loaded file has a registered source, the data the shapes see
also holds `<graph> cng:sourceFile "path"` for every named graph read from a data file.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import CNG, ONTOLOGY_GRAPH, XSD
from careersnet_graph.resources import shapes_file
from careersnet_graph.shacl.shapes import read_shapes
from careersnet_graph.shacl.sparql_engine import Extra, Finding, sparql_findings
from careersnet_graph.store.base import Term

__all__ = [
    "ENGINES",
    "ValidationReport",
    "ValidationResult",
    "render_report",
    "restrict_to",
    "validate",
    "with_shipped_data",
]

ENGINES = ("auto", "sparql", "pyshacl")
"""How to validate: auto (pyshacl for the rdflib store, SPARQL in the store otherwise), or one of them."""


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with what a reader needs to find and fix the statement."""

    severity: str
    focus: str
    focus_curie: str
    focus_label: str
    path: str | None
    message: str
    source_shape: str
    constraint: str
    value: str | None
    files: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready values."""
        return {
            "severity": self.severity,
            "focus": self.focus,
            "focus_curie": self.focus_curie,
            "focus_label": self.focus_label,
            "path": self.path,
            "message": self.message,
            "source_shape": self.source_shape,
            "constraint": self.constraint,
            "value": self.value,
            "files": list(self.files),
        }


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, and every result in a deterministic order."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    files_checked: int
    statements_checked: int
    context: str | None = None
    """What the files were checked with, when they were checked as part of a larger graph (or alone)."""

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values."""
        return {
            "conforms": self.conforms,
            "files_checked": self.files_checked,
            "statements_checked": self.statements_checked,
            **({"checked_with": self.context} if self.context else {}),
            "results": [result.as_dict() for result in self.results],
        }


def validate(kg: KnowledgeGraph, shapes_path: Path | None = None, engine: str = "auto") -> ValidationReport:
    """Validate `kg` against the shapes in `shapes_path` (default: the shipped shapes).

    Raises `RdfInputError` when the shapes file cannot be read.
    """
    path = shapes_path or shapes_file()
    graph_files = {name: paths for name, paths in kg.graph_files.items() if name != ONTOLOGY_GRAPH}
    extra: Extra = {
        CNG.sourceFile: [
            (name, ox.Literal(_display_path(file)))
            for name, paths in sorted(graph_files.items(), key=_by_iri)
            for file in paths
        ]
    }
    chosen = (
        engine if engine != "auto" else ("pyshacl" if kg.store.description.startswith("memory") else "sparql")
    )
    if chosen == "pyshacl":
        from careersnet_graph.shacl.pyshacl_engine import pyshacl_findings  # noqa: PLC0415  (rdflib only here)

        findings = pyshacl_findings(kg, path, extra)
    else:
        findings = sparql_findings(kg, read_shapes(path), extra)
    results = sorted(_results(kg, findings), key=_sort_key)
    return ValidationReport(
        conforms=not results,
        results=tuple(results),
        files_checked=len({file for paths in graph_files.values() for file in paths}),
        statements_checked=kg.count() - kg.count(ONTOLOGY_GRAPH),
    )


def with_shipped_data(given: Sequence[Path]) -> list[Path]:
    """The files to load to check `given` with the shipped data: every shipped data file (the
    country table and the other vocabularies included) but those a given file stands for (the
    same file, or a file of the same name and so the same source graph, such as an edited copy),
    then the given files that are not shipped ones."""
    from careersnet_graph.loading import find_data_files, graph_name_for  # noqa: PLC0415  (loading reads graph)
    from careersnet_graph.resources import data_dir  # noqa: PLC0415

    shipped = find_data_files([data_dir()]).files
    shipped_paths = {path.resolve() for path in shipped}
    own = [path for path in given if path.resolve() not in shipped_paths]
    replaced = {graph_name_for(path) for path in own}
    return [path for path in shipped if graph_name_for(path) not in replaced] + own


def restrict_to(
    kg: KnowledgeGraph, report: ValidationReport, files: Collection[Path], context: str
) -> ValidationReport:
    """The report on `files` only, checked within the whole of `kg`: the results about a node
    those files describe, and their files and statements as what was checked."""
    wanted = {_display_path(path) for path in files}
    results = tuple(result for result in report.results if wanted & set(result.files))
    graphs = [
        name for name, paths in kg.graph_files.items() if wanted & {_display_path(path) for path in paths}
    ]
    return replace(
        report,
        conforms=not results,
        results=results,
        files_checked=len(wanted),
        statements_checked=sum(kg.count(name) for name in graphs),
        context=context,
    )


def _by_iri(item: tuple[ox.NamedNode, object]) -> str:
    return item[0].value


def render_report(report: ValidationReport) -> str:
    """A readable text report: one block per result, then a summary line."""
    blocks: list[str] = []
    for result in report.results:
        lines = [f"{result.severity}: {result.focus_label} ({result.focus_curie})"]
        if result.path is not None:
            lines.append(f"  path:    {result.path}")
        lines.append(f"  message: {result.message}")
        if result.value is not None:
            lines.append(f"  value:   {result.value}")
        lines.append(f"  shape:   {result.source_shape}")
        for file in result.files or ("(no data file: ontology or vocabulary)",):
            lines.append(f"  file:    {file}")
        blocks.append("\n".join(lines))
    blocks.append(summary_line(report))
    return "\n\n".join(blocks) + "\n"


def summary_line(report: ValidationReport) -> str:
    """One line saying whether the data conforms, and how much was checked."""
    checked = f"{_count(report.files_checked, 'data file')}, {_count(report.statements_checked, 'statement')}"
    context = f", {report.context}" if report.context else ""
    if report.conforms:
        return f"OK: {checked} conform to the shapes" + (
            f" (checked {report.context})" if report.context else ""
        )
    focus_nodes = len({result.focus for result in report.results})
    results = _count(len(report.results), "result")
    return f"FAILED: {results} on {_count(focus_nodes, 'node')} ({checked} checked{context})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _results(kg: KnowledgeGraph, findings: list[Finding]) -> list[ValidationResult]:
    """Findings as results a reader can act on: CURIEs, the focus node's label and its files."""
    unique = sorted(
        set(findings), key=lambda f: (str(f.focus), str(f.path), str(f.value), str(f.shape), str(f.component))
    )
    labels = kg.labels(sorted({finding.focus for finding in unique}, key=str))
    files = kg.graph_files
    return [
        ValidationResult(
            severity=kg.curie(finding.severity).removeprefix("sh:"),
            focus=_iri_or_text(finding.focus),
            focus_curie=_term_text(kg, finding.focus),
            focus_label=labels.get(finding.focus) or kg.curie(finding.focus),
            path=_term_text(kg, finding.path) if finding.path is not None else None,
            message=finding.message or f"{kg.curie(finding.component).removeprefix('sh:')} not satisfied",
            source_shape=_term_text(kg, finding.shape),
            constraint=_term_text(kg, finding.component),
            value=_term_text(kg, finding.value) if finding.value is not None else None,
            files=_files(kg, finding.focus, files),
        )
        for finding in unique
    ]


def _iri_or_text(term: Term) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) else str(term)


def _files(
    kg: KnowledgeGraph, focus: Term, graph_files: dict[ox.NamedNode, tuple[Path, ...]]
) -> tuple[str, ...]:
    """The data files describing `focus`, or, for a named graph's node, the file it came from."""
    paths = set(kg.files_of(focus))
    if isinstance(focus, ox.NamedNode) and focus != ONTOLOGY_GRAPH:
        paths.update(graph_files.get(focus, ()))
    paths.difference_update(graph_files.get(ONTOLOGY_GRAPH, ()))
    return tuple(sorted(_display_path(path) for path in paths))


def _term_text(kg: KnowledgeGraph, term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        curie = kg.curie(term)
        return curie if curie != term.value else f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    lexical = term.value.replace("\\", "\\\\").replace('"', '\\"')
    if term.language:
        return f'"{lexical}"@{term.language}'
    if term.datatype == XSD.string:
        return f'"{lexical}"'
    return f'"{lexical}"^^{kg.curie(term.datatype)}'


def _display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it, in POSIX form."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def _sort_key(result: ValidationResult) -> tuple[str, ...]:
    return (
        "\n".join(result.files),
        result.focus_curie,
        result.path or "",
        result.source_shape,
        result.message,
        result.value or "",
    )
