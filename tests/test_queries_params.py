"""Parameter values become RDF terms; undeclared, missing or malformed parameters are refused."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND, COUNTRY, XSD
from careersnet_graph.sparql.answer import Answer
from careersnet_graph.sparql.errors import (
    ForbiddenQueryError,
    ParameterError,
    SparqlSyntaxError,
    UpdateRefusedError,
)
from careersnet_graph.sparql.params import bind_text, parse_term, split_assignment
from careersnet_graph.sparql.prepare import prepare
from tests.support import load_in

FIXTURE = Path(__file__).parent / "queries" / "fixture"


def run(kg: KnowledgeGraph, text: str, params: dict[str, object] | None = None) -> Answer:
    return kg.query(text, params)


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load([FIXTURE], shipped=False)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("cnd:org-cedefop", CND["org-cedefop"]),
        ("country:SVN", COUNTRY.SVN),
        ("<https://example.org/x>", ox.NamedNode("https://example.org/x")),
        ("https://example.org/y", ox.NamedNode("https://example.org/y")),
        ('"Ministry Two"', ox.Literal("Ministry Two")),
        ('"vodenje"@sl', ox.Literal("vodenje", language="sl")),
        ('"2021-12-06"^^xsd:date', ox.Literal("2021-12-06", datatype=XSD.date)),
        ("42", ox.Literal("42", datatype=XSD.integer)),
        ("true", ox.Literal("true", datatype=XSD.boolean)),
        ("plain words", ox.Literal("plain words")),
    ],
)
def test_parse_term(text: str, term: object) -> None:
    assert parse_term(text) == term


@pytest.mark.parametrize("text", ["nope:thing", "<has space>", '"x"^^"y"'])
def test_bad_terms_are_refused(text: str) -> None:
    with pytest.raises(ParameterError):
        parse_term(text)


def test_split_assignment() -> None:
    assert split_assignment("?actor=cnd:org-x") == ("actor", "cnd:org-x")
    assert split_assignment("label=a=b") == ("label", "a=b")
    with pytest.raises(ParameterError):
        split_assignment("actor")


def test_a_literal_parameter_binds_a_variable(kg: KnowledgeGraph) -> None:
    text = "SELECT ?actor WHERE { ?actor rdfs:label ?label }"
    answer = run(kg, text, {"label": '"Ministry Two"'})
    assert [row[0] for row in answer.rows] == [CND["org-ministry-two"]]


def test_a_value_cannot_inject_sparql(kg: KnowledgeGraph) -> None:
    text = "SELECT ?actor WHERE { ?actor rdfs:label ?label }"
    answer = run(kg, text, {"label": '"x" } UNION { ?actor ?p ?o'})
    assert answer.rows == ()


def test_undeclared_parameter_of_a_named_query_is_refused(kg: KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match="no parameter label"):
        run(kg, "partners-of", {"actor": "cnd:org-pes-three", "label": "x"})


def test_variable_not_in_an_inline_query_is_refused(kg: KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match="no parameter nothing"):
        run(kg, "SELECT ?s WHERE { ?s a cng:Ministry }", {"nothing": "1"})


def test_missing_required_parameter_is_refused(kg: KnowledgeGraph) -> None:
    with pytest.raises(ParameterError, match="needs the parameter actor"):
        run(kg, "partners-of", {})


def test_syntax_error_has_line_and_column(kg: KnowledgeGraph) -> None:
    with pytest.raises(SparqlSyntaxError) as caught:
        run(kg, "SELECT ?s\nWHERE { ?s ?p }")
    # Oxigraph's parser reports the place after the `}` that ends the incomplete triple `?s ?p }`.
    assert (caught.value.line, caught.value.column) == (2, 16)
    assert "line 2, column 16" in str(caught.value)


def test_deeply_nested_query_is_a_syntax_error_not_a_crash(kg: KnowledgeGraph) -> None:
    text = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000
    with pytest.raises(SparqlSyntaxError, match="nested too deeply"):
        run(kg, text)


def test_unknown_prefix_is_a_syntax_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(SparqlSyntaxError, match="nope"):
        run(kg, "SELECT ?s WHERE { ?s a nope:Thing }")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/s> { ?s ?q ?r } } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/graph> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "LOAD <file:///etc/passwd>",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://example.org/x> { ?s ?p ?o } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://example.org/x> { ?s ?p ?o } } } }",
    ],
)
def test_queries_reaching_outside_are_refused(kg: KnowledgeGraph, text: str) -> None:
    with pytest.raises(ForbiddenQueryError):
        run(kg, text)


def test_from_a_loaded_source_graph_is_allowed(kg: KnowledgeGraph) -> None:
    text = "SELECT DISTINCT ?s FROM cnd:inference-gamma WHERE { ?s cng:sector ?sector }"
    answer = run(kg, text)
    assert {row[0] for row in answer.rows} == {
        CND["org-agency-one"],
        CND["org-ministry-two"],
        CND["org-pes-three"],
    }


def test_updates_are_refused_and_change_nothing(kg: KnowledgeGraph) -> None:
    before = set(kg.quads())
    with pytest.raises(UpdateRefusedError):
        run(kg, "INSERT DATA { cnd:a cnd:b cnd:c }")
    with pytest.raises(UpdateRefusedError):
        run(kg, "DELETE WHERE { ?s ?p ?o }")
    assert set(kg.quads()) == before


def test_select_and_dataframe_api(kg: KnowledgeGraph) -> None:
    rows = kg.select("timeline")
    assert rows[0]["item"] == CND["event-meeting-alpha"].value
    assert str(rows[0]["date"]) == "2021-12-06"
    assert "endDate" not in rows[1]
    frame = kg.dataframe("partners-of", actor="cnd:org-pes-three")
    assert list(frame.columns) == ["partner", "partnerLabel", "target", "targetLabel", "role", "roleLabel"]
    assert sorted(frame["partnerLabel"]) == ["Association Four", "Association Four", "Ministry Two"]


UNION_QUERY = """PREFIX ex: <https://example.org/>
SELECT ?x ?y WHERE {
  { ?x ex:p ?y } UNION { ?x ex:q ?y . FILTER EXISTS { ?y ex:p ?x } } UNION { BIND (ex:z AS ?y) }
  OPTIONAL { { ?a ex:p ?x } UNION { ?x ex:r ?a } }
}"""


def test_a_parameter_also_opens_each_top_level_union_branch_that_uses_it() -> None:
    prepared = prepare(UNION_QUERY)
    text = bind_text(prepared, {"x": parse_term("<https://example.org/a>")})
    block = "VALUES ?x { <https://example.org/a> }"
    assert text.count(block) == 3  # the WHERE group and the two branches that use ?x
    assert f"{{ {block}  ?x ex:p ?y }}" in text
    assert f"{{ {block}  ?x ex:q ?y ." in text
    assert "{ BIND (ex:z AS ?y) }" in text  # a branch without ?x is left alone
    assert "OPTIONAL { { ?a ex:p ?x } UNION { ?x ex:r ?a } }" in text  # a nested union too


def test_binding_into_union_branches_keeps_the_answer() -> None:
    data = """@prefix ex: <https://example.org/> .
ex:a ex:p ex:b . ex:b ex:p ex:a . ex:a ex:q ex:b . ex:c ex:p ex:d . ex:c ex:q ex:a ."""
    kg = KnowledgeGraph.from_rdflib(rdflib.Graph().parse(data=data, format="turtle"))
    for subject in ("a", "b", "c"):
        iri = ox.NamedNode(f"https://example.org/{subject}")
        at_the_top = UNION_QUERY.replace("WHERE {", f"WHERE {{ VALUES ?x {{ <{iri.value}> }}", 1)
        expected = {tuple(row) for row in kg.query(at_the_top).rows}  # one block, at the top only
        assert expected
        assert {tuple(row) for row in kg.query(UNION_QUERY, {"x": iri}).rows} == expected


SUBSELECT_QUERY = """PREFIX ex: <https://example.org/>
SELECT ?x ?y ?z WHERE {
  { SELECT DISTINCT ?x ?y WHERE { { ?x ex:p ?y } UNION { ?y ex:q ?x } } }
  { SELECT ?x WHERE { ?x ex:q ?w } LIMIT 2 }
  { SELECT (?x AS ?z) WHERE { ?x ex:p ?v } }
}"""


def test_a_parameter_also_opens_each_plain_sub_select_projecting_it() -> None:
    text = bind_text(prepare(SUBSELECT_QUERY), {"x": parse_term("<https://example.org/a>")})
    block = "VALUES ?x { <https://example.org/a> }"
    assert text.count(block) == 4  # the WHERE group, the DISTINCT sub-SELECT and its two branches
    assert f"WHERE {{ {block}  {{ {block}  ?x ex:p ?y }} UNION {{ {block}  ?y ex:q ?x }} }}" in text
    assert "{ SELECT ?x WHERE { ?x ex:q ?w } LIMIT 2 }" in text  # a LIMIT changes what it gives
    assert "{ SELECT (?x AS ?z) WHERE { ?x ex:p ?v } }" in text  # its ?x is another variable


def test_binding_into_sub_selects_keeps_the_answer() -> None:
    data = """@prefix ex: <https://example.org/> .
ex:a ex:p ex:b . ex:b ex:p ex:a . ex:a ex:q ex:b . ex:c ex:p ex:d . ex:c ex:q ex:a . ex:b ex:q ex:c ."""
    kg = KnowledgeGraph.from_rdflib(rdflib.Graph().parse(data=data, format="turtle"))
    for subject in ("a", "b", "c"):
        iri = ox.NamedNode(f"https://example.org/{subject}")
        at_the_top = SUBSELECT_QUERY.replace("WHERE {", f"WHERE {{ VALUES ?x {{ <{iri.value}> }}", 1)
        expected = {tuple(row) for row in kg.query(at_the_top).rows}
        assert {tuple(row) for row in kg.query(SUBSELECT_QUERY, {"x": iri}).rows} == expected
    assert any(kg.query(SUBSELECT_QUERY, {"x": f"<https://example.org/{s}>"}).rows for s in "abc")


OPTIONAL_QUERY = """PREFIX ex: <https://example.org/>
SELECT ?s ?x ?y WHERE {
  { ?s ex:p ?y OPTIONAL { ?s ex:q ?x } } UNION { ?s ex:r ?y FILTER (!BOUND(?x)) }
  { SELECT ?s ?x WHERE { ?s ex:p ?v OPTIONAL { ?v ex:q ?x } } }
}"""


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_a_parameter_bound_only_by_an_optional_stays_out_of_that_group(store: str, tmp_path: Path) -> None:
    """Regression: VALUES at the start of a group whose only ?x is in an OPTIONAL (or a FILTER)
    binds ?x before the OPTIONAL runs, which keeps rows the block joined after the group drops
    (Oxigraph gave (s, a, t) and (u, b, w) too)."""
    text = bind_text(prepare(OPTIONAL_QUERY), {"x": parse_term("<https://example.org/a>")})
    assert text.count("VALUES ?x") == 1  # at the top of the WHERE group only
    (tmp_path / "optional.ttl").write_text(
        """@prefix ex: <https://example.org/> .
ex:s ex:p ex:t . ex:s ex:q ex:b . ex:t ex:q ex:b . ex:u ex:p ex:w . ex:u ex:r ex:w . ex:w ex:q ex:a .""",
        encoding="utf-8",
    )
    kg = load_in(store, [tmp_path], shipped=False)
    for value in ("a", "b"):
        iri = ox.NamedNode(f"https://example.org/{value}")
        at_the_top = OPTIONAL_QUERY.replace("WHERE {", f"WHERE {{ VALUES ?x {{ <{iri.value}> }}", 1)
        expected = {tuple(row) for row in kg.query(at_the_top).rows}
        assert {tuple(row) for row in kg.query(OPTIONAL_QUERY, {"x": iri}).rows} == expected
