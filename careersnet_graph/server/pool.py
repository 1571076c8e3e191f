"""The pool of query workers, as the server sees it: hand a request to an idle worker, wait for
its reply until the deadline, kill and replace a worker that is late, dies or ran out of memory.

Workers are forked by the zygote (`processes`), never by the server, whose threads would make a
fork unsafe; a keeper thread asks the zygote for a replacement whenever a worker is retired, so
the pool is back to its size within milliseconds and a handler thread never waits for a fork.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.server.processes import Zygote, start_zygote
from careersnet_graph.server.wire import WireError, receive_message, send_message
from careersnet_graph.server.worker import Reply, WorkerLimits, serve_requests
from careersnet_graph.store.base import StoreError

LOG = logging.getLogger("careersnet_graph.server")

QUERIES_PER_WORKER = 1_000
"""A worker is replaced after this many queries, so that no worker's memory creeps up."""

LONG_QUERY_SECONDS = 0.5
"""A query still running after this long gets the lowest CPU priority (nice 19), so that short
queries keep answering while long ones run; its worker is replaced once it has answered (a
process cannot raise its priority again)."""

READY_SECONDS = 120.0
"""How long a new worker may take to open its graph and say it is ready."""


class PoolBusyError(CareersnetError):
    """No worker became free within the wait allowed (the server answers 503)."""


class QueryTimeoutError(CareersnetError):
    """A query that did not finish within the time limit; its worker was killed (503)."""


class WorkerLostError(CareersnetError):
    """The worker evaluating a query ended without an answer, e.g. above its memory limit (503)."""


@dataclass
class _Worker:
    pid: int
    sock: socket.socket
    served: int = 0
    niced: bool = False


@dataclass
class PoolStatus:
    """What the pool holds now (for tests and logs)."""

    idle: int
    size: int
    pids: list[int] = field(default_factory=list)


class WorkerPool:
    """`size` worker processes, each holding the graph, answering one request at a time."""

    def __init__(self, open_graph: Callable[[], KnowledgeGraph], limits: WorkerLimits, size: int) -> None:
        self.limits = limits
        self.size = size
        self._open_graph = open_graph
        self._zygote: Zygote | None = None
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: dict[int, _Worker] = {}
        self._wanted = 0
        self._changed = threading.Condition()
        self._closed = False

    def start(self) -> None:
        """Fork the zygote and the first workers (call it before any thread starts); raises the
        error a worker met opening the graph."""

        def serve(sock: socket.socket) -> None:
            serve_requests(sock, self._open_graph, self.limits)

        self._zygote = start_zygote(serve)
        try:
            for _ in range(self.size):
                self._add(self._new_worker())
        except BaseException:
            self.close()
            raise
        threading.Thread(target=self._keep, name="worker-keeper", daemon=True).start()

    def run(self, request: dict[str, Any], timeout: float, wait: float) -> Reply:
        """The reply of a worker to `request`; raises `PoolBusyError` when no worker is free
        within `wait` seconds, `QueryTimeoutError` after `timeout` seconds of evaluation, and
        `WorkerLostError` when the worker ends without an answer."""
        try:
            worker = self._idle.get(timeout=wait) if wait > 0 else self._idle.get_nowait()
        except queue.Empty:
            raise PoolBusyError(f"all {self.size} query workers are busy: retry in a few seconds") from None
        started = time.monotonic()
        deadline = started + timeout
        max_body = self.limits.max_answer_bytes + 65536
        try:
            send_message(worker.sock, request)
            try:
                header, body = receive_message(
                    worker.sock, deadline=min(deadline, started + LONG_QUERY_SECONDS), max_body=max_body
                )
            except TimeoutError:
                if time.monotonic() >= deadline:
                    raise
                self._lower_priority(worker)
                header, body = receive_message(worker.sock, deadline=deadline, max_body=max_body)
        except TimeoutError:
            self._retire(worker, kill=True)
            raise QueryTimeoutError(
                f"the query ran longer than the time limit of {timeout:g} s and was stopped"
            ) from None
        except (WireError, OSError):
            self._retire(worker, kill=True)
            limit = (self.limits.max_memory_bytes or 0) >> 20
            raise WorkerLostError(
                "the query's worker stopped without an answer (the query most likely needed more "
                f"memory than a worker may use, {limit} MiB)"
            ) from None
        worker.served += 1
        reply = Reply(
            int(header.get("status", 500)),
            str(header.get("content_type", "text/plain; charset=utf-8")),
            body,
            header.get("truncated") if isinstance(header.get("truncated"), str) else None,
            bool(header.get("retire")),
        )
        if reply.retire or worker.niced or worker.served >= QUERIES_PER_WORKER:
            self._retire(worker, kill=True)
        else:
            self._idle.put(worker)
        return reply

    def _lower_priority(self, worker: _Worker) -> None:
        if self._zygote is not None:
            self._zygote.lower_priority(worker.pid)
            worker.niced = True

    def status(self) -> PoolStatus:
        """How many workers are idle, the pool's size and the live workers' process ids."""
        with self._changed:
            return PoolStatus(self._idle.qsize(), self.size, sorted(self._live))

    def close(self) -> None:
        """Stop every worker and the zygote."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            workers = list(self._live.values())
            self._live.clear()
        for worker in workers:
            worker.sock.close()
        if self._zygote is not None:
            self._zygote.close()

    # --- workers come and go ----------------------------------------------------------------------

    def _new_worker(self) -> _Worker:
        assert self._zygote is not None
        pid, sock = self._zygote.spawn()
        try:
            header, _ = receive_message(sock, deadline=time.monotonic() + READY_SECONDS)
        except (TimeoutError, WireError):
            sock.close()
            self._zygote.kill(pid)
            raise CareersnetError("a query worker did not start") from None
        if not header.get("ready"):
            sock.close()
            raise StoreError(str(header.get("message", "a query worker cannot open the graph")))
        return _Worker(pid, sock)

    def _add(self, worker: _Worker) -> None:
        with self._changed:
            if self._closed:
                worker.sock.close()
                return
            self._live[worker.pid] = worker
        self._idle.put(worker)

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        worker.sock.close()
        if kill and self._zygote is not None:
            self._zygote.kill(worker.pid)
        with self._changed:
            self._live.pop(worker.pid, None)
            self._wanted += 1
            self._changed.notify_all()

    def _keep(self) -> None:
        """Replace retired workers, one at a time (the keeper thread)."""
        while True:
            with self._changed:
                while not self._wanted and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
                self._wanted -= 1
            try:
                self._add(self._new_worker())
            except CareersnetError as error:
                LOG.error("cannot replace a query worker: %s", error)
                with self._changed:
                    self._wanted += 1
                time.sleep(1.0)
