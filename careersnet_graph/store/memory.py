"""The rdflib store: an in-memory rdflib `Dataset`, the reference of the contract tests and the
home of graphs users hand in as rdflib objects.

rdflib's dataset with `default_union=True` is already a set union of its named graphs, so the
meta graph is kept in a graph of its own beside the dataset, out of the union. rdflib never
loads a graph that a query's FROM names (`SPARQL_LOAD_GRAPHS` is off for every query).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

import pyoxigraph as ox
import rdflib.plugins.sparql
from pyparsing import ParseBaseException
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from careersnet_graph.namespaces import META_GRAPH
from careersnet_graph.rdflib_terms import from_rdflib, new_dataset, new_graph, to_rdflib
from careersnet_graph.sparql.errors import SparqlSyntaxError
from careersnet_graph.store.base import (
    QueryKind,
    QueryResult,
    Solutions,
    Subject,
    Term,
    distinct_graph_subjects,
    parts,
)


class MemoryStore:
    """Named graphs in an rdflib `Dataset`; the meta graph beside it."""

    def __init__(self, dataset: Dataset | None = None) -> None:
        self._dataset = dataset if dataset is not None else new_dataset()
        self._meta = new_graph()

    @property
    def description(self) -> str:
        return "memory (rdflib)"

    @property
    def persistent(self) -> bool:
        return False

    def query(
        self,
        text: str,
        kind: QueryKind,
        *,
        prefixes: Mapping[str, str],
        own_dataset: bool = False,
        source: str = "query",
        timeout: float | None = None,
    ) -> QueryResult:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        try:
            result = self._dataset.query(text, initNs=dict(prefixes))
        except ParseBaseException as error:
            raise SparqlSyntaxError(source, str(error.msg), error.lineno, error.col) from None
        except RecursionError:
            raise SparqlSyntaxError(source, "the query is nested too deeply") from None
        except Exception as error:  # rdflib raises a bare Exception for an unknown prefix
            if type(error) is Exception:
                raise SparqlSyntaxError(source, str(error)) from None
            raise
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return (
                ox.Triple(cast(Subject, from_rdflib(s)), cast(ox.NamedNode, from_rdflib(p)), from_rdflib(o))
                for s, p, o in result.graph
            )
        variables = tuple(str(variable) for variable in result.vars or ())
        rows = (tuple(None if term is None else from_rdflib(term) for term in row) for row in result)  # type: ignore[union-attr]
        return Solutions(variables, rows)

    def quads(
        self,
        subject: Subject | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        pattern = tuple(None if term is None else to_rdflib(term) for term in (subject, predicate, obj))
        if graph is None or graph == META_GRAPH:
            for s, p, o in self._meta.triples(cast(Any, pattern)):
                yield _quad(s, p, o, META_GRAPH.value)
        if graph == META_GRAPH:
            return
        context = None if graph is None else URIRef(graph.value)
        for s, p, o, name in self._dataset.quads((*pattern, context)):  # type: ignore[arg-type]
            identifier = name.identifier if isinstance(name, Graph) else name
            if identifier is not None and str(identifier) != str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID):
                yield _quad(s, p, o, str(identifier))

    def graph_subjects(self) -> Iterator[tuple[Subject, ox.NamedNode]]:
        return distinct_graph_subjects(self.quads())

    def graph_names(self) -> list[ox.NamedNode]:
        names = {
            str(graph.identifier)
            for graph in self._dataset.graphs()
            if graph.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID and len(graph)
        }
        if len(self._meta):
            names.add(META_GRAPH.value)
        return [ox.NamedNode(name) for name in sorted(names)]

    def count(self, graph: ox.NamedNode | None = None) -> int:
        if graph is None:
            return sum(1 for _ in self._dataset.triples((None, None, None)))
        if graph == META_GRAPH:
            return len(self._meta)
        return len(self._dataset.graph(URIRef(graph.value)))

    def dump(self, graph: ox.NamedNode | None = None) -> bytes:
        if graph is None:
            triples: Iterable[tuple[Node, Node, Node]] = self._dataset.triples((None, None, None))
        elif graph == META_GRAPH:
            triples = self._meta
        else:
            triples = self._dataset.graph(URIRef(graph.value))
        statements = [
            ox.Triple(cast(Subject, from_rdflib(s)), cast(ox.NamedNode, from_rdflib(p)), from_rdflib(o))
            for s, p, o in triples
        ]
        return bytes(ox.serialize(statements, format=ox.RdfFormat.N_TRIPLES) or b"")

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Triple]]) -> None:
        for name, triples in graphs.items():
            target = self._meta if name == META_GRAPH else self._dataset.graph(URIRef(name.value))
            target.remove((None, None, None))
            target.addN((*map(to_rdflib, parts(triple)), target) for triple in triples)  # type: ignore[misc]

    @property
    def pages_by_order(self) -> bool:
        return False

    @property
    def parses_files(self) -> bool:
        return False

    def load_file(self, graph: ox.NamedNode, data: bytes, rdf_format: ox.RdfFormat) -> None:
        raise NotImplementedError("this store is given parsed statements (parses_files is False)")

    def drop_graphs(self, names: Iterable[ox.NamedNode]) -> None:
        for name in names:
            if name == META_GRAPH:
                self._meta.remove((None, None, None))
            else:
                self._dataset.remove_graph(URIRef(name.value))

    def refresh_union(self) -> None:
        """Nothing to do: rdflib's union is computed when it is read."""

    def close(self) -> None:
        """Nothing to release."""


def _quad(subject: Node, predicate: Node, obj: Node, graph: str) -> ox.Quad:
    return ox.Quad(
        cast(Subject, from_rdflib(subject)),
        cast(ox.NamedNode, from_rdflib(predicate)),
        from_rdflib(obj),
        ox.NamedNode(graph),
    )
