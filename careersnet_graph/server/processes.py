"""Forking without threads: a zygote process that forks the query workers, and short-lived
children for work that would leave threads behind.

`fork()` copies only the calling thread; a process with other threads (the HTTP server's, or
RocksDB's background threads of a persistent Oxigraph store) may be copied while one of them
holds a lock, and the child then deadlocks. So every fork here happens in a process that runs
one thread, checked before each fork:

- the **zygote** is forked from the command before any thread starts; it holds the graph (an
  in-memory store, shared copy-on-write) or the means to open it, and forks each worker, at start
  and whenever the server asks for a replacement. It kills a worker when the server asks (it is
  the worker's parent, so the process id cannot have been reused), reaps its children, and
  ends, with its workers, when the server's side of its socket closes;
- `run_in_child` runs one job (loading a persistent store) in a child and carries its error back,
  so that the command itself never opens RocksDB.

The zygote and the server speak in records of 16 bytes over a Unix stream socket: `S` (spawn; the
worker's end of a new socket pair travels with it as SCM_RIGHTS) answered by `P` and the new
worker's process id; `K` with a process id (kill) and `N` with a process id (lowest CPU
priority), neither answered. The zygote acts only on its own children that it has not reaped
yet, so a process id can never have been reused by another process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from careersnet_graph.errors import CareersnetError
from careersnet_graph.store.base import StoreError

_RECORD = struct.Struct("!cxxxxxxxq")
_TASKS = Path("/proc/self/task")


def thread_count() -> int:
    """The threads of this process, native ones included where /proc shows them."""
    try:
        return len(list(_TASKS.iterdir()))
    except OSError:
        return threading.active_count()


def fork_single_threaded() -> int:
    """`os.fork()`, refused (RuntimeError) in a process that runs more than one thread."""
    threads = thread_count()
    if threads != 1:
        raise RuntimeError(f"refusing to fork a process that runs {threads} threads")
    return os.fork()


def run_in_child(job: Callable[[], None]) -> None:
    """Run `job` in a forked child and wait for it; its `StoreError` or other `CareersnetError`
    is raised here again (with its message), anything else as a `CareersnetError`."""
    reader, writer = os.pipe()
    pid = fork_single_threaded()
    if pid == 0:
        os.close(reader)
        code, message = 0, ""
        try:
            job()
        except StoreError as error:
            code, message = 3, str(error)
        except CareersnetError as error:
            code, message = 2, str(error)
        except BaseException as error:  # carried back as a one-line error, never a traceback
            code, message = 1, f"{type(error).__name__}: {error}"
        with contextlib.suppress(OSError):
            os.write(writer, message.encode("utf-8", "replace"))
        os._exit(code)
    os.close(writer)
    chunks = []
    while chunk := os.read(reader, 65536):
        chunks.append(chunk)
    os.close(reader)
    _, status = os.waitpid(pid, 0)
    message = b"".join(chunks).decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code == 3:
        raise StoreError(message)
    if code != 0:
        raise CareersnetError(message or f"the loading process ended with code {code}")


class Zygote:
    """The server's handle on the zygote process: spawn a worker, kill one, stop them all."""

    def __init__(self, pid: int, control: socket.socket) -> None:
        self.pid = pid
        self._control = control
        self._lock = threading.Lock()
        self._closed = False

    def spawn(self) -> tuple[int, socket.socket]:
        """A new worker's process id and socket (the worker says on it when it is ready)."""
        ours, theirs = socket.socketpair()
        try:
            with self._lock:
                socket.send_fds(self._control, [_RECORD.pack(b"S", 0)], [theirs.fileno()])
                kind, pid = _RECORD.unpack(_receive_record(self._control))
        except (OSError, EOFError) as error:
            ours.close()
            raise CareersnetError(f"the worker pool cannot start a worker: {error}") from None
        finally:
            theirs.close()
        if kind != b"P":
            ours.close()
            raise CareersnetError("the worker pool answered out of turn")
        return pid, ours

    def kill(self, pid: int) -> None:
        """Kill the worker `pid` (SIGKILL), if it is still alive."""
        with self._lock, contextlib.suppress(OSError):
            self._control.sendall(_RECORD.pack(b"K", pid))

    def lower_priority(self, pid: int) -> None:
        """Give the worker `pid` the lowest CPU priority (nice 19), if it is still alive."""
        with self._lock, contextlib.suppress(OSError):
            self._control.sendall(_RECORD.pack(b"N", pid))

    def close(self, timeout: float = 10.0) -> None:
        """Stop the zygote and its workers and wait for it."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):
            self._control.shutdown(socket.SHUT_RDWR)
        self._control.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.02)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def start_zygote(serve_worker: Callable[[socket.socket], None]) -> Zygote:
    """Fork the zygote (in a single-threaded process): each worker it forks runs `serve_worker`
    on its socket and exits when it returns."""
    ours, theirs = socket.socketpair()
    pid = fork_single_threaded()
    if pid == 0:
        ours.close()
        _zygote(theirs, serve_worker)
    theirs.close()
    return Zygote(pid, ours)


def _zygote(control: socket.socket, serve_worker: Callable[[socket.socket], None]) -> NoReturn:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.freeze()  # the objects inherited so far stay untouched by the collector: shared, not copied
    children: set[int] = set()
    try:
        while True:
            readable, _, _ = select.select([control], [], [], 0.1)
            _reap(children)
            if not readable:
                continue
            try:
                data, fds, _, _ = socket.recv_fds(control, _RECORD.size, 1)
                if data and len(data) < _RECORD.size:
                    data += _receive_record(control, len(data))
            except (OSError, EOFError):
                break
            if not data:
                break
            kind, pid = _RECORD.unpack(data)
            if kind == b"S" and fds:
                child = os.fork()
                if child == 0:
                    _worker(control, fds[0], serve_worker)
                os.close(fds[0])
                children.add(child)
                control.sendall(_RECORD.pack(b"P", child))
            elif kind == b"K" and pid in children:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            elif kind == b"N" and pid in children:
                with contextlib.suppress(OSError, AttributeError):
                    os.setpriority(os.PRIO_PROCESS, pid, 19)
            else:
                for fd in fds:
                    os.close(fd)
    finally:
        for child in children:
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        for child in children:
            with contextlib.suppress(OSError):
                os.waitpid(child, 0)
        os._exit(0)


def _worker(control: socket.socket, fd: int, serve_worker: Callable[[socket.socket], None]) -> NoReturn:
    code = 0
    try:
        control.close()
        serve_worker(socket.socket(fileno=fd))
    except BaseException:  # a worker never returns into the zygote's loop
        code = 1
    finally:
        os._exit(code)


def _reap(children: set[int]) -> None:
    while children:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        children.discard(pid)


def _receive_record(sock: socket.socket, have: int = 0) -> bytes:
    data = b""
    while have + len(data) < _RECORD.size:
        chunk = sock.recv(_RECORD.size - have - len(data))
        if not chunk:
            raise EOFError("the zygote's socket closed")
        data += chunk
    return data
