"""How cooperation evolved: the network of each period, from the dated participations and posts.

Periods are calendar years, or two years where a year has fewer than `THIN` dated facts starting
in it; periods in which nothing is dated are left out. Each period's network is the
co-participation network of organisations over the facts dated in it (`temporal.Window`: a
membership begun earlier and not ended counts in every later period), and the cumulative one
the network as of the period's last day. Undated facts are in no period and are counted apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from careersnet_graph.analysis.membership import Membership, known_and_disjoint, membership
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.temporal import Window, dated_facts
from careersnet_graph.ties_in_time import OrganisationTies, WindowTies

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
    """The evolution of the organisations' network, period by period (from `OrganisationTies`,
    which gives the same organisations, ties and weights as `organisation_graph` per window)."""
    dated = dated_facts(kg)
    starts = dated.start_years
    ties = OrganisationTies(kg)
    sectors = _membership(ties, ties.facts.sector_labels)
    countries = _membership(ties, ties.facts.country_codes)
    periods = []
    for first, last in periods_of(starts):
        window = Window(f"{first}-01-01", f"{last}-12-31")
        network = ties.window(window)
        cumulative = ties.window(Window.as_of(f"{last}-12-31"))
        periods.append(
            PeriodFigures(
                label=str(first) if first == last else f"{first}\u2013{last}",
                window=window,
                facts=sum(starts[year] for year in range(first, last + 1)),
                actors=len(network.nodes),
                ties=len(network.first),
                cross_sector_share=_cross_share(network, sectors),
                cross_border_share=_cross_share(network, countries),
                cumulative_actors=len(cumulative.nodes),
                cumulative_ties=len(cumulative.first),
                central=_central(ties, network),
                sources=tuple(ties.facts.sources_of(network.graphs)[0]),
            )
        )
    return Evolution(
        tuple(periods), undated=len(dated.undated), dated=len(dated.periods) - len(dated.undated)
    )


def _membership(ties: OrganisationTies, values_of: Callable[[str], list[str]]) -> Membership:
    """Each organisation's values (sectors, countries), by position."""
    return membership([values_of(organisation) for organisation in ties.organisations])


def _cross_share(network: WindowTies, rows: Membership) -> float | None:
    """Share of ties whose two ends have no value in common, of the ties whose both ends have one."""
    known, cross = known_and_disjoint(rows, network.first, network.second)
    return int(cross.sum()) / int(known.sum()) if known.any() else None


def _central(ties: OrganisationTies, network: WindowTies) -> tuple[Central, ...]:
    """The most central organisations by weighted degree (then label, then IRI); none without ties."""
    degrees = np.bincount(
        np.concatenate([network.first, network.second]),
        weights=np.concatenate([network.weights, network.weights]),
        minlength=len(ties.organisations),
    )
    tied = np.flatnonzero(degrees > 0)
    if len(tied) == 0:
        return ()
    cut = np.sort(degrees[tied])[::-1][:TOP_PER_PERIOD][-1]
    candidates = [(ties.organisations[int(i)], float(degrees[i])) for i in tied[degrees[tied] >= cut]]
    ranked = sorted(candidates, key=lambda entry: (-entry[1], ties.facts.label(entry[0]), entry[0]))
    return tuple(Central(iri, ties.facts.label(iri), degree) for iri, degree in ranked[:TOP_PER_PERIOD])
