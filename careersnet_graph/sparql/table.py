"""A plain-text table that fits a terminal: long cells are cut with an ellipsis."""

from __future__ import annotations

MIN_COLUMN = 8


def render_table(rows: list[list[str]], width: int) -> str:
    """`rows[0]` is the header; columns shrink (widest first) until the table fits `width`."""
    cells = [[cell.replace("\n", " ").replace("\t", " ") for cell in row] for row in rows]
    widths = [max(len(row[index]) for row in cells) for index in range(len(cells[0]))]
    budget = max(width - 3 * (len(widths) - 1), MIN_COLUMN * len(widths))
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=lambda index: (widths[index], -index))
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1

    def line(row: list[str]) -> str:
        return " | ".join(_fit(cell, size) for cell, size in zip(row, widths, strict=True)).rstrip()

    header, *body = cells
    rule = "-+-".join("-" * size for size in widths)
    footer = f"({len(body)} row{'s' if len(body) != 1 else ''})"
    return "\n".join([line(header), rule, *(line(row) for row in body), footer]) + "\n"


def _fit(cell: str, size: int) -> str:
    if len(cell) > size:
        return cell[: size - 1] + "…"
    return cell.ljust(size)
