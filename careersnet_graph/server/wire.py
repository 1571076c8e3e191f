"""Messages between the server and its worker processes, over a Unix socket.

A message is a JSON header and an optional body of bytes, framed by their two lengths. The
reader is given a deadline and a size limit: a worker that is late, or that sends more than it
may, is not waited for and not believed.
"""

from __future__ import annotations

import json
import socket
import struct
import time
from typing import Any

_LENGTHS = struct.Struct("!II")
MAX_HEADER_BYTES = 1 << 20
"""No header (a request, a status line, a message) is longer than this."""


class WireError(Exception):
    """The other side closed the socket, broke the framing, or sent more than it may."""


def send_message(sock: socket.socket, header: dict[str, Any], body: bytes = b"") -> None:
    """Send one message; raises OSError when the other side is gone."""
    data = json.dumps(header, ensure_ascii=True).encode("ascii")
    sock.sendall(_LENGTHS.pack(len(data), len(body)) + data)
    if body:
        sock.sendall(body)


def receive_message(
    sock: socket.socket, *, deadline: float | None = None, max_body: int = 0
) -> tuple[dict[str, Any], bytes]:
    """Read one message. Raises `TimeoutError` when the deadline (a `time.monotonic()` value)
    passes first, `WireError` on end of file, bad framing or a body above `max_body` bytes."""
    header_length, body_length = _LENGTHS.unpack(_read(sock, _LENGTHS.size, deadline))
    if header_length > MAX_HEADER_BYTES or body_length > max_body:
        raise WireError(f"a message of {header_length} + {body_length} bytes, more than allowed")
    try:
        header = json.loads(_read(sock, header_length, deadline))
    except ValueError:
        raise WireError("a message header that is not JSON") from None
    if not isinstance(header, dict):
        raise WireError("a message header that is not an object")
    return header, _read(sock, body_length, deadline)


def _read(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the deadline passed")
            sock.settimeout(remaining)
        else:
            sock.settimeout(None)
        try:
            count = sock.recv_into(view[received:], size - received)
        except TimeoutError:
            raise
        except OSError as error:
            raise WireError(f"the socket failed: {error}") from None
        if count == 0:
            raise WireError("the other side closed the socket")
        received += count
    return bytes(buffer)
