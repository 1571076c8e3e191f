"""How each query worker gets the graph, for each kind of store.

- In memory (embedded Oxigraph, rdflib) and with `--infer rdfs`: the command loads the graph
  before any thread starts; the zygote and its workers inherit it (copy-on-write, nothing is
  read twice).
- A remote SPARQL store: inherited as well; the store gives each forked process its own HTTP
  session (`store.remote`), so no connection is shared across a fork.
- A persistent Oxigraph store (`oxigraph:PATH`): RocksDB runs threads of its own, which must not
  be forked, so the command never opens it: a short-lived child refreshes it from its files, and
  each worker then opens it read-only (`pyoxigraph.Store.read_only`). With `--infer rdfs` a child
  reads the statements out and the command keeps them, with their entailment, in memory.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.server.processes import run_in_child
from careersnet_graph.store.oxigraph import OxigraphStore
from careersnet_graph.store.settings import StoreSpec


def graph_opener(
    spec: StoreSpec, load: Callable[[], KnowledgeGraph], infer: str
) -> Callable[[], KnowledgeGraph]:
    """A function that gives a worker its graph; loads (or refreshes) the store first."""
    if spec.kind == "oxigraph" and spec.location:
        path = Path(spec.location)
        run_in_child(lambda: load().close())
        if infer == "none":
            return lambda: KnowledgeGraph(OxigraphStore(path, read_only=True))
        kg = _copied_into_memory(path).inferring(infer)
    else:
        kg = load().inferring(infer)
    return lambda: kg


def _copied_into_memory(path: Path) -> KnowledgeGraph:
    """The named graphs of the persistent store at `path`, read by a child, in an in-memory store."""
    with tempfile.TemporaryDirectory(prefix="careersnet-serve-") as folder:
        dump = Path(folder) / "graph.nq"

        def write() -> None:
            store = OxigraphStore(path, read_only=True)
            with dump.open("wb") as out:
                ox.serialize(store.quads(), out, format=ox.RdfFormat.N_QUADS)

        run_in_child(write)
        graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
        with dump.open("rb") as data:
            for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
                if isinstance(quad.graph_name, ox.NamedNode):
                    graphs.setdefault(quad.graph_name, []).append(
                        ox.Triple(quad.subject, quad.predicate, quad.object)
                    )
    store = OxigraphStore()
    store.replace_graphs(graphs)
    store.refresh_union()
    return KnowledgeGraph(store)
