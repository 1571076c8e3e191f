"""`atomic_writer`: its writer thread writes every byte in order, and a failed write or a failed
block leaves the old file, no temporary file and no thread behind."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from careersnet_graph.atomic import atomic_writer
from careersnet_graph.errors import OutputError


def _writer_threads() -> int:
    return sum(1 for thread in threading.enumerate() if thread.name == "careersnet-writer")


def test_every_write_arrives_in_order(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    pieces = [bytes([index % 251]) * (index * 977 % 70_000) for index in range(300)]  # ~10 MB
    pieces.append(bytearray(b"a bytearray"))
    pieces.append(memoryview(b"and a memoryview"))
    with atomic_writer(path) as out:
        for piece in pieces:
            assert out.write(piece) == len(piece)
    assert path.read_bytes() == b"".join(bytes(piece) for piece in pieces)
    assert _writer_threads() == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_a_failing_block_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="stop"), atomic_writer(path) as out:
        out.write(b"x" * (3 << 20))  # some of it handed to the thread already
        raise RuntimeError("stop")
    assert path.read_bytes() == b"old"
    assert _writer_threads() == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


_FILE_SIZE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from careersnet_graph.atomic import atomic_writer
from careersnet_graph.errors import OutputError

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit a write fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
path = Path(sys.argv[1])
try:
    with atomic_writer(path) as out:
        for _ in range(64):
            out.write(b"y" * (1 << 18))
except OutputError as error:
    print(error)
    sys.exit(7)
"""


def test_a_write_the_disk_refuses_is_an_output_error(tmp_path: Path) -> None:
    """A real refusal by the kernel (the file-size limit, as a full disk would refuse), raised
    from the writer thread into the caller as `OutputError` naming the file."""
    path = tmp_path / "big.bin"
    path.write_bytes(b"old")
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_FILE_SIZE_LIMIT), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 7, result.stderr
    assert str(path) in result.stdout
    assert "too large" in result.stdout.lower()
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.bin"]


def test_a_folder_that_cannot_be_made_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="file"), atomic_writer(blocker / "out.bin") as out:
        out.write(b"never")
    assert _writer_threads() == 0


_INTERRUPTED = """
import signal, sys
from pathlib import Path
from careersnet_graph.atomic import atomic_writer

def interrupt(signum, frame):
    raise KeyboardInterrupt

signal.signal(signal.SIGALRM, interrupt)
path = Path(sys.argv[1])
try:
    with atomic_writer(path) as out:
        for _ in range(400):
            out.write(b"z" * (1 << 20))
        signal.setitimer(signal.ITIMER_REAL, float(sys.argv[2]))  # lands while the rest is written
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.parametrize("delay", [0.001, 0.02, 0.1])
def test_an_interrupt_while_the_rest_is_written_leaves_one_file_and_no_thread_error(
    tmp_path: Path, delay: float
) -> None:
    """Ctrl-C as the block ends (while `finish` waits for the thread): the thread is stopped
    before its file is closed, so it never writes to a closed file (a traceback from the
    thread), and the old file stays or the whole new one replaces it."""
    path = tmp_path / "big.bin"
    path.write_bytes(b"old")
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_INTERRUPTED), str(path), str(delay)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 130), result.stderr
    assert "Traceback" not in result.stderr
    assert path.stat().st_size in (3, 400 << 20)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.bin"]
