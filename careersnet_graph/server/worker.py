"""A query worker: one process of the pool that checks, evaluates and writes answers.

Everything a query costs happens here, inside the time limit the server keeps: the tokenizer's
checks (`KnowledgeGraph.bind`), content negotiation (it needs the kind of query), evaluation by
the store and the writing of the answer. The worker runs under an address-space limit
(`RLIMIT_AS`, set once it has opened its graph), writes no core file, and answers each request
with a status, a media type and a body of at most `max_answer_bytes` bytes.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.server.negotiation import choose_format
from careersnet_graph.server.wire import WireError, receive_message, send_message
from careersnet_graph.sparql.answer import Answer
from careersnet_graph.sparql.errors import UpdateRefusedError
from careersnet_graph.sparql.formats import render
from careersnet_graph.sparql.params import split_assignment
from careersnet_graph.store.base import StoreError

TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class WorkerLimits:
    """What one query may take: rows, bytes of answer, and memory beyond what the worker starts with."""

    max_rows: int = 10_000
    max_answer_bytes: int = 16 << 20
    max_memory_bytes: int | None = 512 << 20


@dataclass(frozen=True)
class Reply:
    """A worker's answer to one request: HTTP status, media type, body, how it was cut, and
    whether the worker should be replaced after it (it ran out of memory)."""

    status: int
    content_type: str
    body: bytes
    truncated: str | None = None
    retire: bool = False

    def header(self) -> dict[str, Any]:
        """The reply as a message header (the body travels beside it)."""
        return {
            "status": self.status,
            "content_type": self.content_type,
            "truncated": self.truncated,
            "retire": self.retire,
        }


def error_reply(status: HTTPStatus, message: str, *, retire: bool = False) -> Reply:
    """A plain-text error answer."""
    return Reply(int(status), TEXT, (message + "\n").encode("utf-8"), None, retire)


def answer_request(kg: KnowledgeGraph, request: Mapping[str, Any], limits: WorkerLimits) -> Reply:
    """Check, evaluate and write one query: `request` holds `query`, `accept` and `format`."""
    if "values" in request:
        return _values_reply(kg, request["values"])
    text = request.get("query")
    if not isinstance(text, str):
        return error_reply(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
    try:
        bound = kg.bind(text, _parameters(request.get("params")), source="query")
    except UpdateRefusedError as error:
        return error_reply(HTTPStatus.FORBIDDEN, str(error))
    except StoreError as error:
        return error_reply(HTTPStatus.BAD_GATEWAY, str(error))
    except CareersnetError as error:
        return error_reply(HTTPStatus.BAD_REQUEST, str(error))
    accept, requested = request.get("accept"), request.get("format")
    choice = choose_format(
        accept if isinstance(accept, str) else None,
        bound.prepared.returns_graph,
        requested if isinstance(requested, str) else None,
    )
    if choice is None:
        kind = bound.prepared.kind
        return error_reply(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer a {kind} query in the accepted types")
    format_name, media_type = choice
    try:
        answer = kg.run(bound, limits.max_rows, max_bytes=limits.max_answer_bytes)
        body, cut = _capped(answer, format_name, limits, kg)
    except MemoryError:
        limit = (limits.max_memory_bytes or 0) >> 20
        return error_reply(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query needed more memory than a worker may use ({limit} MiB) and was stopped",
            retire=True,
        )
    except StoreError as error:
        return error_reply(HTTPStatus.BAD_GATEWAY, str(error))
    except CareersnetError as error:
        return error_reply(HTTPStatus.BAD_REQUEST, str(error))
    except RecursionError:
        return error_reply(HTTPStatus.BAD_REQUEST, "query: the query is nested too deeply")
    except Exception as error:  # an evaluation error of the store: the client's query, not a crash
        return error_reply(
            HTTPStatus.BAD_REQUEST, f"query: the query failed: {type(error).__name__}: {error}"
        )
    return Reply(int(HTTPStatus.OK), f"{media_type}; charset=utf-8", body, cut)


def _parameters(given: object) -> dict[str, str]:
    """The `param` fields of a request (`name=value` each, as `--param`) by name; one value a name."""
    bindings: dict[str, str] = {}
    for assignment in given if isinstance(given, list) else []:
        name, value = split_assignment(str(assignment))
        if name in bindings:
            raise CareersnetError(f"the parameter {name} is given twice")
        bindings[name] = value
    return bindings


def _values_reply(kg: KnowledgeGraph, name: object) -> Reply:
    """The suggested values of a library question's parameters, as JSON (see `suggest`)."""
    from careersnet_graph.queries import library  # noqa: PLC0415
    from careersnet_graph.server.suggest import parameter_values  # noqa: PLC0415

    query = library().get(str(name))
    if query is None:
        return error_reply(HTTPStatus.NOT_FOUND, f"no library question {name!r}")
    try:
        values = {
            parameter.name: parameter_values(kg, query, parameter.name) for parameter in query.parameters
        }
    except StoreError as error:
        return error_reply(HTTPStatus.BAD_GATEWAY, str(error))
    body = json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return Reply(int(HTTPStatus.OK), "application/json; charset=utf-8", body)


def _capped(
    answer: Answer, format_name: str, limits: WorkerLimits, kg: KnowledgeGraph
) -> tuple[bytes, str | None]:
    """The answer written, cut to its first rows (or triples) where it would pass the byte cap.

    Returns the body and why it was cut: "rows" (the row cap), "bytes" (the byte cap) or None.
    """
    max_bytes = limits.max_answer_bytes
    body = render(answer, format_name, kg.curie).encode("utf-8")
    count = len(answer.triples) if answer.triples is not None else len(answer.rows)
    if len(body) <= max_bytes:
        if not answer.truncated:
            return body, None
        return body, "rows" if count >= limits.max_rows else "bytes"
    low, high = 0, min(count, max(1, count * max_bytes // len(body)) + 1)
    while low < high:  # the most rows that fit
        middle = (low + high + 1) // 2
        if len(_written(answer, middle, format_name, kg)) <= max_bytes:
            low = middle
        else:
            high = middle - 1
    body = _written(answer, low, format_name, kg)
    if len(body) > max_bytes:
        raise CareersnetError(f"query: even an empty answer is larger than the limit of {max_bytes} bytes")
    return body, "bytes"


def _written(answer: Answer, count: int, format_name: str, kg: KnowledgeGraph) -> bytes:
    if answer.triples is not None:
        cut = replace(answer, triples=answer.triples[:count], truncated=True)
    else:
        cut = replace(answer, rows=answer.rows[:count], truncated=True)
    return render(cut, format_name, kg.curie).encode("utf-8")


def address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:  # noqa: PTH123  (a proc file)
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def limit_memory(headroom: int | None) -> None:
    """Let this process grow by at most `headroom` bytes of address space; never dump core."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    current = address_space()
    if headroom is None or current is None:
        return
    limit = current + headroom
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def serve_requests(
    sock: socket.socket, open_graph: Callable[[], KnowledgeGraph], limits: WorkerLimits
) -> None:
    """The worker's life (in the forked child): open the graph, say ready, answer until the
    server closes the socket."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ["RUST_BACKTRACE"] = "0"  # a query above the memory limit: one line in the log, not a backtrace
    try:
        kg = open_graph()
    except CareersnetError as error:
        send_message(sock, {"ready": False, "message": str(error)})
        return
    limit_memory(limits.max_memory_bytes)
    send_message(sock, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            request, _ = receive_message(sock)
        except WireError:
            return
        try:
            reply = answer_request(kg, request, limits)
        except MemoryError:
            reply = error_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "the query needed more memory than a worker may use",
                retire=True,
            )
        try:
            send_message(sock, reply.header(), reply.body)
        except (OSError, MemoryError):
            return
        if reply.retire:
            return
