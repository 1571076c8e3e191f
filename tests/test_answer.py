"""Reading a store's answer (`sparql.answer.collect`): all of it, or cut at a number of rows or
about a number of bytes of terms, saying when it was cut; skolem IRIs read back as blank nodes."""

from __future__ import annotations

import pyoxigraph as ox

from careersnet_graph.parsing import skolem_iri
from careersnet_graph.sparql.answer import collect, term_size
from careersnet_graph.store.base import Solutions

EX = "https://example.org/"


def _solutions() -> Solutions:
    store = ox.Store()
    for number in range(10):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{number}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"v{number}")))
    store.add(ox.Quad(skolem_iri(ox.BlankNode("b1")), ox.NamedNode(f"{EX}p"), ox.Literal("blank")))
    result = store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert isinstance(result, ox.QuerySolutions)
    return Solutions(("s", "o"), map(tuple, result))


def test_the_whole_answer_with_skolem_iris_as_blank_nodes() -> None:
    answer = collect("SELECT", _solutions())
    assert len(answer.rows) == 11 and not answer.truncated
    assert answer.rows[0] == (ox.BlankNode("b1"), ox.Literal("blank"))


def test_cut_at_a_number_of_rows() -> None:
    assert not collect("SELECT", _solutions(), max_rows=11).truncated
    answer = collect("SELECT", _solutions(), max_rows=4)
    assert len(answer.rows) == 4 and answer.truncated


def test_cut_at_about_a_number_of_bytes() -> None:
    whole = collect("SELECT", _solutions()).rows
    first_three = sum(term_size(term) for row in whole[:3] for term in row)
    answer = collect("SELECT", _solutions(), max_bytes=first_three)
    assert answer.rows == whole[:3] and answer.truncated
    assert not collect("SELECT", _solutions(), max_bytes=10**6).truncated
