"""The SHACL shapes: valid fixtures conform, each invalid fixture fails for the reason it names."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from careersnet_graph.loading import load
from careersnet_graph.namespaces import CND, CNG, ONTOLOGY_GRAPH
from careersnet_graph.resources import shapes_file
from careersnet_graph.validate import render_report, validate

SHAPES_DIR = Path(__file__).resolve().parent / "shapes"
VALID = sorted((SHAPES_DIR / "valid").glob("*.ttl"))
INVALID = sorted((SHAPES_DIR / "invalid").glob("*.ttl"))
EXPECTATIONS: dict[str, dict[str, str]] = tomllib.loads(
    (SHAPES_DIR / "expectations.toml").read_text(encoding="utf-8")
)


def test_fixture_lists_are_not_empty() -> None:
    assert len(VALID) >= 3
    assert len(INVALID) >= 12


def test_every_invalid_fixture_has_exactly_one_expectation() -> None:
    assert sorted(path.stem for path in INVALID) == sorted(EXPECTATIONS)


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.stem)
def test_valid_fixture_conforms(path: Path) -> None:
    report = validate(load([path], shipped=False))
    assert report.results == (), render_report(report)
    assert report.conforms


def test_valid_fixtures_conform_together() -> None:
    report = validate(load(VALID, shipped=False))
    assert report.conforms, render_report(report)
    assert report.files_checked == len(VALID)


@pytest.mark.parametrize("path", INVALID, ids=lambda path: path.stem)
def test_invalid_fixture_fails_on_its_shape(path: Path) -> None:
    expected = EXPECTATIONS[path.stem]
    report = validate(load([path], shipped=False))
    assert not report.conforms
    assert {result.source_shape for result in report.results} == {expected["shape"]}, render_report(report)
    if "path" in expected:
        assert {result.path for result in report.results} == {expected["path"]}
    if "focus" in expected:
        assert {result.focus_curie for result in report.results} == {expected["focus"]}
    for result in report.results:
        assert result.severity == "Violation"
        assert result.message
        assert [Path(file).resolve() for file in result.files] == [path.resolve()]


def test_every_shape_has_a_name_and_every_constraint_a_message() -> None:
    shapes = Graph().parse(shapes_file(), format="turtle")
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert node_shapes and property_shapes
    for shape in node_shapes | property_shapes:
        assert isinstance(shape, URIRef) and shape.startswith(str(CNG)), shape
        assert shapes.value(shape, SH.name) is not None, shape
    for shape in property_shapes:
        assert shapes.value(shape, SH.message) is not None, shape
    for shape in node_shapes:
        has_constraint = any(
            shapes.value(shape, predicate) is not None for predicate in (SH["or"], SH.closed, SH.nodeKind)
        )
        if has_constraint:
            assert shapes.value(shape, SH.message) is not None, shape


def test_every_property_shape_is_used() -> None:
    shapes = Graph().parse(shapes_file(), format="turtle")
    used = set(shapes.objects(None, SH.property))
    assert set(shapes.subjects(RDF.type, SH.PropertyShape)) == used


def test_source_files_are_recorded_only_for_data_graphs(tmp_path: Path) -> None:
    """A file without its own source is reported once, on its graph, with the file name."""
    (tmp_path / "notes-from-a-meeting.ttl").write_text(
        "<http://example.org/id/org-a> a <http://www.w3.org/ns/org#Organization> ;\n"
        '    <http://www.w3.org/2000/01/rdf-schema#label> "Fictional organisation A" .\n',
        encoding="utf-8",
    )
    kg = load([tmp_path], shipped=False)
    report = validate(kg)
    assert [(result.source_shape, result.focus) for result in report.results] == [
        ("cng:StatementGraphShape", CND["notes-from-a-meeting"].value)
    ]
    assert report.results[0].files == ((tmp_path / "notes-from-a-meeting.ttl").resolve().as_posix(),)
    assert ONTOLOGY_GRAPH.value not in {result.focus for result in report.results}


def test_results_are_sorted_and_deterministic() -> None:
    paths = [SHAPES_DIR / "invalid" / name for name in ("person-with-email.ttl", "country-as-string.ttl")]
    first = validate(load(paths, shipped=False))
    second = validate(load(list(reversed(paths)), shipped=False))
    assert first == second
    first_files = [result.files[0] for result in first.results]
    assert first_files == sorted(first_files)
    assert render_report(first) == render_report(second)


def test_render_report_names_focus_path_message_and_file() -> None:
    path = SHAPES_DIR / "invalid" / "unit-of-non-organisation.ttl"
    text = render_report(validate(load([path], shipped=False)))
    assert "Violation: Fictional unit (<http://example.org/id/org-unit>)" in text
    assert "path:    org:unitOf" in text
    assert "org:unitOf must point to an organisation" in text
    assert "value:   <http://example.org/id/event-meeting>" in text
    assert "tests/shapes/invalid/unit-of-non-organisation.ttl" in text
    assert text.rstrip().splitlines()[-1].startswith("FAILED: 1 result on 1 node (1 data file, ")


def test_report_as_dict_is_json_ready() -> None:
    report = validate(load([SHAPES_DIR / "invalid" / "person-with-email.ttl"], shipped=False))
    data = json.loads(json.dumps(report.as_dict()))
    assert data["conforms"] is False
    assert [result["path"] for result in data["results"]] == ["schema:email"]
    assert data["results"][0]["value"] == '"jane@example.org"'


def test_custom_shapes_file(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix cng: <https://w3id.org/careersnet-graph/ontology#> .\n"
        "cng:EverySourceHasNoteShape a sh:NodeShape ; sh:targetClass cng:Source ;\n"
        "    sh:property [ sh:path <http://www.w3.org/2004/02/skos/core#note> ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    report = validate(load([SHAPES_DIR / "valid" / "source-example-minimal.ttl"], shipped=False), shapes)
    assert not report.conforms
    assert [result.focus_curie for result in report.results] == ["cnd:source-example-minimal"]


def test_shipped_data_conforms() -> None:
    report = validate(load())
    assert report.conforms, render_report(report)
