"""The endpoint: http.server's ThreadingHTTPServer answering the SPARQL 1.1 Protocol at `/sparql`.

Each request is parsed and checked in the server (updates 403; SERVICE, LOAD, foreign FROM and
syntax errors 400), then evaluated in a forked worker process with a deadline (503 when it is
passed, and at once when all `max_workers` slots are busy). Answers are cut at `max_rows`
(header `X-Result-Truncated: true`); requests above `max_request_bytes` are refused (413).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.server.negotiation import choose_format
from careersnet_graph.server.page import Page, build_page
from careersnet_graph.server.worker import QueryTimeoutError, answer_in_worker
from careersnet_graph.sparql.errors import UpdateRefusedError
from careersnet_graph.sparql.formats import MEDIA_TYPES

LOG = logging.getLogger("careersnet_graph.server")

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class EndpointConfig:
    """Where the endpoint listens and the limits it enforces."""

    host: str = "127.0.0.1"
    port: int = 8890
    timeout: float = 10.0
    max_rows: int = 10_000
    max_request_bytes: int = 64 * 1024
    max_workers: int = 4


class EndpointServer(ThreadingHTTPServer):
    """A threading HTTP server that holds the graph, the limits and the page."""

    daemon_threads = True

    def __init__(self, kg: KnowledgeGraph, config: EndpointConfig) -> None:
        self.kg = kg
        self.config = config
        self.page: Page = build_page()
        self.workers = threading.BoundedSemaphore(config.max_workers)
        super().__init__((config.host, config.port), SparqlHandler)


class HttpError(Exception):
    """An HTTP error status with a plain-text message for the client."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers GET / (the page), GET /sparql and POST /sparql; nothing else."""

    server: EndpointServer
    server_version = "careersnet-sparql"

    def do_GET(self) -> None:
        self._respond(self._get)

    def do_POST(self) -> None:
        self._respond(self._post)

    def log_message(self, format: str, *args: object) -> None:
        LOG.info("%s %s", self.address_string(), format % args)

    def _respond(self, handle: Callable[[], None]) -> None:
        try:
            handle()
        except HttpError as error:
            self._send(error.status, (error.message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _get(self) -> None:
        if len(self.path) > self.server.config.max_request_bytes:
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request is larger than the limit")
        url = urlsplit(self.path)
        if url.path == "/":
            page = self.server.page
            headers = {"Content-Security-Policy": page.content_security_policy}
            self._send(HTTPStatus.OK, page.html.encode("utf-8"), "text/html; charset=utf-8", headers)
            return
        if url.path != "/sparql":
            raise HttpError(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
        self._answer(parse_qs(url.query, keep_blank_values=True))

    def _post(self) -> None:
        if urlsplit(self.path).path != "/sparql":
            raise HttpError(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
        length_header = self.headers.get("Content-Length")
        if length_header is None or not length_header.isdigit():
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        length = int(length_header)
        if length > self.server.config.max_request_bytes:
            self.close_connection = True
            limit = self.server.config.max_request_bytes
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request is larger than {limit} bytes")
        body = self.rfile.read(length)
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if content_type == FORM:
            params.update(parse_qs(_decode(body), keep_blank_values=True))
        elif content_type == SPARQL_QUERY:
            params["query"] = [_decode(body)]
        elif content_type == SPARQL_UPDATE:
            raise HttpError(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: the graph is read-only")
        else:
            raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"send {FORM} or {SPARQL_QUERY}")
        self._answer(params)

    def _answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise HttpError(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: the graph is read-only")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HttpError(HTTPStatus.BAD_REQUEST, "default-graph-uri and named-graph-uri are not supported")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise HttpError(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
        kg, config = self.server.kg, self.server.config
        try:
            bound = kg.bind(queries[0], {}, source="query")
        except UpdateRefusedError as error:
            raise HttpError(HTTPStatus.FORBIDDEN, str(error)) from None
        except CareersnetError as error:
            raise HttpError(HTTPStatus.BAD_REQUEST, str(error)) from None
        requested = params["format"][0] if params.get("format") else None
        format_name = choose_format(self.headers.get("Accept"), bound.prepared.returns_graph, requested)
        if format_name is None:
            kind = bound.prepared.kind
            raise HttpError(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer a {kind} query in the accepted types")
        if not self.server.workers.acquire(blocking=False):
            busy = f"all {config.max_workers} query workers are busy: retry in a few seconds"
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, busy)
        try:
            answer = answer_in_worker(kg, bound, format_name, config.max_rows, config.timeout)
        except QueryTimeoutError as error:
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, str(error)) from None
        except CareersnetError as error:
            raise HttpError(HTTPStatus.BAD_REQUEST, str(error)) from None
        finally:
            self.server.workers.release()
        headers = {"X-Result-Truncated": "true" if answer.truncated else "false"}
        content_type = f"{MEDIA_TYPES[format_name]}; charset=utf-8"
        self._send(HTTPStatus.OK, answer.body, content_type, headers)

    def _send(
        self, status: HTTPStatus, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-Result-Truncated")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None


def make_server(kg: KnowledgeGraph, config: EndpointConfig) -> EndpointServer:
    """A server bound to `config.host:config.port` (port 0: a free port), not yet serving."""
    return EndpointServer(kg, config)
