"""What a page shows and where it stops being interactive: the knobs of `careersnet visualise`."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LAYOUT_THRESHOLD = 200
"""Above this many nodes the page hides the links while the reader drags or zooms (every layout is
computed once in Python and physics is off: in headless Chromium vis-network took about a minute
to settle 280 actors with 1,260 links, and a settled layout could not keep labels apart)."""

DEFAULT_NODE_CAP = 5_000
"""Above this many nodes the page draws each community as one node and says so (viz.reduce)."""

DEFAULT_SIZE_METRIC = "pagerank"
"""The centrality that sizes the nodes (a key of `analysis.centrality.centrality_table`)."""

LAYOUT_SEED = 7
"""Seed of every layout: the same graph always gets the same positions."""


@dataclass(frozen=True)
class PageSettings:
    """Title and size limits of one network page."""

    title: str = "CareersNet partnership network"
    layout_threshold: int = DEFAULT_LAYOUT_THRESHOLD
    node_cap: int = DEFAULT_NODE_CAP
    size_metric: str = DEFAULT_SIZE_METRIC
