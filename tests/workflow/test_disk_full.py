"""A full disk or a read-only output folder: the job names the path and the cause, leaves nothing
behind as complete, and the same command finishes the run once the disk has room again.

The output folder lives on a small tmpfs (where this machine can mount one; else a file-size limit
stands in for the full disk, and the read-only case is skipped: it needs a mount)."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from workflow_utils import SNAKEMAKE, snakemake_argv

pytestmark = [pytest.mark.workflow, pytest.mark.long]

TARGET = "results/images/train.npy"
BIGGER = {"images": {"size": 32}}  # the new train array (N x 32 x 32 x 3) no longer fits


@contextlib.contextmanager
def small_filesystem(where: Path, size: str):
    """A tmpfs of ``size`` mounted at ``where`` (yields True), or nothing mounted (yields False)."""
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    try:
        yield mounted.returncode == 0
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", "-l", str(where)], check=True)


def _run(workdir: Path, config: Path, file_limit: int | None = None) -> subprocess.CompletedProcess:
    def limit():
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(
        [*SNAKEMAKE, *snakemake_argv(workdir, config, "--cores", "1", TARGET)],
        capture_output=True,
        text=True,
        env=os.environ | {"TF_CPP_MIN_LOG_LEVEL": "2"},
        preexec_fn=limit,
    )


def _results_on(mount: Path, workdir: Path) -> None:
    """Move the run's output folder onto ``mount``, a link in its place."""
    shutil.move(workdir / "results", mount / "results")
    (workdir / "results").symlink_to(mount / "results")


def _fill(mount: Path, leave: int) -> Path:
    """A ballast file that leaves ``leave`` bytes free on ``mount``."""
    ballast = mount / "ballast"
    with open(ballast, "wb") as fh:
        free = shutil.disk_usage(mount).free - leave
        fh.write(b"\0" * max(0, free))
    return ballast


def _check_failed_cleanly(proc: subprocess.CompletedProcess, cause: str, workdir: Path) -> None:
    assert proc.returncode != 0
    assert f"{TARGET}: {cause} while writing this job's outputs" in proc.stderr, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr  # one line, the traceback is in the job's log
    assert not (workdir / TARGET).exists(), "a partial array was left as if complete"


def _check_resumed(workdir: Path, config: Path) -> None:
    proc = _run(workdir, config)
    assert proc.returncode == 0, proc.stderr[-3000:]
    array = np.load(workdir / TARGET)
    assert array.shape[1:] == (32, 32, 3) and array.any()


def test_a_full_disk_names_the_path_and_the_run_resumes_once_there_is_room(finished, tmp_path):
    workdir = finished.copy(tmp_path / "work")
    config = finished.config(BIGGER, "bigger_images")
    with small_filesystem(tmp_path / "mount", "16m") as mounted:
        if mounted:
            _results_on(tmp_path / "mount", workdir)
            old = (workdir / TARGET).stat().st_size
            ballast = _fill(tmp_path / "mount", leave=old)  # room for the old array, not the new one
            _check_failed_cleanly(_run(workdir, config), "No space left on device", workdir)
            ballast.unlink()
        else:  # a per-process file size limit stands in for the full disk
            limit = (workdir / TARGET).stat().st_size * 2
            _check_failed_cleanly(_run(workdir, config, file_limit=limit), "File too large", workdir)
        _check_resumed(workdir, config)


def test_a_read_only_output_folder_names_the_path_and_the_run_resumes_once_writable(finished, tmp_path):
    workdir = finished.copy(tmp_path / "work")
    config = finished.config(BIGGER, "bigger_images")
    mount = tmp_path / "mount"
    with small_filesystem(mount, "16m") as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here: a read-only folder needs one (root ignores permissions)")
        _results_on(mount, workdir)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        proc = _run(workdir, config)
        assert proc.returncode != 0
        # Snakemake's own check, before any job: the file to be replaced cannot be written
        assert f"Write-protected output files for rule images:\n    output: {TARGET}" in proc.stderr, (
            proc.stderr[-3000:]
        )
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], check=True)
        _check_resumed(workdir, config)
