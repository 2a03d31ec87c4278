"""The workflow through profiles/slurm on a real (single-node) Slurm cluster.

Start the cluster first, as root:   tests/slurm/cluster.sh start
then:                               python -m pytest tests/slurm -rA
Without a reachable cluster (or without the Slurm executor plugin) these tests skip, unless the
environment variable CI is set: then they fail. The Slurm job ids used are written to the
terminal (and to the captured output shown by -rA).

The local reference is the session's shared finished run (conftest's ``finished``): the Slurm runs
use its config, so their metrics and predictions must be its files, byte for byte.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from workflow_utils import REPO, SNAKEMAKE, run_env, snakemake_argv

pytestmark = pytest.mark.slurm

PROFILE = REPO / "profiles" / "slurm"
GROUPED = REPO / "profiles" / "slurm-grouped"
# Set by Slurm (srun --gpus) in a job step that was given GPUs; none of them in a CPU-only step.
GPU_ENV = ("SLURM_JOB_GPUS", "SLURM_STEP_GPUS", "SLURM_GPUS_ON_NODE", "CUDA_VISIBLE_DEVICES")
RUN_TIMEOUT = 900  # seconds per snakemake call; each run here takes 1-2 min on an idle 2-core box
FAST_POLL = [  # short jobs: poll squeue often
    *("--slurm-init-seconds-before-status-checks", "3"),
    *("--seconds-between-status-checks", "2"),
]


# ---------------------------------------------------------------------------------------------
# Helpers


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str):
    """Skip, except in CI (CI set): there a missing cluster is a failure, not a skip."""
    if in_ci():
        pytest.fail(
            f"CI is set, but {reason}. Start the cluster with `tests/slurm/cluster.sh start`.", pytrace=False
        )
    pytest.skip(f"{reason}; start one with `tests/slurm/cluster.sh start` (as root)")


def announce(request, message: str) -> None:
    """Show a line in the test log even with output capturing on (and in -rA's sections)."""
    print(message)  # the captured output -rA shows
    capture = request.config.pluginmanager.getplugin("capturemanager")
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():  # and live, past the capture
            reporter.write_line(f"\n[{request.node.name}] {message}")


def profile_settings() -> dict:
    return yaml.safe_load((PROFILE / "config.yaml").read_text())


def profile_partitions() -> dict[str, str]:
    """{"data": partition of jobs without a GPU, "train": partition of training jobs}."""
    settings = profile_settings()
    data = settings["default-resources"]["slurm_partition"]
    return {"data": data, "train": settings["set-resources"]["train"].get("slurm_partition", data)}


def cluster_problem() -> str | None:
    """Why the profile's jobs cannot run on the Slurm cluster here, or None when they can."""
    for tool in ("sbatch", "squeue", "sinfo", "scontrol", "scancel"):
        if shutil.which(tool) is None:
            return f"no Slurm cluster ({tool} not found)"
    try:
        proc = subprocess.run(
            ["sinfo", "-h", "-o", "%R|%a|%t|%G"], capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        return "no Slurm cluster (sinfo timed out)"
    if proc.returncode != 0:
        return f"no Slurm cluster (sinfo: {proc.stderr.strip() or proc.returncode})"
    usable = {}
    for line in proc.stdout.split():
        name, avail, state, gres = line.split("|")
        if avail == "up" and state.rstrip("*~#$@") in ("idle", "mix", "mixed", "alloc", "allocated", "comp"):
            usable.setdefault(name, set()).add(gres)
    wanted = profile_partitions()
    for role, partition in wanted.items():
        if partition not in usable:
            return (
                f"the Slurm cluster has no usable partition {partition!r} ({role} jobs in "
                f"profiles/slurm); sinfo: {proc.stdout.strip()!r}"
            )
    if not any("gpu" in gres for gres in usable[wanted["train"]]):
        return f"partition {wanted['train']!r} has no node with a gpu gres (sinfo: {proc.stdout.strip()!r})"
    return None


def run_snakemake(
    workdir: Path, configfile: Path, *args: str, timeout: int = RUN_TIMEOUT
) -> subprocess.CompletedProcess:
    """workflow_utils.snakemake, run from ``workdir`` with a time limit that cancels the run's
    Slurm jobs (SIGINT makes Snakemake scancel them) instead of hanging the test session."""
    cmd = [*SNAKEMAKE, *snakemake_argv(workdir, configfile, *args)]
    env = run_env()
    proc = subprocess.Popen(
        cmd, cwd=workdir, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        raise AssertionError(
            f"snakemake did not finish in {timeout} s: {' '.join(cmd)}\n{out[-3000:]}\n{err[-6000:]}"
        )
    done = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if done.returncode != 0:
        raise AssertionError(
            f"snakemake failed ({done.returncode}): {' '.join(cmd)}\n{out[-3000:]}\n{err[-8000:]}"
        )
    return done


def submissions(output: str) -> dict[str, str]:
    """{Slurm job id: rule, or "group ID" for a job group} from the Slurm executor's "has been
    submitted" lines (logs under slurm_logs/rule_RULE/... or slurm_logs/group_ID_RULES/...)."""
    jobs = {}
    for jobid, log in re.findall(r"has been submitted with SLURM jobid (\d+) \(log: (\S+)\)", output):
        part = next(part for part in Path(log).parts if part.startswith(("rule_", "group_")))
        jobs[jobid] = part[len("rule_") :] if part.startswith("rule_") else "group " + part[len("group_") :]
    return jobs


def job_lines(results: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """{log path relative to results/logs: (rule, scheduler environment)} from the line every
    job writes first (memotion_gmm.smk.job_log): "job RULE on HOST: K=V K=V" or "...: not a cluster job"."""
    lines = {}
    for log in sorted((results / "logs").rglob("*.log")):
        match = re.search(r"job (\w+) on \S+: (.*)$", log.read_text(), re.M)
        assert match, f"{log} lacks the job line"
        env = dict(kv.split("=", 1) for kv in match.group(2).split() if "=" in kv)
        lines[str(log.relative_to(results / "logs"))] = (match.group(1), env)
    return lines


def scontrol_jobs(ids) -> dict[str, dict[str, str]]:
    """{job id: scontrol's one-line record as a dict} for the jobs Slurm still knows."""
    proc = subprocess.run(["scontrol", "show", "job", "-o"], capture_output=True, text=True, timeout=60)
    records = {}
    for line in proc.stdout.splitlines():
        fields = dict(re.findall(r"(\w+)=(\S*)", line))
        if fields.get("JobId") in ids:
            records[fields["JobId"]] = fields
    return records


# The shared finished run's config (workflow_utils.SHARED) and its demo data in a fresh working
# directory, to these targets: a text model with the tokenizer and sequences, and an image model
# with every split's image array, each after prepare. Their predictions must be the local run's.
VARIANTS = ("cnn_i", "lstm_t")
TARGETS = [f"results/tasks/A/sentiment/runs/{v}/seed1/predictions.parquet" for v in VARIANTS]
GROUPED_TARGETS = [
    f"results/tasks/A/sentiment/runs/{v}/seed{s}/predictions.parquet" for v in VARIANTS for s in (1, 2)
]


def assert_same_results(finished: Path, slurm_dir: Path, targets: list[str]) -> None:
    """Each target is byte for byte the finished local run's (training is deterministic on CPU:
    fixed seeds, one thread)."""
    for name in targets:
        same = filecmp.cmp(finished / name, slurm_dir / name, shallow=False)
        assert same, f"{name} differs from the local run"


def require_plugin():
    try:
        import snakemake_executor_plugin_slurm  # noqa: F401
    except ImportError:
        unavailable("snakemake-executor-plugin-slurm is not installed (pip install -e '.[test]')")


def require_cluster():
    require_plugin()
    problem = cluster_problem()
    if problem:
        unavailable(problem)


# ---------------------------------------------------------------------------------------------
# Tests


@pytest.fixture(scope="module")
def slurm_run(finished, tmp_path_factory):
    """The shared run's config to ``TARGETS`` through profiles/slurm in a fresh directory holding
    only its demo data: (the directory, its config, the planned jobs' log files, the run's output)."""
    require_cluster()  # in CI a missing cluster fails the tests that need it
    slurm_dir = tmp_path_factory.mktemp("slurm") / "work"
    shutil.copytree(finished.workdir / "data", slurm_dir / "data")
    config = finished.config({}, "base")
    plan = run_snakemake(slurm_dir, config, *SLURM_ARGS, "--dry-run", *TARGETS)
    logs = set(re.findall(r"^    log: (\S+)$", plan.stdout + plan.stderr, re.M))
    run = run_snakemake(slurm_dir, config, *SLURM_ARGS, *TARGETS)
    return slurm_dir, config, logs, run.stdout + run.stderr


SLURM_ARGS = ["--profile", str(PROFILE), "--workflow-profile", "none", *FAST_POLL]


def test_every_job_runs_as_a_slurm_job_with_gpus_for_training_only(slurm_run, finished, request):
    slurm_dir, config, planned_logs, output = slurm_run
    assert f"Using profile {PROFILE}" in output and "workflow specific profile" not in output

    jobs = submissions(output)
    announce(
        request,
        "Slurm job ids of the run: "
        + ", ".join(f"{jid}={rule}" for jid, rule in sorted(jobs.items(), key=lambda kv: int(kv[0]))),
    )
    assert jobs, f"no job was submitted to Slurm:\n{output[-4000:]}"

    # Every planned job ran as a Slurm job: each log line names a submitted job of the same rule, once.
    slurm_lines = job_lines(slurm_dir / "results")
    assert {f"results/logs/{log}" for log in slurm_lines} == planned_logs, "other logs than the planned jobs'"
    seen = Counter()
    for log, (rule, env) in slurm_lines.items():
        jobid = env.get("SLURM_JOB_ID")
        assert jobid, f"{log}: job {rule} did not run under Slurm: {env}"
        assert jobs.get(jobid) == rule, (
            f"{log}: SLURM_JOB_ID={jobid} was submitted for {jobs.get(jobid)}, not {rule}"
        )
        seen[jobid] += 1
    assert set(seen) == set(jobs) and max(seen.values()) == 1, f"log job ids {dict(seen)} != submitted {jobs}"
    assert all(env == {} for _, env in job_lines(finished.workdir / "results").values()), (
        "the local run saw Slurm variables"
    )

    # GPUs for training jobs only: in the job step's environment ...
    train = {log: env for log, (rule, env) in slurm_lines.items() if rule == "train"}
    data = {log: env for log, (rule, env) in slurm_lines.items() if rule != "train"}
    assert len(train) == len(TARGETS) and data
    for log, env in train.items():
        assert any(env.get(var) for var in GPU_ENV), f"{log}: training job without a GPU: {env}"
    for log, env in data.items():
        assert not any(var in env for var in GPU_ENV), f"{log}: data job was given a GPU: {env}"
    # ... and in Slurm's own record of the allocations (partition, --gpus).
    partitions = profile_partitions()
    records = scontrol_jobs(jobs)
    assert {j for j, rule in jobs.items() if rule == "train"} <= set(records), (
        f"Slurm forgot training jobs (MinJobAge too short?): known {sorted(records)}"
    )
    for jobid, fields in records.items():
        rule = jobs[jobid]
        tres = fields.get("TresPerJob", "") + fields.get("TresPerNode", "") + fields.get("TresPerTask", "")
        assert fields.get("JobState") == "COMPLETED", f"job {jobid} ({rule}): {fields.get('JobState')}"
        if rule == "train":
            assert "gpu" in tres and fields["Partition"] == partitions["train"], (
                f"job {jobid} (train): {fields}"
            )
        else:
            assert "gpu" not in tres and fields["Partition"] == partitions["data"], (
                f"job {jobid} ({rule}): {fields}"
            )
    announce(
        request,
        "training jobs (id: partition, tres): "
        + ", ".join(
            f"{j}: {records[j]['Partition']}, {records[j].get('TresPerNode')}"
            for j in sorted(records, key=int)
            if jobs[j] == "train"
        ),
    )

    assert_same_results(finished.workdir, slurm_dir, TARGETS)

    # A second submission finds nothing to do (planned: dry run first, so that a failure is quick)
    # and submits nothing.
    planned = run_snakemake(slurm_dir, config, *SLURM_ARGS, "--dry-run", *TARGETS)
    assert "Nothing to be done" in planned.stdout + planned.stderr, (planned.stdout + planned.stderr)[-3000:]
    again = run_snakemake(slurm_dir, config, *SLURM_ARGS, *TARGETS)
    again_output = again.stdout + again.stderr
    assert "Nothing to be done" in again_output and not submissions(again_output), again_output[-3000:]
    announce(
        request,
        f"second submission: nothing to be done, no Slurm job (ids used: {', '.join(sorted(jobs, key=int))})",
    )


def test_grouped_profile_trains_each_variant_in_one_slurm_job_with_one_gpu(
    slurm_run, finished, tmp_path, request
):
    """profiles/slurm-grouped: every variant's seeds train inside one submission, which asks for
    one GPU (not one per seed) and the sum of its members' CPUs; the results equal the local run's.
    It retrains (--forcerun train) both seeds of two variants in a copy of the Slurm run's directory,
    whose data jobs are done."""
    slurm_dir = tmp_path / "grouped"
    shutil.copytree(slurm_run[0], slurm_dir, symlinks=True)
    args = ["--profile", str(PROFILE), "--workflow-profile", str(GROUPED), *FAST_POLL]
    run = run_snakemake(slurm_dir, slurm_run[1], *args, *GROUPED_TARGETS, "--forcerun", "train")
    output = run.stdout + run.stderr
    assert f"workflow specific profile {GROUPED}" in output

    jobs = submissions(output)
    announce(request, "Slurm jobs of the grouped run: " + ", ".join(f"{j}={r}" for j, r in jobs.items()))
    groups = {jobid: name for jobid, name in jobs.items() if name.startswith("group ")}
    assert "train" not in jobs.values(), f"a training job was submitted on its own: {jobs}"
    assert sorted(groups.values()) == [f"group train_{v}_train" for v in VARIANTS], groups

    # Each variant's two runs logged the SLURM_JOB_ID of that variant's group, and a GPU.
    runs = {log: env for log, (rule, env) in job_lines(slurm_dir / "results").items() if rule == "train"}
    assert len(runs) == len(GROUPED_TARGETS), sorted(runs)
    for log, env in runs.items():
        variant = Path(log).parts[-2]  # tasks/<task>/<problem>/train/<variant>/seed<k>.log
        assert groups.get(env.get("SLURM_JOB_ID")) == f"group train_{variant}_train", f"{log}: {env}"
        assert any(env.get(var) for var in GPU_ENV), f"{log}: training run without a GPU: {env}"
    records = scontrol_jobs(groups)
    assert set(records) == set(groups), f"Slurm forgot group jobs (MinJobAge too short?): {sorted(records)}"
    for jobid, fields in records.items():
        assert fields.get("JobState") == "COMPLETED", f"group job {jobid}: {fields.get('JobState')}"
        assert fields["Partition"] == profile_partitions()["train"], fields
        assert fields.get("TresPerNode") == "gres:gpu:1", f"group job {jobid} asked for {fields}"
        assert fields.get("NumCPUs") == "2", f"group job {jobid}: two one-thread runs, {fields}"

    assert_same_results(finished.workdir, slurm_dir, GROUPED_TARGETS)


class PlannedJob:
    """What the Slurm plugin reads from a job, rebuilt from a dry-run's job record."""

    class Resources(dict):
        __getattr__ = dict.get

    def __init__(self, rule: str, fields: dict[str, str]):
        self.name = rule
        self.threads = int(fields.get("threads", 1))
        self.resources = self.Resources()
        for item in fields.get("resources", "").split(", "):
            key, _, value = item.partition("=")
            self.resources[key] = int(value) if value.isdigit() else value
        self.wildcards = fields.get("wildcards", "")

    def is_group(self):
        return False


def planned_jobs(output: str) -> list[PlannedJob]:
    """Every job of a dry run's plan (blocks of "rule NAME:" and indented "key: value" lines)."""
    jobs = []
    for block in re.split(r"^rule ", output, flags=re.M)[1:]:
        rule, _, body = block.partition(":\n")
        fields = dict(re.findall(r"^    (\w+): (.*)$", body.split("\n[", 1)[0], re.M))
        jobs.append(PlannedJob(rule, fields))
    return jobs


def sbatch_call(job: PlannedJob) -> str:
    """The sbatch command line the plugin (2.8.0) builds for ``job``, minus the wrapped command."""
    from snakemake_executor_plugin_slurm.submit_string import get_submit_command
    from snakemake_executor_plugin_slurm.utils import set_gres_string

    params = {
        "run_uuid": "RUN",
        "slurm_logfile": f"rule_{job.name}/%j.log",
        "comment_str": f"rule_{job.name}",
        "account": "",  # the profile leaves slurm_account to the site
        "partition": f" -p {job.resources['slurm_partition']}"
        if job.resources.get("slurm_partition")
        else "",
        "workdir": ".",
    }
    return get_submit_command(job, params) + set_gres_string(job)


def test_default_config_plans_thirty_training_jobs_with_one_gpu_each(tmp_path, request):
    require_plugin()  # a dry run: no cluster needed
    from memotion_gmm.data.demo import generate_demo

    generate_demo(tmp_path / "data", n_train=40, n_test=5, scale=0.05)
    config = tmp_path / "paper.yaml"  # config.yaml (the paper's protocol) on the generated data
    config.write_text("dataset: {train: {csv: data/labels.csv, images: data/images}}\n")
    # --cores: a dry run caps threads at --cores (1 if not given); a Slurm run does not cap them.
    dry = run_snakemake(
        tmp_path,
        config,
        "--profile",
        str(PROFILE),
        "--workflow-profile",
        "none",
        "--dry-run",
        "--cores",
        "64",
        timeout=300,
    )
    output = dry.stdout + dry.stderr
    assert f"Using profile {PROFILE}" in output

    jobs = [job for job in planned_jobs(output) if job.name != "all"]  # "all" runs nowhere
    train = [job for job in jobs if job.name == "train"]
    data = [job for job in jobs if job.name != "train"]
    assert re.search(r"^train\s+30$", output, re.M) and len(train) == 30, (
        f"{len(train)} training jobs planned"
    )
    assert len({job.wildcards for job in train}) == 30
    partitions = profile_partitions()
    for job in train:
        call = sbatch_call(job)
        assert re.search(r" --gres=gpu:1\b", call) and "--gpus" not in call, call
        assert f" -p {partitions['train']} " in call, call
        assert f"--cpus-per-task={job.threads}" in call and job.threads == 4, call
    for job in data:
        call = sbatch_call(job)
        assert "--gpus" not in call and "--gres" not in call and f" -p {partitions['data']} " in call, call
    announce(request, f"{len(train)} training jobs would be submitted as: {sbatch_call(train[0])}")
    announce(request, f"{len(data)} other jobs, e.g.: {sbatch_call(data[0])}")
