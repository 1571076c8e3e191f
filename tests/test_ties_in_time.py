"""The organisations' ties by window (`ties_in_time`), the evolution section and the time slider
built on them, each against the projection it stands in for.

The reference is `organisation_graph(kg, window)`, the attributed projection, and the evolution
and timeline computed from it window by window as they were before the tie table: the same
organisations, ties, weights, shares, central organisations, sources and first years. Three
graphs: the fictional time fixture, the shipped data, and a synthetic graph whose large targets
are capped in some windows and not in others.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.projection import CLIQUE_CAP, organisation_graph
from careersnet_graph.report.evolution import TOP_PER_PERIOD, evolution_of, periods_of
from careersnet_graph.temporal import Window, dated_facts, facts_in, period_rows
from careersnet_graph.ties_in_time import OrganisationTies, WindowTies
from careersnet_graph.viz.timeline import edge_key, network_timeline
from tests.support import load_in

FIXTURE = Path(__file__).parent / "analysis" / "time"
SYNTH = Path(__file__).parents[1] / "benchmarks" / "synth.py"


def _synthetic(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("synth", SYNTH)
    assert spec is not None and spec.loader is not None
    synth = sys.modules.setdefault("synth", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(synth)
    synth.generate(20_000, 3, folder)
    return folder


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return load_in("oxigraph", [_synthetic(tmp_path_factory.mktemp("synthetic"))])


@pytest.fixture(scope="module", params=["time", "shipped", "synthetic"])
def kg(request: pytest.FixtureRequest) -> Iterator[KnowledgeGraph]:
    if request.param == "time":
        yield load_in("oxigraph", [FIXTURE], shipped=False)
    elif request.param == "shipped":
        yield load_in("oxigraph")
    else:
        yield request.getfixturevalue("synthetic")


# The periods as one SPARQL query worked them out before `temporal.period_rows`: the oracle.
_START = (
    "IF(STRLEN({v}) = 4, CONCAT({v}, '-01-01'), IF(STRLEN({v}) = 7, CONCAT({v}, '-01'), SUBSTR({v}, 1, 10)))"
)
_END = (
    "IF(STRLEN({v}) = 4, CONCAT({v}, '-12-31'), IF(STRLEN({v}) = 7, CONCAT({v}, '-31'), SUBSTR({v}, 1, 10)))"
)

_PERIODS = """
SELECT DISTINCT ?fact ?start ?end WHERE {{
  {{
    ?fact a cng:Participation ; cng:target ?target .
    OPTIONAL {{ ?fact schema:startDate ?ownStart }}
    OPTIONAL {{ ?fact schema:endDate ?ownEnd }}
    OPTIONAL {{ ?fact dcterms:date ?ownDate }}
    OPTIONAL {{ ?target schema:startDate ?targetStart }}
    OPTIONAL {{ ?target schema:endDate ?targetEnd }}
    OPTIONAL {{ ?target dcterms:issued ?targetIssued }}
    OPTIONAL {{ ?target dcterms:date ?targetDate }}
    BIND (BOUND(?ownStart) || BOUND(?ownEnd) || BOUND(?ownDate) AS ?own)
    BIND (STR(IF(?own, COALESCE(?ownStart, ?ownDate),
                 COALESCE(?targetStart, ?targetIssued, ?targetDate))) AS ?from)
    BIND (STR(IF(?own, COALESCE(?ownEnd, ?ownDate),
                 COALESCE(?targetEnd, ?targetIssued, ?targetDate, ?targetStart))) AS ?to)
  }}
  UNION
  {{
    ?person org:holds ?fact .
    OPTIONAL {{ ?fact schema:startDate ?postStart }}
    OPTIONAL {{ ?fact schema:endDate ?postEnd }}
    BIND (STR(?postStart) AS ?from)
    BIND (STR(?postEnd) AS ?to)
  }}
  BIND ({start} AS ?start)
  BIND ({end} AS ?end)
  FILTER (isIRI(?fact))
}}
"""

PERIODS_QUERY = _PERIODS.format(start=_START.format(v="?from"), end=_END.format(v="?to"))


def test_period_rows_are_the_sparql_rows(kg: KnowledgeGraph) -> None:
    expected = sorted(
        (str(getattr(fact, "value", fact)), getattr(start, "value", None), getattr(end, "value", None))
        for fact, start, end in kg.rows(PERIODS_QUERY)
    )
    assert sorted(period_rows(kg), key=str) == sorted(expected, key=str)
    assert len({row[0] for row in expected}) == len(dated_facts(kg).periods)


def windows(kg: KnowledgeGraph, most: int = 8) -> list[Window]:
    """For up to `most` years spread over the data's (the first and the last among them, and the
    years around them): the year itself, and as of its end; and one open start."""
    span = dated_facts(kg).years
    assert span is not None
    years = range(span[0] - 1, span[1] + 2)
    step = max(1, len(years) // most)
    found = []
    for year in sorted({*years[::step], years[-1]}):
        found += [Window(f"{year}-01-01", f"{year}-12-31"), Window.as_of(f"{year}-12-31")]
    return [*found, Window(f"{span[1]}-06-01", None)]


def as_sets(ties: OrganisationTies, network: WindowTies) -> tuple[set[str], dict[frozenset[str], int]]:
    names = ties.organisations
    edges = {
        frozenset((names[int(a)], names[int(b)])): int(w)
        for a, b, w in zip(network.first, network.second, network.weights, strict=True)
    }
    return {names[int(n)] for n in network.nodes}, edges


def graph_sets(graph: nx.Graph) -> tuple[set[str], dict[frozenset[str], int]]:
    return set(graph), {frozenset((a, b)): w for a, b, w in graph.edges(data="weight")}


def test_each_window_has_the_projections_organisations_ties_and_weights(kg: KnowledgeGraph) -> None:
    ties = OrganisationTies(kg)
    assert as_sets(ties, ties.whole()) == graph_sets(organisation_graph(kg))
    for window in windows(kg):
        network = ties.window(window)
        assert as_sets(ties, network) == graph_sets(organisation_graph(kg, window)), window
        assert list(network.codes) == sorted(network.codes)


def test_some_synthetic_target_is_capped_in_one_window_and_expanded_in_another(
    synthetic: KnowledgeGraph,
) -> None:
    """The synthetic graph exercises the cap window by window (else the comparison above is weaker)."""
    capped = {target for target, _, _ in organisation_graph(synthetic).graph["unexpanded"]}
    assert capped, f"no synthetic target has more than {CLIQUE_CAP} organisations"
    expanded_somewhere = set()
    for window in windows(synthetic):
        graph = organisation_graph(synthetic, window)
        shared = {entry["target"] for _, _, data in graph.edges(data=True) for entry in data["shared"]}
        expanded_somewhere |= capped & shared
    assert expanded_somewhere


def test_windows_match_the_sparql_filter(kg: KnowledgeGraph) -> None:
    """The window applied to the rows read once is the filter the store would apply to them."""
    for window in windows(kg):
        condition = " && (BOUND(?start) || BOUND(?end))"
        if window.end is not None:
            condition += f' && (!BOUND(?start) || ?start <= "{window.end}")'
        if window.start is not None:
            condition += f' && (!BOUND(?end) || ?end >= "{window.start}")'
        filtered = PERIODS_QUERY.replace("FILTER (isIRI(?fact))", f"FILTER (isIRI(?fact){condition})")
        expected = frozenset(str(getattr(row[0], "value", row[0])) for row in kg.rows(filtered))
        assert facts_in(kg, window) == expected, window


def _old_central(network: nx.Graph) -> tuple[tuple[str, float], ...]:
    ranked = sorted(
        network, key=lambda n: (-network.degree(n, weight="weight"), network.nodes[n]["label"], n)
    )
    return tuple(
        (n, float(network.degree(n, weight="weight")))
        for n in ranked[:TOP_PER_PERIOD]
        if network.degree(n) > 0
    )


def _old_share(network: nx.Graph, attribute: str) -> float | None:
    known = cross = 0
    for first, second in network.edges:
        first_values = set(network.nodes[first].get(attribute, []))
        second_values = set(network.nodes[second].get(attribute, []))
        if first_values and second_values:
            known += 1
            cross += not first_values & second_values
    return cross / known if known else None


def test_evolution_is_what_the_projection_gives_period_by_period(kg: KnowledgeGraph) -> None:
    evolution = evolution_of(kg)
    dated = dated_facts(kg)
    starts = {fact: day for fact in dated.periods if (day := dated.first_day(fact)) is not None}
    expected_periods = periods_of(Counter(int(day[:4]) for day in starts.values()))
    assert [(p.window.start, p.window.end) for p in evolution.periods] == [
        (f"{first}-01-01", f"{last}-12-31") for first, last in expected_periods
    ]
    assert evolution.periods
    for period in evolution.periods:
        network = organisation_graph(kg, period.window)
        cumulative = organisation_graph(kg, Window.as_of(str(period.window.end)))
        assert (period.actors, period.ties) == (network.number_of_nodes(), network.number_of_edges())
        assert (period.cumulative_actors, period.cumulative_ties) == (
            cumulative.number_of_nodes(),
            cumulative.number_of_edges(),
        )
        assert period.cross_sector_share == _old_share(network, "sectors")
        assert period.cross_border_share == _old_share(network, "country")
        assert tuple((c.iri, c.weighted_degree) for c in period.central) == _old_central(network)
        assert period.sources == tuple(
            sorted({s for _, _, data in network.edges(data=True) for s in data["sources"]})
        )


def test_timeline_years_are_the_first_as_of_network_holding_each_actor_and_tie(kg: KnowledgeGraph) -> None:
    graph = organisation_graph(kg)
    timeline = network_timeline(kg, "organisations", graph)
    nodes: dict[str, int | None] = dict.fromkeys(graph, None)
    edges: dict[str, int | None] = dict.fromkeys((edge_key(a, b) for a, b in graph.edges), None)
    for year in timeline.years:
        network = organisation_graph(kg, Window.as_of(f"{year}-12-31"))
        for node in network:
            if nodes.get(node, 0) is None:
                nodes[node] = year
        for first, second in network.edges:
            if edges.get(edge_key(first, second), 0) is None:
                edges[edge_key(first, second)] = year
    assert timeline.nodes == nodes
    assert timeline.edges == edges
    assert list(timeline.nodes) == list(map(str, graph))
    assert any(year is not None for year in timeline.edges.values())
