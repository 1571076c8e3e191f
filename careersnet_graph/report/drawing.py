"""The report's charts, drawn here or by a process of their own beside the build's other steps.

matplotlib draws in Python, holding the interpreter: the report's eight charts take about 3 s at
any size (most of it the text of the country matrix), which threads cannot overlap. The build
hands them to a second process (started fresh, so that it copies none of the build's memory)
while it writes the network files and the pages; what that process is sent is the charts'
inputs only. Where no process can be started, or it fails, the charts are drawn here instead:
the same bytes either way.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from careersnet_graph.report.charts import data_uri, matrix_chart, ranking_chart
from careersnet_graph.report.evolution import Evolution
from careersnet_graph.report.evolution_charts import growth_chart, shares_chart
from careersnet_graph.report.findings import Ranking
from careersnet_graph.report.missing import Cooperation


@dataclass(frozen=True)
class ChartInputs:
    """What the report's charts show: the rankings, the two cooperation matrices, the evolution."""

    rankings: list[Ranking]
    sectors: Cooperation
    places: Cooperation
    evolution: Evolution | None


def draw_charts(inputs: ChartInputs) -> dict[str, str]:
    """Each chart of the report by its name in the template, as a data: URI of its SVG."""
    charts = {
        f"ranking-{ranking.metric}": data_uri(ranking_chart(ranking))
        for ranking in inputs.rankings
        if ranking.rows
    }
    if any(group.organisations for group in inputs.sectors.groups):
        charts["sectors"] = data_uri(matrix_chart(inputs.sectors, "Ties between sectors"))
    if any(group.organisations for group in inputs.places.groups):
        charts["countries"] = data_uri(matrix_chart(inputs.places, "Ties between countries and the EU level"))
    if inputs.evolution is not None and inputs.evolution.periods:
        charts["evolution-growth"] = data_uri(growth_chart(inputs.evolution))
        charts["evolution-shares"] = data_uri(shares_chart(inputs.evolution))
    return charts


class Charts:
    """The charts of one report, being drawn in a second process (`in_background`) or drawn here."""

    def __init__(self, inputs: ChartInputs, *, in_background: bool) -> None:
        self._inputs = inputs
        self._drawing: Future[dict[str, str]] | None = None
        if in_background:
            self._drawing = _start(inputs)

    def result(self) -> dict[str, str]:
        """The charts, once drawn (here, if the second process could not draw them)."""
        if self._drawing is not None:
            try:
                return self._drawing.result()
            except Exception:  # the process failed: drawn here, a fault of the drawing shows again
                pass
        return draw_charts(self._inputs)


def _start(inputs: ChartInputs) -> Future[dict[str, str]] | None:
    """The drawing of `inputs` in a freshly started process, or None where none can be started."""
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, NotImplementedError):
        return None
    try:
        return pool.submit(draw_charts, inputs)
    except (BrokenProcessPool, OSError, RuntimeError):
        return None
    finally:
        pool.shutdown(wait=False)  # the process ends once it has drawn them
