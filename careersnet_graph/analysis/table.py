"""The per-actor metrics table that the CLI and the report show."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from careersnet_graph.analysis.brokerage import shares
from careersnet_graph.analysis.engine import Engine, engine_named
from careersnet_graph.analysis.names import ASCENDING, BROKERAGE_METRICS, CENTRALITY_METRICS, METRICS, Value

Node = Hashable


def metrics_table(graph: nx.Graph, engine: Engine | None = None) -> dict[Node, dict[str, Value]]:
    """Every metric of every node: node → {metric → value}, nodes in graph order (computed by
    `engine`, by default igraph)."""
    engine = engine or engine_named()
    central = engine.centralities(graph)
    community = {
        node: index for index, members in enumerate(engine.partition(graph).communities) for node in members
    }
    counted = shares(graph, community)
    brokers = {
        "constraint": engine.constraint(graph),
        "effective_size": engine.effective_size(graph),
        "cross_sector_share": counted["cross_sector_share"],
        "cross_border_share": counted["cross_border_share"],
    }
    participation = counted["participation_coefficient"]
    cores = engine.core_numbers(graph)
    table: dict[Node, dict[str, Value]] = {}
    for node in graph:
        row: dict[str, Value] = {metric: central[metric][node] for metric in CENTRALITY_METRICS}
        row.update({metric: brokers[metric].get(node) for metric in BROKERAGE_METRICS})
        row["participation_coefficient"] = participation.get(node)
        row["community"] = community[node]
        row["core_number"] = cores[node]
        table[node] = row
    return table


def ranked(table: dict[Node, dict[str, Value]], metric: str, top: int | None = None) -> list[Node]:
    """Nodes ranked by `metric` (best first; ties and missing values broken by node id)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    present = [node for node, row in table.items() if row[metric] is not None]
    sign = 1 if metric in ASCENDING else -1
    order = sorted(present, key=lambda node: (sign * float(table[node][metric] or 0), str(node)))
    return order if top is None else order[:top]


def top_rows(
    graph: nx.Graph,
    metrics: tuple[str, ...],
    top: int | None = None,
    table: dict[Node, dict[str, Value]] | None = None,
) -> list[dict[str, Value | str]]:
    """The top nodes by the first of `metrics`, each as a row: rank, iri, label, type, country, metrics.

    `top` None or 0 gives every node that has a value for the first metric; `table` is the
    graph's `metrics_table` when already computed.
    """
    if not metrics:
        raise ValueError("no metric given")
    table = table if table is not None else metrics_table(graph)
    rows: list[dict[str, Value | str]] = []
    for rank, node in enumerate(ranked(table, metrics[0], top or None), start=1):
        data = graph.nodes[node]
        row: dict[str, Value | str] = {
            "rank": rank,
            "iri": str(data.get("iri", node)),
            "label": str(data.get("label", node)),
            "type": str(data.get("type", "")),
            "country": " ".join(data.get("country", [])),
        }
        row.update({metric: table[node][metric] for metric in metrics})
        rows.append(row)
    return rows
