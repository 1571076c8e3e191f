"""Helpers for tests of `careersnet serve`: start a real server process, send requests (urllib
or raw sockets), and see its processes (the server, its zygote, the zygote's workers)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "queries" / "fixture"
CND = "https://w3id.org/careersnet-graph/id/"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MINISTRIES = "SELECT ?org WHERE { ?org a cng:Ministry ; rdfs:label 'Ministry Two' }"


@dataclass
class Endpoint:
    process: subprocess.Popen[str]
    base: str
    port: int
    log: IO[str] | None = None
    """The server's standard error (a file, so that a chatty server never blocks on a full pipe)."""

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"


def start_server(
    *extra: str, data: Path | None = FIXTURE, host: str = "127.0.0.1", env: dict[str, str] | None = None
) -> Endpoint:
    """`python -m careersnet_graph serve --port 0 --data <fixture> …`, started and ready."""
    command = [sys.executable, "-m", "careersnet_graph", "serve", "--port", "0", "--host", host]
    if data is not None:
        command += ["--data", str(data)]
    log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115  (closed by stop_server)
    process = subprocess.Popen(
        [*command, *extra],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"http://([^/]+):(\d+)/sparql", line)
    if match is None:
        process.kill()
        process.communicate()
        log.seek(0)
        raise AssertionError(f"server did not start: {line!r} {log.read()}")
    port = int(match[2])
    return Endpoint(process, f"http://127.0.0.1:{port}", port, log)


def stop_server(endpoint: Endpoint) -> tuple[int, str, str]:
    """Ctrl-C, then the exit code, standard output and standard error."""
    endpoint.process.send_signal(signal.SIGINT)
    out, _ = endpoint.process.communicate(timeout=30)
    err = ""
    if endpoint.log is not None:
        endpoint.log.seek(0)
        err = endpoint.log.read()
        endpoint.log.close()
    return endpoint.process.returncode, out, err


def request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    """Send a request and return status, headers and body, for error statuses too."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get(
    endpoint: Endpoint, query: str, accept: str = "application/sparql-results+json"
) -> tuple[int, dict[str, str], bytes]:
    return request(
        endpoint.sparql + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept}
    )


def post_form(endpoint: Endpoint, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    body = urllib.parse.urlencode(fields).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }
    return request(endpoint.sparql, body, headers)


def raw_exchange(endpoint: Endpoint, data: bytes, timeout: float = 10.0) -> bytes:
    """Send raw bytes on a new connection, then read until the server closes it (or `timeout`)."""
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=timeout) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        deadline = time.monotonic() + timeout
        with contextlib.suppress(OSError):
            while time.monotonic() < deadline:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)


def status_of(response: bytes) -> int | None:
    """The status code of a raw HTTP response (after any 100 Continue), None when there is none."""
    while response.startswith(b"HTTP/1.1 100 "):
        response = response.partition(b"\r\n\r\n")[2]
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", response)
    return int(match[1]) if match else None


def children_of(pid: int) -> set[int]:
    """The direct children of a process."""
    children: set[int] = set()
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                children.update(int(child) for child in (task / "children").read_text().split())
    return children


def zygote_of(endpoint: Endpoint) -> int:
    """The zygote: the server's only child."""
    children = children_of(endpoint.process.pid)
    assert len(children) == 1, children
    return next(iter(children))


def workers_of(endpoint: Endpoint) -> set[int]:
    """The worker processes (the zygote's children), zombies included."""
    return children_of(zygote_of(endpoint))


def is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


def live_workers(endpoint: Endpoint, expected: int, wait: float = 5.0) -> set[int]:
    """The workers, once there are `expected` of them and none is a zombie (or after `wait` s)."""
    deadline = time.monotonic() + wait
    while True:
        workers = workers_of(endpoint)
        if (len(workers) == expected and not any(map(is_zombie, workers))) or time.monotonic() > deadline:
            return workers
        time.sleep(0.05)


def resident_kib(pids: set[int]) -> int:
    """The memory of processes, KiB: their proportional set size (Pss: a page shared by forked
    processes counts once in all), where Linux gives it, else their resident size (VmRSS)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            rollup = Path(f"/proc/{pid}/smaps_rollup")
            source, field = (rollup, "Pss:") if rollup.exists() else (Path(f"/proc/{pid}/status"), "VmRSS:")
            for line in source.read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1])
                    break
    return total


def threads_of(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def open_files(pid: int) -> list[str]:
    """Where the open file descriptors of a process point."""
    found = []
    with contextlib.suppress(OSError):
        for descriptor in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                found.append(str(descriptor.readlink()))
    return found
