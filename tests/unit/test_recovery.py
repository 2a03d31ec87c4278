"""Interruptions: a job whose Snakemake process died stops, and one command recovers a killed run."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from memotion_gmm.pipeline import recovery
from memotion_gmm.pipeline.jobs import ORPHAN_EXIT
from workflow_utils import REPO, SNAKEMAKE, snakemake, write_config

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
def test_stale_lock_is_removed_only_when_every_recorded_run_is_gone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    locks = tmp_path / ".snakemake/locks"
    locks.mkdir(parents=True)
    (locks / "0.output.lock").write_text("results/x\n")

    assert recovery.clear_stale_lock() is None  # a lock without a record: left alone
    assert locks.exists()

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    recovery.register_head(dead.pid)
    recovery.register_head()  # this process: alive
    dead.wait()
    assert recovery.clear_stale_lock() is None and locks.exists()  # one run still alive

    recovery.forget_head()
    (recovery.HEADS / f"elsewhere.{dead.pid}").write_text("1")  # another host: cannot check
    assert recovery.clear_stale_lock() is None and locks.exists()
    (recovery.HEADS / f"elsewhere.{dead.pid}").unlink()

    recovery.register_head(os.getpid())
    (recovery.HEADS / f"{socket.gethostname()}.{os.getpid()}").write_text("0")  # pid reused
    message = recovery.clear_stale_lock()
    assert message and "no longer run" in message
    assert not locks.exists() and not any(recovery.HEADS.iterdir())


# ---------------------------------------------------------------------------------------------
# The real thing: kill -9 Snakemake during a training job, then the same command again.

TARGET = "results/runs/lstm_t/seed1/predictions.parquet"
KILL_CONFIG = {"training": {"epochs": 12, "gpus": 0}, "dataset": {"demo_size": 120, "demo_test_size": 20}}


def _run_command(workdir: Path, config: Path) -> list[str]:
    return [
        *SNAKEMAKE,
        "-s",
        str(REPO / "Snakefile"),
        "-d",
        str(workdir),
        "--configfile",
        str(config),
        "--cores",
        "1",
        TARGET,
    ]


@pytest.mark.workflow
@linux_only
def test_after_kill_9_during_training_the_same_command_recovers_identically(tmp_path):
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    config = write_config(killed, KILL_CONFIG)
    env = os.environ | {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(
        _run_command(killed, config), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    log = killed / "results/logs/train/lstm_t/seed1.log"
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if log.exists() and "Total params" in log.read_text():  # the model is built: fit starts
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed mid-training"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert any((killed / ".snakemake/locks").iterdir()), "kill -9 leaves Snakemake's lock behind"
    deadline = time.time() + 20
    while "that started this job is gone" not in log.read_text() and time.time() < deadline:
        time.sleep(0.2)
    assert "that started this job is gone" in log.read_text(), "the orphaned training job wrote on"
    # what a job killed half-way through writing leaves behind: Snakemake marked it incomplete
    (killed / "results/runs/lstm_t/seed1/model.keras").write_bytes(b"PK\x03\x04 half a model")

    rerun = snakemake(killed, config, "--cores", "1", TARGET)  # the same command, nothing else
    assert "removed the lock" in rerun.stderr

    snakemake(clean, write_config(clean, KILL_CONFIG), "--cores", "1", TARGET)
    got, want = (pd.read_parquet(d / TARGET) for d in (killed, clean))
    pd.testing.assert_frame_equal(got, want)
    for d in (killed, clean):
        assert "Nothing to be done" in snakemake(d, d / "tiny.yaml", "-n", TARGET).stdout
