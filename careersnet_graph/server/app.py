"""The endpoint: an HTTP/1.1 server answering the SPARQL 1.1 Protocol at `/sparql`.

The server's threads only read requests and write answers; every query is checked, evaluated
and written by a worker process of the pool (`pool`), under the query time limit and a memory
limit. The HTTP side holds under abuse:

- at most `max_connections` connections at once (more get 503 at once and are closed); a
  request must arrive whole, and an answer be taken, within `socket_timeout` seconds each
  (a connection that dribbles is cut); idle keep-alive connections close after that time too;
- strict framing: one Content-Length of ASCII digits, no Transfer-Encoding, no duplicated
  Content-Length, Content-Type or Host, no body on a GET; the query string and the body must
  be UTF-8; requests above `max_request_bytes` get 413;
- on a loopback address, a Host header that does not name this machine gets 403 (so a web
  page cannot reach the endpoint through DNS rebinding); CORS headers are sent only for the
  origins given with `--cors`;
- answers are cut at `max_rows` rows and `max_answer_bytes` bytes (`X-Result-Truncated`).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from careersnet_graph.server.page import Page, build_page
from careersnet_graph.server.pool import PoolBusyError, QueryTimeoutError, WorkerLostError, WorkerPool
from careersnet_graph.server.worker import Reply

LOG = logging.getLogger("careersnet_graph.server")

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
TEXT = "text/plain; charset=utf-8"

_DIGITS = re.compile(r"[0-9]{1,15}")
_SINGLE_HEADERS = ("Content-Length", "Content-Type", "Host", "Transfer-Encoding", "Origin")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})


def _default_connections() -> int:
    return 128 * (os.cpu_count() or 1)


@dataclass(frozen=True)
class EndpointConfig:
    """Where the endpoint listens and the limits it enforces (see docs/sparql.md)."""

    host: str = "127.0.0.1"
    port: int = 8890
    timeout: float = 10.0
    max_rows: int = 10_000
    max_request_bytes: int = 64 * 1024
    max_workers: int = 8
    max_answer_bytes: int = 16 << 20
    max_worker_memory: int | None = 512 << 20
    queue_timeout: float = 2.0
    max_connections: int = 0
    socket_timeout: float = 30.0
    cors: tuple[str, ...] = ()

    @property
    def connection_cap(self) -> int:
        """`max_connections`, or (0) 128 per processor, as Oxigraph's server allows."""
        return self.max_connections or _default_connections()


def is_loopback(host: str) -> bool:
    """True when `host` (a name or an address) is this machine only."""
    name = host.strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class EndpointServer(ThreadingHTTPServer):
    """A threading HTTP server with a connection cap, per-phase deadlines and the worker pool."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, pool: WorkerPool, config: EndpointConfig) -> None:
        self.pool = pool
        self.config = config
        self.page: Page = build_page()
        self.suggested: dict[str, bytes] = {}
        """The /values answers already computed, by question name (dict operations are atomic)."""
        self.loopback = is_loopback(config.host)
        self._lock = threading.Lock()
        self._connections = 0
        self._deadlines: dict[socket.socket, float] = {}
        self._stopping = threading.Event()
        if ":" in config.host:
            self.address_family = socket.AF_INET6
        super().__init__((config.host, config.port), SparqlHandler)

    @property
    def connections(self) -> int:
        """Connections open now."""
        with self._lock:
            return self._connections

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        reaper = threading.Thread(target=self._cut_late_connections, name="deadlines", daemon=True)
        reaper.start()
        try:
            super().serve_forever(poll_interval)
        finally:
            self._stopping.set()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            refused = self._connections >= self.config.connection_cap
            if not refused:
                self._connections += 1
        if refused:
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            with self._lock:
                self._connections -= 1
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._connections -= 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One log line, never a traceback (a client that goes away is routine: INFO)."""
        error = sys.exc_info()[1]
        level = logging.INFO if isinstance(error, OSError) else logging.WARNING
        LOG.log(level, "%s: connection failed: %s: %s", client_address[0], type(error).__name__, error)

    def watch(self, connection: socket.socket) -> None:
        """Start a phase (reading a request, writing an answer) that must end within `socket_timeout`."""
        with self._lock:
            self._deadlines[connection] = time.monotonic() + self.config.socket_timeout

    def unwatch(self, connection: socket.socket) -> None:
        """End the phase started by `watch`."""
        with self._lock:
            self._deadlines.pop(connection, None)

    def _cut_late_connections(self) -> None:
        while not self._stopping.wait(0.2):
            now = time.monotonic()
            with self._lock:
                late = [connection for connection, deadline in self._deadlines.items() if deadline < now]
                for connection in late:
                    del self._deadlines[connection]
            for connection in late:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def _refuse(self, request: socket.socket) -> None:
        body = f"more than {self.config.connection_cap} connections at once: retry in a second\n".encode()
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        ).encode("ascii")
        with contextlib.suppress(OSError):
            request.settimeout(1.0)
            request.sendall(head + body)
        self.shutdown_request(request)


class HttpError(Exception):
    """An HTTP error status with a plain-text message for the client."""

    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = message
        self.headers = headers or {}
        super().__init__(message)


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers GET / (the page), GET /values (its suggestions), GET and POST /sparql, and (with --cors)
    OPTIONS; nothing else."""

    server: EndpointServer
    server_version = "careersnet-sparql"
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.1"  # so that an error on a malformed line has a status line

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if len(self.requestline.split()) != 3:  # HTTP/0.9: no version, no headers, no status line
            self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP/0.9 is not served")
            return False
        return True

    def handle_expect_100(self) -> bool:
        """Invite the body (100 Continue) only for a POST whose body will be read."""
        length = (self.headers.get("Content-Length") or "").strip(" \t")
        limit = self.server.config.max_request_bytes
        if self.command == "POST" and _DIGITS.fullmatch(length) and int(length) <= limit:
            return super().handle_expect_100()
        return True

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.config.socket_timeout)
        if self.connection.family in (socket.AF_INET, socket.AF_INET6):
            # headers and body leave in two writes: without this, Nagle's algorithm and the
            # client's delayed ACK hold the body back 40 ms on a keep-alive connection
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle_one_request(self) -> None:
        self.server.watch(self.connection)
        try:
            super().handle_one_request()
        finally:
            self.server.unwatch(self.connection)

    def do_GET(self) -> None:
        self._respond(self._get)

    def do_POST(self) -> None:
        self._respond(self._post)

    def do_OPTIONS(self) -> None:
        self._respond(self._options)

    def log_message(self, format: str, *args: object) -> None:
        LOG.info("%s %s", self.address_string(), format % args)

    def _respond(self, handle: Callable[[], None]) -> None:
        try:
            self._check_framing()
            handle()
        except HttpError as error:
            self._send(
                error.status,
                (error.message + "\n").encode("utf-8"),
                TEXT,
                {**error.headers, "Connection": "close"},
            )
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as error:  # a bug here must not cost the client its answer or log a traceback
            LOG.error("internal error: %s: %s", type(error).__name__, error)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, b"internal error\n", TEXT, {"Connection": "close"})

    # --- framing ----------------------------------------------------------------------------------

    def _check_framing(self) -> None:
        for name in _SINGLE_HEADERS:
            if len(self.headers.get_all(name) or []) > 1:
                raise HttpError(HTTPStatus.BAD_REQUEST, f"the request has more than one {name} header")
        if self.headers.get("Transfer-Encoding") is not None:
            raise HttpError(
                HTTPStatus.LENGTH_REQUIRED,
                "Transfer-Encoding is not accepted: send the body with a Content-Length",
            )
        length = self.headers.get("Content-Length")
        if length is not None and not _DIGITS.fullmatch(length.strip(" \t")):
            raise HttpError(HTTPStatus.BAD_REQUEST, "Content-Length must be one non-negative decimal number")
        if self.command != "POST" and length is not None and int(length) > 0:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"a {self.command} request has no body")
        if not self._host_allowed():
            raise HttpError(
                HTTPStatus.FORBIDDEN,
                "this endpoint answers requests to this machine only (check the Host header)",
            )

    def _host_allowed(self) -> bool:
        if not self.server.loopback:
            return True
        host = self.headers.get("Host")
        if host is None:
            return self.request_version == "HTTP/1.0"
        host = host.strip()
        if host.startswith("["):
            name = host[1 : host.find("]")] if "]" in host else host
        else:
            name = host.rpartition(":")[0] if ":" in host else host
        return is_loopback(name) or name.lower() == self.server.config.host.lower()

    # --- the two paths --------------------------------------------------------------------------

    def _get(self) -> None:
        if len(self.path) > self.server.config.max_request_bytes:
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the request is larger than the limit")
        url = urlsplit(self.path)
        if url.path == "/":
            page = self.server.page
            headers = {"Content-Security-Policy": page.content_security_policy}
            self._send(HTTPStatus.OK, page.html.encode("utf-8"), "text/html; charset=utf-8", headers)
            return
        if url.path == "/values":
            self._values(url.query)
            return
        if url.path != "/sparql":
            raise HttpError(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
        self._answer(_form(_target_text(url.query), "query string"))

    def _post(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            raise HttpError(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        length = int(length_header)
        limit = self.server.config.max_request_bytes
        if length + len(self.path) > limit:
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request is larger than {limit} bytes")
        body = self.rfile.read(length)
        if len(body) < length:
            raise ConnectionError("the client sent less than its Content-Length")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = _form(_target_text(url.query), "query string")
        if content_type == FORM:
            for name, values in _form(_utf8(body, "body"), "body").items():
                params.setdefault(name, []).extend(values)
        elif content_type == SPARQL_QUERY:
            params.setdefault("query", []).append(_utf8(body, "body"))
        elif content_type == SPARQL_UPDATE:
            raise HttpError(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: the graph is read-only")
        else:
            raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"send {FORM} or {SPARQL_QUERY}")
        self._answer(params)

    def _options(self) -> None:
        if not self.server.config.cors:
            raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "OPTIONS is not served", {"Allow": "GET, POST"})
        headers = {
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type, Accept",
            "Access-Control-Max-Age": "600",
            "Allow": "GET, POST, OPTIONS",
        }
        self._send(HTTPStatus.NO_CONTENT, b"", TEXT, headers)

    def _answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise HttpError(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: the graph is read-only")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HttpError(
                HTTPStatus.BAD_REQUEST,
                "default-graph-uri and named-graph-uri are not supported: use FROM with a loaded graph",
            )
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise HttpError(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
        formats = params.get("format", [])
        accept = ", ".join(self.headers.get_all("Accept") or [])
        request = {
            "query": queries[0],
            "accept": accept or None,
            "format": formats[0] if formats else None,
            "params": params.get("param", []),
        }
        reply = self._ask_pool(request)
        headers: dict[str, str] = {}
        if reply.status == HTTPStatus.OK:
            headers["X-Result-Truncated"] = "true" if reply.truncated else "false"
            if reply.truncated:
                headers["X-Result-Truncated-By"] = reply.truncated
        else:
            headers["Connection"] = "close"
        self._send(HTTPStatus(reply.status), reply.body, reply.content_type, headers)

    def _ask_pool(self, request: dict[str, Any]) -> Reply:
        """A worker's reply to `request`, under the query time limit; 503 when the pool cannot answer."""
        config = self.server.config
        self.server.unwatch(self.connection)  # the query's time is the worker's deadline, not the socket's
        try:
            return self.server.pool.run(request, config.timeout, config.queue_timeout)
        except (PoolBusyError, QueryTimeoutError, WorkerLostError) as error:
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, str(error), {"Retry-After": "2"}) from None
        finally:
            self.server.watch(self.connection)

    def _values(self, query: str) -> None:
        """GET /values?query=NAME: the values the page suggests for a library question's
        parameters, computed by a worker once per server and kept."""
        names = _form(_target_text(query), "query string").get("query", [])
        if len(names) != 1:
            raise HttpError(HTTPStatus.BAD_REQUEST, "give one query=NAME of the library")
        body = self.server.suggested.get(names[0])
        if body is None:
            reply = self._ask_pool({"values": names[0]})
            if reply.status != HTTPStatus.OK:
                self._send(HTTPStatus(reply.status), reply.body, reply.content_type, {"Connection": "close"})
                return
            body = self.server.suggested.setdefault(names[0], reply.body)
        self._send(HTTPStatus.OK, body, "application/json; charset=utf-8", {})

    # --- writing ----------------------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        if status != HTTPStatus.NO_CONTENT:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        origin = self._allowed_origin()
        if origin is not None:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "X-Result-Truncated, X-Result-Truncated-By")
            if origin != "*":
                self.send_header("Vary", "Origin")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _allowed_origin(self) -> str | None:
        allowed = self.server.config.cors
        if not allowed:
            return None
        if "*" in allowed:
            return "*"
        origin = (self.headers.get("Origin") or "").strip()
        return origin if origin in allowed else None


def _target_text(text: str) -> str:
    """The request target as UTF-8 text (http.server reads the request line as Latin-1 bytes)."""
    return text if text.isascii() else _utf8(text.encode("latin-1"), "query string")


def _utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"the request {where} is not valid UTF-8") from None


def _form(text: str, where: str) -> dict[str, list[str]]:
    """Form fields of a query string or body, percent-decoded strictly as UTF-8."""
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=100)
    except UnicodeDecodeError:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"the request {where} is not valid UTF-8") from None
    except ValueError:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"the request {where} has too many fields") from None


def make_server(pool: WorkerPool, config: EndpointConfig) -> EndpointServer:
    """A server bound to `config.host:config.port` (port 0: a free port), not yet serving."""
    return EndpointServer(pool, config)
