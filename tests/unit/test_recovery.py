"""Interruptions: a job whose Snakemake process died stops, and one command recovers a killed run."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from memotion_gmm.pipeline import recovery
from memotion_gmm.pipeline.jobs import ORPHAN_EXIT
from workflow_utils import REPO

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

CHILD = """
import logging, os, sys, time
from memotion_gmm.pipeline.jobs import stop_when_orphaned
logging.basicConfig(filename=sys.argv[1], level=logging.INFO, force=True)
stop_when_orphaned(logging.getLogger("job"), interval=0.1)
with open(sys.argv[2], "a") as beat:
    for _ in range(400):
        beat.write(f"{os.getpid()}\\n")
        beat.flush()
        time.sleep(0.05)
"""

# Stands in for Snakemake: named "snakemake", it runs the job through bash as Snakemake's
# script: directive does (bash stays the job's parent when Snakemake dies), then waits.
HEAD = """#!{python}
import subprocess, sys, time
job = "rc=0; {python} child.py job.log beat.txt || rc=$?; echo $rc > rc.txt"
subprocess.Popen(["bash", "-c", "set -euo pipefail; " + job])
time.sleep(60)
"""


def _beats(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


@linux_only
def test_a_job_whose_snakemake_process_dies_stops_writing(tmp_path):
    (tmp_path / "child.py").write_text(CHILD)
    head = tmp_path / "snakemake"
    head.write_text(HEAD.format(python=sys.executable))
    head.chmod(0o755)
    env = os.environ | {"PYTHONPATH": str(REPO / "workflow")}
    proc = subprocess.Popen([str(head)], cwd=tmp_path, env=env)
    beat = tmp_path / "beat.txt"
    try:
        deadline = time.time() + 30
        while _beats(beat) < 5 and time.time() < deadline:
            time.sleep(0.05)
        assert _beats(beat) >= 5, "the job never started"
        child = int(beat.read_text().split()[0])
        proc.send_signal(signal.SIGKILL)  # the Snakemake process is killed; bash and the job live on
        proc.wait()
        deadline = time.time() + 10
        while not (tmp_path / "rc.txt").exists() and time.time() < deadline:
            time.sleep(0.1)
        assert (tmp_path / "rc.txt").read_text().strip() == str(ORPHAN_EXIT)
        written = _beats(beat)
        time.sleep(0.5)
        assert _beats(beat) == written < 400  # stopped, long before its 400 writes
        assert "that started this job is gone" in (tmp_path / "job.log").read_text()
    finally:
        proc.kill()
        if "child" in locals():
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass


@linux_only
def test_a_job_whose_snakemake_process_lives_runs_to_the_end(tmp_path):
    (tmp_path / "child.py").write_text(CHILD.replace("range(400)", "range(20)"))
    head = tmp_path / "snakemake"
    head.write_text(HEAD.format(python=sys.executable).replace("time.sleep(60)", "time.sleep(8)"))
    head.chmod(0o755)
    env = os.environ | {"PYTHONPATH": str(REPO / "workflow")}
    subprocess.run([str(head)], cwd=tmp_path, env=env, timeout=60)
    assert (tmp_path / "rc.txt").read_text().strip() == "0"
    assert _beats(tmp_path / "beat.txt") == 20


@linux_only
def test_a_job_whose_snakemake_process_died_during_its_imports_stops_at_once(tmp_path):
    """The Snakemake process that announced itself is gone before the job's watchdog starts (its
    parent is then init, or here a live process that is not Snakemake): the job must not run."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    start = recovery.process_start_time(gone.pid)
    gone.wait()
    (tmp_path / "child.py").write_text(CHILD.replace("range(400)", "range(100)"))
    env = os.environ | {
        "PYTHONPATH": str(REPO / "workflow"),
        recovery.HEAD_VARIABLE: f"{socket.gethostname()}:{gone.pid}:{start}",
    }
    job = subprocess.run(
        [sys.executable, "child.py", "job.log", "beat.txt"], cwd=tmp_path, env=env, timeout=60
    )
    assert job.returncode == ORPHAN_EXIT
    assert _beats(tmp_path / "beat.txt") <= 1


@linux_only
def test_stale_lock_is_removed_only_when_every_recorded_run_is_gone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    locks = tmp_path / ".snakemake/locks"
    locks.mkdir(parents=True)
    (locks / "0.output.lock").write_text("results/x\n")

    assert recovery.clear_stale_lock() is None  # a lock without a record: left alone, with advice
    assert locks.exists() and "snakemake --unlock" in recovery.lock_advice()

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    recovery.register_head(dead.pid)
    recovery.register_head()  # this process: alive
    dead.wait()
    assert recovery.clear_stale_lock() is None and locks.exists()  # one run still alive
    assert recovery.lock_advice() is None  # Snakemake itself refuses a second run

    recovery.forget_head()
    (recovery.HEADS / f"elsewhere.{dead.pid}").write_text("1")  # another host: cannot check
    assert recovery.clear_stale_lock() is None and locks.exists()
    assert f"elsewhere.{dead.pid} on another host" in recovery.lock_advice()
    (recovery.HEADS / f"elsewhere.{dead.pid}").unlink()

    recovery.register_head(os.getpid())
    (recovery.HEADS / f"{socket.gethostname()}.{os.getpid()}").write_text("0")  # pid reused
    message = recovery.clear_stale_lock()
    assert message and "no longer run" in message
    assert not locks.exists() and not any(recovery.HEADS.iterdir()) and recovery.lock_advice() is None


# ---------------------------------------------------------------------------------------------
# The real thing: kill -9 Snakemake during a training job, then the same command again.
