"""Incremental reruns: after one complete run, a config change plans EXACTLY the jobs it affects.

Set-up
    One complete run of the tiny config, shared with tests/workflow/test_workflow.py (the session-scoped
    ``finished`` fixture, ``workflow_utils.SHARED``): ``dataset.name: memotion7k`` and the test
    split left unlabelled (no ground truth), so that ``paper_comparison`` and one ``submission``
    per variant are in the DAG too, two seeds per variant, and MLP-E on text embeddings with and
    without embedding-space GMM, and CNN-I's head on its features with GMM: 74 jobs besides ``all``.

How the plan is read
    ``snakemake --dry-run`` prints one block per job it would run::

        rule train:
            ...
            reason: Params have changed since last execution: ...
            wildcards: variant=lstm_t_gmm, seed=1

    A job is named by its rule and wildcards, Snakemake's own identity of a job, with the
    wildcards sorted: ``train[seed=1, variant=lstm_t_gmm]``; ``all`` is left out. Each test
    compares the whole planned set with the expected one for equality, so "must rerun" and
    "must not rerun" (everything else in the DAG) are one check. The parser checks itself
    against the dry run's "Job stats" table (per-rule counts must equal the blocks it read),
    so a change in Snakemake's output format fails loudly instead of reading as an empty plan,
    and the ``--forceall`` row proves that the names built here cover the DAG exactly. This is
    the command line users run (through ``workflow_utils.snakemake``), not Snakemake internals,
    with the default rerun triggers (mtime, params, input, software-env, code).

The table (``TABLE``) changes one setting at a time, one row for every setting a rule's
``params:`` carries, so a rule whose params lost a setting it uses (that row plans too little) or
gained one it does not use, e.g. a whole-config param (some other row plans too much), fails a
row, which names each unexpected or missing job with Snakemake's reason. Dry runs write nothing
and take no lock, so all rows are planned concurrently against the same finished run in one
module-scoped fixture.

Two rows are executed, each in a copy of the finished working directory (``shutil.copytree``
keeps modification times and ``.snakemake`` metadata): the files written must be exactly the
planned jobs' outputs, logs and benchmarks, a second dry run must plan nothing, and Table 1 must
change only where it should. Further files that no rule reads (README.md, notes, a config comment)
must plan nothing.

Snakemake compares a rule's params as a set of values without names, so two scalar params of
one rule trading values would go unnoticed; the rules group such settings in one dict param and
the swap rows prove a swap is seen.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from workflow_utils import REPO, Finished, snakemake

pytestmark = pytest.mark.workflow


# ---------------------------------------------------------------------------------------------
# Reading a dry run


@dataclass
class Job:
    rule: str
    wildcards: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return job_name(self.rule, **self.wildcards)

    def files(self, key: str) -> list[str]:
        value = self.fields.get(key, "")
        return [f for f in value.split(", ") if f]


PER_PROBLEM = {
    "labels",
    "gmm_fit",
    "balance",
    "resample",
    "gmm_figure",
    "train",
    "image_features",
    "evaluate",
    "statistics",
    "reliability",
    "imbalance",
    "report",
    "table1_unseen",
}
"""The rules with a job per (task, problem): named here for Task A's one problem unless told."""


def job_name(rule: str, **wildcards) -> str:
    if rule in PER_PROBLEM:
        wildcards = {"task": "A", "problem": "sentiment"} | wildcards
    elif rule == "task_scores":
        wildcards = {"task": "A"} | wildcards
    if not wildcards:
        return rule
    return f"{rule}[{', '.join(f'{k}={wildcards[k]}' for k in sorted(wildcards))}]"


_BLOCK = re.compile(r"^(?:local)?rule (\w+):$")
_FIELD = re.compile(r"^    (\w+): (.*)$")
_STATS_ROW = re.compile(r"^(\w+)\s+(\d+)$")


def parse_plan(text: str) -> dict[str, Job]:
    """The jobs a ``snakemake -n`` output plans, by name (``all`` left out)."""
    jobs: list[Job] = []
    for line in text.splitlines():
        if m := _BLOCK.match(line):
            jobs.append(Job(m.group(1), {}))
        elif jobs and (m := _FIELD.match(line)):
            key, value = m.groups()
            if key == "wildcards":
                jobs[-1].wildcards = dict(pair.split("=", 1) for pair in value.split(", "))
            else:
                jobs[-1].fields[key] = value
    stats = _job_stats(text)
    if stats is None:
        assert "Nothing to be done" in text and not jobs, f"unreadable dry run:\n{text[-3000:]}"
        return {}
    assert Counter(j.rule for j in jobs) == stats, (
        f"job blocks {Counter(j.rule for j in jobs)} != job stats {stats}"
    )
    plan = {j.name: j for j in jobs if j.rule != "all"}
    assert len(plan) == len(jobs) - stats.get("all", 0), "two job blocks with the same rule and wildcards"
    return plan


def _job_stats(text: str) -> Counter | None:
    """The first "Job stats" table as {rule: count}; None where there is none."""
    lines = text.splitlines()
    if "Job stats:" not in lines:
        return None
    counts, total = Counter(), None
    for line in lines[lines.index("Job stats:") + 3 :]:  # after the header and the dashes
        m = _STATS_ROW.match(line.strip())
        assert m, f"unexpected job stats line {line!r}"
        if m.group(1) == "total":
            total = int(m.group(2))
            break
        counts[m.group(1)] = int(m.group(2))
    assert total == sum(counts.values()), f"job stats total {total} != {sum(counts.values())}"
    return counts


def dry_run(workdir: Path, config: Path, *args: str, **kwargs) -> dict[str, Job]:
    proc = snakemake(workdir, config, "--dry-run", *args, **kwargs)
    return parse_plan(proc.stdout + "\n" + proc.stderr)


def assert_plan(plan: dict[str, Job], expected: set[str]) -> None:
    """The planned jobs are exactly ``expected``; the message names each difference."""
    missing, extra = expected - set(plan), set(plan) - expected
    if missing or extra:
        lines = [f"planned {len(plan)} jobs, expected {len(expected)}:"]
        lines += [f"  not planned, must rerun: {name}" for name in sorted(missing)]
        lines += [
            f"  planned, must not rerun: {name}  (reason: {plan[name].fields.get('reason', '?')[:300]})"
            for name in sorted(extra)
        ]
        raise AssertionError("\n".join(lines))


# ---------------------------------------------------------------------------------------------
# The DAG of the tiny config, by name

MLP_VARIANTS = ["mlp_e", "mlp_e_gmm"]  # on text embeddings (workflow_utils.SHARED)
HEAD_VARIANTS = ["cnn_i_head_gmm"]  # on cnn_i seed 1's image features (workflow_utils.SHARED)
PAPER_VARIANTS = ["lstm_t", "lstm_t_gmm", "conv1d_t", "conv1d_t_gmm", "cnn_i", "cnn_lstm_ti"]
VARIANTS = [*PAPER_VARIANTS, *MLP_VARIANTS, *HEAD_VARIANTS]
GMM_VARIANTS = ["lstm_t_gmm", "conv1d_t_gmm"]
IMAGE_VARIANTS = ["cnn_i", "cnn_lstm_ti"]
TEXT_VARIANTS = [v for v in PAPER_VARIANTS if v != "cnn_i"]  # they read tokens
SPLITS = ["train", "valid", "trial", "test"]  # train file carved into train/valid/trial; test file
SEEDS = (1, 2)  # training.repeats: 2


def runs(variants, seeds=SEEDS) -> set[str]:
    """The train and evaluate jobs of these (variant, seed) runs, and the variants' submissions."""
    jobs = {
        job_name(rule, variant=v, seed=s) for rule in ("train", "evaluate") for v in variants for s in seeds
    }
    return jobs | scores(variants, seeds)


def scores(variants, seeds=SEEDS) -> set[str]:
    """Re-scoring only: evaluate per (variant, seed) and the variants' submissions."""
    return {job_name("evaluate", variant=v, seed=s) for v in variants for s in seeds} | {
        job_name("submission", variant=v) for v in variants
    }


DEMO = {"demo_dataset"}
PREPARE = {"prepare"}
IMAGES = {job_name("images", image_dir="images", image_split=s) for s in SPLITS}
GREY = {job_name("images", image_dir="images/grey", image_split=s) for s in SPLITS}  # images.channels 1


def gmm_jobs(space: str) -> set[str]:
    """The paper's GMM remedy in a space: one fit per minority class, then the balanced set."""
    fits = {job_name("gmm_fit", cls=c, gmmdir="gmm", space=space) for c in ("neutral", "negative")}
    return fits | {job_name("balance", gmmdir="gmm", space=space)}


GMM = gmm_jobs("text") | {job_name("gmm_figure")}  # token ids, the paper's
EMBEDDING_GMM = gmm_jobs("embeddings")


def feature_gmm(seed: int = 1) -> set[str]:
    """The GMM jobs in the image-feature space of cnn_i's run with ``seed``."""
    return gmm_jobs(f"features/cnn_i/seed{seed}")


TABLES = {job_name("report"), "paper_comparison", job_name("table1_unseen"), job_name("task_scores")}
REPORT = TABLES | {
    job_name("statistics"),
    job_name("imbalance"),
}  # statistics: bootstrap intervals over predictions
AUDIT = {
    "audit",
    job_name("table1_unseen"),
    job_name("reliability"),
    job_name("report"),
    "paper_comparison",
}  # the ceiling is in Table 1
FROM_EMBEDDINGS = {"embed_text"} | EMBEDDING_GMM | runs(MLP_VARIANTS) | REPORT
FEATURES = {
    job_name("image_features")
} | feature_gmm()  # downstream of the cnn_i run: its features and their GMM
FROM_FEATURES = FEATURES | runs(HEAD_VARIANTS) | REPORT
ALL = (
    DEMO
    | PREPARE
    | {job_name("labels")}
    | {"vocab", "sequences"}
    | IMAGES
    | GMM
    | runs(VARIANTS)
    | FROM_EMBEDDINGS
    | FEATURES
    | AUDIT
)
CEILING = {
    job_name("reliability"),
    job_name("report"),
    "paper_comparison",
}  # label reliability and Table 1's ceiling row

FROM_SPLIT = ALL - DEMO  # everything downstream of prepare (the split)
FROM_SEQUENCES = {"sequences"} | GMM | runs(TEXT_VARIANTS) | REPORT
FROM_VOCAB = {"vocab"} | FROM_SEQUENCES
FROM_IMAGES = IMAGES | runs(IMAGE_VARIANTS) | FROM_FEATURES
FROM_GMM = GMM | EMBEDDING_GMM | feature_gmm() | runs([*GMM_VARIANTS, "mlp_e_gmm", *HEAD_VARIANTS]) | REPORT
TRAINING = runs(VARIANTS) | FEATURES | REPORT

SEVENTH = {
    "lstm_t_wide": {
        "classifier": "LSTM-T (wide)",
        "data": "Text only",
        "model": "lstm_text",
        "sizes": {"lstm_units": 16},
    }
}


@dataclass(frozen=True)
class Row:
    id: str
    change: dict
    expected: set[str]
    args: tuple[str, ...] = ()
    marks: tuple = ()


# One setting changed at a time (deep-merged over the tiny config); the exact jobs it must rerun.
TABLE = [
    Row("nothing", {}, set()),
    Row("forceall", {}, ALL, args=("--forceall",)),
    # Demo data generation (dataset.demo_*) feeds everything.
    Row("dataset.demo_size", {"dataset": {"demo_size": 150}}, ALL),
    Row("dataset.demo_test_size", {"dataset": {"demo_test_size": 30}}, ALL),
    Row("dataset.demo_image_scale", {"dataset": {"demo_image_scale": 0.1}}, ALL),
    Row("dataset.demo_seed", {"dataset": {"demo_seed": 7}}, ALL),
    # The split: everything downstream of prepare, never the demo data it reads.
    Row("split.seed", {"split": {"seed": 7}}, FROM_SPLIT),
    # The split: everything downstream of prepare, never the demo data it reads.
    Row("split.valid_fraction", {"split": {"valid_fraction": 0.25}}, FROM_SPLIT),
    Row("split.trial_fraction", {"split": {"trial_fraction": 0.1}}, FROM_SPLIT),
    # The task definition: what prepare reads of it (column, classes and their order, fold) is the
    # split itself; the title heads Table 1's pages only.
    Row(
        "labels fold",
        {"labels": {"A": {"problems": {"sentiment": {"fold": {"meh": "neutral"}}}}}},
        FROM_SPLIT,
    ),
    Row(
        "labels classes (order)",
        {"labels": {"A": {"problems": {"sentiment": {"classes": ["positive", "neutral", "negative"]}}}}},
        FROM_SPLIT,
    ),
    Row(
        "labels title",
        {"labels": {"A": {"title": "Sentiment"}}},
        {job_name("report"), "paper_comparison", job_name("task_scores")},
    ),
    Row("labels ordinal", {"labels": {"A": {"problems": {"sentiment": {"ordinal": True}}}}}, CEILING),
    Row("reliability.ceiling", {"reliability": {"ceiling": "any"}}, {job_name("report"), "paper_comparison"}),
    Row(
        "submission.select_on",
        {"submission": {"select_on": "trial"}},
        {job_name("submission", variant=v) for v in VARIANTS},
    ),
    # Duplicate groups kept on one side of a carved split: the split itself.
    Row("split.group_duplicates", {"split": {"group_duplicates": False}}, FROM_SPLIT),
    Row("split.duplicate_distance", {"split": {"duplicate_distance": 0}}, FROM_SPLIT),
    # The audit's own settings: the audit and the unseen scores, never a training job.
    Row("audit.max_distance", {"audit": {"max_distance": 0}}, AUDIT),
    Row("audit.text_similarity", {"audit": {"text_similarity": 0.8}}, AUDIT),
    Row("audit.figure_pairs", {"audit": {"figure_pairs": 3}}, AUDIT),
    Row(
        "cleaning.noise_rules",
        {"cleaning": {"noise_rules": [{"name": "url", "pattern": "https?://"}]}},
        FROM_SPLIT,
    ),
    # An ordered list of text columns: prepare reads other texts, so everything after it.
    Row(
        "dataset.train.columns.text",
        {"dataset": {"train": {"columns": {"text": ["text_corrected", "text_ocr"]}}}},
        FROM_SPLIT,
    ),
    # Labelling the test split: a new source for prepare; the submissions leave the DAG.
    Row(
        "dataset.test.ground_truth",
        {"dataset": {"test": {"ground_truth": {"csv": "data/test/labels.csv"}}}},
        FROM_SPLIT - {job_name("submission", variant=v) for v in VARIANTS},
    ),
    # Tokenizer settings: vocab, sequences, GMM and every text-using variant.
    Row("text.lower", {"text": {"lower": False}}, FROM_VOCAB),
    Row("text.filters", {"text": {"filters": "!?."}}, FROM_VOCAB),
    Row("text.num_words", {"text": {"num_words": 50}}, FROM_VOCAB),
    Row("text.oov_token", {"text": {"oov_token": "<oov>"}}, FROM_VOCAB),
    # Sequence settings: as above without vocab.
    Row("text.max_len", {"text": {"max_len": 12}}, FROM_SEQUENCES),
    Row("text.padding", {"text": {"padding": "post"}}, FROM_SEQUENCES),
    Row("text.truncating", {"text": {"truncating": "post"}}, FROM_SEQUENCES),
    Row("images.size", {"images": {"size": 24}}, FROM_IMAGES),
    # Grey-scale: its own cached arrays (the RGB ones stay), the image and fusion models and every
    # job after them; never a text-only job.
    Row("images.channels", {"images": {"channels": 1}}, FROM_IMAGES - IMAGES | GREY),
    Row(
        "variants.cnn_i.channels",
        {"variants": {"cnn_i": {"channels": 1}}},
        GREY | runs(["cnn_i"]) | FROM_FEATURES,
    ),
    # The pixel limit decides which rows prepare keeps, and guards the image jobs' decoding.
    Row("images.max_pixels", {"images": {"max_pixels": 10**7}}, FROM_SPLIT),
    # GMM settings: the fits, balance, the figure and the two +GMM variants.
    Row("gmm.n_components", {"gmm": {"n_components": 2}}, FROM_GMM),
    Row("gmm.reg_covar", {"gmm": {"reg_covar": 1e-3}}, FROM_GMM),
    Row("gmm.covariance_type", {"gmm": {"covariance_type": "diag"}}, FROM_GMM),
    Row("gmm.max_iter", {"gmm": {"max_iter": 50}}, FROM_GMM),
    Row("gmm.tol", {"gmm": {"tol": 1e-2}}, FROM_GMM),
    Row("gmm.n_init", {"gmm": {"n_init": 2}}, FROM_GMM),
    Row("gmm.seed", {"gmm": {"seed": 7}}, FROM_GMM),
    # Candidates are only read with n_components: auto; the tiny config fixes n_components: 1.
    Row("gmm.candidates (unused)", {"gmm": {"candidates": [1, 2]}}, set()),
    # One class fewer: negative's fit leaves the DAG, neutral's stays as it is.
    Row(
        "labels minority",
        {"labels": {"A": {"problems": {"sentiment": {"minority": ["neutral"]}}}}},
        {job_name("balance", gmmdir="gmm", space=s) for s in ("text", "embeddings", "features/cnn_i/seed1")}
        | {job_name("gmm_figure")}
        | runs([*GMM_VARIANTS, "mlp_e_gmm", *HEAD_VARIANTS])
        | REPORT,
    ),
    Row("training.epochs", {"training": {"epochs": 2}}, TRAINING),
    Row("training.batch_size", {"training": {"batch_size": 16}}, TRAINING),
    Row("training.learning_rate", {"training": {"learning_rate": 0.01}}, TRAINING),
    # Text batching: every variant that reads tokens; CNN-I reads none.
    Row("training.text_batching", {"training": {"text_batching": "bucketed"}}, runs(TEXT_VARIANTS) | REPORT),
    Row("training.repeats", {"training": {"repeats": 3}}, runs(VARIANTS, seeds=[3]) | REPORT),
    # New seeds: new runs, and the image features of cnn_i's first new seed.
    Row(
        "training.seed",
        {"training": {"seed": 3}},
        runs(VARIANTS, seeds=[3, 4]) | {job_name("image_features")} | feature_gmm(3) | REPORT,
    ),
    Row(
        "models.lstm_text",
        {"models": {"lstm_text": {"lstm_units": 12}}},
        runs(["lstm_t", "lstm_t_gmm"]) | REPORT,
    ),
    # CNN-I's sizes: its runs, and the features that its first seed's run gives the head variants.
    Row("models.cnn_image", {"models": {"cnn_image": {"dense_units": 12}}}, runs(["cnn_i"]) | FROM_FEATURES),
    Row(
        "models.feature_head",
        {"models": {"feature_head": {"hidden_units": [4]}}},
        runs(HEAD_VARIANTS) | REPORT,
    ),
    # Another extractor seed: its features, their GMM and the head runs; never a CNN-I run.
    Row(
        "image_features.seed",
        {"image_features": {"seed": 2}},
        {job_name("image_features")} | feature_gmm(2) | runs(HEAD_VARIANTS) | REPORT,
    ),
    # Features from the fusion model's run instead: new features, their GMM and the head runs.
    Row(
        "image_features.variant",
        {"image_features": {"variant": "cnn_lstm_ti"}},
        {job_name("image_features")} | gmm_jobs("features/cnn_lstm_ti/seed1") | runs(HEAD_VARIANTS) | REPORT,
    ),
    Row(
        "models.embedding_mlp",
        {"models": {"embedding_mlp": {"hidden_units": [6]}}},
        runs(MLP_VARIANTS) | REPORT,
    ),
    # Embedding settings: the embeddings, their GMM and the MLP-E runs; never LSTM-T or CNN-I.
    Row("embeddings.dim", {"embeddings": {"dim": 128}}, FROM_EMBEDDINGS),
    Row("embeddings.normalize", {"embeddings": {"normalize": False}}, FROM_EMBEDDINGS),
    Row("embeddings.batch_size", {"embeddings": {"batch_size": 8}}, FROM_EMBEDDINGS),
    Row(
        "variants.conv1d_t.sizes",
        {"variants": {"conv1d_t": {"sizes": {"filters": 12}}}},
        runs(["conv1d_t"]) | REPORT,
    ),
    Row(
        "variants.lstm_t.model", {"variants": {"lstm_t": {"model": "conv1d_text"}}}, runs(["lstm_t"]) | REPORT
    ),
    # A variant dropped by a configfile: only the report changes.
    Row("variants.cnn_i: null", {"variants": {"cnn_i": None, "cnn_i_head_gmm": None}}, REPORT),
    # Labels only: re-scored and re-reported, not retrained.
    Row("variants.lstm_t.data", {"variants": {"lstm_t": {"data": "Text"}}}, scores(["lstm_t"]) | TABLES),
    Row(
        "variants.cnn_i.classifier",
        {"variants": {"cnn_i": {"classifier": "CNN"}}},
        scores(["cnn_i"]) | REPORT,
    ),
    Row("variants (a seventh)", {"variants": SEVENTH}, runs(SEVENTH) | REPORT),
    # Resources are not rerun triggers; the dataset name only decides paper_comparison's presence
    # and the SemEval tops beside the task scores.
    Row(
        "threads and gpus",
        {"cleaning": {"threads": 2}, "images": {"threads": 2}, "training": {"threads": 2, "gpus": 1}},
        set(),
    ),
    Row("dataset.name", {"dataset": {"name": "tiny"}}, {job_name("task_scores")}),  # no SemEval tops
    # Snakemake compares a rule's params as a set of values without their names, so settings of
    # one rule travel in one dict param: two of them trading values is still a change.
    Row("training.epochs <-> batch_size (swap)", {"training": {"epochs": 32, "batch_size": 1}}, TRAINING),
]
ROWS = {row.id: row for row in TABLE}
assert len(ROWS) == len(TABLE)


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def plans(finished) -> dict[str, dict[str, Job] | Exception]:
    """Every row's dry run against the finished run, concurrently (dry runs neither write nor lock)."""

    def plan(row: Row):
        try:
            return row.id, dry_run(finished.workdir, finished.config(row.change, row.id), *row.args)
        except Exception as err:  # reported by that row's test
            return row.id, err

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(plan, TABLE))


def planned(plans, row_id: str) -> dict[str, Job]:
    result = plans[row_id]
    if isinstance(result, Exception):
        raise result
    return result


# ---------------------------------------------------------------------------------------------
# The table


@pytest.mark.parametrize("row", [pytest.param(row, id=row.id, marks=row.marks) for row in TABLE])
def test_a_change_plans_exactly_the_jobs_it_affects(plans, row):
    assert_plan(planned(plans, row.id), row.expected)


def test_the_plan_reasons_name_the_trigger(plans):
    """Changed settings reach a job through params; everything below it through updated input."""
    plan = planned(plans, "gmm.n_components")
    for cls in ("neutral", "negative"):
        assert (
            plan[job_name("gmm_fit", cls=cls, gmmdir="gmm", space="text")]
            .fields["reason"]
            .startswith("Params have changed")
        )
    for name in {
        job_name("balance", gmmdir="gmm", space="text"),
        job_name("gmm_figure"),
        job_name("report"),
    } | runs(GMM_VARIANTS):
        assert plan[name].fields["reason"].startswith("Input files updated by another job"), name
    seventh = planned(plans, "variants (a seventh)")
    assert (
        seventh[job_name("train", variant="lstm_t_wide", seed=1)]
        .fields["reason"]
        .startswith("Missing output files")
    )
    # the report reruns for the new variant's runs: a changed set of inputs, or (since the
    # statistics job reads them too) inputs updated by another job that name them
    reason = seventh[job_name("report")].fields["reason"]
    assert "Set of input files has changed" in reason or (
        reason.startswith("Input files updated by another job") and "lstm_t_wide" in reason
    ), reason


def test_fusion_features_come_from_its_first_run_and_only_training_rows_feed_their_gmm(plans):
    """With image_features.variant cnn_lstm_ti, the features job reads that run (trained on the
    training split only) with the tokens and images it was trained on, and each feature-space GMM
    fit reads the training split's features alone."""
    plan = planned(plans, "image_features.variant")
    features = plan[job_name("image_features")].files("input")
    assert "results/tasks/A/sentiment/runs/cnn_lstm_ti/seed1/model.keras" in features
    assert {f"results/images/{s}.npy" for s in SPLITS} | {"results/text/sequences/train.parquet"} <= set(
        features
    )
    space = "results/tasks/A/sentiment/features/cnn_lstm_ti/seed1"
    for cls in ("neutral", "negative"):
        fit = plan[job_name("gmm_fit", cls=cls, gmmdir="gmm", space=space.split("sentiment/")[1])]
        npy = [f for f in fit.files("input") if f.endswith(".npy")]
        assert npy == [f"{space}/train.npy"], npy


def checkout_copy(dest: Path) -> Path:
    """The files of the checkout that a run reads (Snakefile, workflow/, config.yaml, profiles/, envs/),
    and its README.md, copied with their modification times."""
    dest.mkdir()
    for name in ("Snakefile", "config.yaml", "README.md", "pyproject.toml"):
        shutil.copy2(REPO / name, dest / name)
    for name in ("workflow", "profiles", "envs"):
        shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def test_files_no_rule_reads_change_nothing(finished, tmp_path):
    """A README.md next to the Snakefile (a copy of the checkout's, made newer than every output)
    and one in the working directory, a stray notes file, and a comment added to the config file
    plan no job; the checkout itself is not touched."""
    workdir = finished.copy(tmp_path / "work")
    (workdir / "README.md").write_text("# notes on this run\n")
    (workdir / "notes.txt").write_text("nothing reads this\n")
    config = finished.config({}, "commented")
    config.write_text(config.read_text() + "# a comment: the same settings\n")
    checkout = checkout_copy(tmp_path / "checkout")
    assert_plan(
        dry_run(workdir, config, snakefile=checkout / "Snakefile"), set()
    )  # the copy plans as the checkout
    readme = checkout / "README.md"
    os.utime(readme, ns=(readme.stat().st_atime_ns, time.time_ns()))  # newer than every output
    (checkout / "notes.md").write_text("nor this\n")
    assert_plan(dry_run(workdir, config, snakefile=checkout / "Snakefile"), set())


# ---------------------------------------------------------------------------------------------
# Executing a few rows


def snapshot(workdir: Path) -> dict[str, int]:
    """Every file outside .snakemake, with its modification time (ns)."""
    return {
        str(p.relative_to(workdir)): p.stat().st_mtime_ns
        for p in workdir.rglob("*")
        if p.is_file() and p.relative_to(workdir).parts[0] != ".snakemake"
    }


def rerun(finished: Finished, plans, row_id: str, dest: Path) -> tuple[Path, dict[str, dict]]:
    """Execute a row in a copy of the finished run. The files written must be exactly its planned
    jobs' outputs, logs and benchmarks; a second dry run must plan nothing. Returns the copy and
    Table 1 (by Classifier/Data) before and after."""
    plan = planned(plans, row_id)
    workdir = finished.copy(dest)
    before = snapshot(workdir)
    table_before = table1(workdir)
    config = finished.config(ROWS[row_id].change, row_id)
    snakemake(workdir, config, "--cores", "2")
    after = snapshot(workdir)
    written = {f for f, mtime in after.items() if before.get(f) != mtime}
    declared = {f for job in plan.values() for key in ("output", "log", "benchmark") for f in job.files(key)}
    assert not set(before) - set(after), "files removed"
    assert written == declared, (
        f"written but not planned: {sorted(written - declared)}; "
        f"planned, not written: {sorted(declared - written)}"
    )
    assert_plan(dry_run(workdir, config), set())
    return workdir, {"before": table_before, "after": table1(workdir)}


def table1(workdir: Path) -> dict[tuple[str, str], dict[str, str]]:
    """Table 1 by row, without the chance verdicts: Holm's correction adjusts every row's p for the
    number of rows, so a new row may move the others' (by design)."""
    with open(workdir / "results/tasks/A/sentiment/report/table1.csv", newline="") as fh:
        return {
            (r["Classifier"], r["Data"]): {
                k: v for k, v in r.items() if not k.startswith(("p vs chance", "Beats chance"))
            }
            for r in csv.DictReader(fh)
        }


@pytest.mark.long
def test_a_seventh_variant_trains_only_itself(finished, plans, tmp_path):
    _, tables = rerun(finished, plans, "variants (a seventh)", tmp_path / "work")
    before, after = tables["before"], tables["after"]
    assert set(after) - set(before) == {("LSTM-T (wide)", "Text only")}
    assert {k: after[k] for k in before} == before


@pytest.mark.long
def test_an_audit_setting_reruns_the_audit_and_unseen_scores_only(finished, plans, tmp_path):
    workdir, tables = rerun(finished, plans, "audit.max_distance", tmp_path / "work")
    assert tables["after"] == tables["before"]
    summary = (workdir / "results/audit/summary.json").read_text()
    assert '"max_distance": 0' in summary
