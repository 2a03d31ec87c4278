"""What every benchmark shares: the scratch folder, the result rows and the raw figures, running a
child process that measures itself, and timing two callables against each other."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from memotion_gmm.core.tasks import stratify_problem
from memotion_gmm.pipeline.configuration import load_config

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PAPER = load_config(REPO / "config.yaml")  # the paper's protocol, schema defaults filled in
SENTIMENT = stratify_problem(PAPER)[1]  # Task A's problem: its fold and classes
ROWS: list[dict] = []
RAW: dict = {}
LOADS: list[tuple[str, float]] = []  # (section, 1-minute load average when it started)
WORK = Path("/tmp/memotion-gmm-bench")
"""Scratch space; ``__main__`` sets it from ``--workdir``."""


def say(msg: str, section: str | None = None) -> None:
    loads = os.getloadavg()
    if section:
        LOADS.append((section, loads[0]))
    print(f"[{time.strftime('%H:%M:%S')}] {msg} (load %.2f %.2f %.2f)" % loads, file=sys.stderr, flush=True)


def row(
    what: str,
    ours: float,
    baseline: float,
    unit: str,
    target: str = "",
    met: bool | None = None,
    digits: int = 1,
    others: tuple[float, float] | None = None,
) -> None:
    """One table row; ``others``: cores other processes kept busy during ours / the baseline."""
    ratio = ours / baseline if baseline else float("nan")
    ROWS.append(
        {
            "what": what,
            "ours": f"{ours:,.{digits}f} {unit}",
            "baseline": f"{baseline:,.{digits}f} {unit}",
            "ratio": f"{ratio:.2f}x",
            "target": target or "(info)",
            "met": "" if met is None else ("yes" if met else "NO"),
            "others": "" if others is None else f"{others[0]:.2f} / {others[1]:.2f}",
        }
    )


def child(cmd: list[str], timeout: float) -> dict:
    """Run a benchmark child; returns its last stdout line as JSON.

    Children report their own peak RSS (VmHWM): getrusage's ru_maxrss of a child still counts
    this (larger) parent's pages, folded in when the child exec'd.
    """
    env = os.environ | {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}
    with open(WORK / "child.err", "a") as err:
        proc = subprocess.Popen(
            [sys.executable, *cmd], stdout=subprocess.PIPE, stderr=err, env=env, text=True
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed ({proc.returncode}); see {WORK / 'child.err'}")
    return json.loads(out.strip().splitlines()[-1])


def best_of(ours: Callable[[], object], baseline: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Fastest wall time of each over ``repeats`` alternating calls (the least disturbed by other
    processes)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for fn, out in zip((ours, baseline), times):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def machine() -> str:
    cpuinfo, meminfo = Path("/proc/cpuinfo").read_text(), Path("/proc/meminfo").read_text()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?"
    )
    mem = next(int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")) / 2**20
    import cv2
    import sklearn

    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; Python {platform.python_version()}, "
        f"numpy {np.__version__}, OpenCV {cv2.__version__}, scikit-learn {sklearn.__version__}"
    )


def print_table() -> None:
    cols = ["what", "ours", "baseline", "ratio", "target", "met", "others"]
    heads = ["what", "ours", "baseline", "ratio", "target", "met", "other procs' cores (ours / baseline)"]
    print("| " + " | ".join(heads) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for r in ROWS:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
