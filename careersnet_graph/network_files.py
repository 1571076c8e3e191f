"""The build's network files: every projection in every network exchange format.

The organisations projection holds most of the ties (729k at 1M statements, 1.2 GB of GEXF,
GraphML and Kumu JSON). Its files are written by the build's second process, once it has worked
out the projection's metrics, while the build gathers the report: that process is sent the
projection's nodes and what its ties are made of (`projection.CoParticipation`, 13 MB pickled at
1M statements against 76 MB for the whole graph; the benchmark's process grows by 472 MiB while it
makes that graph), not its ties, and makes them again one at a time as it writes them. Another
projection with at least `HAND_OVER_TIES` ties (the bipartite one: 143k at 1M, 30 MB pickled,
3 s of writing) is sent whole, as soon as it is made, so that the second process writes its files
while the build makes the next projection; the small ones are written here. Either way a file
has the bytes `network_formats.write_formats` gives for the projection itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from careersnet_graph.analysis.engine import HAND_OVER_TIES
from careersnet_graph.context import BuildContext
from careersnet_graph.helper_process import Deferred, HelperProcess
from careersnet_graph.network_formats import write_formats, write_gexf, write_graphml, write_kumu
from careersnet_graph.projection import PROJECTIONS, CoParticipation

__all__ = [
    "NETWORK_SUFFIXES",
    "NETWORK_WRITERS",
    "NetworkJob",
    "StagedNetworks",
    "begin_network",
    "begin_networks",
    "network_paths",
    "write_network_job",
    "write_networks",
]

NETWORK_WRITERS: dict[str, Callable[[nx.Graph, Path], Path]] = {
    "gexf": write_gexf,
    "graphml": write_graphml,
    "kumu": write_kumu,
}
"""Network exchange formats by name: GEXF (Gephi), GraphML (Cytoscape) and Kumu JSON."""

NETWORK_SUFFIXES = {"gexf": ".gexf", "graphml": ".graphml", "kumu": ".kumu.json"}


def network_paths(folder: Path, projection: str) -> dict[str, Path]:
    """The file of the projection `projection` in each format, in `folder/networks/`."""
    return {name: folder / "networks" / f"{projection}{NETWORK_SUFFIXES[name]}" for name in NETWORK_WRITERS}


@dataclass(frozen=True)
class NetworkJob:
    """One projection's network files, to be written from the whole `graph`, or from its nodes (a
    graph without edges) and what its ties are made of (`made_of`)."""

    graph: nx.Graph
    made_of: CoParticipation | None
    paths: dict[str, Path]


def write_network_job(job: NetworkJob) -> list[Path]:
    """Write the files of `job`; from a co-participation, its ties are made again as they are
    written (their attributes declared from one of them)."""
    if job.made_of is None:
        return write_formats(job.graph, job.paths)
    return write_formats(job.graph, job.paths, job.made_of.ties, job.made_of.declaring())


@dataclass(frozen=True)
class StagedNetworks:
    """The network files of one build: those written here, and those being written by the
    build's second process."""

    written: list[Path]
    writing: list[Deferred[list[Path]]]

    def result(self) -> list[Path]:
        """Every file, once all are written."""
        return [*self.written, *(path for deferred in self.writing for path in deferred.result())]


def begin_network(
    context: BuildContext,
    folder: Path,
    name: str,
    helper: HelperProcess | None = None,
    hand_over: int = HAND_OVER_TIES,
) -> list[Path] | Deferred[list[Path]]:
    """The network files of the projection `name`, once per context and folder: handed to `helper`
    if its ties can be made again without it (the organisations') or it has at least `hand_over`
    ties (what is being written), else written here (the files). The build calls this as soon as
    each projection is made, while its second process works out the metrics."""
    return context.begun(
        ("networks", folder, name), lambda: _begin_network(context, folder, name, helper, hand_over)
    )


def _begin_network(
    context: BuildContext, folder: Path, name: str, helper: HelperProcess | None, hand_over: int
) -> list[Path] | Deferred[list[Path]]:
    graph, made_of, paths = context.projection(name), context.made_of(name), network_paths(folder, name)
    if helper is None or (made_of is None and graph.number_of_edges() < hand_over):
        return write_formats(graph, paths)
    if made_of is None:
        return helper.submit(write_network_job, NetworkJob(graph, None, paths))
    nodes = nx.Graph()
    nodes.add_nodes_from(graph.nodes(data=True))
    return helper.submit(write_network_job, NetworkJob(nodes, made_of, paths))


def begin_networks(
    context: BuildContext,
    folder: Path,
    helper: HelperProcess | None = None,
    hand_over: int = HAND_OVER_TIES,
) -> StagedNetworks:
    """The network files of every projection (`begin_network`), those begun already included;
    `write_networks` takes them up."""
    written: list[Path] = []
    writing: list[Deferred[list[Path]]] = []
    for name in PROJECTIONS:
        begun = begin_network(context, folder, name, helper, hand_over)
        if isinstance(begun, Deferred):
            writing.append(begun)
        else:
            written.extend(begun)
    return StagedNetworks(written, writing)


def write_networks(context: BuildContext, folder: Path) -> list[Path]:
    """Every projection in every network exchange format, into `folder/networks/`; the formats of
    one projection in one pass (`write_formats`), so that its attributes are converted once. The
    files `begin_networks` handed to the second process are waited for."""
    return begin_networks(context, folder).result()
