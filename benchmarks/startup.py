"""Start-up: the demo DAG's wall time against the sum of its jobs' compute, the time no job runs
(Snakemake start-up, DAG, scheduling), and the training jobs' start-up (TensorFlow import, data
load, model build) against the wall time."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from . import common, workflow_run
from .common import RAW, row, say
from .cpuload import Window

DEMO_SIZES = {  # overrides of demo.yaml (900 memes, 4 epochs, 2 seeds: 12 training jobs, ~4 min)
    "quick": {"dataset": {"demo_size": 300}, "training": {"repeats": 1}},
    "default": {"training": {"repeats": 1}},  # 1 seed: 6 training jobs, ~2 min
    "full": {},
}


def run(demo_dir: Path | None, size: str) -> None:
    if demo_dir is None:
        overrides = DEMO_SIZES[size]
        demo_dir = common.WORK / "demo"
        shutil.rmtree(demo_dir, ignore_errors=True)
        say(
            f"demo DAG: snakemake --cores 2 --configfile workflow/configs/demo.yaml {overrides or ''}",
            "demo DAG",
        )
        with Window() as w:
            wall = workflow_run.run_demo(demo_dir, overrides, cores=2)
        facts = workflow_run.analyse(demo_dir, wall) | {"others": w.others}
        what = (
            f"demo DAG (demo.yaml + {yaml.safe_dump(overrides, default_flow_style=True).strip()})"
            if overrides
            else "demo DAG (demo.yaml as is)"
        )
    else:
        say(f"demo DAG: reading the finished run in {demo_dir}", "demo DAG (read)")
        facts = workflow_run.analyse(demo_dir)
        what = f"demo DAG (finished run in {demo_dir})"
    RAW["workflow"] = facts
    wall = facts["wall"]
    load = (facts["others"], facts["others"]) if "others" in facts else None
    row(
        f"Workflow, {what}: wall vs sum of job compute (benchmark TSV s, {facts['benchmarked_jobs']} of "
        f"{facts['jobs']} jobs)",
        wall,
        facts["bench_s"],
        "s",
        others=load,
    )
    row(
        "Workflow: time with no job running (Snakemake start-up, DAG, scheduling) vs wall",
        facts["no_job_running_s"],
        wall,
        "s",
    )
    row(
        f"Workflow: train jobs' start-up (sum of setup_seconds: TF import, data load, model build; "
        f"{facts['train_jobs']} jobs) vs wall",
        facts["setup_s"],
        wall,
        "s",
        "< 0.15x",
        facts["setup_s"] < 0.15 * wall,
        others=load,
    )
    if facts["setup_backend_s"] is not None:
        row(
            "Workflow: ... of which TF + Keras import and set-up (configure_backend; from the job logs)",
            facts["setup_backend_s"],
            facts["setup_s"],
            "s",
        )
    before_timer = facts["train_bench_s"] - facts["train_total_s"]
    row(
        "Workflow: train jobs' start-up incl. interpreter + imports before train.py's timer vs wall",
        facts["setup_s"] + before_timer,
        wall,
        "s",
    )
    row("Workflow: train jobs' training epochs (sum of train_seconds) vs wall", facts["train_s"], wall, "s")
