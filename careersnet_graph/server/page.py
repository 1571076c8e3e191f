"""The HTML query page: an editor, the library's queries as examples, results as a table.

Everything is inline (no script or style from another host) and guarded by a Content Security
Policy built from the hashes of the inline script and style. Values are shown with
`textContent`, never `innerHTML`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass

from careersnet_graph.queries import library

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
textarea { width: 100%; height: 16rem; font-family: monospace; font-size: 0.9rem; }
table { border-collapse: collapse; margin-top: 1rem; font-size: 0.85rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
#status { margin-top: 0.8rem; }
.warning { color: #8a4b00; font-weight: bold; }
.error { color: #a00000; white-space: pre-wrap; }
"""

SCRIPT = """
const examples = JSON.parse(document.getElementById("examples").textContent);
const editor = document.getElementById("query");
const picker = document.getElementById("example");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");
for (const example of examples) {
  const option = document.createElement("option");
  option.value = example.name;
  option.textContent = example.name + " \\u2014 " + example.purpose;
  picker.appendChild(option);
}
picker.addEventListener("change", () => {
  const chosen = examples.find((example) => example.name === picker.value);
  if (chosen) { editor.value = chosen.text; }
});
function show(message, kind) {
  statusLine.textContent = message;
  statusLine.className = kind;
}
function cell(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}
async function run(event) {
  event.preventDefault();
  results.replaceChildren();
  show("Running\\u2026", "");
  const body = new URLSearchParams({ query: editor.value });
  const response = await fetch("sparql", {
    method: "POST",
    headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
    body: body,
  });
  const text = await response.text();
  if (!response.ok) { show(response.status + " " + response.statusText + ": " + text, "error"); return; }
  const truncated = response.headers.get("X-Result-Truncated") === "true";
  const type = response.headers.get("Content-Type") || "";
  if (!type.startsWith("application/sparql-results+json")) {
    results.appendChild(cell("pre", text));
    show(truncated ? "Graph cut at the row limit." : "Graph.", truncated ? "warning" : "");
    return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) { show("Answer: " + data.boolean, ""); return; }
  const table = document.createElement("table");
  const head = document.createElement("tr");
  for (const name of data.head.vars) { head.appendChild(cell("th", name)); }
  table.appendChild(head);
  for (const binding of data.results.bindings) {
    const row = document.createElement("tr");
    for (const name of data.head.vars) {
      row.appendChild(cell("td", binding[name] ? binding[name].value : ""));
    }
    table.appendChild(row);
  }
  results.appendChild(table);
  const count = data.results.bindings.length + " rows.";
  show(truncated ? count + " The result was cut at the row limit: more rows exist." : count,
       truncated ? "warning" : "");
}
document.getElementById("form").addEventListener("submit", run);
"""


@dataclass(frozen=True)
class Page:
    """The page's HTML and the Content-Security-Policy header that goes with it."""

    html: str
    content_security_policy: str


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def build_page() -> Page:
    """The query page with the shipped queries as examples."""
    examples = [
        {"name": query.name, "purpose": query.purpose, "text": query.text} for query in library().values()
    ]
    data = json.dumps(examples, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")
    first = html.escape(examples[0]["text"]) if examples else ""
    document = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CareersNet graph: SPARQL</title>
<style>{STYLE}</style>
</head>
<body>
<h1>CareersNet graph: SPARQL endpoint</h1>
<p>Read-only. The endpoint is <code>/sparql</code> (SPARQL 1.1 Protocol: GET or POST).</p>
<form id="form">
<label for="example">Example:</label>
<select id="example"><option value="">(choose a question)</option></select>
<textarea id="query" spellcheck="false">{first}</textarea>
<button type="submit">Run</button>
</form>
<div id="status"></div>
<div id="results"></div>
<script type="application/json" id="examples">{data}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
    policy = (
        f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'"
    )
    return Page(document, policy)
