"""The imbalance study end to end on the tiny generated dataset: every remedy trains, no synthetic
or resampled row reaches an evaluated split, the study's outputs are written, and a remedy's
settings rerun exactly the jobs that read them (rows to fold into test_incremental's table)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from memotion_gmm.models.architectures import reads
from memotion_gmm.text.sequences import read_tokens
from test_incremental import assert_plan, dry_run, job_name
from workflow_utils import merge, snakemake, write_config

pytestmark = [pytest.mark.workflow, pytest.mark.long]

TEXT = {"classifier": "Conv1D-T", "model": "conv1d_text"}
FUSION = {"classifier": "CNN-LSTM-TI", "model": "cnn_lstm_fusion", "data": "image + text"}
VARIANTS = {
    "lstm_t": None,  # config.yaml's, left out to keep the run small
    "lstm_t_gmm": None,
    "cnn_i": None,
    "conv1d_t": TEXT | {"data": "Text only", "balance": "none"},
    "conv1d_t_gmm": TEXT | {"data": "Text only with GMM", "balance": "gmm"},
    "conv1d_t_cw": TEXT | {"data": "class weights", "balance": "class_weight"},
    "conv1d_t_ros": TEXT | {"data": "random oversampling", "balance": "random_oversample"},
    "conv1d_t_smote": TEXT | {"data": "SMOTE", "balance": "smote"},
    "conv1d_t_bsmote": TEXT | {"data": "borderline SMOTE", "balance": "borderline_smote"},
    "conv1d_t_gmm_auto": TEXT | {"data": "GMM auto", "balance": "gmm_auto"},
    "cnn_lstm_ti": FUSION | {"balance": "none"},
    "cnn_lstm_ti_ros": FUSION | {"data": "image + text, random oversampling", "balance": "random_oversample"},
}
BASE = {
    "training": {"gpus": 0},
    "variants": VARIANTS,
    "remedies": {"smote": {"method": "smote", "k_neighbors": 3}, "gmm_auto": {"candidates": [1, 2]}},
    "statistics": {"resamples": 200},
}
TRAINED = [v for v, spec in VARIANTS.items() if spec]
REPORT = {job_name(r) for r in ("statistics", "imbalance", "report", "task_scores")}
RERUN_REPORT = REPORT | {
    job_name("table1_unseen")
}  # a change that trains runs also re-scores them on unseen memes


def runs(*variants) -> set[str]:
    return {job_name(rule, variant=v, seed=1) for rule in ("train", "evaluate") for v in variants}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("imbalance") / "work"
    workdir.mkdir()
    snakemake(workdir, write_config(workdir.parent, BASE, "base.yaml"), "--cores", "2")
    return workdir


def test_no_synthetic_or_resampled_row_reaches_an_evaluated_split(study):
    memes = pd.read_parquet(study / "results/prepare/memes.parquet")
    for variant in TRAINED:
        predictions = pd.read_parquet(
            study / f"results/tasks/A/sentiment/runs/{variant}/seed1/predictions.parquet"
        )
        for split, rows in predictions.groupby("split"):
            expected = memes.loc[memes["split"] == split, "meme_id"]
            assert list(rows["meme_id"]) == list(expected), (variant, split)
        assert set(predictions["split"]) == set(memes["split"]) - {"train"}, variant


def test_each_data_remedy_is_one_cached_training_set_of_training_memes(study):
    memes = pd.read_parquet(study / "results/prepare/memes.parquet")
    train = set(memes.loc[memes["split"] == "train", "meme_id"])
    files = {
        "random_oversample": "text/remedies/random_oversample/train.parquet",
        "smote": "text/remedies/smote/train.parquet",
        "borderline_smote": "text/remedies/borderline_smote/train.parquet",
        "gmm": "text/gmm/balanced_train.parquet",
        "gmm_auto": "text/remedies/gmm_auto/balanced_train.parquet",
    }
    for remedy, path in files.items():
        meta, _ = read_tokens(study / "results/tasks/A/sentiment" / path)
        assert set(meta.loc[~meta["synthetic"], "meme_id"]) <= train, remedy
        assert meta.loc[meta["synthetic"], "meme_id"].str.startswith("synthetic-").all(), remedy
        no_image = ~meta["meme_id"].isin(memes.loc[memes["has_image"], "meme_id"])
        for variant in [v for v in TRAINED if VARIANTS[v]["balance"] == remedy]:
            run = json.loads((study / f"results/tasks/A/sentiment/runs/{variant}/seed1/run.json").read_text())
            skipped = int(no_image.sum()) if reads(VARIANTS[variant]["model"], "image") else 0
            assert (run["train_rows"], run["train_rows_without_image"]) == (len(meta) - skipped, skipped), (
                variant
            )
    run = json.loads((study / "results/tasks/A/sentiment/runs/conv1d_t_cw/seed1/run.json").read_text())
    assert run["balance"]["method"] == "class_weight" and len(run["balance"]["class_weight"]) == 3


def test_the_study_table_has_intervals_and_differences_with_none(study):
    table = pd.read_csv(study / "results/tasks/A/sentiment/report/imbalance.csv")
    for variant in TRAINED + ["baseline_stratified", "baseline_majority"]:
        rows = table[table["variant"] == variant]
        assert len(rows) == 3, variant  # valid, trial, test
        assert (rows["macro_f1_low"] <= rows["macro_f1"]).all() and (
            rows["macro_f1"] <= rows["macro_f1_high"]
        ).all()
    compared = table[table["diff_macro_f1_p"].notna()]
    assert set(compared["variant"]) == {v for v in TRAINED if VARIANTS[v]["balance"] != "none"}
    assert compared["diff_macro_f1_p"].between(0, 1).all()
    for name in ("imbalance.md", "imbalance.html", "figures/imbalance_forest.png"):
        assert (study / "results/tasks/A/sentiment/report" / name).stat().st_size > 0
    table1 = pd.read_csv(study / "results/tasks/A/sentiment/report/table1.csv")
    assert {"Macro F1 (trial) low", "Macro F1 (trial) high", "Accuracy (valid) mean"} <= set(table1.columns)
    scored = table1[table1["Classifier"] != "Label ceiling"]  # the tiny data hold no duplicate memes
    assert scored[["Macro F1 (trial) low", "Macro F1 (test) high"]].notna().all().all()


ROWS = [
    # adding a remedy to one variant trains only that variant's runs
    (
        "variants.conv1d_t.balance",
        {"variants": {"conv1d_t": {"balance": "class_weight"}}},
        runs("conv1d_t") | RERUN_REPORT,
    ),
    (
        "a new variant with a remedy",
        {"variants": {"conv1d_t_w": TEXT | {"data": "w", "balance": "class_weight"}}},
        runs("conv1d_t_w") | RERUN_REPORT,
    ),
    # smote settings never retrain gmm runs
    (
        "remedies.smote.k_neighbors",
        {"remedies": {"smote": {"k_neighbors": 2}}},
        {job_name("resample", remedy="smote", space="text")} | runs("conv1d_t_smote") | RERUN_REPORT,
    ),
    (
        "remedies.random_oversample.seed",
        {"remedies": {"random_oversample": {"seed": 7}}},
        {job_name("resample", remedy="random_oversample", space="text")}
        | runs("conv1d_t_ros", "cnn_lstm_ti_ros")
        | RERUN_REPORT,
    ),
    (
        "remedies.class_weight.weights",
        {"remedies": {"class_weight": {"weights": {"negative": 3.0}}}},
        runs("conv1d_t_cw") | RERUN_REPORT,
    ),
    (
        "remedies.gmm_auto.candidates",
        {"remedies": {"gmm_auto": {"candidates": [1, 2, 3]}}},
        {
            job_name("gmm_fit", cls=c, gmmdir="remedies/gmm_auto", space="text")
            for c in ("neutral", "negative")
        }
        | {job_name("balance", gmmdir="remedies/gmm_auto", space="text")}
        | runs("conv1d_t_gmm_auto")
        | RERUN_REPORT,
    ),
    # a statistics setting reruns the intervals and chance verdicts (statistics), label reliability
    # and the tables that show them (the unseen table has verdicts of its own)
    ("statistics.resamples", {"statistics": {"resamples": 300}}, RERUN_REPORT | {job_name("reliability")}),
    ("statistics.seed", {"statistics": {"seed": 5}}, RERUN_REPORT | {job_name("reliability")}),
    ("statistics.confidence", {"statistics": {"confidence": 0.9}}, RERUN_REPORT | {job_name("reliability")}),
]


@pytest.mark.parametrize("row_id, change, expected", ROWS, ids=[r[0] for r in ROWS])
def test_a_remedy_or_statistics_setting_plans_exactly_its_jobs(study, row_id, change, expected):
    config = write_config(study.parent, merge(BASE, change), f"{row_id.replace(' ', '_')}.yaml")
    assert_plan(dry_run(study, config), expected)
