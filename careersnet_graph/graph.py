"""The knowledge graph: the one place through which every command reads the data.

A `KnowledgeGraph` stands in front of one `Store` (embedded Oxigraph, rdflib in memory, or a
remote SPARQL endpoint). Commands ask it for query answers, statements with their graph, labels
and CURIEs; they never see the store's own objects. Queries go to the store as checked SPARQL
text with parameters bound in a VALUES block, so every store answers the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError
from careersnet_graph.namespaces import CNG, META_GRAPH, PREFIXES, curie
from careersnet_graph.parsing import unskolemize, unskolemize_ntriples
from careersnet_graph.queries import Parameter, is_library_text, resolve
from careersnet_graph.sparql.answer import Answer, collect
from careersnet_graph.sparql.order import sorted_rows
from careersnet_graph.sparql.params import check_parameters, sparql_term
from careersnet_graph.sparql.prepare import PreparedQuery, check_dataset, prepare
from careersnet_graph.sparql.rewrite import without_order
from careersnet_graph.store.base import Store, Subject, Term, parts

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

_LABEL_PREDICATES = ("rdfs:label", "skos:prefLabel", "dcterms:title")


@dataclass(frozen=True)
class LoadedFile:
    """A file the loader read into the store: where it was, its size and time, which graph it filled."""

    path: Path
    size: int
    modified_ns: int
    graph: ox.NamedNode


@dataclass(frozen=True)
class BoundQuery:
    """A checked query with its parameters bound, ready for any store."""

    prepared: PreparedQuery
    text: str
    label: str


class KnowledgeGraph:
    """Ontology and data in a store, one named graph per source, inference or the ontology."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._files: tuple[LoadedFile, ...] | None = None
        self.skipped_files: list[Path] = []
        """Files inside the user's data folders that the loader does not read (other file types)."""

    # --- the graphs and their files -------------------------------------------------------

    def graph_names(self) -> list[ox.NamedNode]:
        """Names of the data graphs and the ontology graph, sorted (the loader's meta graph is not one)."""
        return [name for name in self.store.graph_names() if name != META_GRAPH]

    def loaded_files(self) -> tuple[LoadedFile, ...]:
        """The loader's records of the files in the store, sorted by path (read once)."""
        if self._files is None:
            self._files = tuple(sorted(_read_files(self.store), key=lambda file: str(file.path)))
        return self._files

    def forget_files(self) -> None:
        """Drop the cached file records (the loader calls it after changing the store)."""
        self._files = None

    @property
    def graph_files(self) -> dict[ox.NamedNode, tuple[Path, ...]]:
        """Each graph and the files that filled it."""
        found: dict[ox.NamedNode, list[Path]] = {}
        for file in self.loaded_files():
            found.setdefault(file.graph, []).append(file.path)
        return {name: tuple(paths) for name, paths in found.items()}

    def files_of(self, node: Term) -> list[Path]:
        """The files whose graphs hold a statement about `node` (as subject), in a stable order."""
        if isinstance(node, ox.Literal):
            return []
        graphs = {quad.graph_name for quad in self.quads(node)}
        files = self.graph_files
        return sorted(
            {path for graph in graphs if isinstance(graph, ox.NamedNode) for path in files.get(graph, ())}
        )

    # --- statements -------------------------------------------------------------------------

    def quads(
        self,
        subject: Subject | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The statements matching a pattern (None matches anything), each with its graph's name."""
        for quad in self.store.quads(subject, predicate, obj, graph):
            if quad.graph_name != META_GRAPH:
                yield quad

    def graph_subjects(self) -> Iterator[tuple[Subject, ox.NamedNode]]:
        """Each (subject, graph) pair of `quads()` once, in no particular order."""
        for subject, graph in self.store.graph_subjects():
            if graph != META_GRAPH:
                yield subject, graph

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """Statements in one named graph, or (None) distinct statements of the whole graph."""
        return self.store.count(graph)

    # --- queries ----------------------------------------------------------------------------

    def bind(
        self, name_or_sparql: str, params: Mapping[str, object] | None = None, source: str | None = None
    ) -> BoundQuery:
        """Resolve a library name or SPARQL text, check it, and bind the parameters it declares.

        A named query (or the text of one) accepts exactly the parameters of its header and needs
        its required ones, unless the text binds them itself; other SPARQL text (an edited copy
        with its header too) accepts any variable it uses. Labels may be given for the parameters
        a header describes with an IRI example (`terms.entity_parameters`).
        """
        query = resolve(name_or_sparql, source)
        prepared = prepare(query.text, query.label)
        if prepared.dataset:
            check_dataset(prepared, {name.value for name in self.graph_names()})
        if query.named is not None:
            declared: list[str] = query.named.parameter_names()
            required = [parameter.name for parameter in query.named.parameters if parameter.required]
            params = self._with_entities(params or {}, query.named.parameters)
            if not is_library_text(query.text):  # an edited copy: its header describes, it does not bind
                declared, required = sorted(set(declared) | prepared.variables), []
        else:
            declared, required = sorted(prepared.variables), []
        bindings = check_parameters(params or {}, declared, required, query.label, prepared.bound_in_text)
        from careersnet_graph.sparql.params import bind_text  # noqa: PLC0415  (keeps the module graph flat)

        return BoundQuery(prepared, bind_text(prepared, bindings), query.label)

    def _with_entities(
        self, params: Mapping[str, object], declared: Iterable[Parameter]
    ) -> Mapping[str, object]:
        """`params` with labels given for entity parameters replaced by the entities they name."""
        from careersnet_graph.terms import entity_parameters, resolve_labels  # noqa: PLC0415  (terms reads graph)

        entities = entity_parameters({parameter.name: parameter.description for parameter in declared})
        return resolve_labels(self, params, entities)

    def run(
        self,
        bound: BoundQuery,
        max_rows: int | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
        *,
        ordered: bool = True,
    ) -> Answer:
        """The answer of a bound query (at most `max_rows` rows or triples, and at most about
        `max_bytes` bytes of terms; `Answer.truncated` says whether it was cut), its rows in the
        one order of every store (`sparql.order`) unless not `ordered`. An embedded store gets a
        whole answer's query without its ORDER BY: the rows are sorted here anyway."""
        text = bound.text
        if bound.prepared.order and max_rows is None and max_bytes is None and not self.store.pages_by_order:
            text = without_order(text)[0]
        result = self.store.query(
            text,
            bound.prepared.kind,
            prefixes=PREFIXES,
            own_dataset=bool(bound.prepared.dataset),
            source=bound.label,
            timeout=timeout,
        )
        answer = collect(bound.prepared.kind, result, max_rows, max_bytes)
        if answer.kind != "SELECT" or bound.prepared.order is None or not ordered:
            return answer
        rows = sorted_rows(answer.variables, answer.rows, bound.prepared.order)
        return replace(answer, rows=rows)

    def query(
        self, sparql: str, params: Mapping[str, object] | None = None, *, source: str | None = None
    ) -> Answer:
        """Answer a library query by name or SPARQL text, with `params` bound."""
        return self.run(self.bind(sparql, params, source))

    def rows(
        self, sparql: str, params: Mapping[str, object] | None = None, *, ordered: bool = True
    ) -> list[tuple[Term | None, ...]]:
        """The rows of a SELECT query (the package's own queries), as tuples of terms; in the
        store's own order when not `ordered`, for a caller whose result does not depend on it
        (sorting an answer of 150k rows takes about half a second)."""
        answer = self.run(self.bind(sparql, params, source="internal query"), ordered=ordered)
        if answer.kind != "SELECT":
            raise CareersnetError(f"a {answer.kind} query has no rows")
        return list(answer.rows)

    def select(self, query: str, /, *, infer: str = "none", **params: object) -> list[dict[str, object]]:
        """Rows of a named query (e.g. "partners-of") or SELECT text, as dicts of Python values.

        Keyword arguments bind the query's parameters: `kg.select("partners-of", actor="cnd:org-cedefop")`;
        `infer="rdfs"` answers under RDFS entailment. IRIs come as strings, literals as Python
        values; unbound cells are left out.
        """
        return answer_dicts(self.inferring(infer).query(query, params))

    def dataframe(self, query: str, /, *, infer: str = "none", **params: object) -> Any:
        """The rows of `select` as a pandas DataFrame, one column per variable (needs pandas)."""
        try:
            import pandas  # noqa: PLC0415  (optional dependency)
        except ImportError:
            raise CareersnetError(
                "kg.dataframe() needs pandas: pip install 'careersnet-graph[pandas]'"
            ) from None
        answer = self.inferring(infer).query(query, params)
        return pandas.DataFrame(answer_dicts(answer), columns=list(answer.variables))

    # --- inference ----------------------------------------------------------------------------

    def inferring(self, infer: str) -> KnowledgeGraph:
        """This graph, or (infer="rdfs") this graph with its RDFS entailment (see `with_entailment`)."""
        from careersnet_graph.sparql.inference import check_mode  # noqa: PLC0415  (owlrl only when asked for)

        check_mode(infer)
        return self if infer == "none" else self.with_entailment()

    def with_entailment(self) -> KnowledgeGraph:
        """A new knowledge graph: these named graphs plus one graph of RDFS-entailed statements.

        It lives in a new in-memory store (rdflib for the rdflib store, else Oxigraph); this
        graph and its store stay as they are.
        """
        from careersnet_graph.namespaces import ENTAILMENT_GRAPH  # noqa: PLC0415
        from careersnet_graph.sparql.inference import rdfs_entailment  # noqa: PLC0415  (owlrl when asked for)
        from careersnet_graph.store.memory import MemoryStore  # noqa: PLC0415
        from careersnet_graph.store.oxigraph import OxigraphStore  # noqa: PLC0415

        store: Store = MemoryStore() if isinstance(self.store, MemoryStore) else OxigraphStore()
        graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
        for quad in self.store.quads():
            graphs.setdefault(quad.graph_name, []).append(  # type: ignore[arg-type]
                ox.Triple(quad.subject, quad.predicate, quad.object)
            )
        graphs[ENTAILMENT_GRAPH] = rdfs_entailment(self.union_graph())
        store.replace_graphs(graphs)
        store.refresh_union()
        return KnowledgeGraph(store)

    # --- naming -------------------------------------------------------------------------------

    def curie(self, node: Term | str) -> str:
        """The node as a CURIE with the project's prefixes, or as it is."""
        if isinstance(node, ox.NamedNode):
            return curie(node.value)
        if isinstance(node, str):
            return curie(node)
        return str(node)

    def label(self, node: Term) -> str:
        """The rdfs:label (else skos:prefLabel or dcterms:title) of a node, else its CURIE or IRI."""
        return self.labels([node]).get(node) or self.curie(node)

    def labels(self, nodes: list[Term]) -> dict[Term, str]:
        """The best label of each node that has one: English first, then untagged, then others."""
        wanted = [node for node in nodes if isinstance(node, ox.NamedNode)]
        if not wanted:
            return {}
        found: dict[Term, list[tuple[int, int, str]]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            values = " ".join(sparql_term(node) for node in chunk)
            text = (
                f"SELECT ?node ?predicate ?label WHERE {{ VALUES ?node {{ {values} }} "
                f"VALUES ?predicate {{ {' '.join(_LABEL_PREDICATES)} }} ?node ?predicate ?label }}"
            )
            for node, predicate, label in self.rows(text):
                if isinstance(label, ox.Literal) and node is not None and predicate is not None:
                    rank = _LABEL_PREDICATES.index(self.curie(predicate))
                    found.setdefault(node, []).append((rank, language_rank(label), label.value))
        return {node: min(candidates)[2] for node, candidates in found.items()}

    # --- interop -------------------------------------------------------------------------------

    def to_rdflib(self) -> Dataset:
        """A copy of the graph as an rdflib `Dataset`, one named graph per source (for other tools)."""
        from careersnet_graph.rdflib_terms import new_dataset, to_rdflib  # noqa: PLC0415  (rdflib only on request)

        dataset = new_dataset()
        for quad in self.quads():
            subject, predicate, obj = parts(quad)
            dataset.graph(to_rdflib(quad.graph_name)).add(  # type: ignore[arg-type]
                (to_rdflib(unskolemize(subject)), to_rdflib(predicate), to_rdflib(unskolemize(obj)))
            )
        return dataset

    @classmethod
    def from_rdflib(cls, data: Dataset | Graph, store: Store | None = None) -> KnowledgeGraph:
        """A knowledge graph holding an rdflib `Dataset` (its named graphs) or `Graph` (as `cnd:graph-user`).

        The statements are copied into `store` (default: the rdflib in-memory store); blank nodes
        are skolemized as the loader does, so every store keeps them apart.
        """
        from rdflib import Dataset as RdflibDataset  # noqa: PLC0415  (rdflib only on request)
        from rdflib import URIRef  # noqa: PLC0415
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID  # noqa: PLC0415

        from careersnet_graph.namespaces import CND  # noqa: PLC0415
        from careersnet_graph.parsing import canonical_literals, skolemize  # noqa: PLC0415
        from careersnet_graph.rdflib_terms import from_rdflib  # noqa: PLC0415

        if store is None:
            from careersnet_graph.store.memory import MemoryStore  # noqa: PLC0415

            store = MemoryStore()
        graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
        named: list[tuple[object, Graph]] = (
            [(graph.identifier, graph) for graph in data.graphs() if len(graph)]
            if isinstance(data, RdflibDataset)
            else [(None, data)]
        )
        for identifier, graph in named:
            named_by_user = isinstance(identifier, URIRef) and identifier != DATASET_DEFAULT_GRAPH_ID
            name = ox.NamedNode(str(identifier)) if named_by_user else CND["graph-user"]
            quads = [ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), name) for s, p, o in graph]  # type: ignore[arg-type]
            graphs.setdefault(name, []).extend(
                ox.Triple(quad.subject, quad.predicate, quad.object)
                for quad in map(skolemize, canonical_literals(quads))
            )
        store.replace_graphs(graphs)
        store.refresh_union()
        return cls(store)

    def union_graph(self) -> Graph:
        """A copy of the union as an rdflib `Graph` (for pyshacl and owlrl, which need one)."""
        from careersnet_graph.rdflib_terms import graph_of  # noqa: PLC0415  (rdflib only on request)

        data = unskolemize_ntriples(self.store.dump(None))
        return graph_of(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) if data else graph_of(())

    def close(self) -> None:
        """Release the store (files, locks, connections)."""
        self.store.close()


def language_rank(label: ox.Literal) -> int:
    """0 for English, 1 for untagged, 2 for any other language: the order labels are chosen in."""
    language = (label.language or "").lower()
    return 0 if language.startswith("en") else 1 if not language else 2


def python_value(term: Term) -> object:
    """A term as a Python value: IRIs and blank nodes as strings, XSD numbers, booleans and dates as such."""
    if isinstance(term, ox.Literal):
        from careersnet_graph.rdflib_terms import to_rdflib  # noqa: PLC0415  (rdflib's value mapping)

        value: object = to_rdflib(term).toPython()  # type: ignore[attr-defined]
        return value
    return term.value


def answer_dicts(answer: Answer) -> list[dict[str, object]]:
    """The rows of a SELECT answer as dicts of Python values (unbound cells left out)."""
    if answer.kind != "SELECT":
        raise CareersnetError(f"a {answer.kind} query has no rows: use kg.query() for it")
    return [
        {
            name: python_value(term)
            for name, term in zip(answer.variables, row, strict=True)
            if term is not None
        }
        for row in answer.rows
    ]


def _read_files(store: Store) -> list[LoadedFile]:
    """The file records of the meta graph: `file a cng:LoadedFile ; cng:filePath … ; cng:fills graph`."""
    records: dict[str, dict[str, Term]] = {}
    for quad in store.quads(graph=META_GRAPH):
        subject, predicate, obj = parts(quad)
        records.setdefault(str(subject), {})[predicate.value] = obj
    files = []
    for record in records.values():
        path, size, modified, graph = (
            record.get(term.value) for term in (CNG.filePath, CNG.fileSize, CNG.fileModified, CNG.fills)
        )
        if (
            isinstance(path, ox.Literal)
            and isinstance(size, ox.Literal)
            and isinstance(modified, ox.Literal)
            and isinstance(graph, ox.NamedNode)
        ):
            files.append(LoadedFile(Path(path.value), int(size.value), int(modified.value), graph))
    return files
