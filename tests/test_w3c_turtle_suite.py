"""The strict parser against the W3C RDF 1.1 Turtle test suite, read from its own manifest.

The suite lives outside the project (../shared/conformance/w3c-rdf-turtle); where that folder is
absent the tests are skipped with the reason.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from careersnet_graph.errors import RdfInputError
from careersnet_graph.parsing import read_rdf_file
from careersnet_graph.rdflib_terms import graph_of
from tests.conftest import W3C_TURTLE_SUITE

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"


def _manifest_entries() -> list[tuple[str, str, str, str | None]]:
    """(test name, test type, action file, result file) for every entry in the manifest."""
    manifest_path = W3C_TURTLE_SUITE / "manifest.ttl"
    if not manifest_path.is_file():
        return []
    manifest = Graph()
    manifest.parse(
        manifest_path,
        format="turtle",
        publicID="https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/manifest.ttl",
    )
    entries = []
    for test in manifest.subjects(RDF.type, None):
        test_type = manifest.value(test, RDF.type)
        action = manifest.value(test, URIRef(MF + "action"))
        if action is None or test_type is None:
            continue
        result = manifest.value(test, URIRef(MF + "result"))
        name = str(manifest.value(test, URIRef(MF + "name")) or test)
        entries.append(
            (
                name,
                str(test_type).removeprefix(RDFT),
                str(action).rsplit("/", 1)[-1],
                str(result).rsplit("/", 1)[-1] if result is not None else None,
            )
        )
    return sorted(entries)


ENTRIES = _manifest_entries()
SUITE_MISSING = pytest.mark.skipif(
    not ENTRIES, reason=f"W3C Turtle test suite not found at {W3C_TURTLE_SUITE}"
)
BASE = "https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/"


def _entries_of(*types: str) -> list[tuple[str, str, str | None]]:
    return [(name, action, result) for name, kind, action, result in ENTRIES if kind in types]


@SUITE_MISSING
def test_the_manifest_lists_every_kind_of_test() -> None:
    kinds = {kind for _, kind, _, _ in ENTRIES}
    assert {"TestTurtleNegativeSyntax", "TestTurtlePositiveSyntax", "TestTurtleEval"} <= kinds
    assert len(ENTRIES) > 250


@SUITE_MISSING
@pytest.mark.parametrize(
    ("name", "action", "result"), _entries_of("TestTurtleNegativeSyntax", "TestTurtleNegativeEval")
)
def test_invalid_turtle_is_refused_with_its_place(name: str, action: str, result: str | None) -> None:
    path = W3C_TURTLE_SUITE / action
    with pytest.raises(RdfInputError) as caught:
        read_rdf_file(path, base_iri=BASE + action)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(str(path))


@SUITE_MISSING
@pytest.mark.parametrize(("name", "action", "result"), _entries_of("TestTurtlePositiveSyntax"))
def test_valid_turtle_is_accepted(name: str, action: str, result: str | None) -> None:
    read_rdf_file(W3C_TURTLE_SUITE / action, base_iri=BASE + action)


@SUITE_MISSING
@pytest.mark.parametrize(("name", "action", "result"), _entries_of("TestTurtleEval"))
def test_valid_turtle_gives_the_expected_graph(name: str, action: str, result: str | None) -> None:
    assert result is not None
    parsed = graph_of(read_rdf_file(W3C_TURTLE_SUITE / action, base_iri=BASE + action))
    expected = graph_of(read_rdf_file(W3C_TURTLE_SUITE / result, base_iri=BASE + result))
    assert isomorphic(parsed, expected)
