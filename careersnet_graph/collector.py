"""Python's cycle collector paused while a step makes millions of long-lived objects.

Loading, projecting and writing a large graph allocate millions of containers that live until the
step ends (terms, rows, node and edge attribute dicts). Each allocation burst sets off a collection,
and every full one walks the whole heap (the store's terms and every projection) only to find
next to nothing to free: at 1M statements that was a quarter of the build's time (166 s with the
collector, 129 s without, same peak memory). What these steps make is freed by reference counting
at once; the few reference cycles among it (the report's matplotlib figures, some closures) wait
for the one collection made when the outermost paused block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["cycle_collection_paused"]


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause the cycle collector for the block. It is left as it was found: a block inside another
    keeps it paused, and the outermost one, where it found it running, restarts it and collects
    once, even when the block fails."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect()
