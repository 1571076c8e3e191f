"""Run each query in its own forked process, killed at the deadline.

rdflib has no query timeout, and a thread cannot be stopped; a process can. The process is
forked from the server, so it shares the loaded graph (copy on write) without loading it again.
"""

from __future__ import annotations

import multiprocessing
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import BoundQuery, KnowledgeGraph
from careersnet_graph.sparql.formats import render


class QueryTimeoutError(CareersnetError):
    """A query that did not finish within the time limit; its process was killed."""


class QueryFailedError(CareersnetError):
    """A query that parsed but failed while it was evaluated."""


@dataclass(frozen=True)
class WorkerAnswer:
    """The answer written in the chosen format, and whether rows were cut at the cap."""

    body: bytes
    truncated: bool


def answer_in_worker(
    kg: KnowledgeGraph, bound: BoundQuery, format_name: str, max_rows: int, timeout: float
) -> WorkerAnswer:
    """Evaluate `bound` in a child process; kill it and raise `QueryTimeoutError` after `timeout` seconds."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(kg, bound, format_name, max_rows, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeoutError(
                f"the query ran longer than the time limit of {timeout:g} s and was stopped"
            )
        status, payload, truncated = receiver.recv()
    except EOFError:
        raise QueryFailedError("the query's worker process ended without an answer") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status != "ok":
        raise QueryFailedError(str(payload))
    return WorkerAnswer(payload, bool(truncated))


def _work(kg: KnowledgeGraph, bound: BoundQuery, format_name: str, max_rows: int, sender: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        answer = kg.run(bound, max_rows)
        body = render(answer, format_name, kg.curie).encode("utf-8")
        sender.send(("ok", body, answer.truncated))
    except CareersnetError as error:
        sender.send(("error", str(error), False))
    except Exception as error:  # report any evaluation error to the client, never a traceback
        sender.send(("error", f"{type(error).__name__}: {error}", False))
    finally:
        sender.close()
