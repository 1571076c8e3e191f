"""The query rewrites of the remote store, each checked by running both texts in Oxigraph:
dataset clauses written into a query's text (each form of query sees the graphs they name and no
other), and CONSTRUCT and DESCRIBE answered from the rows of a SELECT (the same graph as the
query itself gives)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from careersnet_graph.sparql.order import sorted_rows
from careersnet_graph.sparql.prepare import prepare
from careersnet_graph.sparql.rewrite import (
    construct_parts,
    describe_as_construct,
    with_dataset,
    without_order,
)

EX = "http://example.org/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for name in ("a", "b", "c"):
        graph = ox.NamedNode(f"{EX}{name}")
        store.add(ox.Quad(ox.NamedNode(f"{EX}s-{name}"), ox.NamedNode(f"{EX}p"), ox.Literal(name), graph))
    return store


def _answer(store: ox.Store, text: str) -> object:
    result = store.query(text)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        return sorted(str(solution[0]) for solution in result)
    return sorted(str(triple.object) for triple in result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT ?o WHERE { ?s ?p ?o }", ['"a"']),
        ("SELECT ?o { ?s ?p ?o }", ['"a"']),
        ("SELECT (STR(?o) AS ?text) WHERE { ?s ?p ?o }", ['"a"']),
        ("PREFIX ex: <http://example.org/>\nSELECT ?o\nWHERE { ?s ex:p ?o } ORDER BY ?o", ['"a"']),
        ("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", [f"<{EX}b>"]),
        ("SELECT ?o WHERE { { SELECT ?o WHERE { ?s ?p ?o } } }", ['"a"']),
        ("ASK { ?s ?p 'c' }", False),
        ("ASK WHERE { ?s ?p 'a' }", True),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", ['"a"']),
        ("CONSTRUCT WHERE { ?s ?p ?o }", ['"a"']),
        (f"DESCRIBE <{EX}s-a>", ['"a"']),
        (f"DESCRIBE <{EX}s-a> LIMIT 5", ['"a"']),
        ("DESCRIBE ?s WHERE { ?s ?p ?o }", ['"a"']),
    ],
)
def test_each_query_form_sees_the_named_dataset(store: ox.Store, text: str, expected: object) -> None:
    written = with_dataset(text, [f"{EX}a"], [f"{EX}b"])
    assert {(clause.iri, clause.named) for clause in prepare(written).dataset} == {
        (f"{EX}a", False),
        (f"{EX}b", True),
    }
    assert _answer(store, written) == expected


def test_lines_keep_their_numbers() -> None:
    text = "SELECT ?o\nWHERE {\n  ?s ?p ?o\n}"
    written = with_dataset(text, [f"{EX}a"], [f"{EX}b", f"{EX}c"])
    assert written.count("\n") == text.count("\n")
    assert written.splitlines()[2:] == text.splitlines()[2:]


def test_no_graphs_leave_the_text_alone() -> None:
    assert with_dataset("SELECT * { ?s ?p ?o }", [], []) == "SELECT * { ?s ?p ?o }"


@pytest.fixture(scope="module")
def people() -> ox.Store:
    store = ox.Store()
    store.load(
        b"""
        @prefix ex: <http://example.org/> .
        ex:ana ex:knows ex:ben , ex:cem ; ex:name "Ana"@en ; ex:age 41 .
        ex:ben ex:knows ex:cem ; ex:name "Ben" .
        ex:cem ex:name "Cem" ; ex:flag true .
        """,
        format=ox.RdfFormat.TURTLE,
    )
    return store


def _graph(triples: object) -> set[str]:
    """A graph as N-Triples lines, its blank nodes all written alike (they differ per run)."""
    assert isinstance(triples, ox.QueryTriples)
    return {
        str(triple) if not any(isinstance(term, ox.BlankNode) for term in triple) else "blank"
        for triple in triples
    }


def _from_rows(store: ox.Store, text: str) -> set[str]:
    parts = construct_parts(text)
    solutions = store.query(parts.select)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    order = [names.index(name) for name in parts.variables]
    rows = [[solution[index] for index in order] for solution in solutions]
    return _graph(ox.Store().query(parts.filled(rows)))


PREFIX = "PREFIX ex: <http://example.org/>\n"


@pytest.mark.parametrize(
    "text",
    [
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CONSTRUCT {\n  ?b ex:knownBy ?a .\n  ?a ex:name ?n\n}\n"
        "WHERE { ?a ex:knows ?b OPTIONAL { ?a ex:name ?n } }",
        "CONSTRUCT WHERE { ?s ex:name ?n }",
        "CONSTRUCT { ex:graph ex:has ex:people } WHERE { ?s ex:knows ?o }",
        "CONSTRUCT { ?s ex:friend [ ex:is ?o ] } WHERE { ?s ex:knows ?o }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3",
        "CONSTRUCT { ?s ex:nameLength ?l } WHERE { ?s ex:name ?n BIND (STRLEN(?n) AS ?l) }",
    ],
)
def test_a_construct_filled_from_rows_is_the_construct(people: ox.Store, text: str) -> None:
    assert _from_rows(people, PREFIX + text) == _graph(people.query(PREFIX + text))


def test_the_select_keeps_the_line_numbers() -> None:
    text = PREFIX + "CONSTRUCT {\n  ?s ?p ?o\n}\nWHERE {\n  ?s ?p ?o\n}"
    select = construct_parts(text).select
    assert select.count("\n") == text.count("\n")
    assert [line.strip() for line in select.splitlines()[4:]] == [
        line.strip() for line in text.splitlines()[4:]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "DESCRIBE ex:ana",
        "DESCRIBE ex:ana ex:cem",
        "DESCRIBE ?x WHERE { ex:ana ex:knows ?x }",
        "DESCRIBE ?x ex:ana WHERE { ?x ex:name 'Ben' }",
        "DESCRIBE * WHERE { ex:ana ex:knows ?x }",
        "DESCRIBE ?x { ?x ex:age ?age FILTER (?age > 40) }",
    ],
)
def test_a_describe_is_the_construct_of_its_resources_statements(people: ox.Store, text: str) -> None:
    construct = describe_as_construct(PREFIX + text)
    assert _graph(people.query(construct)) == _graph(people.query(PREFIX + text))
    assert _from_rows(people, construct) == _graph(people.query(PREFIX + text))


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s ?o WHERE { ?s ex:name ?o } ORDER BY DESC(?o) ?s",
        "SELECT ?s ?o WHERE { ?s ex:name ?o }\nORDER BY ?o\n",
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ex:name ?o } ORDER BY ?o LIMIT 2 } } ORDER BY ?s",
    ],
)
def test_rows_without_the_order_sort_back_into_it(people: ox.Store, text: str) -> None:
    unordered, keys = without_order(PREFIX + text)
    assert keys
    assert unordered.count("\n") == (PREFIX + text).count("\n")
    assert "ORDER" not in unordered.rpartition("}")[2]
    ordered = people.query(PREFIX + text)
    rows = people.query(unordered)
    assert isinstance(ordered, ox.QuerySolutions) and isinstance(rows, ox.QuerySolutions)
    names = [variable.value for variable in rows.variables]
    expected = [tuple(solution) for solution in ordered]
    assert list(sorted_rows(names, [tuple(solution) for solution in rows], keys)) == expected


def test_an_order_by_expressions_stays() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY STRLEN(STR(?s))"
    assert without_order(text) == (text, None)
    assert without_order("SELECT ?s WHERE { ?s ?p ?o }") == ("SELECT ?s WHERE { ?s ?p ?o }", ())
    limited = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2"
    assert without_order(limited) == (limited, None)
