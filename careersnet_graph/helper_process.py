"""A second process that does a build's pure-Python writing and drawing beside its other steps.

The build's own process holds the interpreter for most of its work, and threads cannot overlap
Python code. What needs only small inputs is handed to a second process, started fresh with the
build (so that it copies none of the build's memory, and imports what it works with while the
build loads and validates): the Turtle, TriG and JSON-LD exports, written from the N-Triples and
N-Quads files while the build makes its projections; the igraph metrics of the large projections,
from their ties, while the build makes the others and writes their network files; the
organisations projection's network files, from what its ties are made of, while the build gathers
the report; each network page's layout and HTML and the report's charts. That process is sent
only those small inputs. Where no process can be started, or it fails, the work is done here
instead, when its result is asked for; what it has not begun when the build takes it up
(`Deferred.take`) is done here at once: the same bytes either way.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from typing import Generic, TypeVar

T = TypeVar("T")
A = TypeVar("A")

__all__ = ["Deferred", "HelperProcess", "deferred"]


class Deferred(Generic[T]):
    """`function(argument)`: being worked out by a `HelperProcess`, or to be worked out here."""

    def __init__(self, function: Callable[[A], T], argument: A, working: Future[T] | None = None) -> None:
        self._function: Callable[[A], T] = function
        self._argument = argument
        self._working = working
        self.done_there = False
        """Whether the second process did the work (known once `result` has been asked for)."""

    def result(self) -> T:
        """The result, once there (worked out here if the second process could not do it)."""
        if self._working is not None:
            try:
                result = self._working.result()
            except Exception:  # the process failed: done here, where a fault of the work shows again
                pass
            else:
                self.done_there = True
                return result
        return self._function(self._argument)

    def take(self) -> T:
        """The result, waited for only if the second process has begun on it: work still queued
        behind other work there is taken back and done here at once, since waiting would cost
        the queue ahead of it too (the build's last drawings wait behind the organisations
        network files otherwise)."""
        if self._working is not None and self._working.cancel():
            self._working = None
        return self.result()


class HelperProcess:
    """A second process, started at once and importing the `modules` its work needs; it takes
    work until `close`, then ends when it has done what it was given (at once if it was given
    none). Without a process (none could start) each piece of work is done here."""

    def __init__(self, modules: Sequence[str] = ()) -> None:
        self._pool: ProcessPoolExecutor | None = None
        try:
            with _without_ctrl_c():  # the process is started ignoring it: the build handles Ctrl-C
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_started,
                    initargs=(os.getpid(),),
                )
                for module in modules:
                    self._pool.submit(importlib.import_module, module)
        except (OSError, NotImplementedError, RuntimeError):
            self.close()

    def __enter__(self) -> HelperProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, function: Callable[[A], T], argument: A) -> Deferred[T]:
        """`function(argument)`, given to the process (after what it was given before); `function`
        must be importable by name and `argument` picklable, or it is done here when asked for."""
        working: Future[T] | None = None
        if self._pool is not None:
            with suppress(BrokenProcessPool, OSError, RuntimeError):
                working = self._pool.submit(function, argument)
        return Deferred(function, argument, working)

    def close(self) -> None:
        """Take no more work; the process ends once it has done what it was given."""
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None


@contextmanager
def _without_ctrl_c() -> Iterator[None]:
    """SIGINT ignored in this process for the block (in the main thread, the only one that may
    set it), so that a process started in it ignores SIGINT from its start: a terminal's Ctrl-C
    reaches every process of the build, and a process still importing would print a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _started(build: int) -> None:
    """In the second process: end when the build is gone (a killed build cannot say so, and its
    queue would hold this process forever); the build ends it otherwise."""
    threading.Thread(target=_end_without, args=(build,), daemon=True).start()


def _end_without(build: int) -> None:
    while os.getppid() == build:
        time.sleep(_WATCH)
    os._exit(1)


_WATCH = 0.2
"""Seconds between two looks of the second process at whether the build is still there."""


def deferred(helper: HelperProcess | None, function: Callable[[A], T], argument: A) -> Deferred[T]:
    """`function(argument)`, given to `helper` if there is one, else to be worked out here."""
    return helper.submit(function, argument) if helper is not None else Deferred(function, argument)
