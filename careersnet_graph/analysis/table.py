"""The per-actor metrics table that the CLI and the report show."""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from careersnet_graph.analysis.brokerage import brokerage_table, participation_coefficient
from careersnet_graph.analysis.centrality import centrality_table
from careersnet_graph.analysis.communities import community_of
from careersnet_graph.analysis.names import ASCENDING, METRICS, Value
from careersnet_graph.analysis.structure import core_numbers

Node = Hashable


def metrics_table(graph: nx.Graph) -> dict[Node, dict[str, Value]]:
    """Every metric of every node: node → {metric → value}, nodes in graph order."""
    central = centrality_table(graph)
    brokers = brokerage_table(graph)
    community = community_of(graph)
    participation = participation_coefficient(graph, community)
    cores = core_numbers(graph)
    table: dict[Node, dict[str, Value]] = {}
    for node in graph:
        row: dict[str, Value] = {**central[node], **brokers[node]}
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
    graph: nx.Graph, metrics: tuple[str, ...], top: int | None = None
) -> list[dict[str, Value | str]]:
    """The top nodes by the first of `metrics`, each as a row: rank, iri, label, type, country, metrics.

    `top` None or 0 gives every node that has a value for the first metric.
    """
    if not metrics:
        raise ValueError("no metric given")
    table = metrics_table(graph)
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
