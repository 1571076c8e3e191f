"""Atomic file writes: a reader sees the old file or the whole new one, never half of it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from careersnet_graph.errors import OutputError


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[bytes]]:
    """A binary file to write `path` through: written beside it, flushed to disk, then renamed
    over `path` when the block ends; removed, leaving `path` as it was, when the block fails.

    Raises `OutputError` when the folder cannot be made or the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(path, error.strerror or str(error)) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(path, error.strerror or str(error)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (see `atomic_writer`)."""
    with atomic_writer(path) as handle:
        handle.write(data)
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    """Write `text` as UTF-8 with Unix newlines, atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))
