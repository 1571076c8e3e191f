"""The one order of SELECT rows on every store (`sparql.order.sorted_rows`): by the ORDER BY
variables, ascending or descending, then by the whole row, with SPARQL's order of values."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careersnet_graph.loading import load
from careersnet_graph.sparql.order import sorted_rows, term_key
from careersnet_graph.store.base import Store, Term
from careersnet_graph.store.memory import MemoryStore
from careersnet_graph.store.oxigraph import OxigraphStore

EX = "https://example.org/"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def number(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def test_ascending_then_descending_then_the_whole_row() -> None:
    rows = [
        (iri("b"), number(1), ox.Literal("x")),
        (iri("a"), number(2), ox.Literal("z")),
        (iri("a"), number(10), ox.Literal("y")),
        (iri("a"), number(2), ox.Literal("w")),
        (None, number(5), None),
    ]
    ordered = sorted_rows(("s", "n", "l"), rows, [("s", False), ("n", True)])
    assert ordered == (
        (None, number(5), None),  # unbound first
        (iri("a"), number(10), ox.Literal("y")),  # 10 before 2: numbers by value, descending
        (iri("a"), number(2), ox.Literal("w")),  # a tie on both keys: by the whole row
        (iri("a"), number(2), ox.Literal("z")),
        (iri("b"), number(1), ox.Literal("x")),
    )


def test_without_order_by_the_whole_row() -> None:
    rows: list[tuple[Term | None, ...]] = [
        (ox.Literal("b"),),
        (iri("z"),),
        (ox.BlankNode("n"),),
        (None,),
        (number(3),),
    ]
    assert [row[0] for row in sorted_rows(("v",), rows, None)] == [
        None,
        ox.BlankNode("n"),
        iri("z"),
        number(3),
        ox.Literal("b"),
    ]


def test_an_order_variable_not_in_the_answer_is_passed_over() -> None:
    rows = [(iri("b"),), (iri("a"),)]
    assert sorted_rows(("v",), rows, [("missing", True)]) == ((iri("a"),), (iri("b"),))


TERMS = st.one_of(
    st.none(),
    st.sampled_from("abc").map(iri),
    st.sampled_from("abc").map(ox.BlankNode),
    st.integers(-3, 12).map(number),
    st.sampled_from(["x", "y", "10", "9"]).map(ox.Literal),
    st.sampled_from(["en", "fr"]).map(lambda tag: ox.Literal("x", language=tag)),
)


def _stable_sorts(
    variables: tuple[str, ...], rows: list[tuple[Term | None, ...]], order: list[tuple[str, bool]]
) -> tuple[tuple[Term | None, ...], ...]:
    """The definition: sorted by the whole row, then by each ORDER BY key from the last to the
    first, each sort stable."""
    keyed = sorted(rows, key=lambda row: tuple(term_key(term) for term in row))
    for name, descending in reversed(order):
        if name in variables:
            index = variables.index(name)
            keyed.sort(key=lambda row, index=index: term_key(row[index]), reverse=descending)  # type: ignore[misc]
    return tuple(keyed)


@given(
    rows=st.lists(st.tuples(TERMS, TERMS, TERMS), max_size=30),
    order=st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.booleans()), max_size=3),
)
def test_the_same_order_as_stable_sorts_key_by_key(
    rows: list[tuple[Term | None, ...]], order: list[tuple[str, bool]]
) -> None:
    variables = ("a", "b", "c")
    assert sorted_rows(variables, rows, order) == _stable_sorts(variables, rows, order)


LABELLED = f"""SELECT ?s ?label WHERE {{
  ?s rdfs:label ?label FILTER (STRSTARTS(STR(?s), "{EX}"))
}}
ORDER BY DESC(?label)"""


@pytest.mark.parametrize("store", [OxigraphStore, MemoryStore], ids=["oxigraph", "memory"])
def test_an_embedded_store_gives_the_ordered_answer_whole_and_cut(store: type[Store], tmp_path: Path) -> None:
    """An embedded store is sent the whole-answer query without its ORDER BY (the rows are put in
    order here); a cut answer must still be the first rows of the ordered one."""
    numbers = [(index * 37) % 200 for index in range(200)]  # labels in a scrambled order
    path = tmp_path / "labels.nt"
    path.write_text(
        "".join(f'<{EX}s{n}> <{LABEL}> "label {n:03d}" .\n' for n in numbers),
        encoding="utf-8",
    )
    kg = load([path], shipped=False, store=store())
    expected = [(iri(f"s{n}"), ox.Literal(f"label {n:03d}")) for n in range(199, -1, -1)]
    assert list(kg.query(LABELLED).rows) == expected
    cut = kg.run(kg.bind(LABELLED), max_rows=5)
    assert cut.truncated
    assert list(cut.rows) == expected[:5]
