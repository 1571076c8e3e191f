"""Conversion of rdflib terms to pyoxigraph terms, for writers that use pyoxigraph's serialisers."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from careersnet_graph.namespaces import XSD


def to_oxigraph_quad(subject: Node, predicate: Node, obj: Node, graph_name: Node | None = None) -> ox.Quad:
    """One rdflib statement (in a named graph, or the default graph) as a pyoxigraph quad."""
    oxigraph_subject = to_oxigraph(subject)
    oxigraph_predicate = to_oxigraph(predicate)
    if isinstance(oxigraph_subject, ox.Literal) or not isinstance(oxigraph_predicate, ox.NamedNode):
        raise TypeError(f"not an RDF statement: {subject!r} {predicate!r} {obj!r}")
    graph = ox.DefaultGraph() if graph_name is None else ox.NamedNode(str(graph_name))
    return ox.Quad(oxigraph_subject, oxigraph_predicate, to_oxigraph(obj), graph)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One rdflib term as a pyoxigraph term; plain literals become xsd:string, as in RDF 1.1."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype or XSD.string
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))
    raise TypeError(f"not an RDF term: {term!r}")
