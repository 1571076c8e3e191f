"""What the build hands to its second process (the exports written from the N-Triples and
N-Quads files, the network pages) is done there, and gives the bytes it gives when done here."""

from __future__ import annotations

from pathlib import Path

import pytest

from careersnet_graph.analysis.engine import Bounds, IgraphEngine
from careersnet_graph.build import HELPER_MODULES, begin_exports, build, write_exports
from careersnet_graph.context import BuildContext
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.helper_process import Deferred, HelperProcess
from careersnet_graph.loading import load
from careersnet_graph.network_files import NETWORK_SUFFIXES, begin_network, begin_networks, write_networks
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.stats import summarise
from careersnet_graph.viz.pages import begin_pages, projection_page, write_pages
from careersnet_graph.viz.settings import PageSettings


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load()


def _same_files(first: Path, second: Path) -> None:
    names = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert names == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_second_process_writes_exports_from_the_line_exports(kg: KnowledgeGraph, tmp_path: Path) -> None:
    with HelperProcess(HELPER_MODULES) as helper:
        staged = begin_exports(kg, tmp_path / "there", summarise(kg), helper=helper)
        helper.close()
        written = staged.result()
    assert staged.writing is not None and staged.writing.done_there
    here = write_exports(kg, tmp_path / "here", summarise(kg))
    assert sorted(path.name for path in written) == sorted(path.name for path in here)
    _same_files(tmp_path / "there", tmp_path / "here")


def test_the_second_process_draws_the_pages_drawn_here(kg: KnowledgeGraph) -> None:
    settings = PageSettings(node_cap=5)  # every page aggregated, and its communities sent
    with HelperProcess(HELPER_MODULES) as helper:
        pages = begin_pages(BuildContext(kg), helper, settings)
        helper.close()
        drawn = [(name, page.result(), page.done_there) for name, page in pages]
    assert [name for name, _, _ in drawn] == list(PROJECTIONS)
    for name, html, there in drawn:
        assert there, name
        assert html == projection_page(kg, name, settings=settings), name


def test_the_build_writes_what_each_step_writes_alone(kg: KnowledgeGraph, tmp_path: Path) -> None:
    assert build(kg, tmp_path / "build").conforms
    alone = tmp_path / "alone"
    write_exports(kg, alone, summarise(kg))
    write_networks(BuildContext(kg), alone)
    write_pages(kg, alone)
    for page in sorted(alone.glob("network-*.html")):
        assert page.read_bytes() == (tmp_path / "build" / page.name).read_bytes(), page.name
    report = [path for path in (tmp_path / "build").iterdir() if path.name.startswith("report.")]
    for path in report:
        path.unlink()  # compared with `write_report` alone in test_report_drawing
    _same_files(tmp_path / "build", alone)


@pytest.mark.parametrize("closed", [False, True], ids=["there", "here"])
def test_the_organisations_network_files_made_from_its_co_participation(
    kg: KnowledgeGraph, tmp_path: Path, closed: bool
) -> None:
    context = BuildContext(kg)
    with HelperProcess(HELPER_MODULES) as helper:
        if closed:  # no process to take the work: it is done here, from the co-participation
            helper.close()
        staged = begin_networks(context, tmp_path / "made", helper)
        helper.close()
        written = write_networks(context, tmp_path / "made")
    assert len(staged.writing) == 1  # the organisations'; the others were written at once
    assert sorted(path.name for path in staged.written) == sorted(
        f"{name}{suffix}"
        for name in PROJECTIONS
        if name != "organisations"
        for suffix in NETWORK_SUFFIXES.values()
    )
    assert staged.writing[0].done_there is not closed
    here = write_networks(BuildContext(kg), tmp_path / "whole")
    assert sorted(path.name for path in written) == sorted(path.name for path in here)
    _same_files(tmp_path / "made", tmp_path / "whole")


@pytest.mark.parametrize("closed", [False, True], ids=["there", "here"])
def test_every_projection_handed_over_whole_gives_the_same_network_files(
    kg: KnowledgeGraph, tmp_path: Path, closed: bool
) -> None:
    """With no lower bound on ties, each projection is handed to the second process (sent whole,
    or the organisations' as its co-participation) as soon as it is begun, and its files are
    those written here."""
    context = BuildContext(kg)
    with HelperProcess(HELPER_MODULES) as helper:
        if closed:
            helper.close()
        begun = [begin_network(context, tmp_path / "made", name, helper, hand_over=0) for name in PROJECTIONS]
        helper.close()
        staged = begin_networks(context, tmp_path / "made", helper, hand_over=0)
        written = staged.result()
    assert all(isinstance(deferred, Deferred) for deferred in begun)
    assert staged.written == [] and staged.writing == begun
    assert all(deferred.done_there is not closed for deferred in staged.writing)
    here = write_networks(BuildContext(kg), tmp_path / "whole")
    assert sorted(path.name for path in written) == sorted(path.name for path in here)
    _same_files(tmp_path / "made", tmp_path / "whole")


@pytest.mark.parametrize("closed", [False, True], ids=["there", "here"])
@pytest.mark.parametrize(
    "bounds", [Bounds(), Bounds(exact_work=0, pivots=5, wedges=0)], ids=["exact", "bounded"]
)
def test_metrics_worked_out_by_the_second_process_are_those_worked_out_here(
    kg: KnowledgeGraph, closed: bool, bounds: Bounds
) -> None:
    """Every metric of every projection, begun in the second process (or, with none, here when
    taken up), equals what the engine works out here when asked; sampled and unweighted too."""
    begun = BuildContext(kg, IgraphEngine(bounds, hand_over=0))
    with HelperProcess(HELPER_MODULES) as helper:
        if closed:
            helper.close()
        coming = {name: begun.begin_metrics(name, helper) for name in PROJECTIONS}
        helper.close()
        taken = {name: _every_metric(begun, name) for name in PROJECTIONS}
    asked = BuildContext(kg, IgraphEngine(bounds))
    for name in PROJECTIONS:
        assert taken[name] == _every_metric(asked, name), name
        deferred = coming[name]
        assert deferred is not None and deferred.done_there is not closed
    assert any(row["betweenness"] for row in taken["organisations"]["table"].values())


def _every_metric(context: BuildContext, name: str) -> dict[str, object]:
    graph = context.projection(name)
    return {
        "table": context.metrics(name),
        "partition": context.partition(name),
        "components": context.engine.components(graph),
        "approximations": context.engine.approximations(graph),
    }


def test_only_graphs_with_many_ties_are_handed_over(kg: KnowledgeGraph) -> None:
    """Small graphs are worked out here when asked, not queued ahead of the long work."""
    context = BuildContext(kg)
    ties = {name: context.projection(name).number_of_edges() for name in PROJECTIONS}
    threshold = sorted(ties.values())[len(ties) // 2]
    engine = IgraphEngine(hand_over=threshold)
    with HelperProcess() as helper:
        begun = {name: engine.begin(context.projection(name), helper) for name in PROJECTIONS}
    assert {name for name, deferred in begun.items() if deferred is not None} == {
        name for name, count in ties.items() if count >= threshold
    }
    assert 0 < sum(deferred is not None for deferred in begun.values()) < len(PROJECTIONS)
