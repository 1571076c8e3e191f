"""SHACL validation of a loaded knowledge graph against the project's shapes.

pyshacl is run without inference over the union of all named graphs, the ontology included:
SHACL's class checks follow rdfs:subClassOf* in the data graph, so a cng:Ministry counts as an
org:FormalOrganization without RDFS inference. RDFS inference is avoided on purpose: it would
derive the class of every link target from the property's range (cng:role has the range
cng:ParticipationRole) and so hide the very errors the link shapes look for.

To let the shapes check that every loaded file has a registered source, the data graph also
receives `<graph> cng:sourceFile "path"` for every named graph read from a data file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import CNG, ONTOLOGY_GRAPH, RDF, SH
from careersnet_graph.parsing import read_rdf_file
from careersnet_graph.rdflib_terms import from_rdflib, graph_of, to_rdflib
from careersnet_graph.resources import shapes_file

__all__ = ["ValidationReport", "ValidationResult", "render_report", "validate"]


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

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values."""
        return {
            "conforms": self.conforms,
            "files_checked": self.files_checked,
            "statements_checked": self.statements_checked,
            "results": [result.as_dict() for result in self.results],
        }


def validate(kg: KnowledgeGraph, shapes_path: Path | None = None) -> ValidationReport:
    """Validate `kg` against the shapes in `shapes_path` (default: the shipped shapes).

    Raises `RdfInputError` when the shapes file cannot be read.
    """
    shapes = graph_of(read_rdf_file(shapes_path or shapes_file()))
    data = kg.union_graph()
    statements = len(data)
    data_files: set[Path] = set()
    source_file = to_rdflib(CNG.sourceFile)
    for name, paths in kg.graph_files.items():
        if name == ONTOLOGY_GRAPH:
            continue
        for path in paths:
            data.add((to_rdflib(name), source_file, Literal(_display_path(path))))
            data_files.add(path)

    conforms, results_graph, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=False,
        do_owl_imports=False,
    )
    # Top-level results only: pyshacl also types the nested sh:detail results of sh:node.
    top_level = [
        result
        for report in results_graph.subjects(_rdf(RDF.type), _rdf(SH.ValidationReport))
        for result in results_graph.objects(report, _rdf(SH.result))
    ]
    results = sorted((_result(kg, results_graph, node) for node in top_level), key=_sort_key)
    return ValidationReport(
        conforms=bool(conforms),
        results=tuple(results),
        files_checked=len(data_files),
        statements_checked=statements - kg.count(ONTOLOGY_GRAPH),
    )


def _rdf(term: ox.NamedNode) -> URIRef:
    return URIRef(term.value)


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
    if report.conforms:
        return f"OK: {checked} conform to the shapes"
    focus_nodes = len({result.focus for result in report.results})
    results = _count(len(report.results), "result")
    return f"FAILED: {results} on {_count(focus_nodes, 'node')} ({checked} checked)"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _result(kg: KnowledgeGraph, results_graph: Graph, node: Node) -> ValidationResult:
    focus = results_graph.value(node, _rdf(SH.focusNode))
    path = results_graph.value(node, _rdf(SH.resultPath))
    value = results_graph.value(node, _rdf(SH.value))
    messages = sorted(str(message) for message in results_graph.objects(node, _rdf(SH.resultMessage)))
    severity = results_graph.value(node, _rdf(SH.resultSeverity))
    shape = results_graph.value(node, _rdf(SH.sourceShape))
    constraint = results_graph.value(node, _rdf(SH.sourceConstraintComponent))
    assert focus is not None, "a SHACL result always has a focus node"
    return ValidationResult(
        severity=kg.curie(str(severity)).removeprefix("sh:") if severity is not None else "Violation",
        focus=str(focus),
        focus_curie=_term_text(kg, focus),
        focus_label=kg.label(from_rdflib(focus)),
        path=_term_text(kg, path) if path is not None else None,
        message="; ".join(messages),
        source_shape=_term_text(kg, shape) if shape is not None else "",
        constraint=_term_text(kg, constraint) if constraint is not None else "",
        value=_term_text(kg, value) if value is not None else None,
        files=_files(kg, focus),
    )


def _files(kg: KnowledgeGraph, focus: Node) -> tuple[str, ...]:
    """The data files describing `focus`, or, for a named graph's node, the file it came from."""
    node = from_rdflib(focus)
    paths = set(kg.files_of(node))
    if isinstance(node, ox.NamedNode) and node != ONTOLOGY_GRAPH:
        paths.update(kg.graph_files.get(node, ()))
    paths.difference_update(kg.graph_files.get(ONTOLOGY_GRAPH, ()))
    return tuple(sorted(_display_path(path) for path in paths))


def _term_text(kg: KnowledgeGraph, term: Node) -> str:
    if isinstance(term, URIRef):
        curie = kg.curie(str(term))
        return curie if curie != str(term) else f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        lexical = str(term).replace("\\", "\\\\").replace('"', '\\"')
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype is not None:
            return f'"{lexical}"^^{kg.curie(str(term.datatype))}'
        return f'"{lexical}"'
    return str(term)


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
