"""Issue 13, defect 8: parsing ran in the server's handler threads, outside the deadline: a 60 kB
query of 6,000 `||` terms kept the server busy about 50 s and blocked cheap queries for more
than 30 s.

Now the server only reads the request: the worker checks, parses and evaluates it, under the
time limit, while the other workers answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tests.endpoint import MINISTRIES, Endpoint, get, live_workers, request, start_server, stop_server
from tests.regressions.conftest import INPUTS

LONG_QUERY = (INPUTS / "08-long-query" / "long-or.rq").read_bytes()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    server = start_server("--timeout", "2", "--max-request-bytes", "131072")
    yield server
    stop_server(server)


def test_a_long_query_is_stopped_at_its_deadline_while_cheap_ones_answer(endpoint: Endpoint) -> None:
    assert 55_000 < len(LONG_QUERY) < 80_000
    outcome: dict[str, float] = {}

    def long_query() -> None:
        started = time.monotonic()
        status, _, _ = request(
            endpoint.sparql, LONG_QUERY, {"Content-Type": "application/sparql-query"}, timeout=60
        )
        outcome["status"], outcome["seconds"] = status, time.monotonic() - started

    thread = threading.Thread(target=long_query)
    thread.start()
    time.sleep(0.2)
    for _ in range(5):
        started = time.monotonic()
        assert get(endpoint, MINISTRIES)[0] == 200
        assert time.monotonic() - started < 1.0
    thread.join(timeout=60)
    assert outcome["status"] in (200, 503)
    assert outcome["seconds"] < 2 + 1.5, "the deadline covers parsing"
    assert len(live_workers(endpoint, 8)) == 8
