"""Recovery end to end: kill -9 during training, then the same command gives identical results.

Both runs start from copies of the session's shared finished run with more epochs for one run, so
that only that training job (long enough to be killed in mid-fit) runs."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from workflow_utils import REPO, SNAKEMAKE, snakemake

pytestmark = [
    pytest.mark.workflow,
    pytest.mark.long,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc"),
]

TARGET = "results/tasks/A/sentiment/runs/lstm_t/seed1/predictions.parquet"
KILL_CHANGE = {"training": {"epochs": 12}}


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


def test_after_kill_9_during_training_the_same_command_recovers_identically(finished, tmp_path):
    killed, clean = finished.copy(tmp_path / "killed"), finished.copy(tmp_path / "clean")
    config = finished.config(KILL_CHANGE, "kill")
    env = os.environ | {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": "0"}
    log = killed / "results/logs/tasks/A/sentiment/train/lstm_t/seed1.log"
    log.unlink()  # the finished run's: the job writes its own
    proc = subprocess.Popen(
        _run_command(killed, config), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
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
    (killed / "results/tasks/A/sentiment/runs/lstm_t/seed1/model.keras").write_bytes(
        b"PK\x03\x04 half a model"
    )

    rerun = snakemake(killed, config, "--cores", "1", TARGET)  # the same command, nothing else
    assert "removed the lock" in rerun.stderr

    snakemake(clean, config, "--cores", "1", TARGET)
    got, want = (pd.read_parquet(d / TARGET) for d in (killed, clean))
    pd.testing.assert_frame_equal(got, want)
    for d in (killed, clean):
        assert "Nothing to be done" in snakemake(d, config, "-n", TARGET).stdout
