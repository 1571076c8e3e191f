"""The cooperation report: key figures, top actors, brokers, communities and matrices.

`write_report(kg, out_dir)` writes `report.html` (self-contained, charts inlined) and
`report.md`; both are byte-identical for the same data.
"""

from __future__ import annotations

from careersnet_graph.report.writer import write_report

__all__ = ["write_report"]
