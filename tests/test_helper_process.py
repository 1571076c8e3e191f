"""The build's second process: work it is given is done there, and done here instead whenever it
cannot be (closed, killed, or given what it cannot be sent)."""

from __future__ import annotations

import os
import signal
import time

from careersnet_graph.helper_process import Deferred, HelperProcess

SELF = "/proc/self"
"""`os.readlink(SELF)` is the process id of whoever reads it: it tells where work was done."""


def _here() -> str:
    return str(os.getpid())


def test_work_is_done_by_a_second_process() -> None:
    with HelperProcess(["json"]) as helper:
        where = helper.submit(os.readlink, SELF)
        assert where.result() not in (_here(), "")
        assert where.done_there


def test_work_given_after_close_is_done_here() -> None:
    with HelperProcess() as helper:
        pass
    where = helper.submit(os.readlink, SELF)
    assert where.result() == _here()
    assert not where.done_there


def test_work_of_a_killed_process_is_done_here() -> None:
    with HelperProcess() as helper:
        process = int(helper.submit(os.readlink, SELF).result())
        os.kill(process, signal.SIGKILL)  # what is given from now on finds the process gone
        where = helper.submit(os.readlink, SELF)
        assert where.result() == _here()
        assert not where.done_there


def test_work_that_cannot_be_sent_is_done_here() -> None:
    with HelperProcess() as helper:
        assert helper.submit(lambda value: value + 1, 41).result() == 42  # pickle cannot name a lambda


def test_a_deferred_without_a_process_is_worked_out_when_asked() -> None:
    assert Deferred(os.readlink, SELF).result() == _here()


def test_work_queued_behind_other_work_is_taken_back_and_done_here() -> None:
    """`take` does here at once what the second process has not begun, and takes from there
    what it has."""
    with HelperProcess() as helper:
        begun = helper.submit(os.readlink, SELF)
        assert begun.result() not in (_here(), "")  # the process is up and did it
        helper.submit(time.sleep, 2.0)
        for _ in range(2):  # what the process's queue holds beside the work it is doing
            helper.submit(os.readlink, SELF)
        queued = helper.submit(os.readlink, SELF)
        assert queued.take() == _here()
        assert not queued.done_there
        assert begun.take() == begun.result()
        assert begun.done_there
