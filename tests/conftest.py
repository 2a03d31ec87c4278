"""Shared fixtures: quiet TensorFlow, one finished tiny run for all whole-workflow tests, and the
order in which pytest-xdist's two workers (pyproject's ``-n 2 --dist loadfile``) take the files."""

import fcntl
import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

FIRST = (  # the longest files first, so that neither worker ends alone on one of them
    "tests/workflow/test_interrupt_anywhere.py",  # a run of its own, killed at every rule
    "tests/slurm/test_slurm.py",  # makes the shared run, then mostly waits on Slurm
)


def pytest_collection_modifyitems(items):
    """The files of ``FIRST`` first, in that order; the rest in the tiers' order (lint, unit,
    workflow). Every worker collects the same order (xdist requires it)."""
    rank = {name: i for i, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(FIRST)))


@pytest.fixture(scope="session")
def finished(tmp_path_factory):
    """One complete run of ``workflow_utils.SHARED``, made once per session for the workflow and
    Slurm tiers (tests/workflow, tests/slurm), by whichever xdist worker asks first (the others wait
    on a lock, then read it). Never modified afterwards: a test that writes works in
    ``finished.copy(...)``. Each worker writes its config files in a folder of its own."""
    from workflow_utils import Finished, finish

    configs = tmp_path_factory.mktemp("finished_configs")
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's folder above the workers' own
    workdir, done, failed = shared / "finished" / "work", shared / "finished.done", shared / "finished.failed"
    with open(shared / "finished.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            raise AssertionError(f"the shared run failed (in another worker):\n{failed.read_text()}")
        if not done.exists():
            try:
                finish(workdir, configs)
            except Exception as err:
                failed.write_text(str(err))
                raise
            done.touch()
    return Finished(workdir, configs)
