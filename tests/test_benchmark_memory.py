"""The benchmark's look at a process tree's memory (benchmarks/run.py `_tree_rss_kib`): the
build and every process under it, found through the threads' children lists, as a scan of every
process finds them."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"

_HOLD = """
import subprocess, sys, time
held = bytearray(60_000_000)
child = subprocess.Popen([sys.executable, "-c", "import time; held = bytearray(40_000_000); time.sleep(30)"])
print(child.pid, flush=True)
time.sleep(30)
"""


def _run_module() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module("run")
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_the_tree_holds_the_memory_of_a_process_and_its_child() -> None:
    run = _run_module()
    parent = subprocess.Popen([sys.executable, "-c", _HOLD], stdout=subprocess.PIPE, text=True)
    child = None
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        time.sleep(0.5)  # the child has made its 40 MB
        seen = run._tree_rss_kib(parent.pid)
        scanned = run._scanned_tree_rss_kib(parent.pid)
        assert seen >= 100_000_000 // 1024  # both processes' bytes, not the parent's alone
        assert abs(seen - scanned) < 5_000
    finally:
        if child is not None:
            os.kill(child, signal.SIGKILL)
        parent.kill()
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
    assert run._tree_rss_kib(parent.pid) == 0
