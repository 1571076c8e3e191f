"""`careersnet serve`: a real server process queried with SPARQLWrapper and urllib.

The server is started as `python -m careersnet_graph serve --port 0` on localhost with small
limits (2 s per query, 3 rows, 4 KiB requests) so that each refusal can be triggered.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, GET, JSON, POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.endpoint import (
    CND,
    MINISTRIES,
    RUNAWAY,
    Endpoint,
    get,
    is_zombie,
    live_workers,
    post_form,
    request,
    start_server,
    stop_server,
    workers_of,
    zygote_of,
)
from tests.support import in_own_thread


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    server = start_server("--timeout", "2", "--max-rows", "3", "--max-request-bytes", "4096")
    yield server
    stop_server(server)


def wrapper(endpoint: Endpoint, query: str, return_format: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint.sparql)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_json(endpoint: Endpoint, method: str) -> None:
    query = "SELECT ?label { VALUES ?org { cnd:org-ministry-two cnd:org-pes-three } ?org rdfs:label ?label }"
    client = wrapper(endpoint, query, JSON, method)
    document = client.query().convert()
    assert isinstance(document, dict)
    labels = {row["label"]["value"] for row in document["results"]["bindings"]}
    assert labels == {"Ministry Two", "Employment Service Three"}


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_csv(endpoint: Endpoint, method: str) -> None:
    query = (
        "SELECT ?org WHERE { ?org cng:sector cnd:sector-employment ; rdfs:label 'Employment Service Three' }"
    )
    body = wrapper(endpoint, query, CSV, method).query().convert()
    assert isinstance(body, bytes)
    assert body.decode().splitlines() == ["org", f"{CND}org-pes-three"]


def test_direct_post(endpoint: Endpoint) -> None:
    client = wrapper(endpoint, "ASK { cnd:org-lonely-five a cng:GuidanceProvider }", JSON, POST)
    client.setRequestMethod(POSTDIRECTLY)
    assert client.query().convert() == {"head": {}, "boolean": True}


def test_syntax_error_is_400_with_the_message(endpoint: Endpoint) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(endpoint, "SELECT ?s WHERE { ?s ?p }", JSON, GET).query()
    status, _, body = get(endpoint, "SELECT ?s\nWHERE { ?s ?p }")
    assert status == 400
    assert b"line 2, column 16" in body


@pytest.mark.parametrize(
    ("accept", "fragment"),
    [
        ("application/sparql-results+xml", b"<sparql xmlns"),
        ("text/csv", b"org\r\n"),
        ("text/tab-separated-values", b"?org\n"),
        ("application/sparql-results+json", b'"vars"'),
    ],
)
def test_content_negotiation_for_tables(endpoint: Endpoint, accept: str, fragment: bytes) -> None:
    status, headers, body = get(endpoint, MINISTRIES, accept)
    assert status == 200
    assert headers["Content-Type"].startswith(accept)
    assert fragment in body


@pytest.mark.parametrize(
    ("accept", "fragment"),
    [
        ("text/turtle", b"PREFIX cng:"),
        ("application/n-triples", b"> ."),
        ("application/ld+json", b'"@context"'),
    ],
)
def test_content_negotiation_for_graphs(endpoint: Endpoint, accept: str, fragment: bytes) -> None:
    query = "CONSTRUCT { ?org a cng:Ministry } WHERE { ?org a cng:Ministry ; rdfs:label 'Ministry Two' }"
    status, headers, body = get(endpoint, query, accept)
    assert status == 200
    assert headers["Content-Type"].startswith(accept)
    assert fragment in body


def test_406_for_a_type_it_cannot_produce(endpoint: Endpoint) -> None:
    assert get(endpoint, MINISTRIES, "image/png")[0] == 406
    assert get(endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "text/csv")[0] == 406


def test_updates_are_403_and_change_nothing(endpoint: Endpoint) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = json.loads(get(endpoint, count)[2])
    assert post_form(endpoint, {"update": "INSERT DATA { cnd:x cnd:y cnd:z }"})[0] == 403
    assert post_form(endpoint, {"query": "DELETE WHERE { ?s ?p ?o }"})[0] == 403
    direct = request(endpoint.sparql, b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert direct[0] == 403
    assert json.loads(get(endpoint, count)[2]) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    ],
)
def test_outside_reads_are_400(endpoint: Endpoint, query: str) -> None:
    status, _, body = post_form(endpoint, {"query": query})
    assert status == 400
    assert b"refused" in body


def test_load_is_400(endpoint: Endpoint) -> None:
    assert post_form(endpoint, {"update": "LOAD <file:///etc/passwd>"})[0] == 403
    status, _, body = request(
        endpoint.sparql, b"LOAD <file:///etc/passwd>", {"Content-Type": "application/sparql-query"}
    )
    assert status == 400
    assert b"LOAD is refused" in body


def test_request_too_large_is_413(endpoint: Endpoint) -> None:
    padding = "#" + "x" * 5000 + "\n"
    assert post_form(endpoint, {"query": padding + MINISTRIES})[0] == 413
    assert get(endpoint, padding + MINISTRIES)[0] == 413


def test_truncated_result_is_signalled(endpoint: Endpoint) -> None:
    status, headers, body = get(endpoint, "SELECT ?s WHERE { ?s a cng:Participation }")
    assert status == 200
    assert headers["X-Result-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 3
    small = get(endpoint, "SELECT ?s WHERE { ?s a cng:GuidanceProvider ; rdfs:label 'Lonely Provider Five' }")
    assert small[1]["X-Result-Truncated"] == "false"


def test_runaway_query_is_stopped_while_others_are_answered(endpoint: Endpoint) -> None:
    before = live_workers(endpoint, 8)
    assert len(before) == 8, "a pool of --max-workers worker processes, forked by the zygote"
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["status"] = get(endpoint, RUNAWAY)[0]
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    status, _, body = get(endpoint, MINISTRIES)
    assert status == 200
    assert time.monotonic() - started < 1.5
    assert f"{CND}org-ministry-two".encode() in body
    thread.join(timeout=30)
    assert outcome["status"] == 503
    assert 1.9 <= float(outcome["seconds"]) < 10  # type: ignore[arg-type]
    deadline = time.monotonic() + 5
    after = live_workers(endpoint, 8)
    while after == before and time.monotonic() < deadline:  # the zygote kills and replaces it
        time.sleep(0.05)
        after = live_workers(endpoint, 8)
    assert len(after) == 8 and not any(map(is_zombie, after)), "the killed worker was replaced"
    assert len(before - after) == 1, "exactly the runaway query's worker was killed"


def test_busy_workers_answer_503_after_the_queue_timeout() -> None:
    server = start_server("--timeout", "3", "--max-workers", "1", "--queue-timeout", "0.3")
    try:
        runaway = threading.Thread(target=get, args=(server, RUNAWAY))
        runaway.start()
        time.sleep(0.5)
        started = time.monotonic()
        status, _, body = get(server, MINISTRIES)
        assert status == 503
        assert b"busy" in body
        assert time.monotonic() - started < 1.0
        runaway.join(timeout=30)
        live_workers(server, 1)
        assert get(server, MINISTRIES)[0] == 200  # the pool is whole again after the kill
    finally:
        stop_server(server)


class Links(HTMLParser):
    """Every attribute that could load something: src, href, action."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.references += [value or "" for name, value in attrs if name in ("src", "href", "action")]


def test_query_page_works_offline(endpoint: Endpoint) -> None:
    status, headers, body = request(endpoint.base + "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    page = body.decode()
    links = Links()
    links.feed(page)
    assert not [reference for reference in links.references if "//" in reference]
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page)
    assert "innerHTML" not in page
    assert "partners-of" in page  # the library's queries are the examples


def test_unknown_path_is_404(endpoint: Endpoint) -> None:
    assert request(endpoint.base + "/etc/passwd")[0] == 404


def test_ctrl_c_stops_cleanly() -> None:
    server = start_server()
    assert get(server, MINISTRIES)[0] == 200
    zygote_and_workers = workers_of(server) | {zygote_of(server)}
    code, out, err = stop_server(server)
    assert code == 0
    assert "Traceback" not in err
    assert "stopped" in out
    time.sleep(0.2)
    assert not [pid for pid in zygote_and_workers if Path(f"/proc/{pid}").exists()], "no worker left behind"


CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.mark.browser
def test_page_runs_a_query_in_chromium(endpoint: Endpoint) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser test needs Debian's chromium package")
    in_own_thread(lambda: _drive_page(endpoint))


def _drive_page(endpoint: Endpoint) -> None:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only the browser test needs it)

    foreign: list[str] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page()

        def route(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(endpoint.base + "/"):
                route.continue_()  # type: ignore[attr-defined]
            else:
                foreign.append(url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
        page.goto(endpoint.base + "/")
        page.select_option("#example", "isolated-actors")
        assert "isolated-actors" not in page.input_value("#query")
        assert "FILTER NOT EXISTS" in page.input_value("#query")
        page.fill("#query", f'SELECT ?x WHERE {{ BIND ("{HOSTILE}" AS ?x) }}')
        page.click("button[type=submit]")
        page.wait_for_selector("#results td")
        assert page.inner_text("#results td") == HOSTILE
        assert page.locator("#results img").count() == 0
        page.fill("#query", "SELECT ?s WHERE { ?s a cng:Participation }")
        page.click("button[type=submit]")
        page.wait_for_selector("#status.warning")
        assert "cut at the row limit" in page.inner_text("#status")
        assert page.locator("#results tr").count() == 4  # header + 3 rows (the cap)
        browser.close()
    assert foreign == []
    assert problems == []
