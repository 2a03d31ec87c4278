"""The whole DAG on a tiny generated dataset: outputs, Table 1, report, reruns, lint, dry-runs.

Most tests read the session's one finished run (conftest's ``finished``: ``workflow_utils.SHARED``,
an unlabelled test split and two seeds per variant). One more run starts from its files: the
README's real-data setup (no demo, a text-only unlabelled test split) with words planted in
held-out memes (determinism in a fresh process is test_interrupt_anywhere's final comparison).
The checks are functions of a working directory, so that each can be tried on a run made with a
bug planted in the package.
"""

import csv
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.resampling.gmm import load_mixture
from memotion_gmm.text.sequences import read_tokens
from memotion_gmm.text.tokenizer import WordTokenizer
from test_incremental import parse_plan
from workflow_utils import HASH_SEED, PAPER, SENTIMENT, snakemake, write_config

pytestmark = pytest.mark.workflow

VARIANTS = [
    "lstm_t",
    "lstm_t_gmm",
    "conv1d_t",
    "conv1d_t_gmm",
    "cnn_i",
    "cnn_lstm_ti",
    "mlp_e",
    "mlp_e_gmm",
    "cnn_i_head_gmm",
]
SPLITS = ["train", "valid", "trial", "test"]
HELD_OUT = ["valid", "trial", "test"]
SEEDS = [1, 2]
R = "results"


# ---------------------------------------------------------------------------------------------
# Checks of a finished working directory


def check_vocabulary_is_fitted_on_training_texts_only(workdir: Path, planted: dict[str, str] = {}) -> None:
    """vocab.json's word counts are the counts over the training split's texts, exactly; each
    ``planted`` word (held-out split -> word) occurs in that split's texts and not in the vocabulary."""
    vocab = json.loads((workdir / f"{R}/text/vocab.json").read_text())
    tokenizer = WordTokenizer.from_json(workdir / f"{R}/text/vocab.json")
    memes = pd.read_parquet(workdir / f"{R}/prepare/memes.parquet")
    counts: dict[str, int] = {}
    for text in memes.loc[memes["split"] == "train", "text"]:
        for word in tokenizer.words(text):
            counts[word] = counts.get(word, 0) + 1
    assert vocab["word_counts"] == counts
    assert set(vocab["word_index"]) == set(counts)
    for split, word in planted.items():
        texts = memes.loc[memes["split"] == split, "text"]
        assert texts.map(lambda t: word in tokenizer.words(t)).any(), (split, word)
        assert word not in vocab["word_counts"] and word not in vocab["word_index"], (split, word)


def check_synthetic_rows_stay_in_the_training_set(workdir: Path) -> None:
    """The real rows of balanced_train.parquet are train.parquet, row for row; no synthetic id is
    in any held-out table or predictions file; synthetic tokens are ids of the vocabulary.

    Id 0 is padding and legitimate in a synthetic row (sequences are pre-padded, and a draw below
    0.5 rounds or clips to 0), so synthetic ids lie in [0, vocab_size), not [1, vocab_size); that
    all-padding positions stay padding is tests/unit/test_gmm.py's to show (no tiny-run column is
    padding in every row of a class).
    """
    vocab_size = json.loads((workdir / f"{R}/text/vocab.json").read_text())["vocab_size"]
    train, train_tokens = read_tokens(workdir / f"{R}/text/sequences/train.parquet")
    balanced, tokens = read_tokens(workdir / f"{R}/tasks/A/sentiment/text/gmm/balanced_train.parquet")
    real = ~balanced["synthetic"].to_numpy(bool)
    pd.testing.assert_frame_equal(
        balanced.loc[real, ["meme_id", "image_name", "label"]].reset_index(drop=True),
        train[["meme_id", "image_name", "label"]].reset_index(drop=True),
    )
    np.testing.assert_array_equal(tokens[real], train_tokens)
    synthetic_ids = set(balanced.loc[~real, "meme_id"])
    assert synthetic_ids and all(i.startswith("synthetic-") for i in synthetic_ids)
    assert balanced["meme_id"].is_unique
    assert tokens.dtype == np.int32 and tokens[~real].min() >= 0 and tokens[~real].max() < vocab_size
    memes = pd.read_parquet(workdir / f"{R}/prepare/memes.parquet")
    assert not synthetic_ids & set(memes["meme_id"])
    for split in HELD_OUT:
        meta, _ = read_tokens(workdir / f"{R}/text/sequences/{split}.parquet")
        assert not synthetic_ids & set(meta["meme_id"]), split
    predictions = sorted(workdir.glob(f"{R}/tasks/A/sentiment/runs/*/seed*/predictions.parquet"))
    assert len(predictions) == len(VARIANTS) * len(SEEDS)
    for path in predictions:
        preds = pd.read_parquet(path)
        assert not synthetic_ids & set(preds["meme_id"]), path
        assert set(preds["split"]) == set(HELD_OUT), path  # held-out rows only, never training ones


def cell(values: list[float]) -> str:
    lo, hi, mean = min(values), max(values), sum(values) / len(values)
    return f"{mean:.3f}" if np.isclose(lo, hi) else f"{lo:.3f}-{hi:.3f} (avg: {mean:.3f})"


def check_table1_and_submissions_follow_the_per_seed_metrics(workdir: Path) -> None:
    """Each Table 1 cell is min-max (avg) of its variant's per-seed metrics; each submission is the
    test predictions of the seed best on valid macro F1 (a tie goes to the lower seed)."""
    table = pd.read_csv(workdir / f"{R}/tasks/A/sentiment/report/table1.csv", dtype=str).set_index(
        "Classifier", drop=False
    )
    rows = table.to_dict("records")
    for variant, row in zip(VARIANTS, rows):
        metrics = [
            json.loads((workdir / f"{R}/tasks/A/sentiment/runs/{variant}/seed{s}/metrics.json").read_text())[
                "splits"
            ]
            for s in SEEDS
        ]
        assert row["Seeds"] == str(len(SEEDS)), variant
        assert row["Macro F1 (trial)"] == cell([m["trial"]["macro_f1"] for m in metrics]), variant
        assert row["Accuracy (trial)"] == cell([m["trial"]["accuracy"] for m in metrics]), variant
        assert row["Accuracy (valid)"] == cell([m["valid"]["accuracy"] for m in metrics]), variant
        assert row["Macro F1 (test)"] == "n/a (unlabelled)", variant
        valid = [m["valid"]["macro_f1"] for m in metrics]
        best = SEEDS[valid.index(max(valid))]  # index() finds the first, i.e. the lower seed
        preds = pd.read_parquet(
            workdir / f"{R}/tasks/A/sentiment/runs/{variant}/seed{best}/predictions.parquet"
        )
        test = preds[preds["split"] == "test"]
        sub = pd.read_csv(workdir / f"{R}/submission/{variant}.csv", dtype=str)
        assert sub["Image_name"].tolist() == test["image_name"].tolist(), variant
        codes = sub["Labels"].str.split("_", expand=True)
        assert codes[0].map(SENTIMENT.label).tolist() == test["prediction"].tolist(), (variant, best)
        assert (codes[1] == "9999").all() and (codes[2] == "9999").all()  # Tasks B and C not run


# ---------------------------------------------------------------------------------------------
# The shared run


def test_prepare_records_every_bad_row_and_keeps_splits_disjoint(finished):
    workdir = finished.workdir
    dropped = pd.read_csv(workdir / "results/prepare/dropped.csv")
    assert sorted(dropped["reason"].unique()) == [
        "corrupt_image",
        "empty_text",
        "unknown_label",
        "web_noise",
    ]
    assert (dropped["file"] == "data/labels.csv").all() and dropped["row"].min() >= 1
    memes = pd.read_parquet(workdir / "results/prepare/memes.parquet")
    assert set(memes["split"]) == set(SPLITS)
    assert memes["meme_id"].is_unique
    labelled = memes["split"] != "test"
    assert memes.loc[labelled, "label"].notna().all() and memes.loc[~labelled, "label"].isna().all()
    assert not set(dropped["image_name"]) & set(memes["image_name"])
    summary = json.loads((workdir / "results/prepare/summary.json").read_text())
    assert summary["dropped_total"] == len(dropped)
    log = (workdir / "results/logs/prepare.log").read_text()
    assert re.search(r"dropped 2 rows: corrupt_image", log)


def test_sequences_and_images_are_row_aligned_with_the_memes_table(finished):
    workdir = finished.workdir
    memes = pd.read_parquet(workdir / "results/prepare/memes.parquet")
    vocab = json.loads((workdir / "results/text/vocab.json").read_text())
    for split in SPLITS:
        rows = memes[memes["split"] == split]
        meta, tokens = read_tokens(workdir / f"results/text/sequences/{split}.parquet")
        assert meta["meme_id"].tolist() == rows["meme_id"].tolist()
        assert tokens.shape == (len(rows), 16) and tokens.dtype == np.int32
        assert tokens.max() < vocab["vocab_size"]
        images = np.load(workdir / f"results/images/{split}.npy", mmap_mode="r")
        assert images.dtype == np.uint8 and images.shape == (rows["has_image"].sum(), 16, 16, 3)


def test_vocabulary_is_fitted_on_training_texts_only(finished):
    check_vocabulary_is_fitted_on_training_texts_only(finished.workdir)


def test_gmm_sees_only_training_rows_and_balances_every_class(finished):
    workdir = finished.workdir
    memes = pd.read_parquet(workdir / "results/prepare/memes.parquet")
    meta, tokens = read_tokens(workdir / "results/text/sequences/train.parquet")
    held_out = {s: read_tokens(workdir / f"results/text/sequences/{s}.parquet") for s in ("valid", "trial")}
    for cls in ("neutral", "negative"):
        mean = load_mixture(workdir / f"results/tasks/A/sentiment/text/gmm/{cls}.npz").means_[
            0
        ]  # one component: the class mean
        np.testing.assert_allclose(mean, tokens[meta["label"] == cls].mean(0), atol=1e-9)
        with_held_out = np.concatenate(
            [tokens[meta["label"] == cls]] + [t[m["label"] == cls] for m, t in held_out.values()]
        )
        assert not np.allclose(mean, with_held_out.mean(0))
        diag = json.loads((workdir / f"results/tasks/A/sentiment/text/gmm/{cls}.json").read_text())
        assert diag["rows"] == (memes[(memes["split"] == "train")]["label"] == cls).sum()
    balanced, _ = read_tokens(workdir / "results/tasks/A/sentiment/text/gmm/balanced_train.parquet")
    counts = balanced["label"].value_counts()
    assert counts.nunique() == 1 and counts.iloc[0] == (meta["label"] == "positive").sum()


def test_image_features_come_from_cnn_i_seed1_and_only_training_rows_feed_their_gmm(finished):
    """The features are cnn_i seed 1's penultimate layer on each split's images (the extractor
    trained on training memes only); the feature-space GMM balances the training rows, no held-out
    meme among them; the head variant predicts every held-out meme that has an image."""
    from memotion_gmm.models.features import extract, feature_extractor
    from memotion_gmm.models.inputs import load_split

    results = finished.workdir / R / "tasks/A/sentiment"
    memes = pd.read_parquet(results / "memes.parquet")
    extractor = json.loads((results / "runs/cnn_i/seed1/run.json").read_text())
    assert extractor["train_rows"] == (memes["split"].eq("train") & memes["has_image"]).sum()
    space = results / "features/cnn_i/seed1"
    model = feature_extractor(results / "runs/cnn_i/seed1/model.keras")
    for split in SPLITS:
        features = np.load(space / f"{split}.npy")
        images = load_split(split, memes, None, finished.workdir / R / f"images/{split}.npy")
        assert features.dtype == np.float32 and features.shape == (len(images), model.output.shape[-1]), split
        np.testing.assert_allclose(features, extract(model, images, 32), rtol=1e-4, atol=1e-5)
    train = memes[(memes["split"] == "train") & memes["has_image"]]
    balanced, vectors = read_tokens(space / "gmm/balanced_train.parquet")
    real = ~balanced["synthetic"].to_numpy(bool)
    assert balanced.loc[real, "meme_id"].tolist() == train["meme_id"].tolist()
    np.testing.assert_array_equal(vectors[real], np.load(space / "train.npy"))
    assert balanced.loc[~real, "meme_id"].str.startswith("synthetic-").all()
    assert balanced["label"].value_counts().nunique() == 1  # every class as large as the majority
    for seed in SEEDS:
        preds = pd.read_parquet(results / f"runs/cnn_i_head_gmm/seed{seed}/predictions.parquet")
        for split in HELD_OUT:
            held_out = memes[(memes["split"] == split) & memes["has_image"]]
            assert preds.loc[preds["split"] == split, "meme_id"].tolist() == held_out["meme_id"].tolist()


def test_synthetic_rows_stay_in_the_training_set(finished):
    check_synthetic_rows_stay_in_the_training_set(finished.workdir)


def expected_device() -> str:
    """What a training job on this machine must report: the GPUs TensorFlow sees, or the CPU."""
    import tensorflow as tf

    return "training on GPU" if tf.config.list_physical_devices("GPU") else "training on CPU"


def test_table1_has_the_variants_and_two_baselines(finished):
    """The paper's six in config.yaml's order, then the shared run's MLP-E and CNN-I head rows,
    then baselines."""
    workdir = finished.workdir
    table = pd.read_csv(workdir / "results/tasks/A/sentiment/report/table1.csv", dtype=str)
    assert table["Classifier"].tolist() == [
        "LSTM-T",
        "LSTM-T",
        "Conv1D-T",
        "Conv1D-T",
        "CNN-I",
        "CNN-LSTM-TI",
        "MLP-E",
        "MLP-E",
        "CNN-I head",
        "Majority class",
        "Stratified random",
        "Label ceiling",
    ]
    scored = table[table["Classifier"] != "Label ceiling"]
    for col in ("Macro F1 (trial)", "Accuracy (trial)", "Accuracy (valid)"):
        assert scored[col].str.match(r"^\d\.\d{3}").all(), col
    assert (scored["Macro F1 (test)"] == "n/a (unlabelled)").all()
    # the generated data hold no duplicate memes: no ceiling to show, and nothing here beats chance
    assert (
        table.loc[table["Classifier"] == "Label ceiling", "Macro F1 (trial)"].item() == "n/a (no duplicates)"
    )
    assert set(scored["Beats chance"]) <= {"no", "valid", "trial", "valid, trial", "-"}
    assert (scored["Beats chance"].iloc[-2:] == "-").all()  # the chance rows themselves
    for name in (
        "tasks/A/sentiment/report/table1.md",
        "tasks/A/sentiment/report/table1.html",
        "tasks/A/sentiment/report/metrics_long.csv",
        "tasks/A/sentiment/report/figures/confusion_matrices.png",
        "tasks/A/sentiment/report/figures/learning_curves.png",
        "tasks/A/sentiment/report/figures/gmm_balance.png",
        "report/paper_comparison.md",
        "report/A/scores.md",
    ):
        assert (workdir / "results" / name).stat().st_size > 0
    device = expected_device()
    for variant in VARIANTS:
        for seed in SEEDS:
            run = workdir / f"results/tasks/A/sentiment/runs/{variant}/seed{seed}"
            assert {p.name for p in run.iterdir()} >= {
                "model.keras",
                "history.csv",
                "predictions.parquet",
                "metrics.json",
                "run.json",
            }
            assert json.loads((run / "run.json").read_text())["device"].startswith(device)


def test_table1_and_submissions_follow_the_per_seed_metrics(finished):
    check_table1_and_submissions_follow_the_per_seed_metrics(finished.workdir)


def test_unlabelled_official_test_split_gets_submissions(finished):
    workdir = finished.workdir
    test = pd.read_csv(workdir / "data/test/2000_testdata.csv")
    for variant in VARIANTS:
        sub = pd.read_csv(workdir / f"results/submission/{variant}.csv", dtype=str)
        assert list(sub.columns) == ["Image_name", "Labels"]  # the organisers' format
        assert set(sub["Labels"]) <= {"1_9999_9999", "0_9999_9999", "-1_9999_9999"}
        assert sub["Image_name"].tolist() == test["Image_name"].tolist()


def test_every_file_a_rule_could_read_back_names_its_rule(finished):
    """A damaged cache is reported as ``PATH: ... (made by rule R)``: every data file the run wrote
    has its rule in core.artifacts' table, none is "made by rule ?"."""
    from memotion_gmm.core.artifacts import maker

    results = finished.workdir / R
    unnamed = [
        str(p.relative_to(results))
        for p in results.rglob("*")
        if p.suffix in {".parquet", ".npy", ".npz", ".keras", ".json", ".csv"}
        and p.relative_to(results).parts[0] not in ("logs", "benchmarks", "demo_data")
        and maker(p) == "?"
    ]
    assert not unnamed, unnamed


def test_nothing_to_do_after_a_complete_run(finished):
    out = snakemake(finished.workdir, finished.config({}, "base"), "-n").stdout
    assert "Nothing to be done" in out


def _plan(run):
    """A dry run's jobs with each field's listed items as a set (resources and the files in a
    reason follow the hash seed's order)."""
    plan = parse_plan(run.stdout + run.stderr)
    return {
        name: (job.rule, job.wildcards, {k: set(re.split(r"[:,] ", v)) for k, v in job.fields.items()})
        for name, job in plan.items()
    }


def test_a_start_forked_from_the_warm_server_is_the_command_line(finished):
    """workflow_utils.snakemake's warm start (tests/warm_cli.py) plans the same jobs, says the same
    on stderr and fails as ``python -m snakemake`` in a new interpreter does (a hash seed other than
    HASH_SEED takes that)."""
    cold = {"PYTHONHASHSEED": HASH_SEED + "1"}
    runs = {}
    for name, change in (
        ("plans", {"gmm": {"n_components": 2}}),
        ("refused", {"split": {"valid_fraction": 0}}),
    ):
        config = finished.config(change, "warm_" + name)
        runs[name] = [snakemake(finished.workdir, config, "-n", check=False, env=e) for e in (None, cold)]
        warm, new = runs[name]
        assert warm.returncode == new.returncode and warm.stderr == new.stderr, name
    warm, new = runs["plans"]
    assert warm.returncode == 0 and _plan(warm) == _plan(new)
    warm, new = runs["refused"]
    assert warm.returncode == 1 and warm.stdout == new.stdout and "valid_fraction: 0 is less" in warm.stdout


def test_snakemake_report_contains_the_figures_and_table(finished, tmp_path):
    snakemake(finished.workdir, finished.config({}, "base"), "--report", str(tmp_path / "report.html"))
    html = (tmp_path / "report.html").read_text()
    for name in (
        "table1.html",
        "confusion_matrices.png",
        "learning_curves.png",
        "gmm_balance.png",
        "dropped.csv",
    ):
        assert name in html


def test_lint_is_clean(finished):
    out = snakemake(finished.workdir, finished.config({}, "base"), "--lint")
    assert "Congratulations" in out.stdout + out.stderr


def test_default_config_schedules_thirty_gpu_training_jobs(finished, tmp_path):
    config = tmp_path / "paper.yaml"  # the paper's protocol (config.yaml) on the tiny data
    config.write_text("dataset: {train: {csv: data/labels.csv, images: data/images}}\n")
    out = snakemake(
        finished.workdir,
        config,
        "-n",
        "--cores",
        "8",
        "--resources",
        "gpu=1",
        "--config",
        "outdir=results_paper",
    ).stdout
    train_jobs = re.findall(r"rule train:.*?resources: ([^\n]*)", out, re.S)
    assert len(train_jobs) == 30
    assert all(re.search(r"\bgpu=1\b", r) for r in train_jobs)
    assert re.search(r"^train\s+30$", out, re.M)


# ---------------------------------------------------------------------------------------------
# Runs from the shared run's files

# The README's real-data setup (workflow/configs/memotion7k-shared.yaml) on the tiny data: no
# demo, the official test input as a text-only (images: null) unlabelled split, one seed.
TEXT_ONLY_TEST = {
    "dataset": {
        "name": "memotion7k",
        "demo": False,
        "test": {"images": None, "ground_truth": None},
    },
    "training": {"gpus": 0, "repeats": 1},
    # a text model with and without the GMM (which must not see held-out memes either), and an
    # image model, which cannot predict the text-only test split
    "variants": {"conv1d_t": None, "conv1d_t_gmm": None, "cnn_lstm_ti": None},
}
TEXT_ONLY_TEXT_VARIANTS, TEXT_ONLY_IMAGE_VARIANTS = ["lstm_t", "lstm_t_gmm"], ["cnn_i"]
# A word in one held-out meme of each split, seen nowhere else: the tokenizer must never see it.
PLANTED = {"valid": "zxvalidonly", "trial": "zxtrialonly", "test": "zxtestonly"}


def plant_held_out_words(workdir: Path, memes: pd.DataFrame) -> None:
    """Append ``PLANTED``'s words to one meme's text of each held-out split, in the source CSVs
    (the carved split depends on the labels, not on the texts)."""
    for split, column, path, text_col in (
        ("valid", "image_name", workdir / "data/labels.csv", "text_corrected"),
        ("trial", "image_name", workdir / "data/labels.csv", "text_corrected"),
        ("test", "Image_name", workdir / "data/test/2000_testdata.csv", "corrected_text"),
    ):
        name = memes.loc[memes["split"] == split, "image_name"].iloc[0]
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
        (row,) = [r for r in rows if r[column] == name]
        row[text_col] += f" {PLANTED[split]}"
        with open(path, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


@pytest.mark.long
def test_readme_real_data_setup_text_only_unlabelled_test_split(finished, tmp_path):
    workdir = tmp_path / "work"
    shutil.copytree(finished.workdir / "data", workdir / "data")
    plant_held_out_words(workdir, pd.read_parquet(finished.workdir / f"{R}/prepare/memes.parquet"))
    config = write_config(workdir, TEXT_ONLY_TEST, name="text_only.yaml")
    snakemake(workdir, config, "--cores", "2")

    memes = pd.read_parquet(workdir / f"{R}/prepare/memes.parquet")
    shared = pd.read_parquet(finished.workdir / f"{R}/prepare/memes.parquet")
    assert memes[["meme_id", "split"]].equals(shared[["meme_id", "split"]])  # the same split
    check_vocabulary_is_fitted_on_training_texts_only(workdir, PLANTED)
    assert not (workdir / f"{R}/images/test.npy").exists()
    test = pd.read_csv(workdir / "data/test/2000_testdata.csv")
    assert sorted(p.stem for p in (workdir / f"{R}/submission").iterdir()) == TEXT_ONLY_TEXT_VARIANTS
    for variant in TEXT_ONLY_TEXT_VARIANTS:
        sub = pd.read_csv(workdir / f"{R}/submission/{variant}.csv")
        assert sub["Image_name"].tolist() == test["Image_name"].tolist(), variant
        splits = json.loads(
            (workdir / f"{R}/tasks/A/sentiment/runs/{variant}/seed1/metrics.json").read_text()
        )["splits"]
        assert splits["test"] == {"available": False, "reason": "unlabelled", "rows": len(test)}
    for variant in TEXT_ONLY_IMAGE_VARIANTS:
        splits = json.loads(
            (workdir / f"{R}/tasks/A/sentiment/runs/{variant}/seed1/metrics.json").read_text()
        )["splits"]
        assert splits["test"] == {"available": False, "reason": "no images for this split"}
        assert splits["trial"]["available"] and splits["valid"]["available"]
    table = pd.read_csv(workdir / f"{R}/tasks/A/sentiment/report/table1.csv").set_index("Classifier")
    assert table.loc["CNN-I", "Macro F1 (test)"] == "n/a (no images for this split)"
    assert (table.loc[["LSTM-T"], "Macro F1 (test)"] == "n/a (unlabelled)").all()
    assert (workdir / f"{R}/report/paper_comparison.md").stat().st_size > 0


def test_image_variants_score_only_memes_with_images_and_table1_counts_them(finished):
    """The demo plants memes whose image file is missing: kept for every text variant, left out of
    the image variants' training and scoring; Table 1's n columns are the rows each run scored."""
    out = finished.workdir / "results"
    memes = pd.read_parquet(out / "prepare/memes.parquet")
    assert (~memes["has_image"]).sum() == 2
    summary = json.loads((out / "prepare/summary.json").read_text())
    for split, group in memes.groupby("split"):
        assert summary["splits"][split]["without_image"] == (~group["has_image"]).sum()
    table = pd.read_csv(out / "tasks/A/sentiment/report/table1.csv")
    seed = PAPER["training"]["seed"]
    for variant, row, image in (("lstm_t", 0, False), ("cnn_i", 4, True), ("cnn_lstm_ti", 5, True)):
        preds = pd.read_parquet(out / f"tasks/A/sentiment/runs/{variant}/seed{seed}/predictions.parquet")
        run = json.loads((out / f"tasks/A/sentiment/runs/{variant}/seed{seed}/run.json").read_text())
        rows = memes[memes["has_image"]] if image else memes
        assert run["train_rows"] == (rows["split"] == "train").sum(), variant
        for split in ("valid", "trial", "test"):
            want = rows.loc[rows["split"] == split, "meme_id"].tolist()
            assert preds.loc[preds["split"] == split, "meme_id"].tolist() == want, (variant, split)
            assert table[f"n_{split}"].iloc[row] == len(want), (variant, split)
