"""A plain-text table that fits a terminal: long cells wrap onto more lines, nothing is cut."""

from __future__ import annotations

import textwrap

MIN_COLUMN = 6
"""No column is narrower than this (or than its widest cell, when that is narrower)."""


def render_table(rows: list[list[str]], width: int) -> str:
    """`rows[0]` is the header; cells wider than their column's share of `width` wrap (at spaces
    where they can, inside a word where they must), so every character of every cell is shown."""
    cells = [[cell.replace("\n", " ").replace("\t", " ") for cell in row] for row in rows]
    natural = [max(len(row[index]) for row in cells) for index in range(len(cells[0]))]
    body_widths = [max((len(row[index]) for row in cells[1:]), default=0) for index in range(len(natural))]
    headers = [len(name) for name in cells[0]]
    widths = column_widths(natural, body_widths, headers, width - 3 * (len(natural) - 1))

    def lines(row: list[str]) -> list[str]:
        wrapped = [_wrap(cell, size) for cell, size in zip(row, widths, strict=True)]
        height = max(len(parts) for parts in wrapped)
        return [
            " | ".join(
                (parts[index] if index < len(parts) else "").ljust(size)
                for parts, size in zip(wrapped, widths, strict=True)
            ).rstrip()
            for index in range(height)
        ]

    header, *body = cells
    rule = "-+-".join("-" * size for size in widths)
    footer = f"({len(body)} row{'s' if len(body) != 1 else ''})"
    return "\n".join([*lines(header), rule, *(line for row in body for line in lines(row)), footer]) + "\n"


def column_widths(natural: list[int], body: list[int], headers: list[int], budget: int) -> list[int]:
    """Widths for columns whose widest cell is `natural` (`body` without the header), within
    `budget` where it can be done. Each column starts at its header's width (or `MIN_COLUMN`
    when the headers together do not fit), never beyond what it needs; the rest goes a
    character at a time to the narrowest column whose cells still wrap, then to headers that
    still wrap: columns that fit keep their width and the wide ones share what is left."""
    floors = [min(size, max(MIN_COLUMN, header)) for size, header in zip(natural, headers, strict=True)]
    if sum(floors) > budget:
        floors = [min(size, MIN_COLUMN) for size in natural]
    widths = list(floors)
    left = budget - sum(widths)
    for target in (body, natural):
        while left > 0:
            wanting = [index for index in range(len(widths)) if widths[index] < target[index]]
            if not wanting:
                break
            narrowest = min(wanting, key=lambda index: (widths[index], index))
            widths[narrowest] += 1
            left -= 1
    return widths


def _wrap(cell: str, size: int) -> list[str]:
    if len(cell) <= size:
        return [cell]
    return textwrap.wrap(cell, size, break_long_words=True, break_on_hyphens=False, drop_whitespace=True) or [
        ""
    ]
