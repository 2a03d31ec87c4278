"""Reading, cleaning, label folding and splitting: every drop reason and every error is explicit."""

import cv2
import numpy as np
import pandas as pd
import pytest
from memotion_gmm.core.errors import ConfigError, InputError
from memotion_gmm.data.cleaning import NoiseRule, clean_source
from memotion_gmm.data.prepare import prepare_memes
from memotion_gmm.data.sources import Source, read_source
from memotion_gmm.data.splits import carve_splits
from workflow_utils import PAPER, SENTIMENT, kaggle_source

HTML = NoiseRule("html", r"<\s*/?\s*[a-z][a-z0-9]*(\s[^>]*)?>")
LIMIT = PAPER["images"]["max_pixels"]


def write_images(folder, names):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        cv2.imwrite(str(folder / name), np.full((40, 30, 3), 128, np.uint8))


def labels_csv(path, rows):
    frame = pd.DataFrame(rows, columns=["image_name", "text_corrected", "overall_sentiment"])
    frame.insert(0, "", range(len(frame)))
    frame.to_csv(path, index=False)


def test_every_drop_reason_is_recorded(tmp_path):
    write_images(tmp_path / "images", ["ok.jpg", "dup.jpg", "empty.jpg", "html.jpg", "unknown.jpg"])
    (tmp_path / "images" / "corrupt.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    labels_csv(
        tmp_path / "labels.csv",
        [
            ["ok.jpg", "fine text", "positive"],
            ["ok.jpg", "same image again", "neutral"],
            ["", "no image name", "neutral"],
            ["empty.jpg", "   ", "neutral"],
            ["html.jpg", '<html><head><meta content="x">', "neutral"],
            ["unknown.jpg", "some text", "ecstatic"],
            ["missing.jpg", "some text", "negative"],
            ["corrupt.jpg", "some text", "negative"],
        ],
    )
    source = kaggle_source(tmp_path)
    kept, dropped = clean_source(read_source(source, SENTIMENT), source, SENTIMENT, [HTML], LIMIT)
    assert kept["image_name"].tolist() == ["ok.jpg", "", "missing.jpg"]  # memes without an image stay
    assert kept["has_image"].tolist() == [True, False, False]
    assert kept["label"].tolist() == ["positive", "neutral", "negative"]
    assert dropped["reason"].tolist() == [
        "duplicate_image_name",
        "empty_text",
        "web_noise",
        "unknown_label",
        "corrupt_image",
    ]
    assert dropped["row"].tolist() == [2, 4, 5, 6, 8]
    assert set(dropped["file"]) == {str(tmp_path / "labels.csv")}
    assert "'ecstatic'" in dropped.loc[dropped["reason"] == "unknown_label", "detail"].item()
    assert "html" in dropped.loc[dropped["reason"] == "web_noise", "detail"].item()


def test_malformed_csv_names_file_and_line(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        ',image_name,text_corrected,overall_sentiment\n0,a.jpg,hi,positive\n1,b.jpg,"unterminated,positive\n2,c.jpg,x,y,z,w\n'
    )
    with pytest.raises(InputError, match=r"labels\.csv: malformed CSV"):
        read_source(kaggle_source(tmp_path), SENTIMENT)


def test_missing_column_lists_what_the_file_has(tmp_path):
    pd.DataFrame({"image_name": ["a.jpg"], "text": ["hi"]}).to_csv(tmp_path / "labels.csv", index=False)
    with pytest.raises(InputError, match=r"missing column\(s\) \['text_corrected', 'overall_sentiment'\]"):
        read_source(kaggle_source(tmp_path), SENTIMENT)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="labels.csv: file not found"):
        read_source(kaggle_source(tmp_path), SENTIMENT)


def test_ground_truth_labels_an_official_test_file(tmp_path):
    pd.DataFrame(
        {
            "Image_name": ["a.jpg", "b.png", "c.jpg"],
            "Image_URL": ["u"] * 3,
            "OCR_extracted_text": ["x"] * 3,
            "corrected_text": ["good", "meh", "bad"],
        }
    ).to_csv(tmp_path / "test.csv", index=False)
    pd.DataFrame({"Image_name": ["a.jpg", "b.png"], "Labels": ["1_1100_1100", "-1_0000_0000"]}).to_csv(
        tmp_path / "gt.csv", index=False
    )
    source = Source(
        "test", tmp_path / "test.csv", None, "Image_name", "corrected_text", None, tmp_path / "gt.csv"
    )
    kept, dropped = clean_source(read_source(source, SENTIMENT), source, SENTIMENT, [], LIMIT)
    assert kept["label"].tolist() == ["positive", "negative"]
    assert kept["image_path"].isna().all()  # text-only split
    assert dropped[["image_name", "reason"]].values.tolist() == [["c.jpg", "unknown_label"]]


def test_unlabelled_split_keeps_rows_without_labels(tmp_path):
    pd.DataFrame({"Image_name": ["a.jpg"], "corrected_text": ["hello"]}).to_csv(
        tmp_path / "test.csv", index=False
    )
    source = Source("test", tmp_path / "test.csv", None, "Image_name", "corrected_text")
    kept, dropped = clean_source(read_source(source, SENTIMENT), source, SENTIMENT, [], LIMIT)
    assert kept["label"].isna().all() and dropped.empty


def test_carved_splits_are_stratified_disjoint_and_deterministic():
    labels = pd.Series(["positive"] * 600 + ["neutral"] * 310 + ["negative"] * 90)
    fractions = {"test": 0.13, "trial": 0.13, "valid": 0.2}
    a = carve_splits(labels, fractions, seed=3)
    assert a.equals(carve_splits(labels, fractions, seed=3))
    assert not a.equals(carve_splits(labels, fractions, seed=4))
    counts = a.value_counts()
    assert (
        counts["valid"] == 200 and counts["trial"] == 130 and counts["test"] == 130 and counts["train"] == 540
    )
    for split in ("valid", "trial", "test", "train"):
        share = labels[a == split].value_counts(normalize=True)
        assert share["negative"] == pytest.approx(0.09, abs=0.01)
        assert share["positive"] == pytest.approx(0.60, abs=0.01)


def test_split_too_small_for_stratification_is_a_config_error():
    labels = pd.Series(["positive"] * 20 + ["negative"] * 1)
    with pytest.raises(ConfigError, match="valid_fraction"):
        carve_splits(labels, {"valid": 0.2}, seed=0)


def test_prepare_orders_rows_by_split_and_keeps_held_out_rows_apart(tmp_path):
    names = [f"m{i}.jpg" for i in range(60)]
    write_images(tmp_path / "images", names)
    labels_csv(
        tmp_path / "labels.csv",
        [[n, f"text {i}", ["positive", "neutral", "negative"][i % 3]] for i, n in enumerate(names)],
    )
    memes, dropped = prepare_memes(
        {"train": kaggle_source(tmp_path)},
        SENTIMENT,
        [HTML],
        {"trial": 0.2, "valid": 0.2},
        seed=1,
        max_pixels=LIMIT,
    )
    assert dropped.empty
    assert memes["split"].tolist() == sorted(memes["split"], key=["train", "valid", "trial", "test"].index)
    assert memes["meme_id"].is_unique and len(memes) == 60
    assert memes.groupby("split").size().to_dict() == {"train": 36, "valid": 12, "trial": 12}
