"""Issue 13, defect 2: 300 nested `[ ]` made `build` and `export --format turtle` die with a
RecursionError; at 10,000 levels `build` hung in rdflib's canonical graph.

Now the loader and the exports never recurse (build and export answer at any depth), and
`careersnet format`, which writes nested `[ ]`, refuses nesting beyond `MAX_FORMAT_NESTING`
levels with one clear line, at once.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from careersnet_graph.canonical import MAX_FORMAT_NESTING
from tests.regressions.conftest import INPUTS, cli, one_error_line

INPUT = INPUTS / "02-nested-blank-nodes" / "source-nested-blank-nodes.ttl"


def nested(depth: int, folder: Path) -> Path:
    """The input file with its 300 levels replaced by `depth` levels."""
    text = INPUT.read_text(encoding="utf-8")
    head = text[: text.index("cnd:thing-outer")]
    body = "cnd:thing-outer rdfs:seeAlso " + "[ rdfs:seeAlso " * depth + "cnd:thing-inner"
    body += " ]" * depth + " .\n"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / INPUT.name
    path.write_text(head + body, encoding="utf-8")
    return path


@pytest.mark.slow
def test_build_answers_at_10000_levels(tmp_path: Path) -> None:
    data = nested(10_000, tmp_path / "data")
    started = time.monotonic()
    result = cli("build", "--data", str(data), "--out", str(tmp_path / "exports"))
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 180
    turtle = (tmp_path / "exports" / "careersnet-graph.ttl").read_bytes()
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) > 10_000


@pytest.mark.parametrize("depth", [300, 10_000])
def test_export_turtle_answers(depth: int, tmp_path: Path) -> None:
    data = INPUT if depth == 300 else nested(depth, tmp_path / "data")
    out = tmp_path / "graph.ttl"
    result = cli("export", "--format", "turtle", "--data", str(data), "--out", str(out))
    assert result.exit_code == 0, result.output
    statements = list(ox.parse(out.read_bytes(), format=ox.RdfFormat.TURTLE))
    chain = [
        quad for quad in statements if isinstance(quad.subject, ox.BlankNode) or "thing-outer" in str(quad)
    ]
    assert len(chain) == depth + 1


@pytest.mark.parametrize("depth", [300, 10_000])
def test_format_refuses_deep_nesting_at_once(depth: int, tmp_path: Path) -> None:
    path = nested(depth, tmp_path)
    before = path.read_bytes()
    started = time.monotonic()
    result = cli("format", str(path))
    assert result.exit_code == 2, result.output
    line = one_error_line(result.output)
    assert f"nested {depth} levels deep, more than the {MAX_FORMAT_NESTING}" in line
    assert time.monotonic() - started < 10
    assert path.read_bytes() == before, "nothing is written"


def test_format_writes_nesting_up_to_the_limit(tmp_path: Path) -> None:
    path = nested(MAX_FORMAT_NESTING, tmp_path)
    assert cli("format", str(path)).exit_code == 0
    assert cli("format", "--check", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8").count("[") == MAX_FORMAT_NESTING
