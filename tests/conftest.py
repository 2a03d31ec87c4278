"""Shared fixtures: quiet TensorFlow, and one finished tiny run for all whole-workflow tests."""

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def finished(tmp_path_factory):
    """One complete run of ``workflow_utils.SHARED``, made once per session for
    the workflow and Slurm tiers (tests/workflow, tests/slurm). Never modified afterwards: a test that
    writes works in ``finished.copy(...)``."""
    from workflow_utils import finish

    return finish(tmp_path_factory.mktemp("finished") / "work", tmp_path_factory.mktemp("finished_configs"))
