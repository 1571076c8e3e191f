"""A SPARQL 1.1 tokenizer: enough of the grammar to check a query and bind its parameters.

The checks need to know which words are keywords (not inside strings, IRIs, comments, prefixed
names or variables), how deep each token sits in braces, and where the query form, the dataset
clause and the WHERE group are. The tokenizer runs in one pass over the text, with no recursion,
so no input can make it slow or deep; the store's own parser does the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<bnode>_:[A-Za-z0-9_\u00C0-\uFFFF][A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]*)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]*)?:
               (?:[A-Za-z0-9_:%\\\u00C0-\uFFFF]
                  (?:[A-Za-z0-9_.\-:%\\\u00B7\u00C0-\uFFFF]*[A-Za-z0-9_\-:%\\\u00B7\u00C0-\uFFFF])?)?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?))
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*+\-/!=<>|^?])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One token: its kind, text, offset in the query, line and column (both from 1), brace depth."""

    kind: str
    text: str
    offset: int
    line: int
    column: int
    depth: int

    def is_keyword(self, *words: str) -> bool:
        """True for a bare word (not a prefixed name, variable or string) equal to one of `words`."""
        return self.kind == "name" and self.text.upper() in words


class LexError(ValueError):
    """A character no SPARQL token starts with, or a string or IRI that does not end."""

    def __init__(self, message: str, line: int, column: int) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message)


def tokenize(text: str) -> list[Token]:
    """The significant tokens of `text` (no whitespace or comments), with their brace depth."""
    tokens: list[Token] = []
    depth = 0
    line, line_start = 1, 0
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            column = position - line_start + 1
            found = text[position]
            if found in "\"'":
                raise LexError("a string that does not end", line, column)
            raise LexError(f"unexpected character {found!r}", line, column)
        kind = match.lastgroup or ""
        value = match.group()
        if kind not in ("space", "comment"):
            if value == "}":
                depth -= 1
            tokens.append(Token(kind, value, position, line, position - line_start + 1, depth))
            if value == "{":
                depth += 1
        newlines = value.count("\n")
        if newlines:
            line += newlines
            line_start = position + value.rfind("\n") + 1
        position = match.end()
    return tokens
