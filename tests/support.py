"""Helpers the tests share: rdflib views of a knowledge graph, and the stores to run against."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.parsing import unskolemize
from careersnet_graph.rdflib_terms import to_rdflib
from careersnet_graph.store.base import parts
from careersnet_graph.store.memory import MemoryStore
from careersnet_graph.store.oxigraph import OxigraphStore


def named_graph(kg: KnowledgeGraph, name: ox.NamedNode | str) -> Graph:
    """One named graph of `kg` as an rdflib graph (blank nodes restored).

    Only that graph's statements are read, so calling it once per data file stays linear in the
    size of the data (copying the whole graph with `to_rdflib` for each file does not).
    """
    iri = name.value if isinstance(name, ox.NamedNode) else str(name)
    graph = Graph(identifier=URIRef(iri))
    for quad in kg.quads(graph=ox.NamedNode(iri)):
        subject, predicate, obj = parts(quad)
        graph.add((to_rdflib(unskolemize(subject)), to_rdflib(predicate), to_rdflib(unskolemize(obj))))
    return graph


def quad_count(kg: KnowledgeGraph) -> int:
    """Statements summed over the named graphs (a statement in two graphs counts twice)."""
    return sum(kg.count(name) for name in kg.graph_names())


def by_value(nodes: Sequence[ox.NamedNode]) -> list[ox.NamedNode]:
    """Named nodes sorted by IRI, as `KnowledgeGraph.graph_names` gives them."""
    return sorted(nodes, key=lambda node: node.value)


def load_in(
    kind: str, data: Sequence[Path | str] = (), *, shipped: bool = True, folder: Path | None = None
) -> KnowledgeGraph:
    """Load into a store of one kind: "memory", "oxigraph" (in memory) or "oxigraph-disk" (in `folder`)."""
    if kind == "memory":
        return load(data, shipped=shipped, store=MemoryStore())
    if kind == "oxigraph":
        return load(data, shipped=shipped, store=OxigraphStore())
    if kind == "oxigraph-disk":
        assert folder is not None
        return load(data, shipped=shipped, store=OxigraphStore(folder))
    raise ValueError(kind)
