"""Real SPARQL servers for the tests, started on localhost in a temporary folder and stopped after.

The Oxigraph server comes with the `oxigraph` package (a test dependency); OpenLink Virtuoso
with Debian's `virtuoso-opensource` (`.ci/run` installs it). Where a server is not installed
the tests that need it are skipped, unless `CAREERSNET_REQUIRE_SERVERS=1` (as in CI) turns the
skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

VIRTUOSO_WEB_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")


@dataclass
class Server:
    """A running server: where it answers queries, updates and the Graph Store Protocol."""

    name: str
    query_url: str
    update_url: str | None
    graph_store_url: str | None
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> str:
        """The `--store` value that names it."""
        return f"sparql:{self.query_url}"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def missing(program: str, package: str) -> None:
    """Skip (or, in CI, fail) a test whose server program is not installed."""
    message = f"{program} is not installed ({package})"
    if os.environ.get("CAREERSNET_REQUIRE_SERVERS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    query = url + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit {process.returncode})")
        try:
            with urllib.request.urlopen(query, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not answer within {seconds:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_program() -> str | None:
    """The `oxigraph` server program, next to this Python or on the PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(folder: Path, *, read_only: bool = False) -> Iterator[Server]:
    """`oxigraph serve` (or `serve-read-only`) on a free port, its data in `folder`."""
    program = oxigraph_program()
    if program is None:
        missing("oxigraph", "pip install oxigraph")
    assert program is not None
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    command = "serve-read-only" if read_only else "serve"
    if read_only:
        subprocess.run(
            [program, "load", "--location", str(folder), "--file", os.devnull, "--format", "nt"], check=False
        )
    process = subprocess.Popen(
        [program, command, "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(f"{base}/query", process)
        server = Server("oxigraph-server", f"{base}/query", f"{base}/update", f"{base}/store")
        server.environment = {
            "CAREERSNET_SPARQL_UPDATE_URL": f"{base}/update",
            "CAREERSNET_SPARQL_GRAPH_STORE_URL": f"{base}/store",
        }
        yield server
    finally:
        _stop(process)


VIRTUOSO_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {web_root}
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


@contextmanager
def virtuoso_server(
    folder: Path, *, max_rows: int = 2000, page_size: int = 500, writable: bool = True
) -> Iterator[Server]:
    """OpenLink Virtuoso on free ports, its database in `folder`. Its answers are cut at `max_rows`
    (the server's ResultSetMaxRows) and the remote store asks for `page_size` rows a page, so
    that paging is exercised. With `writable`, the anonymous SPARQL user may update (Virtuoso's
    SPARQL_UPDATE role)."""
    program, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if program is None or isql is None or not VIRTUOSO_WEB_ROOT.is_dir():
        missing("virtuoso-t", "apt-get install virtuoso-opensource")
    assert program is not None and isql is not None
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            folder=folder,
            sql_port=sql_port,
            http_port=http_port,
            web_root=VIRTUOSO_WEB_ROOT,
            max_rows=max_rows,
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [program, "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_answering(f"{base}/sparql", process, seconds=90)
        if writable:
            subprocess.run(
                [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                check=True,
                capture_output=True,
            )
        server = Server("virtuoso", f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud")
        server.environment = {
            "CAREERSNET_SPARQL_UPDATE_URL": f"{base}/sparql",
            "CAREERSNET_SPARQL_GRAPH_STORE_URL": f"{base}/sparql-graph-crud",
            "CAREERSNET_SPARQL_PAGE_SIZE": str(page_size),
        }
        yield server
    finally:
        _stop(process)
