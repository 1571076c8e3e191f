"""How cooperation evolved: the network of each period, from the dated participations and posts.

Periods are calendar years, or two years where a year has fewer than `THIN` dated facts starting
in it; periods in which nothing is dated are left out. Each period's network is the
co-participation network of organisations over the facts dated in it (`temporal.Window`: a
membership begun earlier and not ended counts in every later period), and the cumulative one
the network as of the period's last day. Undated facts are in no period and are counted apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import organisation_graph
from careersnet_graph.temporal import Window, dated_facts

__all__ = ["THIN", "TOP_PER_PERIOD", "Evolution", "PeriodFigures", "evolution_of"]

THIN = 10
"""A year with fewer dated facts starting in it than this is joined with the next one."""

TOP_PER_PERIOD = 3
"""How many of the most central organisations each period names."""


@dataclass(frozen=True)
class Central:
    """An organisation among the most central of a period, by weighted degree."""

    iri: str
    label: str
    weighted_degree: float


@dataclass(frozen=True)
class PeriodFigures:
    """The network of one period."""

    label: str
    window: Window
    facts: int
    """Participations and posts whose first day falls in the period."""
    actors: int
    ties: int
    cross_sector_share: float | None
    """Share of ties between organisations with no sector in common (of ties whose both ends have one)."""
    cross_border_share: float | None
    """Share of ties between organisations with no country in common (of ties whose both ends have one)."""
    cumulative_actors: int
    cumulative_ties: int
    central: tuple[Central, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Evolution:
    """The periods in order, and how many facts have no date."""

    periods: tuple[PeriodFigures, ...]
    undated: int
    dated: int


def periods_of(start_years: Counter[int]) -> list[tuple[int, int]]:
    """(first year, last year) of each period: one year, or two where the first is thin."""
    if not start_years:
        return []
    periods = []
    year, last = min(start_years), max(start_years)
    while year <= last:
        end = year if start_years[year] >= THIN or year == last else year + 1
        if start_years[year] + start_years[end] * (end != year) > 0:
            periods.append((year, end))
        year = end + 1
    return periods


def evolution_of(kg: KnowledgeGraph) -> Evolution:
    """The evolution of the organisations' network, period by period."""
    dated = dated_facts(kg)
    starts: Counter[int] = Counter(
        int(day[:4]) for fact in dated.periods if (day := dated.first_day(fact)) is not None
    )
    periods = []
    for first, last in periods_of(starts):
        window = Window(f"{first}-01-01", f"{last}-12-31")
        network = organisation_graph(kg, window)
        cumulative = organisation_graph(kg, Window.as_of(f"{last}-12-31"))
        periods.append(
            PeriodFigures(
                label=str(first) if first == last else f"{first}\u2013{last}",
                window=window,
                facts=sum(starts[year] for year in range(first, last + 1)),
                actors=network.number_of_nodes(),
                ties=network.number_of_edges(),
                cross_sector_share=_cross_share(network, "sectors"),
                cross_border_share=_cross_share(network, "country"),
                cumulative_actors=cumulative.number_of_nodes(),
                cumulative_ties=cumulative.number_of_edges(),
                central=_central(network),
                sources=tuple(
                    sorted({s for _, _, data in network.edges(data=True) for s in data["sources"]})
                ),
            )
        )
    return Evolution(
        tuple(periods), undated=len(dated.undated), dated=len(dated.periods) - len(dated.undated)
    )


def _cross_share(network: nx.Graph, attribute: str) -> float | None:
    known = cross = 0
    for first, second in network.edges:
        first_values = set(network.nodes[first].get(attribute, []))
        second_values = set(network.nodes[second].get(attribute, []))
        if first_values and second_values:
            known += 1
            cross += not first_values & second_values
    return cross / known if known else None


def _central(network: nx.Graph) -> tuple[Central, ...]:
    ranked = sorted(
        network, key=lambda n: (-network.degree(n, weight="weight"), network.nodes[n]["label"], n)
    )
    return tuple(
        Central(n, network.nodes[n]["label"], float(network.degree(n, weight="weight")))
        for n in ranked[:TOP_PER_PERIOD]
        if network.degree(n) > 0
    )
