"""The names and meanings of the metrics, apart from their code, so that the CLI's help needs no networkx."""

from __future__ import annotations

Value = float | int | None

CENTRALITY_METRICS = ("degree", "weighted_degree", "betweenness", "closeness", "pagerank")
"""The metrics `centrality.centrality_table` computes, in display order."""

BROKERAGE_METRICS = ("constraint", "effective_size", "cross_sector_share", "cross_border_share")
"""The metrics `brokerage.brokerage_table` computes, in display order."""

METRICS: tuple[str, ...] = (
    *CENTRALITY_METRICS,
    *BROKERAGE_METRICS,
    "participation_coefficient",
    "community",
    "core_number",
)
"""Every metric of `table.metrics_table`, in display order."""

ASCENDING = frozenset({"constraint", "community"})
"""Metrics where a lower value ranks first (low constraint = strong broker)."""

METRIC_MEANINGS: dict[str, str] = {
    "degree": "Share of the other actors an actor cooperates with directly.",
    "weighted_degree": "Number of shared targets summed over an actor's ties (its cooperation volume).",
    "betweenness": "Share of shortest paths between other actors that pass through this actor.",
    "closeness": "How few steps an actor needs to reach the others it can reach.",
    "pagerank": "Importance from being tied to actors that are themselves well tied (weighted).",
    "constraint": "Burt's constraint: low when an actor's partners are not tied to one another (a broker).",
    "effective_size": "Burt's effective size: the number of an actor's partners that are not redundant.",
    "cross_sector_share": "Share of an actor's ties to actors of a different policy sector.",
    "cross_border_share": "Share of an actor's ties to actors based in a different country.",
    "participation_coefficient": "How evenly an actor's ties spread over the communities (0 = one only).",
    "community": "The number of the actor's community (0 = the largest).",
    "core_number": "The deepest k-core the actor belongs to (each member has at least k ties in it).",
}
"""One sentence per metric, for the report and the CLI's help."""
