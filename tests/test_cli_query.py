"""`careersnet query`: names, inline text, files, parameters, formats, inference and clear errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from careersnet_graph.cli import main
from careersnet_graph.queries import library

FIXTURE = Path(__file__).parent / "queries" / "fixture"
CND = "https://w3id.org/careersnet-graph/id/"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["query", *args, "--data", str(FIXTURE)])


def test_list_names_every_query_with_purpose_and_parameters() -> None:
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    for query in library().values():
        assert query.name in result.output
        assert query.purpose in result.output
    assert "parameters: actor, other" in result.output


def test_named_query_with_a_parameter_as_table() -> None:
    result = invoke("partners-of", "--param", "actor=cnd:org-pes-three")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split(" | ")[0].strip() == "partner"
    assert "Ministry Two" in result.output
    assert "cnd:org-" in result.output
    assert CND not in result.output  # IRIs are shown as CURIEs
    assert lines[-1] == "(3 rows)"
    assert all(len(line) <= 100 for line in lines)


def test_csv_is_the_w3c_format() -> None:
    result = invoke("partners-of", "--param", "actor=cnd:org-pes-three", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["partner", "partnerLabel", "target", "targetLabel", "role", "roleLabel"]
    assert {row[0] for row in rows[1:]} == {f"{CND}org-ministry-two", f"{CND}org-association-four"}


def test_tsv_uses_rdf_term_syntax() -> None:
    result = invoke("timeline", "--format", "tsv")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "?date\t?endDate\t?item\t?itemLabel\t?kind"
    alpha = next(line for line in lines if "meeting-alpha" in line).split("\t")
    assert alpha[2] == f"<{CND}event-meeting-alpha>"
    assert alpha[3] == '"Meeting Alpha"'


def test_json_is_the_w3c_format() -> None:
    result = invoke("statement-sources", "--param", "entity=cnd:org-agency-one", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["head"]["vars"] == ["graph", "kind", "title", "url", "statements"]
    by_graph = {row["graph"]["value"]: row for row in document["results"]["bindings"]}
    assert by_graph[f"{CND}inference-gamma"]["kind"]["value"] == "inference"
    assert "url" not in by_graph[f"{CND}inference-gamma"]
    assert by_graph[f"{CND}source-alpha"]["url"] == {"type": "uri", "value": "https://example.org/alpha"}
    assert by_graph[f"{CND}source-alpha"]["statements"]["value"] == "3"


def test_xml_is_the_w3c_format() -> None:
    result = invoke("isolated-actors", "--format", "xml")
    assert result.exit_code == 0
    root = ElementTree.fromstring(result.output)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    names = [variable.get("name") for variable in root.findall("r:head/r:variable", ns)]
    assert names == ["actor", "actorLabel", "type"]
    uris = [element.text for element in root.findall(".//r:binding[@name='actor']/r:uri", ns)]
    assert f"{CND}org-lonely-five" in uris


def test_markdown_table() -> None:
    result = invoke(
        "shared-initiatives",
        "--param",
        "actor=cnd:org-pes-three",
        "--param",
        "other=cnd:org-association-four",
        "--format",
        "markdown",
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "| target | targetLabel | actorRole | otherRole |"
    assert lines[1] == "|---|---|---|---|"
    assert len(lines) == 4


def test_ask_query() -> None:
    result = invoke("ASK { cnd:org-lonely-five a cng:GuidanceProvider }", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("format_name", ["turtle", "ntriples", "jsonld"])
def test_construct_in_graph_formats(format_name: str) -> None:
    result = invoke("actor-neighbourhood", "--param", "actor=cnd:org-ministry-two", "--format", format_name)
    assert result.exit_code == 0, result.output
    parse_as = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[format_name]
    graph = Graph().parse(data=result.output, format=parse_as)
    assert len(graph) >= 41


def test_output_is_deterministic() -> None:
    args = ("actor-neighbourhood", "--param", "actor=cnd:org-ministry-two", "--format", "turtle")
    assert invoke(*args).output == invoke(*args).output


def test_table_format_for_a_construct_query_is_refused() -> None:
    result = invoke("actor-neighbourhood", "--param", "actor=cnd:org-ministry-two", "--format", "csv")
    assert result.exit_code == 2
    assert "answers with a graph" in result.output


def test_query_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?org WHERE { ?org cng:sector cnd:sector-employment }", encoding="utf-8")
    result = invoke("-f", str(path), "--format", "csv")
    assert result.exit_code == 0
    assert f"{CND}org-pes-three" in result.output


def test_infer_rdfs_finds_subclass_members() -> None:
    args = ("actors-by-type", "--param", "type=cng:PublicAuthority", "--format", "csv")
    assert f"{CND}org-ministry-two" not in invoke(*args).output
    inferred = invoke(*args, "--infer", "rdfs")
    assert inferred.exit_code == 0
    assert f"{CND}org-ministry-two" in inferred.output
    assert f"{CND}org-pes-three" in inferred.output


def test_syntax_error_in_a_file_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?s\nWHERE { ?s ?p }\n", encoding="utf-8")
    result = invoke("-f", str(path))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}: line \d+, column \d+: SPARQL syntax error", result.output)
    assert "Traceback" not in result.output


def test_unknown_query_name() -> None:
    result = invoke("no-such-question")
    assert result.exit_code == 2
    assert "unknown query 'no-such-question'" in result.output


def test_unknown_parameter() -> None:
    result = invoke("timeline", "--param", "year=2021")
    assert result.exit_code == 2
    assert "has no parameter year" in result.output


def test_missing_required_parameter() -> None:
    result = invoke("partners-of")
    assert result.exit_code == 2
    assert "needs the parameter actor" in result.output


def test_malformed_parameter() -> None:
    result = invoke("partners-of", "--param", "actor")
    assert result.exit_code == 2
    assert "name=value" in result.output


def test_service_is_refused() -> None:
    result = invoke("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert result.exit_code == 2
    assert "SERVICE is refused" in result.output


def test_update_is_refused() -> None:
    result = invoke("DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 2
    assert "read-only" in result.output


def test_query_and_file_together_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("timeline", "-f", str(tmp_path / "x.rq"))
    assert result.exit_code == 2


def test_missing_data_path_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", "timeline", "--data", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
