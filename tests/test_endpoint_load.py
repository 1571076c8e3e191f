"""A load test of `careersnet serve` on localhost, bounded in count and time: 8 clients send 200
cheap queries each (over keep-alive connections) while 4 runaway queries run and are killed at
the deadline, again and again. Cheap queries keep answering, none is refused, memory stays flat
and no worker is left behind. The figures it prints are the ones in docs/sparql.md.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import pytest

from tests.endpoint import (
    RUNAWAY,
    Endpoint,
    get,
    is_zombie,
    live_workers,
    resident_kib,
    start_server,
    stop_server,
    workers_of,
    zygote_of,
)

CLIENTS = 8
QUERIES_PER_CLIENT = 200
RUNAWAYS = 4
WORKERS = 8
CHEAP = [
    "ASK { cnd:org-cedefop a ?type }",
    "SELECT ?org WHERE { ?org a cng:Ministry } LIMIT 5",
    "SELECT ?label WHERE { cnd:org-cedefop rdfs:label ?label }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?p a cng:Participation }",
]


@dataclass
class Tally:
    statuses: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses.append(status)
            self.seconds.append(seconds)


def everything(endpoint: Endpoint) -> set[int]:
    return {endpoint.process.pid, zygote_of(endpoint), *workers_of(endpoint)}


def cheap_client(endpoint: Endpoint, tally: Tally, offset: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=30)
    try:
        for index in range(QUERIES_PER_CLIENT):
            query = CHEAP[(index + offset) % len(CHEAP)]
            target = "/sparql?" + urllib.parse.urlencode({"query": query})
            started = time.monotonic()
            connection.request("GET", target, headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            tally.add(response.status, time.monotonic() - started)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=30)
    finally:
        connection.close()


def runaway_client(endpoint: Endpoint, stop: threading.Event, statuses: list[int]) -> None:
    while not stop.is_set():
        statuses.append(get(endpoint, RUNAWAY)[0])


@pytest.mark.slow
def test_cheap_queries_keep_answering_while_runaway_queries_run() -> None:
    endpoint = start_server("--timeout", "1", data=None)  # the default pool: 8 workers
    try:
        for query in CHEAP * 5:  # warm up every worker's caches
            assert get(endpoint, query)[0] == 200
        before = resident_kib(everything(endpoint))
        stop = threading.Event()
        runaway_statuses: list[int] = []
        runaways = [
            threading.Thread(target=runaway_client, args=(endpoint, stop, runaway_statuses))
            for _ in range(RUNAWAYS)
        ]
        for thread in runaways:
            thread.start()
        time.sleep(0.5)  # the runaway queries hold their workers
        tally = Tally()
        clients = [
            threading.Thread(target=cheap_client, args=(endpoint, tally, offset)) for offset in range(CLIENTS)
        ]
        started = time.monotonic()
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(timeout=120)
        elapsed = time.monotonic() - started
        during = resident_kib(everything(endpoint))
        stop.set()
        for thread in runaways:
            thread.join(timeout=30)
        workers = live_workers(endpoint, WORKERS)
        after = resident_kib(everything(endpoint))
    finally:
        code, _, err = stop_server(endpoint)
    answered = tally.statuses.count(200)
    rate = answered / elapsed
    seconds = sorted(tally.seconds)
    p50, p95 = statistics.median(seconds) * 1000, seconds[int(len(seconds) * 0.95)] * 1000
    print(
        f"\n{answered} of {len(tally.statuses)} cheap queries answered in {elapsed:.2f} s: "
        f"{rate:.0f} answers/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {seconds[-1] * 1000:.0f} ms; "
        f"{len(runaway_statuses)} runaway queries stopped ({sorted(set(runaway_statuses))}); "
        f"memory (PSS) {before // 1024} MiB before, {during // 1024} MiB during, {after // 1024} MiB after"
    )
    assert code == 0 and "Traceback" not in err
    assert len(tally.statuses) == CLIENTS * QUERIES_PER_CLIENT
    assert answered == len(tally.statuses), f"refused: {sorted(set(tally.statuses) - {200})}"
    assert rate >= 200, "at least 200 answers/s (about 850 on a 2-core machine)"
    assert runaway_statuses and set(runaway_statuses) == {503}
    assert len(workers) == WORKERS and not any(map(is_zombie, workers)), "no worker left behind"
    assert after < before * 1.5 + 32 * 1024, "memory stays flat"
