"""The report's charts drawn by a second process give the bytes drawn here, and a build that
draws them so writes the report that `write_report` alone writes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from careersnet_graph.build import build
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.helper_process import HelperProcess
from careersnet_graph.loading import load
from careersnet_graph.report.drawing import ChartInputs, draw_charts
from careersnet_graph.report.evolution import evolution_of
from careersnet_graph.report.findings import collect_findings
from careersnet_graph.report.writer import write_report


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load()


@pytest.fixture(scope="module")
def inputs(kg: KnowledgeGraph) -> ChartInputs:
    findings = collect_findings(kg)
    return ChartInputs(findings.rankings, findings.sectors, findings.places, evolution_of(kg))


def test_a_second_process_draws_the_same_charts(inputs: ChartInputs) -> None:
    here = draw_charts(inputs)
    assert {"sectors", "countries", "evolution-growth"} <= set(here)
    with HelperProcess() as process:
        charts = process.submit(draw_charts, inputs)
        assert charts.result() == here
        assert charts.done_there


def test_inputs_the_process_cannot_be_sent_are_drawn_here(inputs: ChartInputs) -> None:
    class Unsendable(str):  # a local class: pickle cannot name it
        pass

    first, *others = inputs.rankings
    unsendable = replace(inputs, rankings=[replace(first, metric=Unsendable(first.metric)), *others])
    with HelperProcess() as process:
        assert process.submit(draw_charts, unsendable).result() == draw_charts(inputs)


def test_the_build_writes_the_report_write_report_writes(kg: KnowledgeGraph, tmp_path: Path) -> None:
    result = build(kg, tmp_path / "build")
    assert result.conforms
    alone = write_report(kg, tmp_path / "alone")
    for path in alone:
        assert (tmp_path / "build" / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_process_given_nothing_ends_and_draws_nothing(inputs: ChartInputs) -> None:
    with HelperProcess() as process:
        pass
    assert process.submit(draw_charts, inputs).result() == draw_charts(inputs)  # drawn here once it is closed
