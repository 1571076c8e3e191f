"""Loading: one named graph per file, named after it; user data beside the shipped data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from careersnet_graph.errors import RdfInputError
from careersnet_graph.loading import find_data_files, graph_name_for, load
from careersnet_graph.namespaces import CND, ONTOLOGY_GRAPH
from careersnet_graph.resources import data_dir, ontology_dir, shapes_file
from tests.conftest import REPO
from tests.support import by_value

MINI = REPO / "tests" / "fixtures" / "mini"


def test_each_data_file_is_the_named_graph_of_its_stem() -> None:
    kg = load([MINI], shipped=False)
    assert kg.graph_names() == by_value(
        [
            ONTOLOGY_GRAPH,
            CND["inference-example-meeting-dates"],
            CND["source-example-country-table"],
            CND["source-example-news"],
        ]
    )
    assert kg.graph_files[CND["source-example-news"]] == (MINI / "source-example-news.ttl",)
    assert kg.count(CND["inference-example-meeting-dates"]) == 7


def test_the_shipped_data_has_one_graph_per_file() -> None:
    kg = load()
    files = find_data_files([data_dir()]).files
    assert files
    assert {graph_name_for(path) for path in files} | {ONTOLOGY_GRAPH} == set(kg.graph_names())


def test_ontology_is_always_loaded_and_shapes_are_not_data() -> None:
    kg = load([], shipped=False)
    assert kg.graph_names() == [ONTOLOGY_GRAPH]
    assert shapes_file().is_file()
    assert shapes_file() not in kg.graph_files[ONTOLOGY_GRAPH]
    assert all(path.is_relative_to(ontology_dir()) for path in kg.graph_files[ONTOLOGY_GRAPH])


def test_two_turtle_files_for_one_graph_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(MINI / "source-example-news.ttl", tmp_path / "a" / "source-example-news.ttl")
    with pytest.raises(RdfInputError, match="same graph"):
        load([MINI, tmp_path / "a"], shipped=False)


def test_trig_files_keep_their_graph_names(tmp_path: Path) -> None:
    path = tmp_path / "mixed.trig"
    path.write_text(
        "@prefix cnd: <https://w3id.org/careersnet-graph/id/> .\n"
        "@prefix cng: <https://w3id.org/careersnet-graph/ontology#> .\n"
        "cnd:source-one { cnd:a cnd:b cnd:c . cnd:source-one a cng:Source . }\ncnd:d cnd:e cnd:f .\n",
        encoding="utf-8",
    )
    kg = load([path], shipped=False)
    assert CND["source-one"] in kg.graph_names()
    assert CND["mixed"] in kg.graph_names()
    assert kg.files_of(CND["a"]) == [path]


def test_file_names_become_slugs(tmp_path: Path) -> None:
    assert graph_name_for(Path("My Source (2021).ttl")) == CND["my-source-2021"]
    with pytest.raises(RdfInputError, match="no graph name"):
        graph_name_for(Path("___.ttl"))


def test_folders_are_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b/x.ttl", "a/y.nt", "a/z.txt", "c.ttl"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    found = find_data_files([tmp_path])
    assert found.files == [tmp_path / "a/y.nt", tmp_path / "b/x.ttl", tmp_path / "c.ttl"]
    assert found.skipped == [tmp_path / "a/z.txt"]


def test_query_sees_the_union_and_each_source_graph() -> None:
    kg = load([MINI], shipped=False)
    rows = kg.rows("SELECT ?g WHERE { GRAPH ?g { cnd:event-example-meeting schema:startDate ?d } }")
    assert [row[0] for row in rows] == [CND["inference-example-meeting-dates"]]
    ask = kg.query("ASK { cnd:event-example-meeting schema:startDate ?d ; rdfs:label ?l }")
    assert ask.boolean is True


def test_label_and_curie() -> None:
    kg = load([MINI], shipped=False)
    assert kg.label(CND["org-example-agency"]) == "Example Agency"
    assert kg.curie(CND["org-example-agency"]) == "cnd:org-example-agency"
    assert kg.curie(ox.NamedNode("http://example.org/x")) == "http://example.org/x"


@pytest.mark.slow
def test_the_wheel_carries_ontology_data_and_queries(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    if (
        completed.returncode != 0
        and "hatchling" in completed.stderr
        and "No matching distribution" in completed.stderr
    ):
        pytest.skip("the build backend cannot be installed here (no package index)")
    assert completed.returncode == 0, completed.stderr
    (wheel,) = tmp_path.glob("careersnet_graph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        path.relative_to(REPO).as_posix()
        for path in [*REPO.joinpath("data").rglob("*.ttl"), *REPO.joinpath("ontology").rglob("*.ttl")]
    ]
    assert shipped
    for relative in shipped:
        assert f"careersnet_graph/_resources/{relative}" in names, relative
    queries = [
        path.relative_to(REPO).as_posix()
        for path in REPO.joinpath("careersnet_graph", "queries").rglob("*.rq")
    ]
    assert queries
    assert set(queries) <= names
