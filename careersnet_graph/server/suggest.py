"""The values each parameter of the library's questions accepts, suggested on the query page.

A parameter's values are those that give its question an answer: the question's own WHERE
group, run with the parameter unbound, projected on the parameter (IRIs only, at most
`MAX_VALUES`). A worker computes them once for the server (`answer_request` with `suggest`);
each value comes with its label, and labels that several values share with their country.
"""

from __future__ import annotations

import pyoxigraph as ox

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.queries import NamedQuery, library
from careersnet_graph.sparql.lexer import tokenize
from careersnet_graph.sparql.prepare import after_group, prepare
from careersnet_graph.terms import countries_of

MAX_VALUES = 2000
"""At most this many values are suggested for one parameter."""

Suggestions = dict[str, dict[str, list[list[str]]]]
"""Question name → parameter name → [CURIE, label] pairs, sorted by label."""


def where_group(text: str) -> str | None:
    """The text of a query's WHERE group, braces included (None for CONSTRUCT WHERE)."""
    where = prepare(text).where_offset
    if where is None:
        return None
    tokens = tokenize(text)
    opening = next(index for index, token in enumerate(tokens) if token.offset == where - 1)
    closing = tokens[after_group(tokens, opening) - 1]
    return text[tokens[opening].offset : closing.offset + 1]


def parameter_values(kg: KnowledgeGraph, query: NamedQuery, name: str) -> list[list[str]]:
    """[CURIE, label] of each IRI that `?name` takes in the question's WHERE group, by label."""
    group = where_group(query.text)
    if group is None:
        return []
    text = f"SELECT DISTINCT ?{name} WHERE {{ {group} FILTER (isIRI(?{name})) }} LIMIT {MAX_VALUES}"
    nodes = [row[0] for row in kg.rows(text) if isinstance(row[0], ox.NamedNode)]
    labels = kg.labels(list(nodes))
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    countries = countries_of(kg, [node for node in nodes if counts.get(labels.get(node, ""), 0) > 1])
    pairs = []
    for node in nodes:
        label = labels.get(node, "")
        if node in countries:
            label = f"{label} ({countries[node]})"
        pairs.append([kg.curie(node), label])
    return sorted(pairs, key=lambda pair: (pair[1].casefold() or "\uffff", pair[0]))


def suggestions(kg: KnowledgeGraph) -> Suggestions:
    """The suggested values of every parameter of every library question; a question whose
    values cannot be computed gets none (its fields still take any value)."""
    found: Suggestions = {}
    for query in library().values():
        for parameter in query.parameters:
            try:
                values = parameter_values(kg, query, parameter.name)
            except CareersnetError:
                values = []
            found.setdefault(query.name, {})[parameter.name] = values
    return found
