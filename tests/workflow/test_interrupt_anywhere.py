"""Interrupted anywhere, the same command again ends exactly where an uninterrupted run ends.

One run of the tiny config cut to a variant per kind of job (so that every rule of the workflow
has a job, each once: one seed) is started in an empty directory and killed again and again: once
while Snakemake builds the DAG (before any job: the lock it leaves must not need ``--unlock``),
once with SIGINT, then with SIGKILL of the Snakemake process shortly after a job of each rule not
yet hit starts (while the job is still importing its libraries; a training job once its fit has
begun, past its imports), every job running then counting as hit. After every kill the same
command runs again. Checked: no job of a killed run writes after the kill (its watchdog stops it),
every output of a killed job is remade by a later run, and the final files are byte for byte
those of an uninterrupted run of the same config (but for recorded wall times), made in another
directory by a process with another hash seed. The killed runs' jobs are new interpreters (killed
in their imports), the uninterrupted run's are forked from the test suite's warm server
(``warm_jobs``), as every other run's in the suite: the comparison also proves that a warm-started
job writes what a new interpreter writes, for a job of every rule.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import warm_cli
from workflow_utils import run_env, snakemake, snakemake_argv, warm_cli_server, write_config

pytestmark = [
    pytest.mark.workflow,
    pytest.mark.long,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc"),
]

PAPER_VARIANTS_LEFT_OUT = ("lstm_t", "lstm_t_gmm", "conv1d_t", "cnn_lstm_ti")  # their rules: by others
HARNESS = {  # a job of every rule, each variant once (one seed): the data stage, a GMM on token
    # sequences, SMOTE on image features, multi-head training, sentence embeddings and VADER scores
    # Memotion 7k's name: the comparison with the paper's own numbers is made too; the test split
    # unlabelled: one submission per variant
    "dataset": {"name": "memotion7k", "test": {"ground_truth": None}},
    "training": {"gpus": 0, "repeats": 1},
    "variants": {
        **dict.fromkeys(PAPER_VARIANTS_LEFT_OUT),
        "conv1d_t_gmm": {  # token-space GMM, on a text model with frozen GloVe rows
            "sizes": {"embedding_dim": 50, "embeddings": "glove", "trainable_embeddings": False},
        },
        "cnn_i_head_smote": {  # cnn_i's image features, SMOTE-balanced
            "classifier": "CNN-I head",
            "data": "Image features with SMOTE",
            "model": "feature_head",
            "balance": "smote",
        },
        "mlp_e_heads": {
            "classifier": "MLP-E multi-head",
            "data": "Text embedding",
            "model": "embedding_mlp",
            "multi_head": True,
        },
        "mlp_el": {  # sentence embeddings + VADER scores
            "classifier": "MLP-EL",
            "data": "Text embedding + VADER",
            "model": "embedding_lexicon_mlp",
            "balance": "class_weight",
        },
    },
}
CHAIN_HASH_SEED = "123"  # not workflow_utils.HASH_SEED, the uninterrupted run's
JOB_START = re.compile(r"^(?:local)?rule (\w+):$")
FINISHED = re.compile(r"^Finished jobid: (\d+) ", re.M)
STARTED_IMPORTING = 0.2  # seconds after Snakemake prints a job: the job is importing its libraries
FITTING = "Total params"  # in a training job's log: its model is built, the fit starts
# A job's watchdog looks once a second: a job already past its imports may finish a write within
# that second; an orphan that writes later was never stopped.
WATCHDOG_GRACE_NS = 2_000_000_000
# Written anew by every run (timings, the host, the date), not results.
NOT_COMPARED = re.compile(r"(^|/)(logs|benchmarks)/|(^|/)\.snakemake/")


def _without_timings(value):
    """A JSON value without its wall times (keys ending in ``seconds``)."""
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if not k.endswith("seconds")}
    return [_without_timings(v) for v in value] if isinstance(value, list) else value


def _same(got: Path, want: Path) -> bool:
    """Byte for byte, but for the wall times a run records (JSON ``*seconds``, history's
    ``seconds``) and Keras archives (a zip holds its save time; the predictions compare the models)."""
    if got.suffix == ".keras":
        return True
    if got.suffix == ".json":
        return _without_timings(json.loads(got.read_text())) == _without_timings(json.loads(want.read_text()))
    if got.name == "history.csv":
        return pd.read_csv(got).drop(columns="seconds").equals(pd.read_csv(want).drop(columns="seconds"))
    return filecmp.cmp(got, want, shallow=False)


@dataclass(frozen=True)
class Job:
    rule: str
    jobid: str
    outputs: list[str]
    log: str | None
    finished: bool


class Run:
    """One Snakemake process of the harness, forked from a ``warm_cli`` server with the chain's hash
    seed, in a session of its own, its jobs new interpreters; its stderr (where it lists the jobs it
    starts) in a file."""

    def __init__(self, workdir: Path, config: Path, index: int):
        self.stderr = workdir.parent / f"run{index}.stderr"
        argv = snakemake_argv(workdir, config, "--cores", "2")
        env = run_env({"PYTHONHASHSEED": CHAIN_HASH_SEED})
        server = warm_cli_server(CHAIN_HASH_SEED)
        self.proc = warm_cli.Started(server, argv, env, Path(os.devnull), self.stderr, session=True)

    def jobs(self) -> list[Job]:
        """Each job it printed so far, with whether it printed the job's end."""
        text = self.stderr.read_text()
        done = set(FINISHED.findall(text))
        found = []
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if rule := JOB_START.match(line):
                block = {}
                for follow in lines[i + 1 :]:
                    if not follow.startswith("    "):
                        break
                    key, _, value = follow.strip().partition(": ")
                    block[key] = value
                if "resources" in block:  # the block is complete
                    jobid = block["jobid"]
                    outputs = block["output"].split(", ") if "output" in block else []
                    found.append(Job(rule.group(1), jobid, outputs, block.get("log"), jobid in done))
        return found

    def session(self) -> list[int]:
        """Processes left in this run's session (its jobs, once Snakemake itself is gone)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                text = stat.read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2 :].split()
            if int(fields[3]) == self.proc.pid and fields[0] != "Z":
                pids.append(int(stat.parent.name))
        return pids


def _files(root: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(root)): p
        for p in root.rglob("*")
        if p.is_file() and not NOT_COMPARED.search(str(p.relative_to(root)))
    }


def _kill(run: Run, sig: int, workdir: Path) -> None:
    """SIGKILL: kill the run's Snakemake process, whose jobs must stop by themselves; SIGINT: what
    Ctrl-C does, the signal to the whole process group. Then nothing may write any more (after
    the watchdog's grace)."""
    killed_at = time.time_ns()
    run.proc.send_signal(sig, group=sig == signal.SIGINT)
    run.proc.wait(timeout=120)
    deadline = time.time() + 30
    while run.session() and time.time() < deadline:
        time.sleep(0.1)
    assert not run.session(), f"jobs of the run killed with {sig!r} still run 30 s later"
    late = [n for n, p in _files(workdir).items() if p.stat().st_mtime_ns > killed_at + WATCHDOG_GRACE_NS]
    assert not late, f"written after the kill ({sig!r}) by the killed run's jobs: {late}"


def test_killed_at_every_rule_the_same_command_ends_as_an_uninterrupted_run(tmp_path):
    config = write_config(tmp_path, HARNESS, "interrupt.yaml")
    clean = tmp_path / "clean"  # the uninterrupted run
    clean.mkdir()
    snakemake(clean, config, "--cores", "2")  # its jobs forked from warm_jobs' server

    work = tmp_path / "work"
    work.mkdir()
    rules = set(re.findall(r"^(\w+)\s+\d+$", snakemake(work, config, "-n").stdout, re.M)) - {"all", "total"}
    listed = set(snakemake(work, config, "--list-rules").stdout.split()) - {"all"}  # every rule
    assert listed <= rules, f"rules with no job in the harness's run: {sorted(listed - rules)}"
    hit: dict[str, list[str]] = {}  # rule -> the outputs of its killed job
    killed: list[tuple[int, list[str]]] = []  # (the run killed, the outputs of its job hit)
    runs: list[Run] = []

    # 1. killed while the DAG is built: the lock is taken, no job has started
    run = Run(work, config, 0)
    runs.append(run)
    deadline = time.time() + 120
    while not any((work / ".snakemake/locks").glob("*")) and time.time() < deadline:
        time.sleep(0.005)
    _kill(run, signal.SIGKILL, work)

    # 2. SIGINT (Ctrl-C) at the first job, then SIGKILL at a job of every rule not hit yet: a few
    # tenths of a second after it starts (in its imports), a training job once its fit has begun.
    # Every job running at a kill must be remade; its rule counts as hit (train: only mid-fit).
    sig = signal.SIGINT
    while True:
        run = Run(work, config, len(runs))
        runs.append(run)
        target = None
        while target is None and run.proc.poll() is None:
            target = next((j for j in run.jobs() if j.rule not in hit and not j.finished), None)
            time.sleep(0.02)
        if target is None:
            break  # the run ended: no rule left to interrupt
        fitting = False  # a training job is hit only once its fit has begun (past its imports)
        if target.rule == "train":  # until its fit starts, or a job of another rule not hit yet does
            log = work / target.log
            while run.proc.poll() is None and not (fitting := log.exists() and FITTING in log.read_text()):
                if any(j.rule not in hit and j.rule != "train" and not j.finished for j in run.jobs()):
                    time.sleep(STARTED_IMPORTING)
                    break
                time.sleep(0.02)
        else:
            time.sleep(STARTED_IMPORTING)
        _kill(run, sig, work)
        for job in (j for j in run.jobs() if not j.finished):  # its last words: what it saw end
            killed.append((len(runs) - 1, job.outputs))
            if job.rule != "train" or (job == target and fitting):
                hit.setdefault(job.rule, job.outputs)
        sig = signal.SIGKILL
    assert run.proc.returncode == 0, run.stderr.read_text()[-4000:]
    assert "removed the lock" in runs[1].stderr.read_text(), "the lock left before any job needed --unlock"
    assert set(hit) - {"all"} == rules, f"rules never interrupted: {sorted(rules - set(hit))}"

    # no output of a killed job was kept as complete: a later run made each again
    for index, outputs in killed:
        later = {out for run in runs[index + 1 :] for job in run.jobs() for out in job.outputs}
        assert set(outputs) <= later, f"kept from a killed job of run {index}: {set(outputs) - later}"

    got, want = _files(work), _files(clean)
    assert sorted(got) == sorted(want)
    differ = [name for name in want if not _same(got[name], want[name])]
    assert not differ, f"differ from the uninterrupted run: {differ}"
