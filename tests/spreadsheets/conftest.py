"""Shared helpers of the spreadsheet tests: running the CLI and reading what an import wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from careersnet_graph.cli import main
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load


def run(*args: str) -> Result:
    """`careersnet ARGS`, with standard error kept apart from the output."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def turtle_files(folder: Path) -> dict[str, str]:
    """File name → text of the Turtle files an import wrote into `folder`."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.ttl"))}


def graph_of(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The import's output folder (not created in advance: the import makes it)."""
    return tmp_path / "imported"


@pytest.fixture(scope="session")
def shipped() -> KnowledgeGraph:
    """The ontology and the shipped data, loaded once for the expectations of the tests."""
    return load()


def shipped_sources(kg: KnowledgeGraph) -> int:
    """How many sources the shipped data registers (an export repeats every one of them)."""
    return len(kg.select("SELECT ?source WHERE { ?source a cng:Source }"))
