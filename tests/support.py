"""Helpers the tests share: rdflib views of a knowledge graph, and the stores to run against."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
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


def in_own_thread(action: Callable[[], None], timeout: float = 120) -> None:
    """Run `action` in a thread of its own and re-raise what it raised.

    Playwright's sync API refuses to start in a thread where an event loop already runs (another
    test's browser session may hold one), so each browser is driven from a fresh thread.
    """
    failures: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as error:  # re-raised in the caller's thread below
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=timeout)
    if failures:
        raise failures[0]
    assert not thread.is_alive()
