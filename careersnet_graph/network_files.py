"""The build's network files: every projection in every network exchange format.

The organisations projection holds most of the ties (729k at 1M statements, 1.2 GB of GEXF,
GraphML and Kumu JSON). Its files are written by the build's second process, once it has worked
out the projections' metrics, while the build writes the report: that process is sent the
projection's nodes and what its ties are made of (`projection.CoParticipation`, 13 MB pickled at
1M statements against 76 MB for the whole graph; the benchmark's process grows by 472 MiB while it
makes that graph), not its ties, and makes them again one at a time as it writes them. The other
projections are written here, while that process works out the metrics. Either way a file has the
bytes `network_formats.write_formats` gives for the projection itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from careersnet_graph.context import BuildContext
from careersnet_graph.helper_process import Deferred, HelperProcess
from careersnet_graph.network_formats import write_formats, write_gexf, write_graphml, write_kumu
from careersnet_graph.projection import PROJECTIONS, CoParticipation

__all__ = [
    "NETWORK_SUFFIXES",
    "NETWORK_WRITERS",
    "NetworkJob",
    "StagedNetworks",
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
    """One projection's network files, to be written from its nodes (a graph without edges) and
    what its ties are made of."""

    nodes: nx.Graph
    made_of: CoParticipation
    paths: dict[str, Path]


def write_network_job(job: NetworkJob) -> list[Path]:
    """Write the files of `job`, making its ties again as they are written (their attributes are
    declared from one of them)."""
    return write_formats(job.nodes, job.paths, job.made_of.ties, job.made_of.declaring())


@dataclass(frozen=True)
class StagedNetworks:
    """The network files of one build: those written here, and those being written by the
    build's second process."""

    written: list[Path]
    writing: list[Deferred[list[Path]]]

    def result(self) -> list[Path]:
        """Every file, once all are written."""
        return [*self.written, *(path for deferred in self.writing for path in deferred.result())]


def begin_networks(
    context: BuildContext, folder: Path, helper: HelperProcess | None = None
) -> StagedNetworks:
    """Hand the network files of each projection whose ties can be made again without it (the
    organisations') to `helper`, then write the others here, once per context and folder: the
    build calls this once the projections are made, while its second process works out their
    metrics; `write_networks` takes them up."""
    return context.begun(("networks", folder), lambda: _stage(context, folder, helper))


def _stage(context: BuildContext, folder: Path, helper: HelperProcess | None) -> StagedNetworks:
    writing = []
    handed = set()
    for name in PROJECTIONS if helper is not None else ():
        made_of = context.made_of(name)
        if made_of is None or helper is None:
            continue
        nodes = nx.Graph()
        nodes.add_nodes_from(context.projection(name).nodes(data=True))
        writing.append(
            helper.submit(write_network_job, NetworkJob(nodes, made_of, network_paths(folder, name)))
        )
        handed.add(name)
    written = [
        path
        for name in PROJECTIONS
        if name not in handed
        for path in write_formats(context.projection(name), network_paths(folder, name))
    ]
    return StagedNetworks(written, writing)


def write_networks(context: BuildContext, folder: Path) -> list[Path]:
    """Every projection in every network exchange format, into `folder/networks/`; the formats of
    one projection in one pass (`write_formats`), so that its attributes are converted once. The
    files `begin_networks` handed to the second process are waited for."""
    return begin_networks(context, folder).result()
