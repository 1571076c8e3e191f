"""Suggested partnerships on a fictional fixture with hand-worked scores, and their evaluation.

Fixture (tests/analysis/suggest/): in 2018 P-Q, P-R, Q-S, R-S, S-T and T-U are tied; in 2022 P
and S meet. As of 2020 the best pair is P-S (shared partners Q and R, two partners each:
Adamic-Adar 2 / ln 2), then Q-R (P with two partners, S with three: 1 / ln 2 + 1 / ln 3). P and S
are both in Greece, so across countries the best pair is Q-R.
"""

from __future__ import annotations

import json
import math
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from careersnet_graph.cli import main
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import CND
from careersnet_graph.projection import organisation_graph
from careersnet_graph.suggest import (
    PAIR_BUDGET,
    adamic_adar,
    candidate_pairs,
    cap_note,
    ranked_pairs,
    shared_partner_cap,
    suggest,
)
from careersnet_graph.suggest_evaluation import evaluate
from careersnet_graph.temporal import Window
from tests.support import load_in

FIXTURE = Path(__file__).parent / "analysis" / "suggest"
EARLY = Window.as_of("2020-12-31")


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def kg(request: pytest.FixtureRequest) -> KnowledgeGraph:
    return load_in(request.param, [FIXTURE], shipped=False)


def labels(found: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(s.first_label, s.second_label) for s in found]


def test_the_best_pair_and_its_scores(kg: KnowledgeGraph) -> None:
    found = suggest(kg, window=EARLY, top=0)
    assert labels(found)[:3] == [("P Body", "S Body"), ("Q Body", "R Body"), ("S Body", "U Body")]
    best = found[0]
    assert best.adamic_adar == pytest.approx(2 / math.log(2))
    assert best.resource_allocation == pytest.approx(1.0)
    assert found[1].adamic_adar == pytest.approx(1 / math.log(2) + 1 / math.log(3))
    assert best.shared_partners == ("Q Body", "R Body")
    assert best.shared_topics == ("careers",)
    assert best.sources == ("https://example.org/suggest",)
    assert best.reasons == ["both work with Q Body and R Body", "both take part in work on careers"]


def test_across_countries_and_for_one_actor(kg: KnowledgeGraph) -> None:
    across = suggest(kg, window=EARLY, across="countries")
    assert labels(across)[0] == ("Q Body", "R Body")
    assert "across borders: SVN and FIN" in across[0].reasons
    assert suggest(kg, window=EARLY, across="sectors") == []
    for_t = suggest(kg, window=EARLY, actor="T Body")
    assert labels(for_t) == [("Q Body", "T Body"), ("R Body", "T Body")]


def test_no_pair_with_a_tie_is_suggested(kg: KnowledgeGraph) -> None:
    """Once P and S have met (2022), the whole network suggests Q-R first."""
    found = suggest(kg)
    assert ("P Body", "S Body") not in labels(found)
    assert labels(found)[0] == ("Q Body", "R Body")


def test_unknown_actor_is_refused(kg: KnowledgeGraph) -> None:
    with pytest.raises(CareersnetError, match="actor 'Nobody' is not in this network"):
        suggest(kg, actor="Nobody")


def test_evaluation_predicts_the_hidden_tie(kg: KnowledgeGraph) -> None:
    """Hiding the 2022 tie P-S: ranked first by both scores; a random pair is right 1 time in 9."""
    result = evaluate(kg, "2020-12-31", ks=(1, 2))
    assert (result.new_ties, result.open_pairs, result.earlier_ties) == (1, 15 - 6, 6)
    assert result.precision["Adamic-Adar"] == {1: 1.0, 2: 0.5}
    assert result.precision["common neighbours"] == {1: 1.0, 2: 0.5}
    assert result.precision["random pairs (expected)"] == {1: pytest.approx(1 / 9), 2: pytest.approx(1 / 9)}
    assert "| Adamic-Adar | 1.000 | 0.500 |" in result.markdown()


def test_cli_is_deterministic_and_reads_the_window() -> None:
    """The command reads the fixture with the shipped data, whose best pair scores less than P-S."""
    runner = CliRunner()
    arguments = ["suggest", "--data", str(FIXTURE), "--as-of", "2020", "--format", "json", "--top", "2"]
    first, second = runner.invoke(main, arguments), runner.invoke(main, arguments)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    document = json.loads(first.stdout)
    best = document["suggestions"][0]
    assert (best["first"]["iri"], best["second"]["iri"]) == (CND["org-p-body"].value, CND["org-s-body"].value)
    text = runner.invoke(main, ["suggest", "--data", str(FIXTURE), "--as-of", "2020", "--top", "1"])
    assert "1. P Body — S Body  (Adamic-Adar 2.885)" in text.stdout
    assert "   - both work with Q Body and R Body" in text.stdout


def test_cli_evaluate_prints_the_table() -> None:
    result = CliRunner().invoke(main, ["suggest", "--data", str(FIXTURE), "--evaluate", "--cutoff", "2020"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Earlier network: as of 2020-12-31, ")
    assert "\n| Adamic-Adar | " in result.stdout


def _hub_and_path() -> nx.Graph:
    """A hub H with six partners a..f, none tied to another, and a path x - m - y."""
    graph = nx.Graph()
    graph.add_edges_from(("H", leaf) for leaf in "abcdef")
    graph.add_edges_from([("x", "m"), ("m", "y")])
    return graph


def test_the_shared_partner_cap_keeps_the_pairs_within_the_budget() -> None:
    graph = _hub_and_path()
    # pairs of partners: 15 through H (six partners), 1 through m (two): 16 in all
    assert shared_partner_cap(graph, budget=16) is None
    assert shared_partner_cap(graph, budget=5) == 2
    assert candidate_pairs(graph) == sorted([*combinations("abcdef", 2), ("x", "y")])
    assert candidate_pairs(graph, cap=2) == [("x", "y")]
    assert candidate_pairs(graph, focus="a", cap=2) == []
    assert candidate_pairs(graph, focus="a") == [("a", other) for other in "bcdef"]
    assert adamic_adar(graph, "a", "b") == pytest.approx(1 / math.log(6))
    assert adamic_adar(graph, "a", "b", cap=2) == 0.0
    assert cap_note(None) is None
    assert "more than 2 partners" in (cap_note(2) or "")


def test_the_top_pairs_are_the_head_of_the_whole_ranking() -> None:
    graph = _hub_and_path()
    graph.add_edges_from([("a", "z"), ("b", "z")])
    pairs = candidate_pairs(graph)
    whole = ranked_pairs(graph, pairs)
    # H and z share a and b (two partners each): 2 / ln 2; a and b share H and z: 1 / ln 6 + 1 / ln 2
    assert whole[:2] == [("H", "z"), ("a", "b")]
    for top in (1, 3, len(pairs)):
        assert ranked_pairs(graph, pairs, top=top) == whole[:top]


def _exact(
    graph: nx.Graph, actor: str | None, across: str | None, top: int, budget: int
) -> list[tuple[str, str]]:
    """The suggested pairs by ranking every candidate pair exactly (`candidate_pairs`, `ranked_pairs`)."""
    cap = shared_partner_cap(graph, budget)
    pairs = candidate_pairs(graph, actor, cap)
    if across is not None:
        attribute = "sectors" if across == "sectors" else "country"
        kept = []
        for pair in pairs:
            first, second = (set(graph.nodes[node].get(attribute, [])) for node in pair)
            if first and second and not first & second:
                kept.append(pair)
        pairs = kept
    return ranked_pairs(graph, pairs, cap, top)


@pytest.mark.parametrize("budget", [PAIR_BUDGET, 2_000])
def test_the_sparse_scores_rank_as_every_pair_ranked_exactly(budget: int) -> None:
    """On the shipped data, whole and with the shared-partner cap drawn low (a smaller budget)."""
    kg = load_in("oxigraph")
    graph = organisation_graph(kg)
    assert (shared_partner_cap(graph, budget) is None) == (budget == PAIR_BUDGET)
    busiest = max(graph, key=lambda n: (graph.degree(n), n))
    for actor, across, top in [
        (None, None, 1),
        (None, None, 25),
        (None, "sectors", 10),
        (None, "countries", 10),
        (busiest, None, 5),
        (None, None, 0),
    ]:
        found = suggest(kg, actor=actor, across=across, top=top, graph=graph, budget=budget)  # type: ignore[arg-type]
        expected = _exact(graph, actor, across, top, budget)
        assert [(s.first, s.second) for s in found] == expected, (actor, across, top)
