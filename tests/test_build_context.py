"""The build context (each projection and metric once, shared by every output), the clique cap
of the organisations projection and the progress a build reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from careersnet_graph.build import build
from careersnet_graph.cli import main
from careersnet_graph.context import BuildContext
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND
from careersnet_graph.projection import CLIQUE_CAP, PROJECTIONS, organisation_graph
from careersnet_graph.report.findings import collect_findings
from careersnet_graph.report.writer import write_report

FIXTURE = Path(__file__).parent / "analysis" / "projection"

PREFIXES = """\
@prefix cng: <https://w3id.org/careersnet-graph/ontology#> .
@prefix cnd: <https://w3id.org/careersnet-graph/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load([FIXTURE], shipped=False)


def test_context_projects_once_and_the_outputs_match_the_graph_route(
    kg: KnowledgeGraph, tmp_path: Path
) -> None:
    context = BuildContext(kg)
    projected = {name: context.projection(name) for name in PROJECTIONS}
    from_context = write_report(context, tmp_path / "context")
    from_graph = write_report(kg, tmp_path / "graph")
    assert [path.read_bytes() for path in from_context] == [path.read_bytes() for path in from_graph]
    assert all(context.projection(name) is graph for name, graph in projected.items())
    # the report read the context's own metrics table: the same object, not a recomputed one
    assert context.metrics("organisations") is context.metrics("organisations")
    assert collect_findings(context).figures == collect_findings(kg).figures


def _large_target(folder: Path, members: int) -> Path:
    lines = [PREFIXES]
    for index in range(members):
        lines.append(f'cnd:org-m{index:03d} a org:Organization ; rdfs:label "Member {index}" .')
        agent = f"cnd:org-m{index:03d}"
        lines.append(
            f"cnd:part-big-{index:03d} a cng:Participation ; cng:agent {agent} ; cng:target cnd:big ."
        )
    lines.append('cnd:big a org:OrganizationalCollaboration ; rdfs:label "Big network" .')
    for index in (0, 1):
        agent = f"cnd:org-m{index:03d}"
        lines.append(
            f"cnd:part-small-{index} a cng:Participation ; cng:agent {agent} ; cng:target cnd:small ."
        )
    path = folder / "source-large-target.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("members", [CLIQUE_CAP, CLIQUE_CAP + 1])
def test_targets_above_the_cap_add_no_ties_and_are_listed(tmp_path: Path, members: int) -> None:
    graph = organisation_graph(load([_large_target(tmp_path, members)], shipped=False))
    assert graph.number_of_nodes() == members
    if members <= CLIQUE_CAP:
        assert graph.number_of_edges() == members * (members - 1) // 2
        assert graph.graph["unexpanded"] == []
        return
    # only the small target's pair remains
    assert list(graph.edges) == [(CND["org-m000"].value, CND["org-m001"].value)]
    assert graph.graph["unexpanded"] == [(CND["big"].value, "Big network", members)]
    context = BuildContext(load([tmp_path], shipped=False))
    assert any("Big network" in note and str(CLIQUE_CAP) in note for note in context.notes("organisations"))


class Recorded:
    """A progress that keeps what it was told, in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, int]] = []

    def begin(self, label: str, total: int) -> None:
        self.events.append(("begin", label, total))

    def advance(self, item: str) -> None:
        self.events.append(("advance", item, 0))

    def end(self) -> None:
        self.events.append(("end", "", 0))


def test_build_reports_each_step_it_announces(tmp_path: Path) -> None:
    progress = Recorded()
    assert build(load(), tmp_path / "out", progress=progress).conforms
    open_step: tuple[str, int] | None = None
    advanced = 0
    for kind, text, total in progress.events:
        if kind == "begin":
            assert open_step is None
            open_step, advanced = (text, total), 0
        elif kind == "advance":
            assert open_step is not None
            advanced += 1
        else:
            assert open_step is not None and advanced == open_step[1], open_step
            open_step = None
    assert open_step is None
    assert [text for kind, text, _ in progress.events if kind == "begin"] == [
        "validation",
        "exports",
        "projections and metrics",
        "network files, pages, report",
    ]


def test_build_command_shows_no_bar_off_a_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--quiet", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "[#" not in result.output and "projections and metrics" not in result.output
