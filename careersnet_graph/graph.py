"""The knowledge graph: the one place through which every command reads the data.

Commands never touch the RDF store directly; they ask a `KnowledgeGraph` for SPARQL results,
the union graph or the named graph of a source. Swapping rdflib's in-memory store for an
embedded Oxigraph store or a remote endpoint means changing this class only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, cast

import rdflib.plugins.sparql
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier, Node

from careersnet_graph.namespaces import DCTERMS, PREFIXES, RDFS, SKOS

ONTOLOGY_GRAPH = URIRef("https://w3id.org/careersnet-graph/ontology")
"""Named graph holding the ontology and its vocabularies."""


def new_graph() -> Graph:
    """An empty rdflib graph bound to the project's prefixes only (no rdflib defaults)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def new_dataset() -> Dataset:
    """An empty dataset whose default graph is the union of its named graphs."""
    dataset = Dataset(default_union=True)
    dataset.namespace_manager = new_graph().namespace_manager
    return dataset


class KnowledgeGraph:
    """Loaded ontology and data, one named graph per source, inference or ontology."""

    def __init__(self, dataset: Dataset, graph_files: Mapping[URIRef, tuple[Path, ...]]) -> None:
        self.dataset = dataset
        self.graph_files: dict[URIRef, tuple[Path, ...]] = dict(graph_files)

    def graph_names(self) -> list[URIRef]:
        """Names of the named graphs, sorted."""
        return sorted(self.graph_files)

    def named_graph(self, name: URIRef) -> Graph:
        """The statements of one source, inference or the ontology."""
        return self.dataset.graph(name)

    def quads(
        self, subject: Node | None = None, predicate: Node | None = None, obj: Node | None = None
    ) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        """The statements matching a pattern (None matches anything), each with its graph's name."""
        pattern = cast(tuple[Any, Any, Any, None], (subject, predicate, obj, None))
        for found_subject, found_predicate, found_obj, context in self.dataset.quads(pattern):
            yield found_subject, found_predicate, found_obj, URIRef(str(_graph_id(context)))

    @cached_property
    def union(self) -> Graph:
        """All statements of all named graphs in one graph (ontology included)."""
        graph = new_graph()
        for subject, predicate, obj, _ in self.quads():
            graph.add((subject, predicate, obj))
        return graph

    @cached_property
    def data_union(self) -> Graph:
        """All statements except the ontology graph: the sourced data and the vocabularies of countries."""
        graph = new_graph()
        for subject, predicate, obj, name in self.quads():
            if name != ONTOLOGY_GRAPH:
                graph.add((subject, predicate, obj))
        return graph

    def query(self, sparql: str | Query, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run a SPARQL query (text, or one already parsed) over the union of all named graphs
        (GRAPH ?g reaches each source). rdflib never loads a graph named by FROM: no file is read
        and no host is contacted."""
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        init = {name: cast(Identifier, value) for name, value in (bindings or {}).items()}
        query = sparql if isinstance(sparql, Query) else prepared_query(sparql)
        return self.dataset.query(query, initBindings=init)

    def label(self, node: Node) -> str:
        """The rdfs:label (else skos:prefLabel or dcterms:title) of a node, else its CURIE or IRI."""
        for predicate in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
            value = self.union.value(node, predicate)
            if value is not None:
                return str(value)
        return self.curie(node)

    def curie(self, node: Node) -> str:
        """The node as a CURIE with the project's prefixes, or as it is."""
        if isinstance(node, URIRef):
            for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
                if str(node).startswith(namespace):
                    return f"{prefix}:{str(node)[len(namespace) :]}"
        return str(node)

    def files_of(self, node: Node) -> list[Path]:
        """The files whose statements describe `node` (as subject), in a stable order."""
        files: set[Path] = set()
        for _, _, _, name in self.quads(node):
            files.update(self.graph_files.get(name, ()))
        return sorted(files)

    def select(self, query: str, /, *, infer: str = "none", **params: object) -> list[dict[str, object]]:
        """Rows of a named query (e.g. "partners-of") or SELECT text, as dicts of Python values.

        Keyword arguments bind the query's parameters: `kg.select("partners-of", actor="cnd:org-cedefop")`.
        """
        from careersnet_graph.sparql.api import select_rows  # noqa: PLC0415  (the query layer sits above)

        return select_rows(self, query, params, infer)

    def dataframe(self, query: str, /, *, infer: str = "none", **params: object) -> Any:
        """The rows of `select` as a pandas DataFrame, one column per variable (needs pandas)."""
        from careersnet_graph.sparql.api import select_dataframe  # noqa: PLC0415  (the query layer sits above)

        return select_dataframe(self, query, params, infer)


@lru_cache(maxsize=512)
def prepared_query(sparql: str) -> Query:
    """Parse a SPARQL query once (rdflib's parser is slow) with the project's prefixes declared.

    Raises rdflib's ParseException for a syntax error; callers that take user queries report it.
    """
    return prepareQuery(sparql, initNs=PREFIXES)


def _graph_id(context: object) -> Identifier | None:
    if isinstance(context, Graph):
        return context.identifier
    if isinstance(context, Identifier):
        return context
    return None
