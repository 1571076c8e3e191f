"""Atomic writes: a reader sees the old file or the whole new one, never half of it; and a
whole folder of outputs replaced in one step (`replaced_folder`)."""

from __future__ import annotations

import errno
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

from careersnet_graph.errors import OutputError


class BinaryOutput(Protocol):
    """Where a writer puts its bytes: an open binary file, a `BytesIO`, or `atomic_writer`'s file."""

    def write(self, data: bytes, /) -> int: ...


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryOutput]:
    """A binary file to write `path` through: written beside it, flushed to disk, then renamed
    over `path` when the block ends; removed, leaving `path` as it was, when the block fails.

    The bytes go to the disk from a thread of the file's own (`_QueuedFile`), so that the caller
    makes its next bytes while the kernel copies the last ones. Raises `OutputError` when the
    folder cannot be made or the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(path, error.strerror or str(error)) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            queued = _QueuedFile(handle)
            try:
                yield queued
                queued.finish()
            finally:
                queued.close()  # the thread is gone before its file is closed, whatever happened
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(path, error.strerror or str(error)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _QueuedFile:
    """A binary file whose writes are made by a thread of its own: `write` gathers the bytes and
    hands them over in pieces of about `_PIECE` bytes, at most `_QUEUED` of them waiting, and
    returns; a write to a file releases the GIL, so the caller's Python work and the kernel's
    copying go on at once (at 1M statements the build writes 2.2 GB). The thread's first error is
    raised by the next `write` or by `finish`; `close` stops it without writing the rest."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._pieces: queue.Queue[bytes | None] = queue.Queue(maxsize=_QUEUED)
        self._gathered: list[bytes] = []
        self._size = 0
        self._error: OSError | None = None
        self._discard = False
        self._done = threading.Event()
        threading.Thread(target=self._drain, name="careersnet-writer", daemon=True).start()

    def write(self, data: bytes, /) -> int:
        if self._error is not None:
            raise self._error
        self._gathered.append(bytes(data))
        self._size += len(data)
        if self._size >= _PIECE:
            self._hand_over()
        return len(data)

    def finish(self) -> None:
        """Write what is left, then flush the file to the disk (`fsync`); raise the thread's error."""
        self._hand_over()
        self._stop()
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Stop the thread if it still runs, writing nothing more: the block failed or was
        interrupted (even while `finish` waited), and the file is about to be removed."""
        if not self._done.is_set():
            self._gathered.clear()
            self._discard = True
            self._stop()

    def _hand_over(self) -> None:
        if self._gathered:
            self._pieces.put(b"".join(self._gathered))
            self._gathered.clear()
            self._size = 0

    def _stop(self) -> None:
        """Tell the thread to stop and wait until it has (an `Event`, not `Thread.join`: a join
        that Ctrl-C interrupts can leave `is_alive` false while the thread still writes)."""
        self._pieces.put(None)
        self._done.wait()

    def _drain(self) -> None:
        """The thread: write each piece until told to stop, then flush and sync; after an error
        or once told to discard, the pieces are only taken, so that the caller never waits on a
        full queue."""
        try:
            while (piece := self._pieces.get()) is not None:
                if self._error is None and not self._discard:
                    try:
                        self._handle.write(piece)
                    except OSError as error:
                        self._error = error
            if self._error is None and not self._discard:
                try:
                    self._handle.flush()
                    os.fsync(self._handle.fileno())
                except OSError as error:
                    self._error = error
        finally:
            self._done.set()


_PIECE = 1 << 20
"""About how many bytes the writer thread is given at a time."""

_QUEUED = 8
"""How many pieces may wait for the writer thread: the memory a fast caller can fill."""


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (see `atomic_writer`)."""
    with atomic_writer(path) as handle:
        handle.write(data)
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    """Write `text` as UTF-8 with Unix newlines, atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


STAGING_INFIX = ".staging-"
"""Staging folders are named `.NAME.staging-…` beside the output folder `NAME`."""

_OLD_INFIX = ".old-"
_LEGACY_STAGING = ".careersnet-build-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux renameat2(2)
_RENAME_SWAP = 2  # macOS renamex_np(2)


@contextmanager
def replaced_folder(folder: Path) -> Iterator[Path]:
    """A new, empty staging folder beside `folder`; when the block ends it takes `folder`'s place
    in one step, so a reader sees the old set of files or the new one, never a mix.

    The swap is one `renameat2(RENAME_EXCHANGE)` on Linux (`renamex_np(RENAME_SWAP)` on macOS);
    where neither exists (or the file system refuses it) it is two renames, and a process killed
    between them leaves the old set at `.NAME.old-…`, which the next call puts back. A block that
    fails removes the staging folder and leaves `folder` as it was. While the block runs, the
    parent folder is locked (`flock`), so two builds into one place take turns; staging folders
    that a killed process left behind are removed by the next call.

    `folder` may hold only files of the same kind as the new set (names the new set also has):
    a folder with other files in it is refused with `OutputError`, never replaced.
    """
    folder = folder.resolve() if folder.is_symlink() else folder.absolute()
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(parent, os.O_RDONLY)
    except OSError as error:
        raise OutputError(folder, error.strerror or str(error)) from None
    staging: Path | None = None
    try:
        _lock(lock)
        _clean_leftovers(folder)
        if folder.exists() and not folder.is_dir():
            raise OutputError(folder, "it is a file, not a folder")
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}{STAGING_INFIX}", dir=parent))
        staging.chmod(folder.stat().st_mode & 0o7777 if folder.exists() else _folder_mode())
        yield staging
        _check_replaceable(folder, staging)
        _put_in_place(staging, folder)
        staging = None
        _sync(parent)
    except OSError as error:
        raise OutputError(folder, error.strerror or str(error)) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        os.close(lock)


def _folder_mode() -> int:
    """The mode a new folder gets from the umask (mkdtemp's folders are private, outputs are not)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return 0o777 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o755


def _lock(descriptor: int) -> None:
    try:
        import fcntl  # noqa: PLC0415  (POSIX only)
    except ImportError:  # pragma: no cover  (Windows: no lock)
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX)


def _clean_leftovers(folder: Path) -> None:
    """Remove what killed runs left beside `folder`; put back an old set a two-rename swap left."""
    parent, name = folder.parent, folder.name
    old = sorted(parent.glob(f".{name}{_OLD_INFIX}*"))
    if old and not folder.exists():
        old[-1].rename(folder)
        old = old[:-1]
    for leftover in [*parent.glob(f".{name}{STAGING_INFIX}*"), *old]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _check_replaceable(folder: Path, staging: Path) -> None:
    if not folder.exists():
        return
    if Path.cwd().resolve().is_relative_to(folder.resolve()):
        raise OutputError(folder, "it is (or holds) the working folder: write the outputs elsewhere")
    new = {entry.name for entry in staging.iterdir()}
    foreign = sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name not in new and not entry.name.startswith(_LEGACY_STAGING)
    )
    if foreign:
        shown = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
        raise OutputError(
            folder,
            f"it holds files the build does not write ({shown}): remove them or choose another folder",
        )


def _put_in_place(staging: Path, folder: Path) -> None:
    """Swap `staging` and `folder` (or rename `staging` to `folder`), then remove the old set."""
    if not folder.exists():
        staging.rename(folder)
        return
    if not exchange(staging, folder):
        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}{_OLD_INFIX}", dir=folder.parent))
        folder.replace(old)
        staging.rename(folder)
        staging = old
    shutil.rmtree(staging, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step; False where the system cannot (then nothing moved)."""
    import ctypes  # noqa: PLC0415  (only when a folder is swapped)

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover
        return False
    old, new = os.fsencode(first), os.fsencode(second)
    renameat2 = getattr(libc, "renameat2", None)
    renamex_np = getattr(libc, "renamex_np", None)
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, old, _AT_FDCWD, new, _RENAME_EXCHANGE)
    elif renamex_np is not None:  # pragma: no cover  (macOS)
        result = renamex_np(old, new, _RENAME_SWAP)
    else:  # pragma: no cover
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _sync(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover  (some file systems cannot sync a folder)
        pass
    finally:
        os.close(descriptor)
