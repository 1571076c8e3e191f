"""Strict parsing: every kind of bad input is refused with the file and line."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from careersnet_graph.errors import RdfInputError
from careersnet_graph.namespaces import XSD
from careersnet_graph.parsing import read_rdf_file

PREFIX = "@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"


def _write(tmp_path: Path, text: str | bytes, name: str = "input.ttl") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("ex:a ex:b ex:c .\nex:a ex:b ex:c\n", 5, "Unexpected end"),
        ("ex:a ex:b ex:c .\n\nex:a ex:b nope:c .\n", 5, "nope"),
        ("ex:a ex:b <http://example.org/with space> .\n", 3, "syntax error"),
        ('ex:a ex:b "x"@en^^xsd:string .\n', 3, "syntax error"),
        ('ex:a "literal" ex:c .\n', 3, "syntax error"),
        ("ex:a ex:b <relative> .\n", 3, "syntax error"),
        ('ex:a ex:b "abc"^^xsd:integer .\n', 3, 'ill-typed literal "abc": not a valid xsd:integer'),
        ('ex:a ex:b "ok" .\nex:a ex:c "2021-13-45"^^xsd:date .\n', 4, "not a valid xsd:date"),
        ('ex:a ex:b "maybe"^^xsd:boolean .\n', 3, "xsd:boolean"),
        ('ex:a ex:b "1.5"^^xsd:nonNegativeInteger .\n', 3, "xsd:nonNegativeInteger"),
    ],
)
def test_bad_turtle_is_refused_with_file_and_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    path = _write(tmp_path, PREFIX + body)
    with pytest.raises(RdfInputError) as caught:
        read_rdf_file(path)
    error = caught.value
    assert error.path == str(path)
    assert error.line == line
    assert fragment in str(error)
    assert str(error).startswith(f"{path}:{line}")


def test_non_utf8_bytes_are_refused_with_their_line(tmp_path: Path) -> None:
    path = _write(tmp_path, (PREFIX + 'ex:a ex:b "L\xf6vsin" .\n').encode("latin-1"))
    with pytest.raises(RdfInputError) as caught:
        read_rdf_file(path)
    assert caught.value.line == 3
    assert "UTF-8" in str(caught.value)


def test_missing_and_unsupported_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(RdfInputError, match="cannot read"):
        read_rdf_file(tmp_path / "absent.ttl")
    with pytest.raises(RdfInputError, match="unsupported file type"):
        read_rdf_file(_write(tmp_path, "x", "data.csv"))


def test_valid_turtle_gives_terms_with_plain_strings_as_xsd_string(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        PREFIX + 'ex:a ex:name "Miha L\u00f6vsin" ; ex:n 7 ; ex:d "2021-12-06"^^xsd:date ; ex:l "x"@SL .\n',
    )
    objects = {quad.object for quad in read_rdf_file(path)}
    assert ox.Literal("Miha L\u00f6vsin") in objects
    assert ox.Literal("Miha L\u00f6vsin", datatype=XSD.string) in objects
    assert ox.Literal("7", datatype=XSD.integer) in objects
    assert ox.Literal("2021-12-06", datatype=XSD.date) in objects
    assert ox.Literal("x", language="sl") in objects


def test_trig_keeps_named_graphs(tmp_path: Path) -> None:
    path = _write(tmp_path, PREFIX + "ex:g { ex:a ex:b ex:c . }\nex:d ex:e ex:f .\n", "input.trig")
    graphs = {quad.graph_name for quad in read_rdf_file(path)}
    assert graphs == {ox.NamedNode("http://example.org/g"), ox.DefaultGraph()}


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    first = _write(tmp_path, PREFIX + "_:x ex:b ex:c .\n", "first.ttl")
    second = _write(tmp_path, PREFIX + "_:x ex:b ex:d .\n", "second.ttl")
    subject_one, subject_two = read_rdf_file(first)[0].subject, read_rdf_file(second)[0].subject
    assert subject_one != subject_two
    assert read_rdf_file(first)[0].subject == subject_one


def test_json_ld_with_a_remote_context_is_refused_without_fetching(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '{"@context": "https://schema.org/", "@id": "http://example.org/a", "name": "x"}',
        "data.jsonld",
    )
    with pytest.raises(RdfInputError, match="remote contexts"):
        read_rdf_file(path)


def test_json_ld_with_an_inline_context_is_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '{"@context": {"ex": "http://example.org/"}, "@id": "ex:a",'
        ' "ex:name": {"@value": "x", "@language": "sl"}}',
        "data.jsonld",
    )
    assert read_rdf_file(path) == [
        ox.Quad(
            ox.NamedNode("http://example.org/a"),
            ox.NamedNode("http://example.org/name"),
            ox.Literal("x", language="sl"),
        )
    ]
