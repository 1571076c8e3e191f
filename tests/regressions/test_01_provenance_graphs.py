"""Issue 13, defect 1: a user's N-Quads or TriG file wrote into a shipped source's named graph
(or the ontology graph), and a `.trig` named like a shipped `.ttl` was merged into its graph.

A user file may only fill graphs named for sources it declares itself; shipped, ontology and
the loader's own graphs are refused with one line naming the file and the graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.regressions.conftest import INPUTS, cli, one_error_line

FRANCE = "https://w3id.org/careersnet-graph/id/source-cedefop-inventory-lifelong-guidance-france"
CASES = {
    "01-forged-graph": ("source-forged.nq", FRANCE, "without declaring it"),
    "01-declared-shipped-graph": ("source-declares-shipped.nq", FRANCE, "of the shipped file"),
    "01-ontology-graph": ("source-ontology.nq", "https://w3id.org/careersnet-graph/ontology", "reserved"),
    "01-meta-graph": ("source-meta.trig", "https://w3id.org/careersnet-graph/meta", "reserved"),
    "01-same-name-trig": (
        "source-cedefop-inventory-lifelong-guidance-france.trig",
        FRANCE,
        "of the shipped file",
    ),
    "01-same-name-jsonld": (
        "source-cedefop-inventory-lifelong-guidance-france.jsonld",
        FRANCE,
        "of the shipped file",
    ),
    "01-two-user-files": (
        "source-two.trig",
        "https://w3id.org/careersnet-graph/id/source-one",
        "fills the same graph",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_user_file_cannot_fill_a_graph_it_does_not_own(case: str, tmp_path: Path) -> None:
    file_name, graph, reason = CASES[case]
    out = tmp_path / "exports"
    result = cli("build", "--data", str(INPUTS / case), "--out", str(out))
    assert result.exit_code == 2, result.output
    line = one_error_line(result.output)
    assert file_name in line
    assert f"<{graph}>" in line
    assert reason in line
    assert not out.exists(), "nothing is written"


def test_the_source_s_own_graph_is_still_credited_to_its_own_page() -> None:
    result = cli(
        "query",
        f"SELECT ?o WHERE {{ GRAPH <{FRANCE}> {{ cnd:org-cedefop rdfs:comment ?o }} }}",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert "forged" not in result.output
