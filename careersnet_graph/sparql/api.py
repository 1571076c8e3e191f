"""Run a named or inline query on a knowledge graph: the one path of the CLI, the API and the endpoint."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal
from rdflib.term import Identifier, Node

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.queries import NamedQuery, get_query, parse_header
from careersnet_graph.sparql.answer import Answer, collect
from careersnet_graph.sparql.inference import with_rdfs_entailment
from careersnet_graph.sparql.params import bind
from careersnet_graph.sparql.prepare import PreparedQuery, prepare

QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
"""What a library query name looks like; anything else is taken as SPARQL text."""


@dataclass(frozen=True)
class BoundQuery:
    """A checked query with its parameters turned into RDF terms."""

    prepared: PreparedQuery
    bindings: dict[str, Identifier]
    name: str


def bind_query(
    kg: KnowledgeGraph, name_or_sparql: str, params: Mapping[str, object], source: str | None = None
) -> BoundQuery:
    """Resolve a library name or SPARQL text, check it, and bind the parameters it declares.

    A named query (or SPARQL text with a header comment) accepts exactly the parameters of its
    header; SPARQL text without a header accepts any variable it uses.
    """
    named: NamedQuery | None = None
    if QUERY_NAME.match(name_or_sparql.strip()) and source is None:
        named = get_query(name_or_sparql.strip())
        text, label = named.text, f"query {named.name!r}"
    else:
        text, label = name_or_sparql, source or "query"
        if text.lstrip().startswith("# Purpose:"):
            named = parse_header(Path(label), text)
    prepared = prepare(text, kg.graph_files.keys(), label)
    if named is not None:
        declared = named.parameter_names()
        required = [parameter.name for parameter in named.parameters if parameter.required]
    else:
        declared, required = sorted(prepared.variables), []
    return BoundQuery(prepared, bind(params, declared, required, label), label)


def execute(kg: KnowledgeGraph, bound: BoundQuery, max_rows: int | None = None) -> Answer:
    """Run a bound query on `kg` (already parsed and checked) and collect its answer."""
    return collect(kg.query(bound.prepared.query, bound.bindings), max_rows)


def graph_for(kg: KnowledgeGraph, infer: str) -> KnowledgeGraph:
    """`kg` itself, or `kg` with RDFS entailment when `infer` is "rdfs"."""
    if infer == "rdfs":
        return with_rdfs_entailment(kg)
    if infer != "none":
        raise CareersnetError(f"unknown inference mode {infer!r}: use none or rdfs")
    return kg


def run(
    kg: KnowledgeGraph,
    name_or_sparql: str,
    params: Mapping[str, object] | None = None,
    *,
    infer: str = "none",
    source: str | None = None,
) -> Answer:
    """Answer a named query or SPARQL text with `params` bound, optionally under RDFS entailment."""
    target = graph_for(kg, infer)
    return execute(target, bind_query(target, name_or_sparql, params or {}, source))


def select_rows(
    kg: KnowledgeGraph, name_or_sparql: str, params: Mapping[str, object], infer: str = "none"
) -> list[dict[str, object]]:
    """The rows of a SELECT answer as dicts of Python values (IRIs stay `URIRef`, unbound cells left out)."""
    return _as_dicts(run(kg, name_or_sparql, params, infer=infer))


def _as_dicts(answer: Answer) -> list[dict[str, object]]:
    if answer.kind != "SELECT":
        raise CareersnetError(f"a {answer.kind} query has no rows: use kg.query() for it")
    return [
        {name: _python(term) for name, term in zip(answer.variables, row, strict=True) if term is not None}
        for row in answer.rows
    ]


def _python(term: Node) -> object:
    return term.toPython() if isinstance(term, Literal) else term


def select_dataframe(
    kg: KnowledgeGraph, name_or_sparql: str, params: Mapping[str, object], infer: str = "none"
) -> Any:
    """The rows of a SELECT answer as a pandas DataFrame (pandas must be installed)."""
    try:
        import pandas  # noqa: PLC0415  (optional dependency)
    except ImportError:
        raise CareersnetError("kg.dataframe() needs pandas: pip install 'careersnet-graph[pandas]'") from None
    answer = run(kg, name_or_sparql, params, infer=infer)
    return pandas.DataFrame(_as_dicts(answer), columns=list(answer.variables))
