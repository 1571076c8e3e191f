"""Charts of the evolution section: actors and ties per period, and the cross-sector and
cross-border shares of ties per period (SVG, byte-identical for the same figures)."""

from __future__ import annotations

from matplotlib import rc_context
from matplotlib.figure import Figure

from careersnet_graph.report.charts import _RC, _svg
from careersnet_graph.report.evolution import Evolution


def growth_chart(evolution: Evolution) -> bytes:
    """Bars: organisations and ties active in each period; line: ties as of each period's end."""
    periods = evolution.periods
    positions = list(range(len(periods)))
    with rc_context(_RC):
        figure = Figure(figsize=(7.5, 3.6))
        axes = figure.add_subplot()
        axes.bar(
            [p - 0.2 for p in positions],
            [p.actors for p in periods],
            0.4,
            label="organisations active",
            color="#3b6ea5",
        )
        axes.bar(
            [p + 0.2 for p in positions], [p.ties for p in periods], 0.4, label="ties active", color="#e0a030"
        )
        axes.plot(
            positions,
            [p.cumulative_ties for p in periods],
            color="#555555",
            marker="o",
            markersize=3,
            label="ties as of the period's end",
        )
        axes.set_xticks(positions, [p.label for p in periods], rotation=45, ha="right")
        axes.set_ylabel("count")
        axes.legend(frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
    return _svg(figure)


def shares_chart(evolution: Evolution) -> bytes:
    """Lines: the share of each period's ties that cross sectors, and that cross borders."""
    periods = evolution.periods
    positions = list(range(len(periods)))
    with rc_context(_RC):
        figure = Figure(figsize=(7.5, 3.2))
        axes = figure.add_subplot()
        for attribute, label, colour in (
            ("cross_sector_share", "ties across sectors", "#3b6ea5"),
            ("cross_border_share", "ties across borders", "#c04040"),
        ):
            known = [
                (x, getattr(p, attribute))
                for x, p in zip(positions, periods, strict=True)
                if getattr(p, attribute) is not None
            ]
            axes.plot(
                [x for x, _ in known],
                [v for _, v in known],
                marker="o",
                markersize=3,
                label=label,
                color=colour,
            )
        axes.set_xticks(positions, [p.label for p in periods], rotation=45, ha="right")
        axes.set_ylim(0, 1)
        axes.set_ylabel("share of the period's ties")
        axes.legend(frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
    return _svg(figure)
