"""Conversions between pyoxigraph terms (the store seam's term type) and rdflib terms.

Only the modules that hand data to an rdflib-based tool use it: the in-memory rdflib store,
validation with pyshacl, RDFS entailment with owlrl, the canonical Turtle of hand-kept files and
`KnowledgeGraph.to_rdflib`. RDF 1.1 makes a plain literal an `xsd:string`; rdflib keeps the two
apart, so `xsd:string` literals become plain rdflib literals, and back.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from careersnet_graph.namespaces import PREFIXES
from careersnet_graph.store.base import Term, parts

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Term | ox.DefaultGraph) -> Node:
    """One pyoxigraph term as an rdflib term (literals keep their lexical form)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")


def from_rdflib(term: Node) -> Term:
    """One rdflib term as a pyoxigraph term; a plain literal becomes an `xsd:string`."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)) if datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def new_graph() -> Graph:
    """An empty rdflib graph bound to the project's prefixes only (no rdflib defaults)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def new_dataset() -> Dataset:
    """An empty rdflib dataset whose default graph is the union of its named graphs."""
    dataset = Dataset(default_union=True)
    dataset.namespace_manager = new_graph().namespace_manager
    return dataset


def graph_of(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """An rdflib graph holding the triples (the graph names of quads are dropped)."""
    graph = new_graph()
    for statement in triples:
        subject, predicate, obj = parts(statement)
        graph.add((to_rdflib(subject), to_rdflib(predicate), to_rdflib(obj)))
    return graph
