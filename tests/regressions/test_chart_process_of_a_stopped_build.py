"""Two defects found with the report's drawing process. A build killed by SIGKILL left that
process behind for good (blocked on a queue it holds both ends of), and with it the build's
stdout and stderr, which kept a caller waiting on them (the atomic-build test timed out). A
Ctrl-C, which a terminal sends to every process of the build, printed the traceback of the
drawing process when it came while that process was still importing.

Now the drawing process ends itself once its build is gone, and is started ignoring SIGINT (the
build handles it and ends the process). That process is now the build's `HelperProcess`, which
also writes some exports and draws the pages. Input: the mini fixture of issue 13.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.regressions.conftest import REPO

MINI = REPO / "tests" / "fixtures" / "mini"


def _children(parent: int) -> list[int]:
    """The processes whose parent is `parent`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (a zombie has)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _build_with_its_drawing_process(out: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A build of the mini fixture in a session of its own, once its drawing process has started."""
    command = ["build", "--quiet", "--data", str(MINI), "--out", str(out)]
    build = subprocess.Popen(
        [sys.executable, "-m", "careersnet_graph", *command],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    children: list[int] = []
    while not children and time.monotonic() < deadline and build.poll() is None:
        children = _children(build.pid)
        time.sleep(0.02)
    assert children, "the build starts the process that draws the report's charts"
    return build, children


def _all_ended(pids: list[int]) -> bool:
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_running(pid) for pid in pids)


def test_a_killed_build_leaves_no_process_behind(tmp_path: Path) -> None:
    build, children = _build_with_its_drawing_process(tmp_path / "out")
    build.kill()
    build.communicate(timeout=30)  # its pipes close: nothing else holds them
    assert _all_ended(children)


def test_ctrl_c_stops_the_build_without_a_traceback(tmp_path: Path) -> None:
    build, children = _build_with_its_drawing_process(tmp_path / "out")
    os.killpg(build.pid, signal.SIGINT)  # as a terminal sends it, while the process imports
    _, errors = build.communicate(timeout=60)
    assert build.returncode == 1
    assert b"Traceback" not in errors and b"KeyboardInterrupt" not in errors, errors.decode()
    assert _all_ended(children)
