"""Cooperation analysis on networkx graphs: pure networkx, never RDF.

One algorithm family per module: `centrality`, `communities`, `brokerage`, `structure`;
`table` gathers the per-actor metrics the CLI and the report show. Every result is
deterministic (fixed seeds, sorted output, floats rounded to `DIGITS` places).
"""

from __future__ import annotations

DIGITS = 6
"""Decimal places every float metric is rounded to, so that outputs are byte-identical."""

__all__ = ["DIGITS"]
