"""The HTML query page: the library's questions with a form for their parameters, an editor,
answers as a table of prefixed names, downloads as CSV and JSON.

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

from careersnet_graph.namespaces import PREFIXES
from careersnet_graph.queries import library

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
textarea { width: 100%; height: 16rem; font-family: monospace; font-size: 0.9rem; }
table { border-collapse: collapse; margin-top: 1rem; font-size: 0.85rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
#params { margin: 0.8rem 0; }
#params label { display: block; margin: 0.4rem 0 0.1rem; font-weight: bold; }
#params input { width: 32rem; max-width: 100%; }
#params .hint { color: #555; font-size: 0.85rem; }
#downloads { margin-top: 0.8rem; }
#downloads[hidden] { display: none; }
#status { margin-top: 0.8rem; }
.warning { color: #8a4b00; font-weight: bold; }
.error { color: #a00000; white-space: pre-wrap; }
"""

SCRIPT = """
const examples = JSON.parse(document.getElementById("examples").textContent);
const prefixes = JSON.parse(document.getElementById("prefixes").textContent)
  .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
const editor = document.getElementById("query");
const picker = document.getElementById("example");
const fields = document.getElementById("params");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");
const downloads = document.getElementById("downloads");
let lastAnswer = null;
for (const example of examples) {
  const option = document.createElement("option");
  option.value = example.name;
  option.textContent = example.name + " \\u2014 " + example.purpose;
  picker.appendChild(option);
}
function curie(iri) {
  for (const [prefix, namespace] of prefixes) {
    if (iri.startsWith(namespace) && !iri.slice(namespace.length).startsWith("//")) {
      return prefix + ":" + iri.slice(namespace.length);
    }
  }
  return iri;
}
function show(message, kind) {
  statusLine.textContent = message;
  statusLine.className = kind;
}
function cell(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}
async function suggest(example) {
  const response = await fetch("values?query=" + encodeURIComponent(example.name));
  if (!response.ok) { return; }
  const values = await response.json();
  for (const parameter of example.parameters) {
    const list = document.getElementById("values-" + parameter.name);
    if (!list || !values[parameter.name]) { continue; }
    for (const [name, label] of values[parameter.name]) {
      const option = document.createElement("option");
      option.value = name;
      option.label = label ? label + " \\u2014 " + name : name;
      list.appendChild(option);
    }
  }
}
function buildFields(example) {
  fields.replaceChildren();
  if (!example || example.parameters.length === 0) { return; }
  for (const parameter of example.parameters) {
    const label = cell("label", parameter.name + (parameter.required ? " (required)" : " (optional)"));
    label.htmlFor = "param-" + parameter.name;
    const input = document.createElement("input");
    input.id = "param-" + parameter.name;
    input.name = parameter.name;
    input.required = parameter.required;
    input.setAttribute("list", "values-" + parameter.name);
    input.placeholder = "a label, a CURIE or an IRI";
    const list = document.createElement("datalist");
    list.id = "values-" + parameter.name;
    fields.append(label, input, list, cell("div", parameter.description));
    fields.lastChild.className = "hint";
  }
  suggest(example);
}
picker.addEventListener("change", () => {
  const chosen = examples.find((example) => example.name === picker.value);
  if (chosen) { editor.value = chosen.text; }
  buildFields(chosen);
});
function requestBody() {
  const body = new URLSearchParams({ query: editor.value });
  for (const input of fields.querySelectorAll("input")) {
    if (input.value.trim() !== "") { body.append("param", input.name + "=" + input.value.trim()); }
  }
  return body;
}
function save(text, type, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: type }));
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
async function download(kind) {
  if (!lastAnswer) { return; }
  if (kind === "json") { save(lastAnswer.text, "application/json", "answer.json"); return; }
  const response = await fetch("sparql", {
    method: "POST", headers: { "Accept": "text/csv" }, body: lastAnswer.body,
  });
  const text = await response.text();
  if (!response.ok) { show(response.status + " " + response.statusText + ": " + text, "error"); return; }
  save(text, "text/csv", "answer.csv");
}
async function run(event) {
  event.preventDefault();
  results.replaceChildren();
  downloads.hidden = true;
  lastAnswer = null;
  show("Running\\u2026", "");
  const body = requestBody();
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
  lastAnswer = { text: text, body: body };
  downloads.hidden = false;
  const table = document.createElement("table");
  const head = document.createElement("tr");
  for (const name of data.head.vars) { head.appendChild(cell("th", name)); }
  table.appendChild(head);
  for (const binding of data.results.bindings) {
    const row = document.createElement("tr");
    for (const name of data.head.vars) {
      const value = binding[name];
      const shown = !value ? "" : value.type === "uri" ? curie(value.value) : value.value;
      const element = cell("td", shown);
      if (value && value.type === "uri") { element.title = value.value; }
      row.appendChild(element);
    }
    table.appendChild(row);
  }
  results.appendChild(table);
  const count = data.results.bindings.length + " rows.";
  show(truncated ? count + " The result was cut at the row limit: more rows exist." : count,
       truncated ? "warning" : "");
}
document.getElementById("form").addEventListener("submit", run);
document.getElementById("download-csv").addEventListener("click", () => download("csv"));
document.getElementById("download-json").addEventListener("click", () => download("json"));
"""


@dataclass(frozen=True)
class Page:
    """The page's HTML and the Content-Security-Policy header that goes with it."""

    html: str
    content_security_policy: str


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _json_in_html(value: object) -> str:
    """JSON that cannot end its <script> element."""
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")


def build_page() -> Page:
    """The query page with the shipped queries as examples."""
    examples = [
        {
            "name": query.name,
            "purpose": query.purpose,
            "text": query.text,
            "parameters": [
                {"name": item.name, "required": item.required, "description": item.description}
                for item in query.parameters
            ],
        }
        for query in library().values()
    ]
    data = _json_in_html(examples)
    prefixes = _json_in_html(sorted(PREFIXES.items()))
    first = html.escape(str(examples[0]["text"])) if examples else ""
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
<div id="params"></div>
<textarea id="query" spellcheck="false">{first}</textarea>
<button type="submit">Run</button>
</form>
<div id="status"></div>
<div id="downloads" hidden>Download the answer:
<button type="button" id="download-csv">CSV</button>
<button type="button" id="download-json">JSON</button></div>
<div id="results"></div>
<script type="application/json" id="examples">{data}</script>
<script type="application/json" id="prefixes">{prefixes}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
    policy = (
        f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'"
    )
    return Page(document, policy)
