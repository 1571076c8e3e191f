"""Properties of `careersnet format` (hypothesis): the canonical text is a fixed point, it holds
the same graph, and for blank nodes that nest as trees it depends on the graph only, not on the
order of the statements or the labels the file gave its blank nodes."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from careersnet_graph.canonical import canonical_turtle
from careersnet_graph.rdflib_terms import graph_of

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
HEAD = "PREFIX ex: <https://example.org/>\n"
OBJECTS = ["ex:a", "ex:b", '"x"', '"y"@en', "1", "true"]


@st.composite
def tree_statements(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """Statements whose blank nodes form trees: each blank node has one parent, made before it."""
    count = draw(st.integers(min_value=0, max_value=12))
    statements = []
    for node in range(count):
        parent = draw(st.sampled_from(["ex:root", "ex:other", *(f"_:n{index}" for index in range(node))]))
        statements.append((parent, draw(st.sampled_from(["ex:p", "ex:q"])), f"_:n{node}"))
    for node in ["ex:root", *(f"_:n{index}" for index in range(count))]:
        for _ in range(draw(st.integers(min_value=0 if node != "ex:root" else 1, max_value=2))):
            statements.append((node, draw(st.sampled_from(["ex:p", "ex:r"])), draw(st.sampled_from(OBJECTS))))
    return statements


@st.composite
def any_statements(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """Statements over a few blank nodes in any shape: shared, on cycles, never used as objects."""
    terms = ["ex:a", "ex:b", "_:x", "_:y", "_:z"]
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(terms), st.sampled_from(["ex:p", "ex:q"]), st.sampled_from([*terms, '"v"'])
            ),
            min_size=1,
            max_size=12,
        )
    )


def written(statements: list[tuple[str, str, str]], folder: Path, name: str) -> Path:
    path = folder / f"{name}.ttl"
    path.write_text(HEAD + "".join(f"{s} {p} {o} .\n" for s, p, o in statements), encoding="utf-8")
    return path


def same_graph(first: Path, second: Path) -> bool:
    graphs = [graph_of(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)) for path in (first, second)]
    return isomorphic(*graphs)


@PROPERTY
@given(statements=tree_statements(), seed=st.integers(min_value=0, max_value=1000))
def test_tree_blank_nodes_format_the_same_whatever_the_order_and_labels(
    tmp_path: Path, statements: list[tuple[str, str, str]], seed: int
) -> None:
    shuffled = list(statements)
    random.Random(seed).shuffle(shuffled)
    labels = {f"_:n{index}": f"_:other{(index * 7 + seed) % 97}x{index}" for index in range(20)}
    relabelled = [(labels.get(s, s), p, labels.get(o, o)) for s, p, o in shuffled]
    first = canonical_turtle(written(statements, tmp_path, "first"))
    second = canonical_turtle(written(relabelled, tmp_path, "second"))
    assert first == second


@PROPERTY
@given(statements=any_statements())
def test_the_canonical_text_is_a_fixed_point_holding_the_same_graph(
    tmp_path: Path, statements: list[tuple[str, str, str]]
) -> None:
    source = written(statements, tmp_path, "source")
    text = canonical_turtle(source)
    formatted = tmp_path / "formatted.ttl"
    formatted.write_text(text, encoding="utf-8")
    assert canonical_turtle(formatted) == text
    assert same_graph(source, formatted)
