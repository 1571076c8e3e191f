"""Issue 13, defect 9: no cap on answer size or worker memory: a 200-byte query that doubles a
string 23 times returned 537 MB; the worker reached 2.7 GB and the server kept 730 MB.

Now answers are cut at `--max-answer-bytes` as well as `--max-rows` (`X-Result-Truncated: true`,
`X-Result-Truncated-By: bytes`), each worker runs under `--max-worker-memory` (a worker above it
ends, the client gets 503 and the worker is replaced), and the server itself never holds an
answer it did not check.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator

import pytest

from tests.endpoint import (
    Endpoint,
    get,
    live_workers,
    request,
    resident_kib,
    start_server,
    stop_server,
    workers_of,
    zygote_of,
)
from tests.regressions.conftest import INPUTS

DOUBLING = (INPUTS / "09-answer-caps" / "doubling.rq").read_text(encoding="utf-8")
MAX_BYTES = 20_000


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    """A server whose time limit leaves room for the memory and byte caps to act first: a query
    running longer than half a second gets nice 19, and on a busy machine (the other test
    workers) that leaves it a few per cent of a core."""
    server = start_server(
        "--timeout", "150", "--max-worker-memory", "256", "--max-answer-bytes", str(MAX_BYTES),
        "--max-rows", "100000",
    )  # fmt: skip
    yield server
    stop_server(server)


def all_processes(endpoint: Endpoint) -> set[int]:
    return {endpoint.process.pid, zygote_of(endpoint), *workers_of(endpoint)}


def test_the_doubling_query_is_stopped_by_the_memory_limit(endpoint: Endpoint) -> None:
    before = resident_kib(all_processes(endpoint))
    status, headers, body = request(
        endpoint.sparql + "?" + urllib.parse.urlencode({"query": DOUBLING}), timeout=60
    )
    assert status in (200, 503), body[:200]
    assert len(body) <= MAX_BYTES
    if status == 503:
        assert b"memory" in body
    else:
        assert headers["X-Result-Truncated"] == "true"
    workers = live_workers(endpoint, 8)
    assert len(workers) == 8
    after = resident_kib(all_processes(endpoint))
    assert after < before + 64 * 1024, (before, after)
    assert resident_kib({endpoint.process.pid}) < 200 * 1024


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-results+json"),
        ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "text/csv"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "text/turtle"),
    ],
)
def test_a_large_answer_is_cut_at_the_byte_cap(endpoint: Endpoint, query: str, accept: str) -> None:
    status, headers, body = get(endpoint, query, accept)
    assert status == 200, body[:300]
    assert 0 < len(body) <= MAX_BYTES
    assert headers["X-Result-Truncated"] == "true"
    assert headers["X-Result-Truncated-By"] == "bytes"
    if accept.endswith("json"):
        assert json.loads(body)["results"]["bindings"]
