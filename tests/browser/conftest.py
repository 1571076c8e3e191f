"""Fixtures for opening network pages in Debian's headless Chromium through Playwright.

Every page is opened with all requests routed: anything that is not `file:` or `data:` is aborted
and recorded, as are console errors, uncaught exceptions, dialogs (alert) and CSP violations.
Playwright never downloads a browser: it is pointed at /usr/bin/chromium, and the tests are
skipped only when that file is absent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE = Path(__file__).parent / "data" / "sample_network.json"

_WATCH_SCRIPT = """
window.__alerts = [];
window.__violations = [];
window.alert = function (message) { window.__alerts.push(String(message)); };
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def load_sample() -> nx.Graph:
    """The hand-made sample network (6 fictional actors, 5 links, hostile labels included)."""
    graph: nx.Graph = nx.node_link_graph(json.loads(SAMPLE.read_text(encoding="utf-8")), edges="edges")
    return graph


@pytest.fixture
def sample_graph() -> nx.Graph:
    return load_sample()


@dataclass
class OpenedPage:
    """A page opened in Chromium and what it tried to do."""

    page: Any
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def evaluate(self, script: str, argument: Any = None) -> Any:
        return self.page.evaluate(script, argument)

    def assert_clean(self) -> None:
        """No request left the page, no console error, no dialog, no alert, no CSP violation."""
        assert self.foreign_requests == []
        assert all(url.startswith(("file:", "data:")) for url in self.requests), self.requests
        assert self.console_errors == []
        assert self.dialogs == []
        assert self.evaluate("window.__alerts") == []
        assert self.evaluate("window.__violations") == []


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One browser per test module, closed at its end: Playwright's sync API allows only one
    running instance per thread, and other test modules start their own."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser tests need Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Callable[[Path], OpenedPage]]:
    contexts: list[Any] = []

    def opener(path: Path) -> OpenedPage:
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page)

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:")):
                route.continue_()
            else:
                opened.foreign_requests.append(url)
                route.abort()

        context.route("**/*", route)
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on(
            "console", lambda message: message.type == "error" and opened.console_errors.append(message.text)
        )
        page.on("pageerror", lambda error: opened.console_errors.append(str(error)))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        page.add_init_script(_WATCH_SCRIPT)
        page.goto(path.resolve().as_uri())
        page.wait_for_function(
            "() => Boolean(window.careersnetNetwork && window.careersnetNetwork.ready)", timeout=30_000
        )
        return opened

    yield opener
    for context in contexts:
        context.close()
