"""The build, export, stats, sources and format commands: outputs, exit codes, determinism."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from careersnet_graph.cli import main
from careersnet_graph.export import RDF_WRITERS
from careersnet_graph.loading import load
from careersnet_graph.projection import PROJECTIONS
from careersnet_graph.stats import summarise
from tests.conftest import REPO

MINI = REPO / "tests" / "fixtures" / "mini"
SOURCE_HEADER = """PREFIX cnd: <https://w3id.org/careersnet-graph/id/>
PREFIX cng: <https://w3id.org/careersnet-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>

cnd:{stem} a cng:Source ;
    rdfs:label "Test source" ;
    dcterms:title "Test source" ;
    schema:url <https://example.org/test> .
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _violating_file(tmp_path: Path) -> Path:
    path = tmp_path / "source-test-broken.ttl"
    path.write_text(
        SOURCE_HEADER.format(stem="source-test-broken")
        + "cnd:participation-broken a cng:Participation ; cng:role cnd:role-member .\n",
        encoding="utf-8",
    )
    return path


def test_build_writes_every_export_and_the_description(tmp_path: Path) -> None:
    result = run("build", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    names = {path.name for path in (tmp_path / "out").iterdir()}
    for writer in RDF_WRITERS.values():
        assert f"careersnet-graph{writer.suffix}" in names
    assert "dataset.ttl" in names
    summary = summarise(load())
    assert f"actors:      {summary.actors} " in result.output
    assert f"sources:     {summary.sources} sources" in result.output
    assert not [name for name in names if name.startswith(".")], "staging files left behind"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    for name in ("first", "second"):
        assert run("build", "--data", str(MINI), "--out", str(tmp_path / name)).exit_code == 0
    first = sorted(p.relative_to(tmp_path / "first") for p in (tmp_path / "first").rglob("*") if p.is_file())
    second = sorted(
        p.relative_to(tmp_path / "second") for p in (tmp_path / "second").rglob("*") if p.is_file()
    )
    assert first == second and first
    for relative in first:
        assert (tmp_path / "first" / relative).read_bytes() == (
            tmp_path / "second" / relative
        ).read_bytes(), relative


def test_dataset_description_states_licence_and_sources(tmp_path: Path) -> None:
    assert run("build", "--data", str(MINI), "--out", str(tmp_path)).exit_code == 0
    description = (tmp_path / "dataset.ttl").read_text(encoding="utf-8")
    assert "<https://creativecommons.org/licenses/by/4.0/>" in description
    assert "void:triples" in description
    assert "cnd:source-example-news" in description


def test_build_stops_on_a_violation_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "careersnet-graph.ttl").write_text("previous build", encoding="utf-8")
    result = run("build", "--data", str(_violating_file(tmp_path)), "--out", str(out))
    assert result.exit_code == 1
    assert "participation-broken" in result.output
    assert [path.name for path in out.iterdir()] == ["careersnet-graph.ttl"]
    assert (out / "careersnet-graph.ttl").read_text(encoding="utf-8") == "previous build"


def test_build_with_malformed_data_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "source-bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--data", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{bad}:" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_missing_data_path_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--data", str(tmp_path / "absent")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_stats_counts_the_users_data_too() -> None:
    shipped = json.loads(run("stats", "--format", "json").output)
    with_mini = json.loads(run("stats", "--format", "json", "--data", str(MINI)).output)
    assert shipped == summarise(load()).as_dict()
    assert with_mini["organisations"] == shipped["organisations"] + 2
    assert with_mini["persons"] == shipped["persons"] + 1
    assert with_mini["links"] == shipped["links"] + 2
    assert with_mini["inferences"] == shipped["inferences"] + 1


@pytest.mark.parametrize("format_name", sorted(RDF_WRITERS))
def test_export_writes_the_requested_format(tmp_path: Path, format_name: str) -> None:
    out = tmp_path / f"graph{RDF_WRITERS[format_name].suffix}"
    result = run("export", "--format", format_name, "--out", str(out), "--data", str(MINI))
    assert result.exit_code == 0
    assert out.read_bytes() == RDF_WRITERS[format_name].serialize(load([MINI]))


def test_export_to_standard_output() -> None:
    result = run("export", "--format", "ntriples", "--out", "-", "--data", str(MINI))
    assert "<https://example.org/news/1>" in result.output


def test_unknown_export_format_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["export", "--format", "rdfxml"])
    assert result.exit_code == 2


def test_sources_of_an_entity_give_addresses() -> None:
    result = run("sources", "cnd:event-example-meeting", "--data", str(MINI))
    assert result.exit_code == 0
    assert "address: https://example.org/news/1" in result.output
    assert "inference: Year of the example meeting" in result.output
    by_label = run("sources", "Example Agency", "--data", str(MINI), "--format", "json")
    addresses = {record["address"] for record in json.loads(by_label.output)}
    assert "https://example.org/news/1" in addresses


def test_source_registry_lists_every_registered_source() -> None:
    records = json.loads(run("sources", "--format", "json").output)
    registered = {str(row["s"]) for row in load().select("SELECT ?s WHERE { ?s a cng:Source }")}
    assert {record["iri"] for record in records if record["kind"] == "source"} == registered


def test_unknown_entity_exits_2() -> None:
    result = CliRunner().invoke(main, ["sources", "cnd:org-does-not-exist"])
    assert result.exit_code == 2
    assert "no entity" in result.output


def test_format_check_and_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "source-x.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:b ex:p 2 . ex:a ex:p 1 .\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["format", "--check", str(path)]).exit_code == 1
    assert run("format", str(path)).exit_code == 0
    assert run("format", "--check", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "PREFIX ex: <http://example.org/>" in text
    assert text.index("ex:a") < text.index("ex:b")


def test_shipped_turtle_files_are_canonical() -> None:
    files = sorted([*(REPO / "data").rglob("*.ttl"), *(REPO / "ontology").rglob("*.ttl")])
    assert files
    result = run("format", "--check", *map(str, files))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("format_name", ["gexf", "graphml", "kumu"])
def test_export_writes_a_network_projection(tmp_path: Path, format_name: str) -> None:
    out = tmp_path / f"organisations.{format_name}"
    result = run("export", "--format", format_name, "--projection", "organisations", "--out", str(out))
    assert result.exit_code == 0, result.output
    expected = PROJECTIONS["organisations"](load())
    if format_name == "kumu":
        document = json.loads(out.read_text(encoding="utf-8"))
        assert {element["id"] for element in document["elements"]} == set(expected.nodes)
        assert len(document["connections"]) == expected.number_of_edges()
    else:
        read = nx.read_gexf(out) if format_name == "gexf" else nx.read_graphml(out)
        assert set(read.nodes) == set(expected.nodes)
        assert read.number_of_edges() == expected.number_of_edges()


@pytest.mark.parametrize(("format_name", "suffix"), [("gexf", ".gexf"), ("kumu", ".kumu.json")])
def test_export_of_a_network_goes_where_the_build_puts_it_without_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format_name: str, suffix: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "--format", format_name, "--projection", "countries")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exports" / "networks" / f"countries{suffix}").is_file()


def test_build_writes_networks_report_and_pages(tmp_path: Path) -> None:
    assert run("build", "--out", str(tmp_path)).exit_code == 0
    for name in PROJECTIONS:
        assert (tmp_path / f"network-{name}.html").is_file()
        for suffix in (".gexf", ".graphml", ".kumu.json"):
            assert (tmp_path / "networks" / f"{name}{suffix}").is_file()
    assert (tmp_path / "report.html").is_file()
    assert (tmp_path / "report.md").is_file()


def test_sources_of_one_statement() -> None:
    dated = run(
        "sources",
        "--data",
        str(MINI),
        "--statement",
        "cnd:event-example-meeting",
        "schema:startDate",
        "2021-12-06",
    )
    assert dated.exit_code == 0, dated.output
    assert "inference: Year of the example meeting" in dated.output
    assert "source: Example news item" not in dated.output
    typed = run(
        "sources", "--data", str(MINI), "--statement", "cnd:org-example-agency", "rdf:type", "cng:EUAgency"
    )
    assert "address: https://example.org/news/1" in typed.output
    absent = CliRunner().invoke(
        main,
        ["sources", "--data", str(MINI), "--statement", "cnd:org-example-agency", "rdf:type", "cng:Ministry"],
    )
    assert absent.exit_code == 2
    assert "no source holds that statement" in absent.output


def test_an_unwritable_output_is_an_input_error_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    for arguments in (
        ["export", "--out", str(blocker / "graph.ttl")],
        ["build", "--data", str(MINI), "--out", str(blocker / "out")],
    ):
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 2, arguments
        assert f"{blocker}" in result.output and "cannot write" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_ill_typed_literal_prints_one_line_and_no_library_log(tmp_path: Path) -> None:
    bad = tmp_path / "source-bad-date.ttl"
    bad.write_text(
        '@prefix x: <http://x/> .\nx:a x:b "1"^^<http://www.w3.org/2001/XMLSchema#date> .\n', "utf-8"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "careersnet_graph", "stats", "--data", str(bad)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert completed.returncode == 2
    assert completed.stderr == f'error: {bad}:2:9: ill-typed literal "1": not a valid xsd:date\n'


_RUN_AND_SAY_HOW_IT_ENDED = """
import gc, sys
from careersnet_graph.cli import run
sys.argv = ["careersnet", *sys.argv[1:]]
try:
    run()
except SystemExit as end:
    print(f"exit={end.code} frozen={gc.get_freeze_count() > 0} collector_on={gc.isenabled()}")
"""


@pytest.mark.parametrize(("arguments", "code"), [(["stats"], 0), (["stats", "--data", "missing.ttl"], 2)])
def test_the_program_ends_with_what_it_made_frozen(tmp_path: Path, arguments: list[str], code: int) -> None:
    """`run` freezes the heap when the command ends, whatever its exit code, so that the
    interpreter's closing collection does not walk it (4 s after a build of 1M statements)."""
    completed = subprocess.run(
        [sys.executable, "-c", _RUN_AND_SAY_HOW_IT_ENDED, *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    last = completed.stdout.splitlines()[-1]
    assert last == f"exit={code} frozen=True collector_on=False", completed.stderr
    if code == 0:
        assert "triples:" in completed.stdout
