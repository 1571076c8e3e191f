"""A diff written out: Markdown for people and READMEs, HTML for a browser, JSON for programs."""

from __future__ import annotations

import html
import json

from careersnet_graph.diff.compare import Diff, EntityChange
from careersnet_graph.namespaces import CND

__all__ = ["diff_html", "diff_json", "diff_markdown"]

_FIGURE_NAMES = {
    "actors": "actors",
    "organisations": "organisations",
    "persons": "persons",
    "person_groups": "unnamed groups",
    "countries": "countries",
    "initiatives": "initiatives",
    "events": "events",
    "links": "participations",
    "posts": "posts",
    "sources": "sources",
    "inferences": "inferences",
    "triples": "statements",
    "triples_with_ontology": "statements with the ontology",
}


def diff_json(diff: Diff) -> str:
    """The diff as a JSON document."""
    return json.dumps(diff.as_json_value(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def diff_markdown(diff: Diff, old: str, new: str) -> str:
    """The diff as Markdown: figures, ranking, sources, then each kind of entity."""
    return "\n".join(_lines(diff, old, new, _Markdown())).rstrip("\n") + "\n"


def diff_html(diff: Diff, old: str, new: str) -> str:
    """The diff as a self-contained HTML page (no script, no outside resource)."""
    body = "\n".join(_lines(diff, old, new, _Html()))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>What changed: {html.escape(old)} → {html.escape(new)}</title>\n"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}</style>\n"
        "</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


class _Markdown:
    def heading(self, level: int, text: str) -> str:
        return f"{'#' * level} {text}\n"

    def paragraph(self, text: str) -> str:
        return f"{text}\n"

    def table(self, header: list[str], rows: list[list[str]]) -> str:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"

    def items(self, items: list[str]) -> str:
        return "\n".join(f"- {item}" for item in items) + "\n"

    def code(self, text: str) -> str:
        return f"`{text}`"

    def link(self, address: str) -> str:
        return f"<{address}>" if address.startswith(("http://", "https://")) else address


class _Html:
    def heading(self, level: int, text: str) -> str:
        return f"<h{level}>{html.escape(text)}</h{level}>"

    def paragraph(self, text: str) -> str:
        return f"<p>{text}</p>"

    def table(self, header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def items(self, items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"

    def code(self, text: str) -> str:
        return f"<code>{html.escape(text)}</code>"

    def link(self, address: str) -> str:
        escaped = html.escape(address)
        if address.startswith(("http://", "https://")):
            return f'<a href="{escaped}">{escaped}</a>'
        return escaped


def _lines(diff: Diff, old: str, new: str, out: _Markdown | _Html) -> list[str]:
    escape = html.escape if isinstance(out, _Html) else str
    lines = [out.heading(1, f"What changed from {old} to {new}")]
    if diff.empty:
        return [*lines, out.paragraph("No change.")]
    if diff.figures:
        lines.append(out.heading(2, "Key figures"))
        rows = [
            [_FIGURE_NAMES.get(name, name), str(a), str(b), f"{b - a:+d}"]
            for name, (a, b) in diff.figures.items()
        ]
        lines.append(out.table(["figure", "old", "new", "change"], rows))
    if diff.ranking:
        lines.append(out.heading(2, "Most cooperating organisations (weighted degree, top 10)"))
        rows = [[escape(label), _rank(a), _rank(b)] for label, a, b in diff.ranking]
        lines.append(out.table(["organisation", "old rank", "new rank"], rows))
    if diff.sources_added or diff.sources_removed:
        lines.append(out.heading(2, "Sources"))
        for title, sources in (("Added", diff.sources_added), ("Removed", diff.sources_removed)):
            if sources:
                lines.append(out.paragraph(f"{title} ({len(sources)}):"))
                lines.append(
                    out.items([f"{escape(s.title or s.graph)} — {out.link(s.address)}" for s in sources])
                )
    for name, kind in diff.kinds.items():
        if kind.empty:
            continue
        lines.append(out.heading(2, name.capitalize()))
        for title, entities in (("Added", kind.added), ("Removed", kind.removed), ("Changed", kind.changed)):
            if entities:
                lines.append(out.heading(3, f"{title} ({len(entities)})"))
                lines.append(out.items([_entity(entity, out) for entity in entities]))
    return lines


def _entity(entity: EntityChange, out: _Markdown | _Html) -> str:
    escape = html.escape if isinstance(out, _Html) else str
    text = f"{escape(entity.label)} ({out.code(_curie(entity.iri))})"
    for change in entity.changes:
        old = ", ".join(change.old) or "none"
        new = ", ".join(change.new) or "none"
        text += f"; {change.property}: {escape(old)} → {escape(new)}"
    if entity.sources:
        text += " — sources: " + ", ".join(out.link(address) for address in entity.sources)
    return text


def _curie(iri: str) -> str:
    return "cnd:" + iri[len(str(CND)) :] if iri.startswith(str(CND)) else iri


def _rank(rank: int | None) -> str:
    return "—" if rank is None else str(rank)
