"""Loading: ontology, vocabularies and data files into a store, behind one `KnowledgeGraph`.

Each Turtle or N-Triples data file `X.ttl` holds the statements of one source or inference and
is loaded into the named graph `cnd:X` (docs/modelling.md). TriG, N-Quads and JSON-LD files keep
their own named graphs, but only graphs they declare themselves as a `cng:Source` or
`cng:Inference`; their default-graph statements go to `cnd:X`. No graph is filled by two files,
and no data file writes into the ontology's or the loader's own graphs.

The loader records every file it read (path, size, modification time, graph) in the store's
meta graph. A persistent store is therefore refreshed, graph by graph, when a file it was loaded
from changes, and never answers from stale files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from careersnet_graph.collector import cycle_collection_paused
from careersnet_graph.errors import CareersnetError, RdfInputError
from careersnet_graph.graph import KnowledgeGraph, LoadedFile
from careersnet_graph.namespaces import (
    CND,
    CNG,
    ENTAILMENT_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    RDF,
    UNION_GRAPH,
    XSD,
)
from careersnet_graph.parsing import (
    DEFAULT_LIMITS,
    FORMATS,
    InputLimits,
    canonical_literals,
    check_utf8,
    format_of,
    read_bytes,
    read_rdf_file,
    skolemize,
    store_parsable,
    syntax_error,
)
from careersnet_graph.resources import data_dir, ontology_files
from careersnet_graph.slugs import slugify
from careersnet_graph.sparql.params import sparql_term
from careersnet_graph.store.base import Store
from careersnet_graph.xsd import lexical_error

_RESERVED = frozenset({ONTOLOGY_GRAPH, META_GRAPH, UNION_GRAPH, ENTAILMENT_GRAPH})
_REGISTERED = frozenset({CNG.Source, CNG.Inference})
_FILE_NODE = "https://w3id.org/careersnet-graph/meta/file/"


class StaleStoreError(CareersnetError):
    """A persistent store was loaded from files that no longer exist."""


@dataclass(frozen=True)
class FoundFiles:
    """The RDF files named by the user's paths, and the files inside folders that were skipped."""

    files: list[Path]
    skipped: list[Path] = field(default_factory=list)


def find_data_files(paths: Iterable[Path | str]) -> FoundFiles:
    """The RDF files named by `paths`: files as given, folders searched recursively, sorted.

    Files inside a folder whose type the loader does not read are returned as `skipped`.
    """
    found: list[Path] = []
    skipped: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
                if candidate.suffix.lower() in FORMATS:
                    found.append(candidate)
                elif not any(part.startswith(".") for part in candidate.relative_to(path).parts):
                    skipped.append(candidate)
        elif path.is_file():
            found.append(path)
        else:
            raise RdfInputError(path, "no such file or folder")
    return FoundFiles(found, skipped)


def graph_name_for(path: Path) -> ox.NamedNode:
    """The named graph of a data file: `cnd:` + the file's name without its suffix."""
    slug = slugify(path.stem)
    if not slug:
        raise RdfInputError(path, "file name gives no graph name: name data files after their source")
    return CND[slug]


@dataclass(frozen=True)
class _Input:
    """A file to load: where it is, whether it is part of the package, and its state on disk."""

    path: Path
    origin: str
    size: int
    modified_ns: int


def load(
    data: Sequence[Path | str] = (),
    *,
    shipped: bool = True,
    store: Store | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    replace: bool = False,
) -> KnowledgeGraph:
    """Load the ontology, the shipped data (unless `shipped` is False) and the user's `data`.

    `store` defaults to a new in-memory Oxigraph store. A persistent store keeps the files it was
    loaded from: they are read again only when they changed, and `data` adds to them, unless
    `replace` asks for exactly the given files. Raises `RdfInputError` for the first file that
    cannot be read or parsed strictly, or that fills a graph it may not fill.
    """
    if store is None:
        from careersnet_graph.store.oxigraph import OxigraphStore  # noqa: PLC0415  (the default store)

        store = OxigraphStore()
    kg = KnowledgeGraph(store)
    user = find_data_files(data)
    wanted = (
        _inputs(ontology_files(), "ontology")
        + _inputs(find_data_files([data_dir()]).files if shipped else [], "shipped")
        + _inputs(user.files, "user")
    )
    recorded: dict[Path, list[LoadedFile]] = {}
    for file in () if replace else kg.loaded_files():
        recorded.setdefault(file.path, []).append(file)
    wanted_paths = {item.path for item in wanted}
    for path in sorted(recorded):
        if path in wanted_paths:
            continue
        if not path.is_file():
            raise StaleStoreError(
                f"{store.description} was loaded from {path}, which no longer exists: "
                f"run `careersnet load --store {store.description}` with the data you want in it"
            )
        wanted.append(_input(path, "user"))
    with cycle_collection_paused():
        _refresh(kg, wanted, recorded, limits)
    kg.skipped_files = user.skipped
    return kg


def _inputs(paths: Iterable[Path], origin: str) -> list[_Input]:
    return [_input(path, origin) for path in paths]


def _input(path: Path, origin: str) -> _Input:
    try:
        state = path.stat()
    except OSError as error:
        raise RdfInputError(path, f"cannot read file: {error.strerror or error}") from None
    return _Input(path.resolve(), origin, state.st_size, state.st_mtime_ns)


def _refresh(
    kg: KnowledgeGraph, wanted: list[_Input], recorded: dict[Path, list[LoadedFile]], limits: InputLimits
) -> None:
    """Read the files that are new or changed, replace their graphs, drop graphs no file fills."""

    def current(item: _Input) -> bool:
        files = recorded.get(item.path, [])
        return bool(files) and all((f.size, f.modified_ns) == (item.size, item.modified_ns) for f in files)

    changed = [item for item in wanted if not current(item)]
    if not changed and set(recorded) == {item.path for item in wanted}:
        return
    if any(item.origin == "ontology" for item in changed):
        changed = _with_all_ontology_files(changed, wanted)
    changed_paths = {item.path for item in changed}
    unchanged = [file for item in wanted if item.path not in changed_paths for file in recorded[item.path]]
    store = kg.store
    filled_by = {file.graph: file.path for file in unchanged}
    fast = _store_parsed(store, changed, limits)
    for item, (graph, _) in fast.items():
        _claim(filled_by, graph, item)
    graphs, files = _read_changed([item for item in changed if item not in fast], filled_by, limits)
    files += [LoadedFile(item.path, item.size, item.modified_ns, graph) for item, (graph, _) in fast.items()]
    keep = {file.graph for file in [*unchanged, *files]} | {META_GRAPH}
    store.drop_graphs([name for name in store.graph_names() if name not in keep])
    for item, (graph, data) in fast.items():
        try:
            store.load_file(graph, data, format_of(item.path))
        except SyntaxError as error:
            raise syntax_error(item.path, error) from None
    if fast:
        _check_store_literals(kg, {graph: item for item, (graph, _) in fast.items()}, limits)
    store.replace_graphs({**graphs, META_GRAPH: _meta_triples([*unchanged, *files], wanted)})
    store.refresh_union()
    kg.forget_files()


def _store_parsed(
    store: Store, changed: list[_Input], limits: InputLimits
) -> dict[_Input, tuple[ox.NamedNode, bytes]]:
    """The changed data files the store may parse itself, with their graph and checked bytes."""
    if not store.parses_files:
        return {}
    fast: dict[_Input, tuple[ox.NamedNode, bytes]] = {}
    for item in changed:
        if item.origin == "ontology":
            continue
        data = read_bytes(item.path, limits)
        check_utf8(item.path, data)
        checked = store_parsable(data, format_of(item.path), limits)
        if checked is not None:
            fast[item] = (graph_name_for(item.path), checked)
    return fast


def _claim(filled_by: dict[ox.NamedNode, Path], graph: ox.NamedNode, item: _Input) -> None:
    """Record that `item` fills `graph`; an error if another file fills it already."""
    owner = filled_by.get(graph)
    if (
        owner is not None
        and owner != item.path
        and not (item.origin == "ontology" and graph == ONTOLOGY_GRAPH)
    ):
        if _is_shipped(owner):
            raise RdfInputError(
                item.path,
                f"writes into the graph <{graph.value}> of the shipped file {owner}: "
                "a data file may only fill the graphs of its own sources",
            )
        raise RdfInputError(item.path, f"fills the same graph <{graph.value}> as {owner}: rename one of them")
    filled_by[graph] = item.path


_TYPED_LITERALS = """SELECT DISTINCT ?literal WHERE {{
  VALUES ?graph {{ {graphs} }}
  GRAPH ?graph {{ ?s ?p ?literal }}
  FILTER (isLITERAL(?literal) && LANG(?literal) = "" && DATATYPE(?literal) != xsd:string)
}}"""


def _check_store_literals(
    kg: KnowledgeGraph, graphs: dict[ox.NamedNode, _Input], limits: InputLimits
) -> None:
    """The XSD check of the literals the store parsed itself: a literal that fails it sends its
    file through this package's parser, which reports it with its line and column."""
    names = sorted(graphs, key=lambda name: name.value)
    for start in range(0, len(names), 2_000):
        chunk = names[start : start + 2_000]
        text = _TYPED_LITERALS.format(graphs=" ".join(sparql_term(name) for name in chunk))
        for (literal,) in kg.rows(text):
            if isinstance(literal, ox.Literal) and lexical_error(literal.value, literal.datatype.value):
                holders = {quad.graph_name for quad in kg.quads(obj=literal)} & set(chunk)
                for graph in sorted(holders, key=lambda name: name.value):  # type: ignore[union-attr]
                    read_rdf_file(graphs[graph].path, limits=limits)  # type: ignore[index]
                raise RdfInputError(graphs[chunk[0]].path, f"ill-typed literal {literal}")


def _with_all_ontology_files(changed: list[_Input], wanted: list[_Input]) -> list[_Input]:
    """All ontology files fill one graph: when one changed, all are read again."""
    ontology = [item for item in wanted if item.origin == "ontology"]
    return ontology + [item for item in changed if item.origin != "ontology"]


def _read_changed(
    changed: list[_Input], filled_by: dict[ox.NamedNode, Path], limits: InputLimits
) -> tuple[dict[ox.NamedNode, list[ox.Triple]], list[LoadedFile]]:
    graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
    files: list[LoadedFile] = []
    for item in changed:
        for name, triples in _file_graphs(item, limits).items():
            _claim(filled_by, name, item)
            graphs.setdefault(name, []).extend(triples)
            files.append(LoadedFile(item.path, item.size, item.modified_ns, name))
    return graphs, files


def _is_shipped(path: Path) -> bool:
    """True for the package's own files: the ontology and the shipped data."""
    shipped = [data_dir(), *(file.parent for file in ontology_files())]
    return any(path.resolve().is_relative_to(folder.resolve()) for folder in shipped)


def _file_graphs(item: _Input, limits: InputLimits) -> dict[ox.NamedNode, list[ox.Triple]]:
    """The statements of one file by graph, after the provenance rule is checked."""
    quads = canonical_literals(read_rdf_file(item.path, limits=limits))
    default = ONTOLOGY_GRAPH if item.origin == "ontology" else graph_name_for(item.path)
    by_graph: dict[ox.NamedNode, list[ox.Triple]] = {}
    for quad in map(skolemize, quads):
        name = quad.graph_name if isinstance(quad.graph_name, ox.NamedNode) else default
        by_graph.setdefault(name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    if item.origin != "ontology":
        declared = {
            quad.subject for quad in quads if quad.predicate == RDF.type and quad.object in _REGISTERED
        }
        for name in by_graph:
            if name in _RESERVED:
                raise RdfInputError(
                    item.path, f"writes into the reserved graph <{name.value}>: data files may not"
                )
            if name != default and name not in declared:
                raise RdfInputError(
                    item.path,
                    f"fills the graph <{name.value}> without declaring it a cng:Source or cng:Inference: "
                    "a file may only fill the graphs of the sources it describes",
                )
    return by_graph


def _meta_triples(files: list[LoadedFile], wanted: list[_Input]) -> list[ox.Triple]:
    origins = {item.path: item.origin for item in wanted}
    triples: list[ox.Triple] = []
    for file in sorted(files, key=lambda file: (str(file.path), file.graph.value)):
        node = ox.NamedNode(
            _FILE_NODE + hashlib.sha1(f"{file.path}\n{file.graph.value}".encode()).hexdigest()
        )
        triples += [
            ox.Triple(node, RDF.type, CNG.LoadedFile),
            ox.Triple(node, CNG.filePath, ox.Literal(str(file.path))),
            ox.Triple(node, CNG.fileSize, ox.Literal(str(file.size), datatype=XSD.integer)),
            ox.Triple(node, CNG.fileModified, ox.Literal(str(file.modified_ns))),
            ox.Triple(node, CNG.fileOrigin, ox.Literal(origins.get(file.path, "user"))),
            ox.Triple(node, CNG.fills, file.graph),
        ]
    return triples
