"""`careersnet serve` over every kind of store: the same answers, the pool whole after a kill.

- embedded Oxigraph in memory (the default) and rdflib (`--store memory`): the workers inherit
  the loaded graph;
- a persistent Oxigraph store: the command never opens it (RocksDB's threads must not be
  forked), each worker opens it read-only; with `--infer rdfs` it is read into memory once;
- a remote SPARQL store (an Oxigraph server on localhost): each worker has its own HTTP session.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from careersnet_graph.store.remote import RemoteSettings, RemoteStore
from tests.endpoint import (
    FIXTURE,
    REPO,
    RUNAWAY,
    Endpoint,
    get,
    live_workers,
    open_files,
    start_server,
    stop_server,
    workers_of,
    zygote_of,
)
from tests.servers import oxigraph_server

QUERY = "SELECT ?org WHERE { ?org a cng:Ministry } ORDER BY ?org"
INFERRED = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a cng:PublicAuthority }"


def rows(endpoint_answer: tuple[int, dict[str, str], bytes]) -> list[dict[str, object]]:
    status, _, body = endpoint_answer
    assert status == 200, body
    bindings: list[dict[str, object]] = json.loads(body)["results"]["bindings"]
    return bindings


def load_store(spec: str, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "careersnet_graph", "load", "--store", spec, "--data", str(FIXTURE)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def reference() -> dict[str, list[dict[str, object]]]:
    server = start_server("--infer", "rdfs")
    try:
        inferred = rows(get(server, INFERRED))
    finally:
        stop_server(server)
    server = start_server()
    try:
        return {"plain": rows(get(server, QUERY)), "rdfs": inferred}
    finally:
        stop_server(server)


def check_pool(endpoint: Endpoint) -> None:
    """A runaway query is stopped at the deadline and its worker replaced."""
    before = live_workers(endpoint, 2)
    assert get(endpoint, RUNAWAY)[0] == 503
    deadline = time.monotonic() + 5
    after = live_workers(endpoint, 2)
    while after == before and time.monotonic() < deadline:
        time.sleep(0.05)
        after = live_workers(endpoint, 2)
    assert len(after) == 2 and len(before - after) == 1


def test_rdflib_store(reference: dict[str, list[dict[str, object]]]) -> None:
    server = start_server("--store", "memory", "--max-workers", "2", "--timeout", "2")
    try:
        assert rows(get(server, QUERY)) == reference["plain"]
        check_pool(server)
    finally:
        assert stop_server(server)[0] == 0


def test_persistent_oxigraph_store_is_opened_read_only_by_each_worker(
    reference: dict[str, list[dict[str, object]]], tmp_path: Path
) -> None:
    folder = tmp_path / "store"
    load_store(f"oxigraph:{folder}")
    server = start_server("--store", f"oxigraph:{folder}", "--max-workers", "2", "--timeout", "2", data=None)
    try:
        assert rows(get(server, QUERY)) == reference["plain"]
        inside = str(folder)
        assert not [path for path in open_files(server.process.pid) if path.startswith(inside)]
        assert not [path for path in open_files(zygote_of(server)) if path.startswith(inside)]
        for worker in workers_of(server):
            assert [path for path in open_files(worker) if path.startswith(inside)], "each worker opens it"
        check_pool(server)
        assert rows(get(server, QUERY)) == reference["plain"], "the replacement opened it too"
    finally:
        code, _, err = stop_server(server)
    assert code == 0 and "Traceback" not in err


def test_persistent_oxigraph_store_with_inference(
    reference: dict[str, list[dict[str, object]]], tmp_path: Path
) -> None:
    folder = tmp_path / "store"
    load_store(f"oxigraph:{folder}")
    server = start_server("--store", f"oxigraph:{folder}", "--infer", "rdfs", "--max-workers", "2", data=None)
    try:
        assert rows(get(server, INFERRED)) == reference["rdfs"]
    finally:
        assert stop_server(server)[0] == 0


def test_remote_store(reference: dict[str, list[dict[str, object]]], tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "server") as remote:
        load_store(remote.spec, remote.environment)
        server = start_server(
            "--store", remote.spec, "--max-workers", "2", "--timeout", "2", data=None, env=remote.environment
        )
        try:
            assert rows(get(server, QUERY)) == reference["plain"]
            assert rows(get(server, QUERY)) == reference["plain"]
            check_pool(server)
        finally:
            code, _, err = stop_server(server)
        assert code == 0 and "Traceback" not in err


def test_a_forked_process_gets_its_own_http_session() -> None:
    store = RemoteStore(RemoteSettings("http://127.0.0.1:9/query", user="u", password="p"))
    inherited = store._session
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report whether its session is a new one with the same credentials
        fresh = store._session is not inherited and store._session.auth == ("u", "p")
        os.write(writer, b"yes" if fresh else b"no")
        os._exit(0)
    os.close(writer)
    answer = os.read(reader, 8)
    os.close(reader)
    os.waitpid(pid, 0)
    assert answer == b"yes"
    assert store._session is inherited, "the parent keeps its session"
    store.close()
