"""Which values (sectors, countries) each node has, as rows of packed bits, to test many pairs
of nodes at once for a value in common."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Membership", "known_and_disjoint", "membership"]

Membership = npt.NDArray[np.uint8]
"""One row per node, one bit per value."""


def membership(values: Sequence[Sequence[str]]) -> Membership:
    """The rows of `values[i]`, the values of node i."""
    columns = {value: index for index, value in enumerate(sorted({v for found in values for v in found}))}
    matrix = np.zeros((len(values), max(len(columns), 1)), dtype=bool)
    for row, found in enumerate(values):
        matrix[row, [columns[value] for value in found]] = True
    return np.packbits(matrix, axis=1)


def known_and_disjoint(
    rows: Membership, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """For each pair (first[i], second[i]): whether both nodes have a value, and whether they have
    values but none in common."""
    left, right = rows[first], rows[second]
    known: npt.NDArray[np.bool_] = np.logical_and(left.any(axis=1), right.any(axis=1))
    disjoint: npt.NDArray[np.bool_] = np.logical_and(known, ~(left & right).any(axis=1))
    return known, disjoint
