"""The test suite's warm job start (tests/warm_jobs.py) is ``python SCRIPT``: the same output,
exit status, arguments, module search path, working directory and environment, and a job that
ends when the process Snakemake started (the shim) is terminated or killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from workflow_utils import run_env, warm_job_shim

PROBE = """\
import os, sys, time
print(sys.argv, sys.path[0], sys.path[1], os.getcwd(), os.environ["PROBE"], __name__, __file__)
print("to stderr", file=sys.stderr)
mode = os.environ["MODE"]
if mode == "code":
    sys.exit(3)
if mode == "message":
    sys.exit("a message")
if mode == "raise":
    raise ValueError("boom")
if mode == "sleep":
    with open("pid", "w") as fh:
        fh.write(str(os.getpid()))
    time.sleep(60)
"""


@pytest.fixture(scope="module")
def shim():
    return warm_job_shim()


def _run(python: str, script: Path, mode: str) -> subprocess.CompletedProcess:
    env = run_env({"PROBE": "probe", "MODE": mode, "PYTHONPATH": "/first/on/the/path"})
    return subprocess.run(
        [python, str(script)], cwd=script.parent, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("mode", ["ok", "code", "message", "raise"])
def test_a_warm_job_is_python_script(shim, tmp_path, mode):
    script = tmp_path / "job.py"
    script.write_text(PROBE)
    cold, warm = _run(sys.executable, script, mode), _run(str(shim), script, mode)
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert cold.returncode == {"ok": 0, "code": 3, "message": 1, "raise": 1}[mode]


def _job_ends(pid_file: Path) -> None:
    pid, deadline = int(pid_file.read_text()), time.time() + 30
    while Path(f"/proc/{pid}").exists() and time.time() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists(), f"the job {pid} lives on"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_warm_job_ends_with_its_shim(shim, tmp_path, sig):
    """The shim terminated or killed, the job (the server's child) ends by itself."""
    script = tmp_path / "job.py"
    script.write_text(PROBE)
    env = run_env({"PROBE": "probe", "MODE": "sleep"})
    proc = subprocess.Popen([str(shim), str(script)], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL)
    deadline = time.time() + 30
    while not (tmp_path / "pid").exists() and time.time() < deadline:
        time.sleep(0.05)
    assert int((tmp_path / "pid").read_text()) != proc.pid  # the job is the server's child
    os.kill(proc.pid, sig)
    assert proc.wait(timeout=30) != 0
    _job_ends(tmp_path / "pid")
