"""The report's charts from their inputs: drawn here, or by the build's second process.

matplotlib draws in Python, holding the interpreter: the report's eight charts take about 3 s at
any size (most of it the text of the country matrix), which threads cannot overlap. The build
hands `draw_charts` and its `ChartInputs` to its `helper_process.HelperProcess` while it writes
the network files; the same bytes either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from careersnet_graph.report.charts import data_uri, matrix_chart, ranking_chart
from careersnet_graph.report.evolution import Evolution
from careersnet_graph.report.evolution_charts import growth_chart, shares_chart
from careersnet_graph.report.findings import Findings, Ranking
from careersnet_graph.report.missing import Cooperation


@dataclass(frozen=True)
class ChartInputs:
    """What the report's charts show: the rankings, the two cooperation matrices, the evolution."""

    rankings: list[Ranking]
    sectors: Cooperation
    places: Cooperation
    evolution: Evolution | None

    @classmethod
    def of(cls, findings: Findings, evolution: Evolution | None) -> ChartInputs:
        """The charts' inputs among a report's findings and its evolution."""
        return cls(findings.rankings, findings.sectors, findings.places, evolution)


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
