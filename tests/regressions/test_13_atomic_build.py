"""Issue 13, defect 13: a build killed during the final per-file moves left a mix of old and new
outputs (12 old and 8 new after SIGKILL), and staging folders of killed builds stayed for good.

Now a build writes its whole output set into a staging folder beside the output folder and
swaps the two in one step (renameat2 RENAME_EXCHANGE): a build killed at any moment leaves the
old set or the new set, never a mix, and the next build removes what a killed one left.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from careersnet_graph.atomic import replaced_folder
from careersnet_graph.errors import OutputError
from tests.regressions.conftest import INPUTS, REPO

DRIVER = Path(__file__).parent / "build_driver.py"
MINI = REPO / "tests" / "fixtures" / "mini"
OLD_DATA = [str(MINI)]
NEW_DATA = [str(MINI), str(INPUTS / "13-atomic-build")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def start(out: Path, data: list[str], *flags: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(DRIVER), str(out), *data, *flags],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(out: Path, data: list[str]) -> None:
    process = start(out, data)
    output, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    assert "done" in output


def kill_at_mark(process: subprocess.Popen[str], mark: str) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == mark:
            break
    else:
        _, errors = process.communicate(timeout=30)
        raise AssertionError(f"the build ended before {mark}: {errors}")
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


def leftovers(out: Path) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir() if path.name.startswith(f".{out.name}."))


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes], float]:
    """The old and the new output set, and how long a whole build takes."""
    folder = tmp_path_factory.mktemp("reference")
    started = time.monotonic()
    finish(folder / "old", OLD_DATA)
    seconds = time.monotonic() - started
    finish(folder / "new", NEW_DATA)
    old, new = snapshot(folder / "old"), snapshot(folder / "new")
    assert old != new and set(old) == set(new)
    return old, new, seconds


@pytest.mark.slow
def test_a_build_killed_at_any_point_leaves_the_old_set_or_the_new_one(
    sets: tuple[dict[str, bytes], dict[str, bytes], float], tmp_path: Path
) -> None:
    old, new, seconds = sets
    out = tmp_path / "exports"
    finish(out, OLD_DATA)
    current = "old"
    randomness = random.Random(13)
    plans = [("--mark", "before-exchange"), ("--mark", "after-exchange")] + [
        ("", f"{randomness.uniform(0.2, seconds * 1.1):.2f}") for _ in range(6)
    ]
    by_name = {"old": old, "new": new}
    for flag, when in plans:
        target = "new" if current == "old" else "old"
        data = NEW_DATA if target == "new" else OLD_DATA
        process = start(out, data, *([flag] if flag else []))
        if flag:
            kill_at_mark(process, when)
        else:
            time.sleep(float(when))
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
        found = snapshot(out)
        assert found in (old, new), f"a mix after a kill at {when}"
        if when == "before-exchange":
            assert found == by_name[current], "killed before the swap: the old set"
        if when == "after-exchange":
            assert found == by_name[target], "killed after the swap: the new set"
            assert [name for name in leftovers(out) if ".staging-" in name], "the old set waits beside it"
        current = "old" if found == old else "new"
    finish(out, NEW_DATA if current == "old" else OLD_DATA)
    assert snapshot(out) in (old, new)
    assert leftovers(out) == [], "the next build removes what killed builds left"


@pytest.mark.slow
def test_without_rename_exchange_the_old_set_is_put_back(
    sets: tuple[dict[str, bytes], dict[str, bytes], float], tmp_path: Path
) -> None:
    old, _, _ = sets
    out = tmp_path / "exports"
    finish(out, OLD_DATA)
    kill_at_mark(start(out, NEW_DATA, "--no-exchange"), "between-renames")
    assert not out.exists()
    (kept,) = [name for name in leftovers(out) if ".old-" in name]
    assert snapshot(out.parent / kept) == old, "the old set is whole beside the folder"
    with replaced_folder(out) as staging:  # the next writer puts it back first
        assert snapshot(out) == old
        shutil.copytree(out, staging, dirs_exist_ok=True)
    assert snapshot(out) == old
    assert leftovers(out) == []


def test_a_folder_with_other_files_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my own file", encoding="utf-8")
    with pytest.raises(OutputError, match=r"notes\.txt"), replaced_folder(out) as staging:
        (staging / "careersnet-graph.ttl").write_text("new", encoding="utf-8")
    assert snapshot(out) == {"notes.txt": b"my own file"}
    assert leftovers(out) == []
