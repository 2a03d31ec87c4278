"""Each problem's labels on the memes table: read back from the source files (its own column, or its
digit of the official ground-truth field), a meme without a class of it dropped from it alone, and
every remedy's rows labelled by that problem only."""

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.core.tasks import Task
from memotion_gmm.data.labels import label_summary, problem_labels
from memotion_gmm.data.sources import Source
from memotion_gmm.evaluation.baselines import baseline_runs
from memotion_gmm.evaluation.intervals import study
from memotion_gmm.evaluation.metrics import score, score_predictions
from memotion_gmm.pipeline.configuration import missing_label_columns, validate_config
from memotion_gmm.resampling.spaces import training_rows
from memotion_gmm.text.sequences import write_sequences
from memotion_gmm.text.tokenizer import WordTokenizer
from workflow_utils import PAPER, merge

B = Task.from_config("B", PAPER["labels"]["B"])
C = Task.from_config("C", PAPER["labels"]["C"])
TRAIN_ROWS = [  # image, text, humour, sarcasm, overall sentiment
    ("a.jpg", "one", "funny", "general", "positive"),
    ("b.jpg", "two", "not_funny", "not_sarcastic", "negative"),
    ("c.jpg", "three", "meh", "general", "neutral"),  # no humour class: dropped from humour only
    ("d.jpg", "four", "hilarious", "", "positive"),  # no sarcasm class: dropped from sarcasm only
    ("e.jpg", "five", "very_funny", "very_twisted", "neutral"),
]


@pytest.fixture
def files(tmp_path):
    train = pd.DataFrame(
        TRAIN_ROWS, columns=["image_name", "text_corrected", "humour", "sarcasm", "overall_sentiment"]
    )
    train.to_csv(tmp_path / "labels.csv", index=False)
    pd.DataFrame({"Image_name": ["t1.jpg", "t2.jpg", "t3.jpg"], "text": ["x", "y", "z"]}).to_csv(
        tmp_path / "test.csv", index=False
    )
    pd.DataFrame(
        {
            "Image_name": ["t1.jpg", "t2.jpg", "t3.jpg"],
            "Labels": ["1_1100_2100", "0_11x0_1100", "-1_0100_0300"],
        }
    ).to_csv(tmp_path / "truth.csv", index=False)
    specs = {
        "train": {
            "csv": str(tmp_path / "labels.csv"),
            "images": None,
            "columns": {"image": "image_name", "text": "text_corrected", "labels": {}},
        },
        "test": {
            "csv": str(tmp_path / "test.csv"),
            "images": None,
            "columns": {"image": "Image_name", "text": "text", "labels": None},
            "ground_truth": {
                "csv": str(tmp_path / "truth.csv"),
                "image_column": "Image_name",
                "label_column": "Labels",
            },
        },
    }
    # prepare's table: every row usable for Task A, carved into train / valid; rows 2 and 4 swapped in
    # order (the memes table is ordered by split, the files by row)
    memes = pd.DataFrame(
        {
            "meme_id": ["train:1", "train:3", "train:5", "train:2", "train:4", "test:1", "test:2", "test:3"],
            "split": ["train"] * 3 + ["valid"] * 2 + ["test"] * 3,
            "image_name": ["a.jpg", "c.jpg", "e.jpg", "b.jpg", "d.jpg", "t1.jpg", "t2.jpg", "t3.jpg"],
            "has_image": False,
            "label": [
                "positive",
                "neutral",
                "neutral",
                "negative",
                "positive",
                "positive",
                "neutral",
                "negative",
            ],
        }
    )
    return specs, memes


def labelled(files, task, problem):
    specs, memes = files
    spec = task.problems[problem]
    sources = {name: Source.from_config(name, s, spec) for name, s in specs.items()}
    return problem_labels(memes, sources, spec)


def test_each_problem_reads_its_own_column_and_drops_only_its_own_unusable_memes(files):
    humour, dropped = labelled(files, B, "humour")
    assert humour["meme_id"].tolist() == files[1]["meme_id"].tolist()  # rows stay in the table's order
    assert humour["label"].tolist()[:5] == ["funny", None, "funny", "not_funny", "funny"]
    assert dropped[["row", "image_name", "reason"]].values.tolist() == [
        [3, "c.jpg", "unknown_label"],
        [2, "t2.jpg", "unknown_label"],  # its official field's Task B part '11x0' is malformed
    ]
    assert "'meh' is not a fold key of problem 'humour'" in dropped["detail"].iloc[0]
    sarcasm, dropped = labelled(files, C, "sarcasm")
    assert sarcasm["label"].tolist()[:5] == ["general", "general", "very_twisted", "not_sarcastic", None]
    assert dropped["row"].tolist() == [4] and "<missing>" in dropped["detail"].iloc[0]  # C's part is fine
    summary = label_summary(humour, labelled(files, B, "humour")[1], B.problems["humour"])
    assert summary["splits"]["train"] == {"memes": 3, "labelled": 2, "classes": {"not_funny": 0, "funny": 2}}
    assert summary["dropped"] == 2


def test_the_official_field_labels_the_test_split_digit_by_digit(files):
    humour_c, dropped = labelled(files, C, "humour")
    assert humour_c["label"].tolist()[5:] == ["very_funny", "funny", "not_funny"]
    assert dropped["image_name"].tolist() == ["c.jpg"]  # the training file's 'meh' only
    sarcasm_b, dropped = labelled(files, B, "sarcasm")  # '11x0' is no Task B part: t2 has no class
    assert sarcasm_b["label"].tolist()[5:] == ["sarcastic", None, "sarcastic"]
    assert dropped["image_name"].tolist() == ["d.jpg", "t2.jpg"]
    assert labelled(files, C, "sarcasm")[0]["label"].tolist()[5:] == ["general", "general", "very_twisted"]


def test_a_remedy_sees_the_problems_labels_never_the_stored_ones(files, tmp_path):
    humour, _ = labelled(files, B, "humour")
    humour.to_parquet(tmp_path / "memes.parquet", index=False)
    train = files[1][files[1]["split"] == "train"].reset_index(drop=True)  # sequences carry Task A labels
    write_sequences(
        train[["meme_id", "image_name", "label"]], np.arange(6).reshape(3, 2), tmp_path / "train.parquet"
    )
    tokenizer = WordTokenizer()
    tokenizer.fit(["a b c d e f"])
    tokenizer.to_json(tmp_path / "vocab.json")
    meta, rows, _ = training_rows(
        {
            "memes": tmp_path / "memes.parquet",
            "train": tmp_path / "train.parquet",
            "vocab": tmp_path / "vocab.json",
        },
        image_rows=False,
    )
    assert meta["meme_id"].tolist() == ["train:1", "train:5"]  # train:3 has no humour class
    assert meta["label"].tolist() == ["funny", "funny"]
    assert rows.tolist() == [[0, 1], [4, 5]]
    np.save(tmp_path / "vectors.npy", np.arange(6, dtype=np.float32).reshape(3, 2))
    meta, rows, _ = training_rows(
        {"memes": tmp_path / "memes.parquet", "vectors": tmp_path / "vectors.npy"}, False
    )
    assert meta["label"].tolist() == ["funny", "funny"] and rows.tolist() == [[0, 1], [4, 5]]


def test_a_file_without_a_problems_column_is_refused_before_any_job_naming_task_and_column(tmp_path):
    pd.DataFrame(
        {"image_name": ["a.jpg"], "text_corrected": ["x"], "overall_sentiment": ["positive"]}
    ).to_csv(tmp_path / "labels.csv", index=False)
    config = validate_config(
        merge(
            PAPER,
            {
                "tasks": ["A", "B"],
                "dataset": {"train": {"csv": str(tmp_path / "labels.csv")}},
            },
        )
    )
    message = missing_label_columns(config)
    assert message.startswith("task B, problem humour: column 'humour' is not in dataset.train.csv")
    assert "set dataset.train.columns.labels.humour to its column" in message
    assert "problem motivational" in message and "task A" not in message
    config["tasks"] = ["A"]
    assert missing_label_columns(config) is None


def test_a_meme_without_a_class_of_the_problem_is_left_out_of_every_score():
    rng = np.random.default_rng(0)
    classes = ["not_funny", "funny"]
    n = 40
    labels = rng.choice(classes, n).astype(object)
    labels[:10] = None  # dropped from this problem
    memes = pd.DataFrame(
        {
            "meme_id": [f"train:{i}" for i in range(n)] + [f"train:{n + i}" for i in range(n)],
            "split": ["train"] * n + ["valid"] * n,
            "label": [None] * 25 + ["funny"] * 10 + ["not_funny"] * 5 + list(labels),
        }
    )
    valid = memes[memes["split"] == "valid"]
    predictions = valid.assign(prediction=rng.choice(classes, n))
    scored = score_predictions(predictions, ["valid"], {}, classes)["valid"]
    kept = predictions[predictions["label"].notna()]
    assert scored["rows"] == 30
    assert scored["macro_f1"] == pytest.approx(
        score(list(kept["label"]), list(kept["prediction"]), classes)["macro_f1"]
    )
    settings = {"resamples": 50, "seed": 1, "confidence": 0.95}
    spec = {"classifier": "X", "model": "m", "balance": "none"}
    intervals, _, verdicts = study(
        {"x": [predictions]}, memes, {"x": spec}, [1], ["valid"], settings, classes
    )
    assert set(verdicts["n"]) == {30}
    mine = intervals[
        (intervals["variant"] == "x") & (intervals["metric"] == "macro_f1") & (intervals["seed"] == "1")
    ]
    assert mine["value"].item() == pytest.approx(scored["macro_f1"])
    majority, _ = baseline_runs(memes, [1], ["valid"], classes)  # trained on labelled rows only
    assert majority.splits["valid"]["rows"] == 30
    assert majority.splits["valid"]["accuracy"] == pytest.approx((kept["label"] == "funny").mean())
