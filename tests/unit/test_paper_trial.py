"""The official trial set as published: several text columns, memes without images, malformed rows,
and Table 1 saying how many memes each row scored."""

import csv

import cv2
import numpy as np
import pandas as pd
import pytest
import yaml
from memotion_gmm.core.errors import ConfigError, InputError
from memotion_gmm.data.prepare import prepare_memes, summarize
from memotion_gmm.data.sources import Source
from memotion_gmm.evaluation.runs import Run, long_metrics
from memotion_gmm.evaluation.tables import table1, table1_display, to_html
from memotion_gmm.models.inputs import load_split
from memotion_gmm.pipeline.configuration import validate_config
from memotion_gmm.text.sequences import write_sequences
from workflow_utils import PAPER, REPO, SENTIMENT

LIMIT = PAPER["images"]["max_pixels"]
HEADER = [
    "Image_name",
    "Image_URL",
    "OCR_extracted_text",
    "corrected_text",
    "Humour",
    "Sarcasm",
    "offensive",
    "Motivational",
    "Overall_Sentiment",
    "Basis_of_classification",
]

# (image name, image file written, OCR text, corrected text, label) -> fate, text source
TRIAL = [
    ("skeptical_a b+c.jpg", True, "OCR ONE", " ", "very_positive", "kept", "OCR_extracted_text"),
    ("plus+only.png", True, "ocr two", "corrected two", "negative", "kept", "corrected_text"),
    ("gone name.jpg", False, "OCR THREE", "", "neutral", "no_image", "OCR_extracted_text"),
    ("", False, "", "no name at all", "positive", "no_image", "corrected_text"),
    ("", False, "another without a name", "", "neutral", "no_image", "OCR_extracted_text"),
    ("blank.jpg", True, "  ", "", "neutral", "empty_text", None),
]


# An unmatched quote (as in the published file) merges two more rows into the first one, whose
# fields after the quote then come from the last one: a valid-looking label on the wrong meme.
MERGED = (
    'merged.jpg,"http://x.invalid/m,MERGED, ,funny,general,slight,no,positive,image\n'
    "hidden one.jpg,http://x.invalid/h,HIDDEN,HIDDEN,funny,general,slight,no,negative,image\n"
    'last.jpg,http://x.invalid/l,LAST",LAST OCR,LAST,funny,general,slight,no,neutral,text\n'
)


def write_trial(folder):
    """An official-layout trial CSV and images for some of its rows, with the published file's two
    faults: a row missing a text column (its labels shifted by one) and an unmatched quote; returns
    the Source as the config builds it."""
    (folder / "images").mkdir(parents=True)
    with open(folder / "trial_data.csv", "w", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        for name, image, ocr, corrected, label, *_ in TRIAL:
            writer.writerow(
                [
                    name,
                    "http://x.invalid/" + name,
                    ocr,
                    corrected,
                    "funny",
                    "general",
                    "slight",
                    "no",
                    label,
                    "image",
                ]
            )
            if image:
                cv2.imwrite(str(folder / "images" / name), np.full((20, 20, 3), 90, np.uint8))
        # shifted: corrected_text missing, the rest shifted left by one
        writer.writerow(
            [
                "shifted.jpg",
                "http://x.invalid/s",
                "SHIFTED",
                "funny",
                "general",
                "slight",
                "no",
                "positive",
                "image_and_text",
                "",
            ]
        )
        fh.write(MERGED)
    for name in ("shifted.jpg", "merged.jpg", "hidden one.jpg", "last.jpg"):
        cv2.imwrite(str(folder / "images" / name), np.full((20, 20, 3), 90, np.uint8))
    spec = {
        "csv": str(folder / "trial_data.csv"),
        "images": str(folder / "images"),
        "columns": {
            "image": "Image_name",
            "text": ["corrected_text", "OCR_extracted_text"],
            "labels": {"sentiment": "Overall_Sentiment"},
        },
    }
    return Source.from_config("trial", spec, SENTIMENT)


def write_train(folder):
    (folder / "images").mkdir(parents=True)
    rows = []
    for i, label in enumerate(["positive", "neutral", "negative"]):
        cv2.imwrite(str(folder / "images" / f"t{i}.png"), np.full((20, 20, 3), 30 * i, np.uint8))
        rows.append([i, f"t{i}.png", f"text {i}", label])
    rows.append([3, "t_missing.png", "train text without its picture", "positive"])
    pd.DataFrame(rows, columns=["", "image_name", "text_corrected", "overall_sentiment"]).to_csv(
        folder / "labels.csv", index=False
    )
    return Source(
        "train", folder / "labels.csv", folder / "images", "image_name", "text_corrected", "overall_sentiment"
    )


def test_every_trial_row_is_kept_with_its_text_source_or_dropped_with_a_reason(tmp_path):
    trial = write_trial(tmp_path / "trial")
    train = write_train(tmp_path / "train")
    memes, dropped = prepare_memes({"train": train, "trial": trial}, SENTIMENT, [], {}, 1, LIMIT)

    rows = memes[memes["split"] == "trial"]
    fate = {
        int(m.split(":")[1]): ("kept" if has else "no_image")
        for m, has in zip(rows["meme_id"], rows["has_image"])
    }
    fate |= dict(zip(dropped["row"], dropped["reason"]))
    faults = {len(TRIAL) + 1: "unknown_label", len(TRIAL) + 2: "merged_rows"}
    assert fate == {i: t[5] for i, t in enumerate(TRIAL, start=1)} | faults
    assert rows["text_source"].tolist() == [t[6] for t in TRIAL if t[6]]
    assert rows["text"].tolist() == [
        "OCR ONE",
        "corrected two",
        "OCR THREE",
        "no name at all",
        "another without a name",
    ]
    assert rows["image_path"].isna().tolist() == [False, False, True, True, True]
    assert set(dropped["file"]) == {str(trial.csv)}
    shifted = dropped[dropped["row"] == len(TRIAL) + 1]
    assert shifted["image_name"].item() == "shifted.jpg"
    assert "'image_and_text'" in shifted["detail"].item()
    merged = dropped[dropped["row"] == len(TRIAL) + 2]
    assert merged["image_name"].item() == "merged.jpg"
    assert (
        "merged the following lines into this row, hiding 1 whole row(s) (image names hidden one.jpg)"
        in merged["detail"].item()
    )
    empty = dropped[dropped["reason"] == "empty_text"]["detail"].item()
    assert "['corrected_text', 'OCR_extracted_text']" in empty

    summary = summarize(memes, dropped, [])
    assert summary["splits"]["trial"] | {"classes": None} == {
        "rows": 5,
        "labelled": True,
        "classes": None,
        "images": True,
        "with_image": 2,
        "without_image": 3,
        "text_source": {"OCR_extracted_text": 3, "corrected_text": 2},
    }
    assert summary["splits"]["train"]["without_image"] == 1  # a training meme without its picture stays
    assert summary["dropped_by_file"] == {
        str(trial.csv): {"empty_text": 1, "merged_rows": 1, "unknown_label": 1}
    }


def test_text_columns_take_a_name_or_an_ordered_non_empty_list():
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config["dataset"] = {"train": {"columns": {"text": ["text_corrected", "text_ocr"]}}}
    validate_config(config)
    assert config["dataset"]["train"]["columns"]["text"] == ["text_corrected", "text_ocr"]
    for bad in ([], ["a", "a"], [""], 3):
        config["dataset"]["train"]["columns"]["text"] = bad
        with pytest.raises(ConfigError, match="dataset.train.columns.text"):
            validate_config(config)


def test_the_paper_trial_config_names_the_real_header():
    config = yaml.safe_load((REPO / "workflow/configs/memotion7k-paper-trial.yaml").read_text())
    trial = config["dataset"]["trial"]
    assert trial["csv"].startswith("../shared/data/memotion7k/trial/")
    cols = trial["columns"]
    assert {cols["image"], cols["labels"]["sentiment"], *cols["text"]} <= set(HEADER)  # the published header
    assert cols["text"] == ["corrected_text", "OCR_extracted_text"]


def test_an_image_model_loads_only_the_memes_with_images_and_their_tokens(tmp_path):
    memes = pd.DataFrame(
        {
            "split": ["train", "valid", "valid", "valid", "valid"],
            "meme_id": ["train:1", "train:2", "train:3", "train:4", "train:5"],
            "image_name": ["a", "b", "", "d", "e"],
            "has_image": [True, True, False, True, False],
            "label": ["positive", "neutral", "negative", "positive", "neutral"],
        }
    )
    valid = memes[memes["split"] == "valid"]
    write_sequences(
        valid[["meme_id", "image_name", "label"]], np.arange(8).reshape(4, 2), tmp_path / "tokens.parquet"
    )
    np.save(tmp_path / "images.npy", np.stack([np.full((2, 2, 3), v, np.uint8) for v in (1, 3)]))

    both = load_split("valid", memes, tmp_path / "tokens.parquet", tmp_path / "images.npy")
    assert both.meme_ids.tolist() == ["train:2", "train:4"] and both.labels.tolist() == [
        "neutral",
        "positive",
    ]
    assert both.inputs["tokens"].tolist() == [[0, 1], [4, 5]]
    assert both.inputs["image"][:, 0, 0, 0].tolist() == [1, 3]
    text = load_split("valid", memes, tmp_path / "tokens.parquet", None)
    assert text.meme_ids.tolist() == valid["meme_id"].tolist() and len(text.inputs["tokens"]) == 4
    np.save(tmp_path / "images.npy", np.zeros((4, 2, 2, 3), np.uint8))  # one per meme: stale
    with pytest.raises(InputError, match="2 'valid' memes; rerun the images rule"):
        load_split("valid", memes, None, tmp_path / "images.npy")


def scored(variant, rows):
    return Run(
        variant,
        variant,
        "-",
        1,
        {s: {"available": True, "macro_f1": 0.5, "accuracy": 0.5, "rows": n} for s, n in rows.items()},
    )


def test_table1_n_columns_and_the_pages_show_n_where_rows_differ():
    runs = [
        scored("lstm_t", {"valid": 10, "trial": 9}),
        scored("cnn_i", {"valid": 10, "trial": 7}),
        Run(
            "cnn_x",
            "CNN-X",
            "-",
            1,
            {
                "valid": {"available": True, "macro_f1": 0.5, "accuracy": 0.5, "rows": 10},
                "trial": {"available": False, "reason": "no images for this split"},
            },
        ),
    ]
    table = table1(long_metrics(runs), ["lstm_t", "cnn_i", "cnn_x"])
    assert table["n_valid"].tolist() == [10, 10, 10]
    assert table["n_trial"].tolist()[:2] == [9, 7] and pd.isna(table["n_trial"].iloc[2])
    assert "n_test" not in table
    shown, note = table1_display(table)
    assert shown["n (trial)"].tolist() == [9, 7, "-"]
    assert "n_valid" not in shown and note == "Memes scored in every row: valid 10."
    assert "valid 10" in to_html(shown, "t", note) and "n (trial)" in to_html(shown, "t", note)
