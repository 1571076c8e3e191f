"""The organisations' co-participation ties in many windows of time, from one table read once.

The report's evolution section (the network of each period, and as of each period's end) and the
organisations page's time slider (the network as of each year's end) need, for dozens of
windows, which organisations and ties each window holds and the ties' weights.
`projection.organisation_graph(kg, window)` answers with a whole attributed graph per window,
which takes seconds each at a million statements. `OrganisationTies` reads the organisations'
participations once and, per window, keeps those dated in it (`temporal.DatedFacts.mask`) and
expands each target's organisations into pairs with numpy, by the same rules as
`organisation_graph`: the same organisations, the same ties, the same weights (the tests compare
the two window by window), and no ties from a target with more than `CLIQUE_CAP` organisations
in the window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import CLIQUE_CAP, ProjectionFacts, projection_facts
from careersnet_graph.temporal import Window, dated_facts, within

__all__ = ["OrganisationTies", "WindowTies", "tie_code"]

Positions = npt.NDArray[np.int64]

_SHIFT = 32
"""A pair of positions (each below 2**32) is one number: the first shifted left, or the second."""
_LOW = (1 << _SHIFT) - 1


@dataclass(frozen=True)
class WindowTies:
    """The organisations' network in one window, by the positions of `OrganisationTies.organisations`.

    `first[i] < second[i]` are the two ends of tie i and `weights[i]` the number of targets they
    share; ties are in ascending order of (first, second). `graphs` are the named graphs (sources,
    inferences) of the participations behind the ties.
    """

    nodes: Positions
    first: Positions
    second: Positions
    weights: Positions
    graphs: frozenset[str]

    @property
    def codes(self) -> Positions:
        """One number per tie, the same for the same two organisations in every window, ascending."""
        return self.first << _SHIFT | self.second


def tie_code(first: int, second: int) -> int:
    """The number of the tie between the organisations at positions `first < second` (`codes`)."""
    return first << _SHIFT | second


class OrganisationTies:
    """The organisations' participations of one knowledge graph, ready to be cut by window."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        with within(None):
            self.facts: ProjectionFacts = projection_facts(kg)
        self._dated = dated_facts(kg)
        participations = [
            p
            for p in self.facts.participations
            if self.facts.is_organisation(p.agent) and p.agent != p.target
        ]
        self.organisations: tuple[str, ...] = tuple(sorted({p.agent for p in participations}))
        """Every organisation that takes part in something, sorted: positions refer to it."""
        position = {organisation: index for index, organisation in enumerate(self.organisations)}
        targets = {target: index for index, target in enumerate(sorted({p.target for p in participations}))}
        fact_position = {fact: index for index, fact in enumerate(self._dated.facts)}
        undated = len(self._dated.facts)
        graph_sets: dict[frozenset[str], int] = {}
        self._agent = np.array([position[p.agent] for p in participations], dtype=np.int64)
        self._target = np.array([targets[p.target] for p in participations], dtype=np.int64)
        self._fact = np.array([fact_position.get(p.iri, undated) for p in participations], dtype=np.int64)
        self._graph_set = np.array(
            [
                graph_sets.setdefault(frozenset(self.facts.participation_graphs(p.iri)), len(graph_sets))
                for p in participations
            ],
            dtype=np.int64,
        )
        self._graph_sets = list(graph_sets)

    def window(self, window: Window) -> WindowTies:
        """The organisations and ties of the network of the participations dated in `window`."""
        inside = np.append(self._dated.mask(window), False)[self._fact]
        return self._ties(inside)

    def whole(self) -> WindowTies:
        """The organisations and ties of the whole network, dated or not."""
        return self._ties(np.ones(len(self._agent), dtype=bool))

    def _ties(self, inside: npt.NDArray[np.bool_]) -> WindowTies:
        agents, targets, graph_sets = self._agent[inside], self._target[inside], self._graph_set[inside]
        links = np.unique(targets << _SHIFT | agents)
        link_targets, link_agents = links >> _SHIFT, links & _LOW
        _, starts, sizes = np.unique(link_targets, return_index=True, return_counts=True)
        expanded = (sizes >= 2) & (sizes <= CLIQUE_CAP)
        firsts: list[Positions] = [np.zeros(0, np.int64)]
        seconds: list[Positions] = [np.zeros(0, np.int64)]
        for size in np.unique(sizes[expanded]):
            offsets = starts[expanded & (sizes == size)]
            earlier, later = np.triu_indices(int(size), 1)
            firsts.append(link_agents[offsets[:, None] + earlier].ravel())
            seconds.append(link_agents[offsets[:, None] + later].ravel())
        pairs = np.concatenate(firsts) << _SHIFT | np.concatenate(seconds)
        ties, weights = np.unique(pairs, return_counts=True)
        behind = np.isin(targets, link_targets[starts[expanded]])
        graphs = frozenset().union(*(self._graph_sets[index] for index in np.unique(graph_sets[behind])))
        return WindowTies(
            nodes=np.unique(link_agents),
            first=ties >> _SHIFT,
            second=ties & _LOW,
            weights=weights.astype(np.int64),
            graphs=graphs,
        )
