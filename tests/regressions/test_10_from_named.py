"""Issue 13, defect 10: `FROM NAMED` naming a loaded graph was refused ("FROM <default> is
refused"), in the endpoint and in `careersnet query`.

Now FROM and FROM NAMED may name any loaded graph; anything else (another host, `file:`, the
loader's own meta graph) is still refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.endpoint import CND, Endpoint, get, start_server, stop_server
from tests.regressions.conftest import cli

FROM_NAMED = (
    "SELECT ?g (COUNT(*) AS ?n) FROM NAMED cnd:source-cedefop-inventory-lifelong-guidance-france "
    "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
)
FROM_ONE = "SELECT (COUNT(*) AS ?n) FROM cnd:source-alpha WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    server = start_server()
    yield server
    stop_server(server)


def test_from_named_a_loaded_graph_answers_in_the_endpoint(endpoint: Endpoint) -> None:
    status, _, body = get(endpoint, FROM_NAMED)
    assert status == 200, body
    (row,) = json.loads(body)["results"]["bindings"]
    assert row["g"]["value"] == f"{CND}source-cedefop-inventory-lifelong-guidance-france"
    assert int(row["n"]["value"]) > 10
    status, _, body = get(endpoint, FROM_ONE)
    assert status == 200, body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 10


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM <https://w3id.org/careersnet-graph/meta> WHERE { ?s ?p ?o }",
    ],
)
def test_other_graphs_are_still_refused(endpoint: Endpoint, query: str) -> None:
    status, _, body = get(endpoint, query)
    assert status == 400
    assert b"refused" in body


def test_from_named_a_loaded_graph_answers_on_the_command_line() -> None:
    result = cli("query", FROM_NAMED, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "source-cedefop-inventory-lifelong-guidance-france" in result.output
