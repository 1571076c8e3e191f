"""The query page and its endpoint side: parameters as form fields (labels or CURIEs), suggested
values, prefixed names, downloads as CSV and JSON, in headless Chromium; and over plain HTTP."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from careersnet_graph.loading import load
from careersnet_graph.queries import library
from tests.endpoint import CND, Endpoint, request, start_server, stop_server
from tests.support import in_own_thread

FIXTURE = Path(__file__).parent / "queries" / "fixture"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    server = start_server("--timeout", "10", "--max-workers", "2")
    yield server
    stop_server(server)


def post(endpoint: Endpoint, fields: list[tuple[str, str]], accept: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode(fields).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    status, _, answer = request(endpoint.sparql, body, headers)
    return status, answer


def partners(answer: bytes) -> set[str]:
    return {binding["partner"]["value"] for binding in json.loads(answer)["results"]["bindings"]}


def expected_partners() -> set[str]:
    """The partners of the fixture's employment service, computed in this process."""
    kg = load([FIXTURE])
    return {str(row["partner"]) for row in kg.select("partners-of", actor="cnd:org-pes-three")}


def test_param_fields_bind_a_library_question_by_label_or_curie(endpoint: Endpoint) -> None:
    text = library()["partners-of"].text
    json_type = "application/sparql-results+json"
    by_curie = post(endpoint, [("query", text), ("param", "actor=cnd:org-pes-three")], json_type)
    by_label = post(endpoint, [("query", text), ("param", "actor=Employment Service Three")], json_type)
    assert by_curie[0] == by_label[0] == 200
    assert partners(by_curie[1]) == partners(by_label[1]) == expected_partners()
    assert CND + "org-ministry-two" in partners(by_label[1])


def test_a_library_text_that_binds_its_parameter_itself_runs(endpoint: Endpoint) -> None:
    text = library()["partners-of"].text.replace("WHERE {", "WHERE { VALUES ?actor { cnd:org-pes-three }", 1)
    status, answer = post(endpoint, [("query", text)], "application/sparql-results+json")
    assert status == 200, answer
    assert partners(answer) == expected_partners()
    bound = library()["partners-of"].text.replace("WHERE {", "WHERE { BIND (cnd:org-pes-three AS ?actor)", 1)
    status, answer = post(endpoint, [("query", bound)], "application/sparql-results+json")
    assert status == 200, answer
    assert partners(answer) == expected_partners()


def test_parameter_errors_are_400_with_their_message(endpoint: Endpoint) -> None:
    text = library()["partners-of"].text
    status, answer = post(endpoint, [("query", text)], "application/sparql-results+json")
    assert (status, b"needs the parameter actor" in answer) == (400, True)
    twice = [("query", text), ("param", "actor=cnd:org-pes-three"), ("param", "actor=cnd:org-ministry-two")]
    status, answer = post(endpoint, twice, "application/sparql-results+json")
    assert (status, b"the parameter actor is given twice" in answer) == (400, True)
    status, answer = post(endpoint, [("query", text), ("param", "actor=Ministry Tow")], "text/csv")
    assert status == 400
    assert b"nearest: Ministry Two" in answer


def test_values_suggest_what_a_parameter_takes(endpoint: Endpoint) -> None:
    status, _, body = request(endpoint.base + "/values?query=partners-of")
    assert status == 200
    actors = dict(map(tuple, json.loads(body)["actor"]))
    assert actors["cnd:org-pes-three"] == "Employment Service Three"
    assert "cnd:org-lonely-five" not in actors  # it takes part in nothing: partners-of has no answer
    again = request(endpoint.base + "/values?query=partners-of")[2]
    assert again == body
    assert request(endpoint.base + "/values?query=no-such-question")[0] == 404


@pytest.mark.browser
def test_the_page_fills_a_form_gets_rows_and_downloads(endpoint: Endpoint, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser test needs Debian's chromium package")
    in_own_thread(lambda: _drive(endpoint, tmp_path))


def _drive(endpoint: Endpoint, folder: Path) -> None:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only the browser test needs it)

    foreign: list[str] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page(accept_downloads=True)

        def route(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith((endpoint.base + "/", "blob:")):
                route.continue_()  # type: ignore[attr-defined]
            else:
                foreign.append(url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
        page.goto(endpoint.base + "/")
        page.select_option("#example", "partners-of")
        assert page.locator("#params input").count() == 1
        page.wait_for_selector("#values-actor option", state="attached")
        suggested = page.eval_on_selector_all("#values-actor option", "options => options.map(o => o.value)")
        assert "cnd:org-pes-three" in suggested
        page.fill("#param-actor", "Employment Service Three")
        page.click("button[type=submit]")
        page.wait_for_selector("#results td")
        header = page.eval_on_selector_all("#results th", "cells => cells.map(c => c.textContent)")
        rows = page.eval_on_selector_all(
            "#results tr", "rows => rows.slice(1).map(r => [...r.children].map(c => c.textContent))"
        )
        partner_column = header.index("partner")
        expected = {iri.replace(CND, "cnd:") for iri in expected_partners()}
        assert {row[partner_column] for row in rows} == expected  # prefixed names
        with page.expect_download() as csv_download:
            page.click("#download-csv")
        csv_path = folder / "answer.csv"
        csv_download.value.save_as(csv_path)
        assert csv_download.value.suggested_filename == "answer.csv"
        table = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
        assert table[0] == header
        assert {line[partner_column] for line in table[1:]} == expected_partners()
        with page.expect_download() as json_download:
            page.click("#download-json")
        json_path = folder / "answer.json"
        json_download.value.save_as(json_path)
        answer = json.loads(json_path.read_text(encoding="utf-8"))
        assert len(answer["results"]["bindings"]) == len(rows) == len(table) - 1
        browser.close()
    assert foreign == []
    assert problems == []
