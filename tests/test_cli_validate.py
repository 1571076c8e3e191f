"""`careersnet validate`: exit codes, text and JSON reports, and clean errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from careersnet_graph.cli import main

SHAPES_DIR = Path(__file__).resolve().parent / "shapes"
VALID_DIR = SHAPES_DIR / "valid"
MINIMAL = VALID_DIR / "source-example-minimal.ttl"
PERSON_WITH_EMAIL = SHAPES_DIR / "invalid" / "person-with-email.ttl"
NETWORK_AGENT = SHAPES_DIR / "invalid" / "participation-agent-is-a-network.ttl"

PREFIXES = (
    "@prefix cnd: <https://w3id.org/careersnet-graph/id/> .\n"
    "@prefix cng: <https://w3id.org/careersnet-graph/ontology#> .\n"
    "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
    "@prefix schema: <https://schema.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def assert_clean_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: ")
    for fragment in fragments:
        assert fragment in result.stderr


def test_shipped_data_conforms_exit_0() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")
    assert len(result.output.splitlines()) == 1


def test_valid_file_exit_0() -> None:
    result = run(MINIMAL)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "OK: 1 data file, 4 statements conform to the shapes "
        "(checked with the shipped vocabularies and data)\n"
    )


def test_valid_folder_exit_0() -> None:
    result = run(VALID_DIR)
    assert result.exit_code == 0, result.output
    count = len(list(VALID_DIR.glob("*.ttl")))
    assert result.output.startswith(f"OK: {count} data files, ")


def test_invalid_file_exit_1_with_report() -> None:
    result = run(PERSON_WITH_EMAIL)
    assert result.exit_code == 1, result.output
    assert "Violation: Jane Example (<http://example.org/id/person-jane-example>)" in result.output
    assert "path:    schema:email" in result.output
    assert "shape:   cng:PersonPrivacyShape" in result.output
    assert "person-with-email.ttl" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("FAILED: 1 result on 1 node")


def test_paths_are_validated_alone_with_alone() -> None:
    result = run("--format", "json", "--alone", MINIMAL)
    report = json.loads(result.output)
    assert report["files_checked"] == 1
    assert report["checked_with"] == "alone, without the shipped vocabularies and data"


def test_data_option_adds_files_to_the_given_paths() -> None:
    result = run(MINIMAL, "--data", NETWORK_AGENT)
    assert result.exit_code == 1, result.output
    assert "cng:AgentNotNetworkShape" in result.output


def test_data_option_adds_files_to_the_shipped_data() -> None:
    result = run("--data", NETWORK_AGENT, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["files_checked"] > 1
    assert [item["source_shape"] for item in report["results"]] == ["cng:AgentNotNetworkShape"]


def test_json_format_for_violations() -> None:
    result = run("--format", "json", PERSON_WITH_EMAIL, NETWORK_AGENT)
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["conforms"] is False
    assert report["files_checked"] == 2
    by_path = {item["path"]: item for item in report["results"]}
    assert sorted(by_path) == ["cng:agent", "schema:email"]
    email = by_path["schema:email"]
    assert email["focus"] == "http://example.org/id/person-jane-example"
    assert email["focus_label"] == "Jane Example"
    assert email["severity"] == "Violation"
    assert email["value"] == '"jane@example.org"'
    assert email["source_shape"] == "cng:PersonPrivacyShape"
    assert email["constraint"] == "sh:ClosedConstraintComponent"
    assert [Path(file).name for file in email["files"]] == ["person-with-email.ttl"]


def test_json_format_when_conforming() -> None:
    result = run("--format", "json", MINIMAL)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "conforms": True,
        "files_checked": 1,
        "statements_checked": 4,
        "checked_with": "with the shipped vocabularies and data",
        "results": [],
    }


def test_output_is_deterministic() -> None:
    first = run(PERSON_WITH_EMAIL, NETWORK_AGENT)
    second = run(NETWORK_AGENT, PERSON_WITH_EMAIL)
    assert first.output == second.output


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "source-broken.ttl"
    text = PREFIXES + '\ncnd:source-broken a cng:Source ;\n    dcterms:title "unclosed .\n'
    bad.write_text(text, encoding="utf-8")
    result = run(bad)
    # Line 8 (after five prefix lines, a blank line and the subject); the quote is column 19.
    assert_clean_error(result, f"{bad}:8:19:", "syntax error")


def test_ill_typed_literal_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "source-bad-date.ttl"
    bad.write_text(
        PREFIXES + "\ncnd:source-bad-date a cng:Source ;\n"
        '    dcterms:title "Fictional" ;\n'
        "    schema:url <https://example.org/x> ;\n"
        '    dcterms:issued "2021-13-45"^^xsd:date .\n',
        encoding="utf-8",
    )
    result = run(bad)
    assert_clean_error(result, f"{bad}:10", "2021-13-45", "xsd:date")


def test_non_utf8_file(tmp_path: Path) -> None:
    bad = tmp_path / "source-latin1.ttl"
    bad.write_bytes((PREFIXES + '\ncnd:source-latin1 dcterms:title "Lövsin" .\n').encode("latin-1"))
    result = run(bad)
    assert_clean_error(result, f"{bad}:7:", "not valid UTF-8")


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ttl"
    result = run(missing)
    assert_clean_error(result, str(missing), "no such file or folder")


def test_missing_data_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run("--data", missing)
    assert_clean_error(result, str(missing), "no such file or folder")


def test_unknown_format_is_a_usage_error() -> None:
    result = run("--format", "xml", MINIMAL)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


MALTA = (
    PREFIXES + "@prefix country: <http://publications.europa.eu/resource/authority/country/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
    'cnd:source-example-malta a cng:Source ;\n    dcterms:title "Fictional page"@en ;\n'
    "    schema:url <https://example.org/malta> .\n\n"
    'cnd:org-example-malta-centre a cng:GuidanceProvider ;\n    rdfs:label "Example Malta Centre"@en ;\n'
    "    cng:country country:MLT .\n\n"
    "cnd:participation-example-malta a cng:Participation ;\n"
    "    cng:agent cnd:org-example-malta-centre ;\n"
    "    cng:target cnd:event-careersnet-annual-meeting-2020 ;\n"
    "    cng:formality cnd:formality-formal ;\n"
    "    cng:role cnd:role-speaker .\n"
)
"""A fictional file that names the EU country table's Malta and an event of the shipped data."""


def test_paths_are_checked_with_the_shipped_vocabularies_and_data(tmp_path: Path) -> None:
    path = tmp_path / "source-example-malta.ttl"
    path.write_text(MALTA, encoding="utf-8")
    with_shipped = run("--format", "json", path)
    assert with_shipped.exit_code == 0, with_shipped.output
    report = json.loads(with_shipped.output)
    assert (report["files_checked"], report["statements_checked"]) == (
        1,
        3 + 3 + 5,
    )  # source, organisation, participation
    alone = run("--format", "json", "--alone", path)
    assert alone.exit_code == 1, alone.output
    shapes = sorted(item["source_shape"] for item in json.loads(alone.output)["results"])
    assert "cng:TargetTargetShape" in shapes  # the event is not in the file alone
    assert any("MLT" in (item["value"] or "") for item in json.loads(alone.output)["results"])


def test_a_shipped_file_given_as_path_is_checked_once() -> None:
    shipped = sorted((Path(__file__).resolve().parents[1] / "data" / "statements").glob("*.ttl"))[0]
    result = run(shipped)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 1 data file, ")


def test_alone_needs_paths() -> None:
    result = run("--alone")
    assert result.exit_code == 2
    assert "--alone checks the given PATHS" in result.output


def test_an_edited_copy_of_a_shipped_file_stands_for_it(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[1] / "data" / "statements"
    original = sorted(shipped.glob("source-cedefop-event-*.ttl"))[0]
    copy = tmp_path / original.name
    copy.write_text(
        original.read_text(encoding="utf-8")
        + "\n<https://w3id.org/careersnet-graph/id/participation-example-edit>"
        " a <https://w3id.org/careersnet-graph/ontology#Participation> .\n",
        encoding="utf-8",
    )
    result = run("--format", "json", copy)
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["files_checked"] == 1
    focus = {item["focus"] for item in report["results"]}
    assert focus == {"https://w3id.org/careersnet-graph/id/participation-example-edit"}
