"""Rendering the page: our own autoescaping Jinja2 template, vis-network inlined, data as inert JSON.

Nothing on the page is fetched from another host: vis-network 9.1.2 is read from the copy inside
the pyvis package and inlined, the CSS is ours, and a Content-Security-Policy with the hashes of
our inline scripts forbids any other script (including inline event handlers) and any request.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pyvis
from markupsafe import Markup

from careersnet_graph.viz.elements import PageData
from careersnet_graph.viz.settings import PageSettings

VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
"""vis-network as shipped inside pyvis."""

_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)
"""Characters escaped in page JSON, as `str.replace` pairs: faster than `str.translate` with a dict."""


def safe_json(value: Any) -> str:
    """JSON that cannot end or alter the `<script type="application/json">` element holding it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _JSON_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _inline(text: str, closing: str, name: str) -> Markup:
    """Trusted package text for a `<script>` or `<style>` element, refused if it could close it early."""
    lowered = text.lower()
    if closing in lowered or "<!--" in lowered:
        raise ValueError(f"{name} cannot be inlined: it contains {closing!r} or '<!--'")
    return Markup(text)


@cache
def _assets() -> dict[str, str]:
    package = resources.files("careersnet_graph.viz") / "assets"
    return {
        "vis_js": (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        "vis_css": (VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        "page_js": (package / "page.js").read_text(encoding="utf-8"),
        "timeline_js": (package / "timeline.js").read_text(encoding="utf-8"),
        "page_css": (package / "page.css").read_text(encoding="utf-8"),
        "template": (package / "page.html.j2").read_text(encoding="utf-8"),
    }


def _script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_html(
    data: PageData, settings: PageSettings, total_nodes: int, total_edges: int, size_name: str | None = None
) -> str:
    """The whole page as one self-contained HTML string."""
    assets = _assets()
    environment = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    template = environment.from_string(assets["template"])
    policy = "; ".join(
        (
            "default-src 'none'",
            f"script-src {_script_hash(assets['vis_js'])} {_script_hash(assets['page_js'])} "
            f"{_script_hash(assets['timeline_js'])}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src 'none'",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    return template.render(
        title=settings.title,
        notes=data.notes,
        shown_nodes=len(data.nodes),
        shown_edges=len(data.edges),
        total_nodes=total_nodes,
        total_edges=total_edges,
        size_metric=size_name or settings.size_metric,
        policy=policy,
        data_json=Markup(safe_json(data.as_json_value())),
        vis_js=_inline(assets["vis_js"], "</script", "vis-network.min.js"),
        vis_css=_inline(assets["vis_css"], "</style", "vis-network.css"),
        page_js=_inline(assets["page_js"], "</script", "page.js"),
        page_css=_inline(assets["page_css"], "</style", "page.css"),
        timeline_json=Markup(safe_json(data.timeline)) if data.timeline is not None else "",
        timeline_js=_inline(assets["timeline_js"], "</script", "timeline.js"),
    )
