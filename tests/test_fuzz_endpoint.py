"""Fuzzing the endpoint with hypothesis: random query text, random SPARQL token soup, random
headers and random bytes on raw sockets, against one real server. Every request gets an answer
(200, or a 4xx with a message; 503 only for a query stopped at its deadline) or, for bytes that
are no HTTP at all, a 4xx or a closed connection; the server never crashes, never logs a
traceback, and the graph is never changed.

The examples are derandomized and bounded: the module runs in about 20 seconds.
"""

from __future__ import annotations

import json
import string
import urllib.parse
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.endpoint import (
    MINISTRIES,
    Endpoint,
    get,
    live_workers,
    raw_exchange,
    request,
    start_server,
    status_of,
    stop_server,
)

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TOKENS = st.sampled_from(
    ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "[", "]", "?s", "?p", "?o",
     "*", ".", ";", ",", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "BIND", "AS", "VALUES",
     "FROM", "NAMED", "SERVICE", "INSERT", "DELETE", "DATA", "LOAD", "CLEAR", "<http://127.0.0.1:9/x>",
     "<file:///etc/passwd>", "cnd:org-cedefop", "cng:Ministry", "rdfs:label", "a", '"x"', "'''y'''",
     "1", "-2.5e3", "true", "!", "||", "&&", "=", "<", "REGEX", "STR", "COUNT", "GROUP", "BY", "ORDER",
     "LIMIT", "OFFSET", "PREFIX", "ex:", "<https://example.org/>", "#", "\n", "_:b", "$v", "@en", "^^"]
)  # fmt: skip
QUERY_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(TOKENS, max_size=40).map(" ".join),
)
ALLOWED = {200, 400, 403, 404, 405, 406, 411, 413, 414, 415, 431, 501, 503, 505}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    server = start_server("--timeout", "1", "--max-request-bytes", "8192", "--socket-timeout", "2")
    status, _, body = get(server, COUNT)
    assert status == 200
    before = json.loads(body)["results"]["bindings"]
    yield server
    status, _, body = get(server, COUNT)
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == before, "nothing was written"
    assert len(live_workers(server, 8)) == 8
    code, _, err = stop_server(server)
    assert code == 0
    assert "Traceback" not in err, err[-3000:]


def answered(status: int, body: bytes) -> None:
    assert status in ALLOWED, (status, body[:300])
    if status == 503:
        assert b"time limit" in body or b"busy" in body, body
    if status != 200:
        assert body.strip(), "an error comes with a message"


@FUZZ
@given(query=QUERY_TEXT, method=st.sampled_from(["get", "form", "direct"]))
def test_random_query_text(endpoint: Endpoint, query: str, method: str) -> None:
    encoded = query.encode("utf-8", "surrogatepass")
    if method == "get":
        url = endpoint.sparql + "?query=" + urllib.parse.quote_from_bytes(encoded)
        status, _, body = request(url)
    elif method == "form":
        data = b"query=" + urllib.parse.quote_from_bytes(encoded).encode()
        status, _, body = request(
            endpoint.sparql, data, {"Content-Type": "application/x-www-form-urlencoded"}
        )
    else:
        status, _, body = request(endpoint.sparql, encoded, {"Content-Type": "application/sparql-query"})
    answered(status, body)


HEADER_NAMES = st.one_of(
    st.sampled_from(["Content-Length", "Content-Type", "Accept", "Host", "Transfer-Encoding", "Origin",
                     "Connection", "Expect", "X-Anything"]),
    st.text(alphabet=string.ascii_letters + "-", min_size=1, max_size=20),
)  # fmt: skip
HEADER_VALUES = st.one_of(
    st.sampled_from(["0", "5", "-1", "\u00b2", "1e3", "chunked", "close", "100-continue",
                     "text/*;q=0", "*/*;q=abc", "application/*", "127.0.0.1", "evil.example",
                     "application/sparql-query", "application/x-www-form-urlencoded", ""]),
    st.text(alphabet=string.printable.replace("\r", "").replace("\n", ""), max_size=60),
)  # fmt: skip


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE", "BREW"]),
    target=st.sampled_from(["/sparql?query=ASK%7B%7D", "/sparql", "/", "/etc/passwd", "/sparql?query=%FF"]),
    headers=st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=8),
    body=st.binary(max_size=200),
)
def test_random_headers_on_raw_sockets(
    endpoint: Endpoint, method: str, target: str, headers: list[tuple[str, str]], body: bytes
) -> None:
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers)
    response = raw_exchange(endpoint, head.encode("latin-1", "replace") + b"Connection: close\r\n\r\n" + body)
    status = status_of(response)
    assert status is not None, response[:300]
    while response.startswith(b"HTTP/1.1 100 "):
        response = response.partition(b"\r\n\r\n")[2]
    if method == "HEAD":  # an answer to HEAD has no body
        assert status in ALLOWED
    else:
        answered(status, response.partition(b"\r\n\r\n")[2])


@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes_on_raw_sockets(endpoint: Endpoint, data: bytes) -> None:
    response = raw_exchange(endpoint, data, timeout=5)
    status = status_of(response)
    assert response == b"" or status in ALLOWED, response[:300]


def test_the_server_still_answers(endpoint: Endpoint) -> None:
    assert get(endpoint, MINISTRIES)[0] == 200
