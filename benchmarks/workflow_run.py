"""The demo DAG: run it (or read a finished run) and split its wall time into jobs and overhead.

Job compute is the ``s`` column of the ``benchmark:`` TSVs Snakemake writes (rules prepare,
images, sequences, gmm_fit, train); every job's start and end come from the Snakemake log
(1 s resolution), so the time during which no job at all was running (Snakemake's start-up,
DAG building and scheduling) is measured too. Training jobs' start-up is ``setup_seconds`` in
their run.json (TensorFlow import, data load, model build).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]$")
START = re.compile(r"^(?:local)?rule (\w+):$")
JOBID = re.compile(r"^\s+jobid: (\d+)$")
FINISHED = re.compile(r"^Finished jobid: (\d+)")
ELAPSED = re.compile(r"^Elapsed time: (\d+):(\d\d):(\d\d(?:\.\d+)?)")


def run_demo(workdir: Path, overrides: dict, cores: int) -> float:
    """Run the demo DAG in ``workdir`` (fresh), ``overrides`` merged over demo.yaml.

    Returns its wall time (s)."""
    workdir.mkdir(parents=True, exist_ok=True)
    configs = [str(REPO / "workflow/configs/demo.yaml")]
    if overrides:
        (workdir / "overrides.yaml").write_text(yaml.safe_dump(overrides))
        configs.append(str(workdir / "overrides.yaml"))
    cmd = [
        sys.executable,
        "-m",
        "snakemake",
        "-s",
        str(REPO / "Snakefile"),
        "-d",
        str(workdir),
        "--cores",
        str(cores),
        "--configfile",
        *configs,
    ]
    env = os.environ | {"TF_CPP_MIN_LOG_LEVEL": "2"}
    start = time.perf_counter()
    with open(workdir / "snakemake.out", "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"demo run failed ({proc.returncode}); see {workdir / 'snakemake.out'}")
    return wall


def _latest_log(workdir: Path) -> Path:
    """The newest finished Snakemake log of a run of the demo config."""
    logs = sorted((workdir / ".snakemake" / "log").glob("*.snakemake.log"))
    demo = [p for p in logs if "Elapsed time:" in (text := p.read_text()) and "configs/demo.yaml" in text]
    if not demo:
        raise FileNotFoundError(
            f"no finished Snakemake log of the demo config under {workdir / '.snakemake/log'}"
        )
    return demo[-1]


def parse_log(path: Path) -> tuple[dict[int, tuple[str, float, float]], float | None]:
    """{jobid: (rule, start, end)} in epoch seconds, and Snakemake's reported elapsed time."""
    stamp, starts, rules, ends, elapsed, pending = None, {}, {}, {}, None, None
    for line in path.read_text().splitlines():
        if m := STAMP.match(line):
            stamp = datetime.strptime(" ".join(m.group(1).split()), "%a %b %d %H:%M:%S %Y").timestamp()
        elif m := START.match(line):
            pending = (m.group(1), stamp)
        elif (m := JOBID.match(line)) and pending:
            rules[int(m.group(1))], starts[int(m.group(1))] = pending
            pending = None
        elif m := FINISHED.match(line):
            ends[int(m.group(1))] = stamp
        elif m := ELAPSED.match(line):
            elapsed = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    jobs = {j: (rules[j], starts[j], ends[j]) for j in starts if j in ends}
    return jobs, elapsed


def _union(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, None
    for a, b in sorted(intervals):
        if end is None or a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


def _log_time(line: str) -> float:
    return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()


def train_startup(out: Path) -> tuple[float | None, float | None]:
    """Summed over the training jobs' logs: (job start -> backend ready, backend ready -> model built).

    The first is ``configure_backend``: importing TensorFlow + Keras and setting them up; the
    second loading the data and building the model. None where a log lacks the lines (older runs).
    """
    backend = build = 0.0
    for log in sorted((out / "logs" / "train").glob("*/seed*.log")):
        lines = [line for line in log.read_text().splitlines() if line[:4].isdigit()]
        start = next((line for line in lines if "rule.train: job train on" in line), None)
        ready = next((line for line in lines if "memotion_gmm.runtime: training on" in line), None)
        model = next((line for line in lines if "rule.train: Model:" in line), None)
        if not (start and ready and model):
            return None, None
        backend += _log_time(ready) - _log_time(start)
        build += _log_time(model) - _log_time(ready)
    return backend, build


def analyse(workdir: Path, wall: float | None = None, outdir: str = "results") -> dict:
    """Facts of a finished demo run in ``workdir``; ``wall`` defaults to Snakemake's elapsed time."""
    log = _latest_log(workdir)
    jobs, elapsed = parse_log(log)
    wall = wall if wall is not None else elapsed
    out = workdir / outdir
    bench = {}
    for tsv in sorted((out / "benchmarks").rglob("*.tsv")):
        header, row = tsv.read_text().splitlines()[:2]
        bench[str(tsv.relative_to(out / "benchmarks"))] = dict(
            zip(header.split("\t"), map(float, row.split("\t")[:1]))
        )["s"]
    runs = [
        json.loads(p.read_text()) | {"path": str(p.relative_to(out))}
        for p in sorted((out / "runs").glob("*/seed*/run.json"))
    ]
    train_bench = {k: v for k, v in bench.items() if k.startswith("train/")}
    spans = [(a, b) for _, a, b in jobs.values()]
    busy = _union(spans)
    backend_s, build_s = train_startup(out)
    return {
        "log": str(log),
        "wall": wall,
        "jobs": len(jobs),
        "benchmarked_jobs": len(bench),
        "bench_s": sum(bench.values()),
        "job_span_s": sum(b - a for a, b in spans),
        "busy_s": busy,
        "no_job_running_s": max(0.0, wall - busy),
        "train_jobs": len(runs),
        "setup_s": sum(r["setup_seconds"] for r in runs),
        "setup_backend_s": backend_s,
        "setup_data_model_s": build_s,
        "train_s": sum(r["train_seconds"] for r in runs),
        "train_total_s": sum(r["total_seconds"] for r in runs),
        "train_bench_s": sum(train_bench.values()),
    }
