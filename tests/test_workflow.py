"""The whole DAG on a tiny generated dataset: outputs, Table 1, report, reruns, lint, dry-runs."""

import json
import re

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.gmm import load_mixture
from memotion_gmm.sequences import read_tokens
from workflow_utils import snakemake, write_config

pytestmark = pytest.mark.workflow

VARIANTS = ["lstm_t", "lstm_t_gmm", "conv1d_t", "conv1d_t_gmm", "cnn_i", "cnn_lstm_ti"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """One complete run of the tiny config (labelled test split from a ground-truth CSV)."""
    workdir = tmp_path_factory.mktemp("tiny")
    config = write_config(workdir)
    snakemake(workdir, config, "--cores", "2")
    return workdir, config


def test_prepare_records_every_bad_row_and_keeps_splits_disjoint(tiny):
    workdir, _ = tiny
    dropped = pd.read_csv(workdir / "results/prepare/dropped.csv")
    assert sorted(dropped["reason"].unique()) == [
        "corrupt_image",
        "empty_text",
        "missing_image",
        "unknown_label",
        "web_noise",
    ]
    assert (dropped["file"] == "data/labels.csv").all() and dropped["row"].min() >= 1
    memes = pd.read_parquet(workdir / "results/prepare/memes.parquet")
    assert set(memes["split"]) == {"train", "valid", "trial", "test"}
    assert memes["meme_id"].is_unique and memes["label"].notna().all()
    assert not set(dropped["image_name"]) & set(memes["image_name"])
    summary = json.loads((workdir / "results/prepare/summary.json").read_text())
    assert summary["dropped_total"] == len(dropped)
    log = (workdir / "results/logs/prepare.log").read_text()
    assert re.search(r"dropped 2 rows: corrupt_image", log)


def test_sequences_and_images_are_row_aligned_with_the_memes_table(tiny):
    workdir, _ = tiny
    memes = pd.read_parquet(workdir / "results/prepare/memes.parquet")
    vocab = json.loads((workdir / "results/text/vocab.json").read_text())
    for split in ("train", "valid", "trial", "test"):
        rows = memes[memes["split"] == split]
        meta, tokens = read_tokens(workdir / f"results/text/sequences/{split}.parquet")
        assert meta["meme_id"].tolist() == rows["meme_id"].tolist()
        assert tokens.shape == (len(rows), 16) and tokens.dtype == np.int32
        assert tokens.max() < vocab["vocab_size"]
        images = np.load(workdir / f"results/images/{split}.npy", mmap_mode="r")
        assert images.dtype == np.uint8 and images.shape == (len(rows), 16, 16, 3)


def test_gmm_sees_only_training_rows_and_balances_every_class(tiny):
    workdir, _ = tiny
    memes = pd.read_parquet(workdir / "results/prepare/memes.parquet")
    meta, tokens = read_tokens(workdir / "results/text/sequences/train.parquet")
    held_out = {
        s: read_tokens(workdir / f"results/text/sequences/{s}.parquet") for s in ("valid", "trial", "test")
    }
    for cls in ("neutral", "negative"):
        mean = load_mixture(workdir / f"results/gmm/{cls}.npz").means_[0]  # one component: the class mean
        np.testing.assert_allclose(mean, tokens[meta["label"] == cls].mean(0), atol=1e-9)
        with_held_out = np.concatenate(
            [tokens[meta["label"] == cls]] + [t[m["label"] == cls] for m, t in held_out.values()]
        )
        assert not np.allclose(mean, with_held_out.mean(0))
        diag = json.loads((workdir / f"results/gmm/{cls}.json").read_text())
        assert diag["rows"] == (memes[(memes["split"] == "train")]["label"] == cls).sum()
    balanced, _ = read_tokens(workdir / "results/gmm/balanced_train.parquet")
    counts = balanced["label"].value_counts()
    assert counts.nunique() == 1 and counts.iloc[0] == (meta["label"] == "positive").sum()


def test_table1_has_six_variants_and_two_baselines(tiny):
    workdir, _ = tiny
    table = pd.read_csv(workdir / "results/report/table1.csv", dtype=str)
    assert table["Classifier"].tolist() == [
        "LSTM-T",
        "LSTM-T",
        "Conv1D-T",
        "Conv1D-T",
        "CNN-I",
        "CNN-LSTM-TI",
        "Majority class",
        "Stratified random",
    ]
    for col in ("Macro F1 (trial)", "Macro F1 (test)", "Accuracy (trial)", "Accuracy (valid)"):
        assert table[col].str.match(r"^\d\.\d{3}").all(), col
    for name in (
        "table1.md",
        "table1.html",
        "metrics_long.csv",
        "figures/confusion_matrices.png",
        "figures/learning_curves.png",
        "figures/gmm_balance.png",
    ):
        assert (workdir / "results/report" / name).stat().st_size > 0
    for variant in VARIANTS:
        run = workdir / f"results/runs/{variant}/seed1"
        assert {p.name for p in run.iterdir()} >= {
            "model.keras",
            "history.csv",
            "predictions.parquet",
            "metrics.json",
            "run.json",
        }
        assert "training on CPU" in json.loads((run / "run.json").read_text())["device"]


def test_nothing_to_do_after_a_complete_run(tiny):
    workdir, config = tiny
    out = snakemake(workdir, config, "-n").stdout
    assert "Nothing to be done" in out


def test_snakemake_report_contains_the_figures_and_table(tiny):
    workdir, config = tiny
    snakemake(workdir, config, "--report", "report.html")
    html = (workdir / "report.html").read_text()
    for name in (
        "table1.html",
        "confusion_matrices.png",
        "learning_curves.png",
        "gmm_balance.png",
        "dropped.csv",
    ):
        assert name in html


def test_lint_is_clean(tiny):
    workdir, config = tiny
    out = snakemake(workdir, config, "--lint")
    assert "Congratulations" in out.stdout + out.stderr


def test_unlabelled_official_test_split_gets_submissions(tiny):
    workdir, _ = tiny
    config = write_config(
        workdir,
        {
            "outdir": "results_unlabelled",
            "dataset": {"test": {"ground_truth": None}},
        },
        name="unlabelled.yaml",
    )
    snakemake(
        workdir,
        config,
        "--cores",
        "2",
        "results_unlabelled/submission/lstm_t.csv",
        "results_unlabelled/report/table1.csv",
    )
    sub = pd.read_csv(workdir / "results_unlabelled/submission/lstm_t.csv")
    test = pd.read_csv(workdir / "data/test/2000_testdata.csv")
    assert list(sub.columns) == ["image_name", "label"] and set(sub["label"]) <= {
        "positive",
        "neutral",
        "negative",
    }
    assert sub["image_name"].tolist() == test["Image_name"].tolist()
    table = pd.read_csv(workdir / "results_unlabelled/report/table1.csv")
    assert (table["Macro F1 (test)"] == "n/a (unlabelled)").all()


def test_default_config_schedules_thirty_gpu_training_jobs(tiny):
    workdir, _ = tiny
    config = workdir / "paper.yaml"  # the paper's protocol (config.yaml) on the tiny data
    config.write_text("dataset: {train: {csv: data/labels.csv, images: data/images}}\n")
    out = snakemake(
        workdir, config, "-n", "--cores", "8", "--resources", "gpu=1", "--config", "outdir=results_paper"
    ).stdout
    train_jobs = re.findall(r"rule train:.*?resources: ([^\n]*)", out, re.S)
    assert len(train_jobs) == 30
    assert all(re.search(r"\bgpu=1\b", r) for r in train_jobs)
    assert re.search(r"^train\s+30$", out, re.M)
