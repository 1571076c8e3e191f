"""The network at a time, on a fictional fixture with hand-worked answers and on the real data.

Fixture (tests/analysis/time/): Meeting 2019 (A, B, C), Plan issued 2020-03-01 (B, E), Forum
(C a member in 2021, D from 2023-01-01, E undated), Meeting 2022-10-10 (A, D), Workshop
(undated: B, D). So the organisations' ties are: as of 2019, A-B, A-C, B-C; as of 2021-01-01
also B-E; as of 2022 also A-D; as of 2023 also C-D; all of them with the undated ones also C-E,
D-E and B-D. Three participations have no date.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from careersnet_graph.cli import main
from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.namespaces import CND
from careersnet_graph.projection import actor_initiative_graph, organisation_graph
from careersnet_graph.temporal import Window, dated_facts, parse_date, window_from_options, within
from tests.support import load_in

FIXTURE = Path(__file__).parent / "analysis" / "time"
MEETING_2021 = CND["event-careersnet-annual-meeting-2021"].value


def short(iri: str) -> str:
    """`cnd:org-a-agency` → "A"; any other node by its local name."""
    local = iri.removeprefix(str(CND))
    return local.split("-")[1].upper() if local.startswith("org-") else local


def ties(graph: nx.Graph) -> set[frozenset[str]]:
    return {frozenset(short(n) for n in edge) for edge in graph.edges}


def pairs(*names: str) -> set[frozenset[str]]:
    return {frozenset(name) for name in names}


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def kg(request: pytest.FixtureRequest) -> KnowledgeGraph:
    return load_in(request.param, [FIXTURE], shipped=False)


@pytest.fixture(scope="module")
def real() -> KnowledgeGraph:
    return load_in("oxigraph")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2019-05-01", set()),
        ("2019-12-31", pairs("AB", "AC", "BC")),
        ("2021-01-01", pairs("AB", "AC", "BC", "BE")),
        ("2022-12-31", pairs("AB", "AC", "BC", "BE", "AD")),
        ("2023-01-01", pairs("AB", "AC", "BC", "BE", "AD", "CD")),
    ],
)
def test_the_network_as_of_a_day(kg: KnowledgeGraph, day: str, expected: set[frozenset[str]]) -> None:
    assert ties(organisation_graph(kg, Window.as_of(day))) == expected


def test_the_whole_network_keeps_the_undated_ties(kg: KnowledgeGraph) -> None:
    everything = pairs("AB", "AC", "BC", "BE", "AD", "CD", "CE", "DE", "BD")
    assert ties(organisation_graph(kg)) == everything
    assert ties(organisation_graph(kg, Window())) == everything - pairs("CE", "DE", "BD")


def test_a_window_counts_what_overlaps_it(kg: KnowledgeGraph) -> None:
    """In 2022 only Meeting 2022 is dated: the 2021 membership (a gYear, all of 2021) ends before."""
    graph = organisation_graph(kg, window_from_options(None, ("2022", "2022")))
    assert ties(graph) == pairs("AD")
    assert graph.graph["window"] == "between 2022-01-01 and 2022-12-31"
    assert graph.graph["undated"] == 3
    assert ties(organisation_graph(kg, Window("2021-06-01", "2021-06-30"))) == set()


def test_the_active_window_applies_to_every_projection(kg: KnowledgeGraph) -> None:
    with within(Window.as_of("2019-12-31")):
        assert ties(organisation_graph(kg)) == pairs("AB", "AC", "BC")
        assert {short(n) for n in actor_initiative_graph(kg)} == {"A", "B", "C", "event-meeting-2019"}
    assert ties(organisation_graph(kg)) != pairs("AB", "AC", "BC")


def test_periods_of_facts(kg: KnowledgeGraph) -> None:
    dated = dated_facts(kg)
    forum_c = CND["participation-forum--member--c-service"].value
    forum_d = CND["participation-forum--member--d-association"].value
    meeting = CND["participation-meeting-2019--organiser--a-agency"].value
    assert (dated.periods[forum_c].start, dated.periods[forum_c].end) == ("2021-01-01", "2021-12-31")
    assert (dated.periods[forum_d].start, dated.periods[forum_d].end) == ("2023-01-01", None)
    assert (dated.periods[meeting].start, dated.periods[meeting].end) == ("2019-05-02", "2019-05-03")
    assert len(dated.undated) == 3
    assert dated.years == (2019, 2023)


@pytest.mark.parametrize(
    ("as_of", "between", "message"),
    [
        ("2021-13", None, "--as-of: '2021-13' is not a date of the calendar"),
        ("yesterday", None, "--as-of: 'yesterday' is not a date"),
        ("2021", ("2020", "2021"), "--as-of and --between cannot be used together"),
        (None, ("2022", "2021"), "--between: FROM 2022 is after TO 2021"),
    ],
)
def test_bad_windows_are_refused(as_of: str | None, between: tuple[str, str] | None, message: str) -> None:
    with pytest.raises(CareersnetError, match=message.replace("(", r"\(")):
        window_from_options(as_of, between)


def test_dates_stand_for_their_whole_year_or_month() -> None:
    assert parse_date("2021", "x") == "2021-01-01"
    assert parse_date("2021", "x", last=True) == "2021-12-31"
    assert parse_date("2021-02", "x", last=True) == "2021-02-31"
    assert window_from_options("2021-06", None) == Window(None, "2021-06-31")


def test_the_2021_meeting_ties_appear_in_december_2021(real: KnowledgeGraph) -> None:
    """The fifth CareersNet meeting (6-7 December 2021): absent as of 1 January, present after."""
    whole = organisation_graph(real)
    through_meeting = {
        frozenset(edge)
        for *edge, data in whole.edges(data=True)
        if any(entry["target"] == MEETING_2021 for entry in data["shared"])
    }
    assert through_meeting, "the 2021 meeting ties no organisations"
    before = organisation_graph(real, Window.as_of("2021-01-01"))
    after = organisation_graph(real, Window.as_of("2021-12-31"))
    assert not any(
        entry["target"] == MEETING_2021 for *_, data in before.edges(data=True) for entry in data["shared"]
    )
    assert MEETING_2021 not in actor_initiative_graph(real, Window.as_of("2021-01-01"))
    assert MEETING_2021 in actor_initiative_graph(real, Window.as_of("2021-12-07"))
    after_edges = {frozenset(edge) for edge in after.edges}
    assert through_meeting <= after_edges
    assert through_meeting - {frozenset(edge) for edge in before.edges}


def test_cli_window_is_deterministic_and_says_what_it_left_out() -> None:
    runner = CliRunner()
    arguments = ["analyse", "--as-of", "2021-01-01", "--format", "json", "--top", "5"]
    first = runner.invoke(main, arguments)
    second = runner.invoke(main, arguments)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    document = json.loads(first.stdout)
    assert document["window"] == "as of 2021-01-01"
    assert document["undated"] > 0
    assert f"{document['undated']} participations and posts with no date are left out" in first.stderr


def test_cli_bad_date_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(main, ["analyse", "--between", "2021", "2020-02-30"])
    assert result.exit_code == 2
    assert result.stderr == "error: --between TO: '2020-02-30' is not a date of the calendar\n"


def test_a_window_end_must_be_a_day() -> None:
    """The ends are written into SPARQL: anything but a day is refused."""
    with pytest.raises(CareersnetError, match="window end '2021\" } ' is not a day"):
        Window.as_of('2021" } ')


def test_export_windows_only_networks(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(
        main, ["export", "--as-of", "2021", "--format", "turtle", "--out", str(tmp_path / "x")]
    )
    assert refused.exit_code == 2
    assert (
        refused.stderr
        == "error: --as-of and --between apply to the network formats (gexf, graphml, kumu) only\n"
    )
    assert not (tmp_path / "x").exists()
