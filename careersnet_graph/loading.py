"""Loading: ontology, vocabularies and data files into one `KnowledgeGraph`.

Each Turtle or N-Triples data file `X.ttl` holds the statements of one source or inference and
is loaded into the named graph `cnd:X` (docs/modelling.md). TriG and N-Quads files keep their
own named graphs; their default-graph statements go to `cnd:X` as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import URIRef

from careersnet_graph.errors import RdfInputError
from careersnet_graph.graph import ONTOLOGY_GRAPH, KnowledgeGraph, new_dataset
from careersnet_graph.namespaces import CND
from careersnet_graph.parsing import FORMATS, read_rdf_file
from careersnet_graph.resources import data_dir, ontology_files
from careersnet_graph.slugs import slugify


def find_data_files(paths: Iterable[Path | str]) -> list[Path]:
    """The RDF files named by `paths`: files as given, folders searched recursively, sorted."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise RdfInputError(path, "no such file or folder")
    return found


def graph_name_for(path: Path) -> URIRef:
    """The named graph of a data file: `cnd:` + the file's name without its suffix."""
    slug = slugify(path.stem)
    if not slug:
        raise RdfInputError(path, "file name gives no graph name: name data files after their source")
    return CND[slug]


def load(data: Sequence[Path | str] = (), *, shipped: bool = True) -> KnowledgeGraph:
    """Load the ontology, the shipped data (unless `shipped` is False) and the user's `data`.

    Raises `RdfInputError` for the first file that cannot be read or parsed strictly, and when
    two Turtle files would fill the same named graph.
    """
    dataset = new_dataset()
    graph_files: dict[URIRef, tuple[Path, ...]] = {}

    def remember(name: URIRef, path: Path) -> None:
        graph_files[name] = (*graph_files.get(name, ()), path)

    for path in ontology_files():
        graph = dataset.graph(ONTOLOGY_GRAPH)
        for subject, predicate, obj, _ in read_rdf_file(path):
            graph.add((subject, predicate, obj))
        remember(ONTOLOGY_GRAPH, path)

    sources: list[Path | str] = [data_dir()] if shipped else []
    for path in find_data_files([*sources, *data]):
        default_name = graph_name_for(path)
        if default_name in graph_files and path.suffix.lower() in (".ttl", ".nt"):
            previous = graph_files[default_name][0]
            raise RdfInputError(
                path, f"fills the same graph <{default_name}> as {previous}: rename one of them"
            )
        for subject, predicate, obj, graph_name in read_rdf_file(path):
            name = graph_name or default_name
            dataset.graph(name).add((subject, predicate, obj))
            if path not in graph_files.get(name, ()):
                remember(name, path)
    return KnowledgeGraph(dataset, graph_files)
