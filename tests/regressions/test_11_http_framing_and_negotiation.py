"""Issue 13, defect 11: no socket timeouts and no cap on threads (60 slow connections stayed open
30 s, 61 threads); `Content-Length: ²` gave no answer and a traceback in the log; a duplicate
Content-Length was accepted; `Accept: application/*` for CONSTRUCT and `text/*` for SELECT got
406; `q=0` was ignored; an invalid UTF-8 query string got 200 with replacement characters.
"""

from __future__ import annotations

import socket
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from tests.endpoint import (
    MINISTRIES,
    Endpoint,
    get,
    raw_exchange,
    request,
    start_server,
    status_of,
    stop_server,
    threads_of,
)

CAP = 12
XML = "application/sparql-results+xml"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    server = start_server("--socket-timeout", "1", "--max-connections", str(CAP))
    yield server
    code, _, err = stop_server(server)
    assert code == 0
    assert "Traceback" not in err, err


def raw(endpoint: Endpoint, head: str, body: bytes = b"") -> bytes:
    return raw_exchange(endpoint, head.replace("\n", "\r\n").encode("latin-1") + body)


def test_slow_connections_are_cut_and_capped(endpoint: Endpoint) -> None:
    slow = []
    for _ in range(40):
        sock = socket.create_connection(("127.0.0.1", endpoint.port), timeout=10)
        sock.sendall(b"GET /sparql?query=ASK")  # and nothing more: a request that never ends
        slow.append(sock)
    time.sleep(0.3)
    assert threads_of(endpoint.process.pid) <= CAP + 4, "one thread per connection, at most the cap"
    started = time.monotonic()
    closed = 0
    for sock in slow:
        sock.settimeout(max(0.1, 4 - (time.monotonic() - started)))
        try:
            data = sock.recv(4096)
        except TimeoutError:
            continue
        finally:
            sock.close()
        if data in (b"",) or status_of(data) in (400, 408, 503):
            closed += 1
    assert closed == len(slow), "every slow connection is refused or cut within the socket timeout"
    assert time.monotonic() - started < 4
    assert get(endpoint, MINISTRIES)[0] == 200


@pytest.mark.parametrize(
    "length",
    ["\u00b2", "-1", "+5", "0x10", "5, 5", "1_0", " ", "99999999999999999999"],
)
def test_a_content_length_that_is_not_one_decimal_number_is_400(endpoint: Endpoint, length: str) -> None:
    body = b"query=ASK%7B%7D"
    head = (
        f"POST /sparql HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-www-form-urlencoded\n"
        f"Content-Length: {length}\n\n"
    )
    response = raw(endpoint, head, body)
    assert status_of(response) == 400, response[:300]
    assert b"Content-Length" in response


def test_a_duplicate_content_length_is_400(endpoint: Endpoint) -> None:
    body = b"query=ASK%7B%7D"
    head = (
        "POST /sparql HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/x-www-form-urlencoded\n"
        f"Content-Length: {len(body)}\nContent-Length: {len(body)}\n\n"
    )
    response = raw(endpoint, head, body)
    assert status_of(response) == 400
    assert b"more than one Content-Length" in response


def test_chunked_bodies_and_bodies_on_get_are_refused(endpoint: Endpoint) -> None:
    chunked = raw(
        endpoint,
        "POST /sparql HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/sparql-query\n"
        "Transfer-Encoding: chunked\n\n",
        b"5\r\nASK{}\r\n0\r\n\r\n",
    )
    assert status_of(chunked) == 411
    get_head = "GET /sparql?query=ASK%7B%7D HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 3\n\n"
    with_body = raw(endpoint, get_head, b"abc")
    assert status_of(with_body) == 400


@pytest.mark.parametrize(
    ("query", "accept", "status", "media_type"),
    [
        ("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", "application/*", 200, "application/n-triples"),
        (MINISTRIES, "text/*", 200, "text/csv"),
        (MINISTRIES, "text/csv;q=0, */*", 200, "application/sparql-results+json"),
        (MINISTRIES, "text/csv;q=0.2, application/sparql-results+xml;q=0.8", 200, XML),
        (MINISTRIES, "text/csv;q=0", 406, None),
        (MINISTRIES, "*/*;q=0", 406, None),
        (MINISTRIES, "application/sparql-results+json;q=0, application/*", 200, XML),
        ("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", "TEXT/Turtle; charset=utf-8", 200, "text/turtle"),
        ("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", "text/turtle;q=0, text/*", 200, "text/plain"),
    ],
)
def test_content_negotiation_reads_wildcards_and_q_values(
    endpoint: Endpoint, query: str, accept: str, status: int, media_type: str | None
) -> None:
    got, headers, body = get(endpoint, query, accept)
    assert got == status, body
    if media_type is not None:
        assert headers["Content-Type"] == f"{media_type}; charset=utf-8"


@pytest.mark.parametrize("target", ["/sparql?query=%FF%FE", "/sparql?query=ASK%7B%22%C3%28%22%7D"])
def test_a_query_string_that_is_not_utf8_is_400(endpoint: Endpoint, target: str) -> None:
    status, _, body = request(endpoint.base + target)
    assert status == 400
    assert b"not valid UTF-8" in body


def test_raw_bytes_that_are_not_utf8_in_the_request_line_are_400(endpoint: Endpoint) -> None:
    response = raw_exchange(endpoint, b"GET /sparql?query=ASK\xff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status_of(response) == 400


def test_a_form_body_that_is_not_utf8_is_400(endpoint: Endpoint) -> None:
    body = urllib.parse.quote_from_bytes(b"ASK {\xff}").encode()
    status, _, text = request(
        endpoint.sparql, b"query=" + body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 400
    assert b"not valid UTF-8" in text
