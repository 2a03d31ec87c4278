"""Labels as data, end to end: a task other than Task A (four ordered humour intensities, read from
the training file's column and from the official ground-truth field) runs through every stage,
and every stage takes its classes from the definition."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from workflow_utils import snakemake, write_config

pytestmark = [pytest.mark.workflow, pytest.mark.long]

CLASSES = ["not_funny", "funny", "very_funny", "hilarious"]
# Task C humour, as the organisers defined it: the training file names the intensity, the official
# field "A_BBBB_CCCC" holds it as the first digit of its third part.
HUMOUR = {
    "tasks": ["C_humour"],
    "labels": {
        "C_humour": {
            "title": "Humour (Task C)",
            "problems": {
                "humour": {
                    "column": "humour",
                    "classes": CLASSES,
                    "fold": {"0": "not_funny", "1": "funny", "2": "very_funny", "3": "hilarious"},
                    "truth": {"part": 2, "digit": 0},
                }
            },
        }
    },
    "dataset": {"demo": False},
    "variants": {  # a token model on the GMM-balanced set (a mixture per class) and an image model
        **{v: None for v in ("lstm_t", "conv1d_t", "conv1d_t_gmm", "cnn_lstm_ti")},
    },
}
# Here humour follows the sentiment, so all four classes occur, and some memes have an unknown level.
INTENSITY = {
    "very_positive": "hilarious",
    "positive": "very_funny",
    "neutral": "funny",
    "negative": "not_funny",
    "very_negative": "not_funny",
}


@pytest.fixture(scope="module")
def humour_run(finished, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("humour") / "work"
    shutil.copytree(finished.workdir / "data", workdir / "data")
    labels = pd.read_csv(workdir / "data/labels.csv", dtype=str, keep_default_na=False)
    labels["humour"] = labels["overall_sentiment"].map(INTENSITY).fillna("meh")  # "meh": unknown
    labels.loc[labels.index % 17 == 0, "humour"] = "meh"  # kept by prepare (split on Task A), dropped here
    labels.to_csv(workdir / "data/labels.csv", index=False)
    truth = pd.read_csv(workdir / "data/test/labels.csv", dtype=str)
    truth["Labels"] = [f"{a}_1100_{i % 4}100" for i, a in enumerate(truth["Labels"].str.split("_").str[0])]
    truth.to_csv(workdir / "data/test/labels.csv", index=False)
    snakemake(workdir, write_config(workdir, HUMOUR, "humour.yaml"), "--cores", "2")
    return workdir / "results/tasks/C_humour/humour", truth


def test_every_stage_takes_the_task_s_classes(humour_run):
    results, truth = humour_run
    memes = pd.read_parquet(results / "memes.parquet")  # the problem's labels on prepare's memes
    assert set(memes["label"].dropna()) == set(CLASSES)
    test = memes[memes["split"] == "test"]  # labelled by the ground truth's third part, first digit
    want = dict(zip(truth["Image_name"], [CLASSES[int(f.split("_")[2][0])] for f in truth["Labels"]]))
    assert test["label"].tolist() == test["image_name"].map(want).tolist()
    dropped = pd.read_csv(results / "dropped.csv")  # 'meh' memes: dropped from this problem only
    assert "problem 'humour'" in dropped.loc[dropped["reason"] == "unknown_label", "detail"].iloc[0]
    assert len(dropped) == memes["label"].isna().sum() > 0

    for variant in ("lstm_t_gmm", "cnn_i"):
        predictions = pd.read_parquet(results / f"runs/{variant}/seed1/predictions.parquet")
        assert [c for c in predictions if c.startswith("prob_")] == [f"prob_{c}" for c in CLASSES]
        assert set(predictions["prediction"]) <= set(CLASSES)
        metrics = json.loads((results / f"runs/{variant}/seed1/metrics.json").read_text())["splits"]
        for split in ("valid", "trial", "test"):
            assert list(metrics[split]["per_class"]) == CLASSES, (variant, split)
            assert metrics[split]["confusion_matrix"]["labels"] == CLASSES
            assert len(metrics[split]["confusion_matrix"]["rows_true_cols_pred"]) == 4

    # a mixture per class (no minority given: every class), each drawing what it lacks of the largest
    train = memes.loc[memes["split"] == "train", "label"].value_counts()  # None (dropped) not counted
    for cls in CLASSES:
        fit = json.loads((results / f"text/gmm/{cls}.json").read_text())
        assert fit["rows"] == train[cls] and fit["samples_drawn"] == train.max() - train[cls]
    balance = json.loads((results / "text/gmm/balance.json").read_text())
    assert balance["after"] == dict.fromkeys(sorted(CLASSES), int(train.max()))

    intervals = pd.read_csv(results / "report/statistics/intervals.csv")
    assert {m for m in intervals["metric"] if m.startswith("recall_")} == {f"recall_{c}" for c in CLASSES}
    assert "<title>Table 1: Humour (Task C) results</title>" in (results / "report/table1.html").read_text()
    assert all(f"Recall {c}" in (results / "report/imbalance.md").read_text() for c in CLASSES)
