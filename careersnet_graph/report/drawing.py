"""The report's charts, drawn here or by a process of their own beside the build's other steps.

matplotlib draws in Python, holding the interpreter: the report's eight charts take about 3 s at
any size (most of it the text of the country matrix), which threads cannot overlap. The build
hands them to a second process (started fresh, so that it copies none of the build's memory)
while it writes the network files and the pages; what that process is sent is the charts'
inputs only. Where no process can be started, or it fails, the charts are drawn here instead:
the same bytes either way.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from careersnet_graph.report.charts import data_uri, matrix_chart, ranking_chart
from careersnet_graph.report.evolution import Evolution
from careersnet_graph.report.evolution_charts import growth_chart, shares_chart
from careersnet_graph.report.findings import Findings, Ranking
from careersnet_graph.report.missing import Cooperation


@dataclass(frozen=True)
class ChartInputs:
    """What the report's charts show: the rankings, the two cooperation matrices, the evolution."""

    rankings: list[Ranking]
    sectors: Cooperation
    places: Cooperation
    evolution: Evolution | None

    @classmethod
    def of(cls, findings: Findings, evolution: Evolution | None) -> ChartInputs:
        """The charts' inputs among a report's findings and its evolution."""
        return cls(findings.rankings, findings.sectors, findings.places, evolution)


def draw_charts(inputs: ChartInputs) -> dict[str, str]:
    """Each chart of the report by its name in the template, as a data: URI of its SVG."""
    charts = {
        f"ranking-{ranking.metric}": data_uri(ranking_chart(ranking))
        for ranking in inputs.rankings
        if ranking.rows
    }
    if any(group.organisations for group in inputs.sectors.groups):
        charts["sectors"] = data_uri(matrix_chart(inputs.sectors, "Ties between sectors"))
    if any(group.organisations for group in inputs.places.groups):
        charts["countries"] = data_uri(matrix_chart(inputs.places, "Ties between countries and the EU level"))
    if inputs.evolution is not None and inputs.evolution.periods:
        charts["evolution-growth"] = data_uri(growth_chart(inputs.evolution))
        charts["evolution-shares"] = data_uri(shares_chart(inputs.evolution))
    return charts


class DrawingProcess:
    """A second process for the report's charts, started early (it imports matplotlib while the
    build loads and validates) and ended once it has drawn the one report it is given, or at once
    if it is given none. Without a process (none could start) the charts are drawn here."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        try:
            with _without_ctrl_c():  # the process is started ignoring it: the build handles Ctrl-C
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_started,
                    initargs=(os.getpid(),),
                )
                self._pool.submit(_ready)
        except (OSError, NotImplementedError, RuntimeError):
            self.close()

    def __enter__(self) -> DrawingProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def draw(self, inputs: ChartInputs) -> Charts:
        """The charts of `inputs`, being drawn by the process; it ends when it has drawn them."""
        drawing: Future[dict[str, str]] | None = None
        if self._pool is not None:
            with suppress(BrokenProcessPool, OSError, RuntimeError):
                drawing = self._pool.submit(draw_charts, inputs)
        self.close()
        return Charts(inputs, drawing)

    def close(self) -> None:
        """Take no more work; the process ends once it has drawn what it was given."""
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
    """In the drawing process: end when the build is gone (a killed build cannot say so, and its
    queue would hold this process forever); the build ends it otherwise."""
    threading.Thread(target=_end_without, args=(build,), daemon=True).start()


def _end_without(build: int) -> None:
    while os.getppid() == build:
        time.sleep(_WATCH)
    os._exit(1)


_WATCH = 0.2
"""Seconds between two looks of the drawing process at whether the build is still there."""


def _ready() -> None:
    """Nothing: sent first, so that the process imports this module (and matplotlib) at once."""


class Charts:
    """The charts of one report: being drawn by a `DrawingProcess`, or to be drawn here."""

    def __init__(self, inputs: ChartInputs, drawing: Future[dict[str, str]] | None = None) -> None:
        self._inputs = inputs
        self._drawing = drawing

    def result(self) -> dict[str, str]:
        """The charts, once drawn (here, if the second process could not draw them)."""
        if self._drawing is not None:
            try:
                return self._drawing.result()
            except Exception:  # the process failed: drawn here, a fault of the drawing shows again
                pass
        return draw_charts(self._inputs)
