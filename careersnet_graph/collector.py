"""Python's cycle collector paused while a step makes millions of long-lived objects.

Loading, projecting and writing a large graph allocate millions of containers that live until the
step ends (terms, rows, node and edge attribute dicts). Each allocation burst sets off a collection,
and every full one walks the whole heap (the store's terms and every projection) only to find
next to nothing to free: at 1M statements that was a quarter of the build's time (166 s with the
collector, 129 s without, same peak memory). What these steps make is freed by reference counting
at once. The few reference cycles among it (the report's matplotlib figures, some closures) wait
for the collector; `build`, which makes them, collects once when it ends. Other blocks only
restart the collector: a closing collection per block walked the whole heap each time (about 4 s
per projection at 1M statements).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["cycle_collection_paused"]


@contextmanager
def cycle_collection_paused(*, collect: bool = False) -> Iterator[None]:
    """Pause the cycle collector for the block. It is left as it was found, even when the block
    fails: a block inside another keeps it paused, and the outermost one, where it found it
    running, restarts it (and with `collect`, collects once: for a block known to make cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            if collect:
                gc.collect()
