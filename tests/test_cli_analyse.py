"""`careersnet analyse` through click's CliRunner: formats, options and exit codes.

The CLI reads the shipped data as well as `--data`; the fixture's fictional organisations only
tie to each other, so their weighted degrees (shared targets, independent of the network's
size) are known by hand: Beta 4 (Alpha twice, Delta, Gamma), Alpha 3, Delta 2, Gamma 1.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from careersnet_graph.cli import main
from careersnet_graph.namespaces import CND

FIXTURE = Path(__file__).parent / "analysis" / "projection"
EXPECTED_WEIGHTED_DEGREE = {
    "org-beta-ministry": 4.0,
    "org-alpha-agency": 3.0,
    "org-delta-association": 2.0,
    "org-gamma-service": 1.0,
}


def run(*args: str) -> tuple[int, str, str]:
    """`careersnet analyse` on a terminal 160 columns wide (the table wraps to the terminal)."""
    result = CliRunner().invoke(main, ["analyse", *args], env={"COLUMNS": "160"})
    return result.exit_code, result.stdout, result.stderr


def test_json_rows_ranked_by_the_first_metric() -> None:
    code, out, _ = run(
        "--data",
        str(FIXTURE),
        "--metric",
        "weighted_degree",
        "--metric",
        "degree",
        "--top",
        "0",
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    assert document["projection"] == "organisations"
    assert list(document["metrics"]) == ["weighted_degree", "degree"]
    rows = document["rows"]
    values = [row["weighted_degree"] for row in rows]
    assert values == sorted(values, reverse=True)
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))
    ours = {row["iri"]: row["weighted_degree"] for row in rows if row["iri"].startswith(CND["org-"].value)}
    for local, expected in EXPECTED_WEIGHTED_DEGREE.items():
        assert ours[CND[local].value] == expected


def test_csv_has_a_header_and_one_line_per_row() -> None:
    code, out, _ = run("--data", str(FIXTURE), "--metric", "weighted_degree", "--top", "3", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["rank", "iri", "label", "type", "country", "weighted_degree"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]


def test_table_is_the_default_format() -> None:
    code, out, _ = run("--data", str(FIXTURE), "--projection", "countries", "--top", "2")
    assert code == 0
    header = [cell.strip() for cell in out.splitlines()[0].split("|")]
    assert header == [
        "rank",
        "label",
        "type",
        "country",
        "degree",
        "weighted_degree",
        "betweenness",
        "pagerank",
    ]
    assert out.splitlines()[-1] == "(2 rows)"


@pytest.mark.parametrize("projection", ["bipartite", "persons", "countries", "organisations"])
def test_every_projection_can_be_analysed(projection: str) -> None:
    code, out, _ = run(
        "--data", str(FIXTURE), "--projection", projection, "--metric", "constraint", "--format", "json"
    )
    assert code == 0
    rows = json.loads(out)["rows"]
    assert rows
    values = [row["constraint"] for row in rows]
    assert values == sorted(values)


def test_unknown_metric_is_a_usage_error() -> None:
    code, _, err = run("--metric", "fame")
    assert code == 2
    assert "fame" in err


def test_missing_data_file_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = run("--data", str(tmp_path / "absent.ttl"))
    assert code == 2
    assert err.startswith("error: ")
    assert "absent.ttl" in err
    assert "Traceback" not in err
