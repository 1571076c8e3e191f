"""SHACL validation with pyshacl, over an rdflib copy of the union (the rdflib store's route, and
the reference the SPARQL engine is tested against).

pyshacl runs without inference: SHACL's class checks follow rdfs:subClassOf* in the data graph
(the ontology is part of the union), and RDFS inference would derive the class of every link
target from the property's range and so hide the very errors the link shapes look for.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef
from rdflib.term import Node

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import RDF, SH
from careersnet_graph.parsing import read_rdf_file
from careersnet_graph.rdflib_terms import from_rdflib, graph_of, to_rdflib
from careersnet_graph.shacl.sparql_engine import Extra, Finding


def pyshacl_findings(kg: KnowledgeGraph, shapes_path: Path, extra: Extra) -> list[Finding]:
    """Every violation pyshacl finds in the union of `kg` with the `extra` statements added."""
    data = kg.union_graph()
    for predicate, pairs in extra.items():
        for subject, obj in pairs:
            data.add((to_rdflib(subject), to_rdflib(predicate), to_rdflib(obj)))
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=graph_of(read_rdf_file(shapes_path)),
        inference="none",
        advanced=False,
        allow_warnings=False,
        do_owl_imports=False,
    )
    # Top-level results only: pyshacl also types the nested sh:detail results of sh:node.
    return [
        _finding(results, node)
        for report in results.subjects(_rdf(RDF.type), _rdf(SH.ValidationReport))
        for node in results.objects(report, _rdf(SH.result))
    ]


def _rdf(term: ox.NamedNode) -> URIRef:
    return URIRef(term.value)


def _finding(results: Graph, node: Node) -> Finding:
    def one(predicate: ox.NamedNode) -> Node | None:
        return results.value(node, _rdf(predicate))

    focus, path, value = one(SH.focusNode), one(SH.resultPath), one(SH.value)
    shape, component, severity = (
        one(SH.sourceShape),
        one(SH.sourceConstraintComponent),
        one(SH.resultSeverity),
    )
    assert focus is not None and shape is not None and component is not None, "pyshacl results name these"
    messages = sorted(str(message) for message in results.objects(node, _rdf(SH.resultMessage)))
    return Finding(
        focus=from_rdflib(focus),
        path=cast(ox.NamedNode, from_rdflib(path)) if isinstance(path, URIRef) else None,
        value=from_rdflib(value) if value is not None else None,
        shape=cast(ox.NamedNode, from_rdflib(shape)),
        component=cast(ox.NamedNode, from_rdflib(component)),
        message="; ".join(messages) or None,
        severity=cast(ox.NamedNode, from_rdflib(severity)) if severity is not None else SH.Violation,
    )
