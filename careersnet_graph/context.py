"""The build context: each projection, and each metric of it, computed once per build.

The network files, the report and the pages all read the same projections and metrics; a
`BuildContext` projects on first use, keeps the graph, and computes each metric family once
through a memoising analysis engine. The writers accept a `KnowledgeGraph` too (`as_context`),
for callers that write one output alone.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import networkx as nx

from careersnet_graph.analysis.communities import Partition
from careersnet_graph.analysis.engine import Engine, engine_named
from careersnet_graph.analysis.names import CENTRALITY_METRICS, Value
from careersnet_graph.analysis.table import metrics_table
from careersnet_graph.collector import cycle_collection_paused
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.helper_process import Deferred, HelperProcess
from careersnet_graph.projection import (
    PROJECTIONS,
    CoParticipation,
    country_graph,
    organisation_projection,
    projection_notes,
)
from careersnet_graph.stats import Summary, summarise

Node = Hashable
T = TypeVar("T")


class CachedEngine:
    """An engine whose every answer is kept per graph object: asked twice, computed once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = engine.name
        self._answers: dict[tuple[str, int], tuple[nx.Graph, Any]] = {}

    def _answer(self, method: str, graph: nx.Graph, compute: Callable[[nx.Graph], Any]) -> Any:
        key = (method, id(graph))
        kept = self._answers.get(key)
        if kept is None or kept[0] is not graph:
            kept = self._answers[key] = (graph, compute(graph))
        return kept[1]

    def centralities(self, graph: nx.Graph) -> dict[str, dict[Node, float]]:
        return self._answer("centralities", graph, self.engine.centralities)  # type: ignore[no-any-return]

    def constraint(self, graph: nx.Graph) -> dict[Node, float]:
        return self._answer("constraint", graph, self.engine.constraint)  # type: ignore[no-any-return]

    def effective_size(self, graph: nx.Graph) -> dict[Node, float]:
        return self._answer("effective_size", graph, self.engine.effective_size)  # type: ignore[no-any-return]

    def partition(self, graph: nx.Graph) -> Partition:
        return self._answer("partition", graph, self.engine.partition)  # type: ignore[no-any-return]

    def core_numbers(self, graph: nx.Graph) -> dict[Node, int]:
        return self._answer("core_numbers", graph, self.engine.core_numbers)  # type: ignore[no-any-return]

    def components(self, graph: nx.Graph) -> list[list[Node]]:
        return self._answer("components", graph, self.engine.components)  # type: ignore[no-any-return]

    def approximations(self, graph: nx.Graph) -> list[str]:
        return self._answer("approximations", graph, self.engine.approximations)  # type: ignore[no-any-return]

    def begin(self, graph: nx.Graph, helper: HelperProcess) -> Deferred[Any] | None:
        return self.engine.begin(graph, helper)


class BuildContext:
    """One knowledge graph's projections and their metrics, each computed on first use."""

    def __init__(self, kg: KnowledgeGraph, engine: Engine | None = None, summary: Summary | None = None):
        self.kg = kg
        self.engine = CachedEngine(engine or engine_named())
        self._summary = summary
        self._projections: dict[str, nx.Graph] = {}
        self._made_of: dict[str, CoParticipation] = {}
        self._tables: dict[str, dict[Node, dict[str, Value]]] = {}
        self._begun: dict[Hashable, Any] = {}

    @property
    def summary(self) -> Summary:
        """The knowledge graph's summary (stats.summarise), computed once."""
        if self._summary is None:
            self._summary = summarise(self.kg)
        return self._summary

    def projection(self, name: str) -> nx.Graph:
        """The projection `name` (a key of `PROJECTIONS`); callers must not change it."""
        if name not in self._projections:
            with cycle_collection_paused():
                if name == "countries":
                    self._projections[name] = country_graph(
                        self.kg, organisations=self.projection("organisations")
                    )
                elif name == "organisations":
                    self._projections[name], self._made_of[name] = organisation_projection(self.kg)
                else:
                    self._projections[name] = PROJECTIONS[name](self.kg)
        return self._projections[name]

    def made_of(self, name: str) -> CoParticipation | None:
        """What the ties of the projection `name` are made of, where they can be made again
        without the graph (the organisations'; None for the others): the build sends it, not the
        graph, to the process that writes that projection's network files."""
        self.projection(name)
        return self._made_of.get(name)

    def begin_metrics(self, name: str, helper: HelperProcess) -> Deferred[Any] | None:
        """Have `helper` work out the metrics of the projection `name` while the build goes on,
        where the engine can (what is being worked out; None if not): they are taken up when
        first asked for."""
        return self.engine.begin(self.projection(name), helper)

    def centralities(self, name: str) -> dict[Node, dict[str, float]]:
        """node → {centrality metric → value} of the projection `name`."""
        columns = self.engine.centralities(self.projection(name))
        return {
            node: {metric: columns[metric][node] for metric in CENTRALITY_METRICS}
            for node in columns["degree"]
        }

    def partition(self, name: str) -> Partition:
        """The Louvain communities of the projection `name`."""
        return self.engine.partition(self.projection(name))

    def communities(self, name: str) -> dict[Node, int]:
        """The number of each node's community in the projection `name` (0 = the largest)."""
        return {
            node: index for index, members in enumerate(self.partition(name).communities) for node in members
        }

    def metrics(self, name: str) -> dict[Node, dict[str, Value]]:
        """Every metric of every node of the projection `name` (`analysis.table.metrics_table`)."""
        if name not in self._tables:
            with cycle_collection_paused():
                self._tables[name] = metrics_table(self.projection(name), self.engine)
        return self._tables[name]

    def begun(self, key: Hashable, begin: Callable[[], T]) -> T:
        """What `begin` gives, once per context and `key`: a step of the build can start work
        before its turn (the pages and the report, which a second process draws while the network
        files are written) and take it up when its turn comes."""
        if key not in self._begun:
            self._begun[key] = begin()
        return self._begun[key]  # type: ignore[no-any-return]

    def notes(self, name: str) -> list[str]:
        """What was bounded or estimated for the projection `name`, one sentence each."""
        graph = self.projection(name)
        return [*projection_notes(graph), *self.engine.approximations(graph)]


def as_context(source: KnowledgeGraph | BuildContext) -> BuildContext:
    """`source` itself when it is a context, else a fresh context of the knowledge graph."""
    return source if isinstance(source, BuildContext) else BuildContext(source)
