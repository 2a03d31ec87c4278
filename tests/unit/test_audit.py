"""The overlap audit and leakage-free carving on generated memes with planted duplicates:
re-encoded, resized and renamed copies of an image, identical and re-cased/re-punctuated texts,
and distinct memes that merely share a template background."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import cv2
import numpy as np
import pandas as pd
import pytest
from memotion_gmm.data.audit import overlap, summary, unseen_memes
from memotion_gmm.data.duplicates import duplicate_groups, image_hashes
from memotion_gmm.data.prepare import prepare_memes
from memotion_gmm.data.splits import carve_splits
from memotion_gmm.evaluation.metrics import score
from memotion_gmm.evaluation.runs import Run
from memotion_gmm.evaluation.unseen import unseen_runs
from workflow_utils import CLASSES, SENTIMENT, kaggle_source

MAX_PIXELS = 10**8
DISTANCE = 8  # config.yaml's audit.max_distance


def background(rng: np.random.Generator, size=(300, 280)) -> np.ndarray:
    """A smooth, photo-like colour texture (BGR)."""
    small = rng.integers(0, 256, (size[0] // 40, size[1] // 40, 3), dtype=np.uint8)
    return cv2.resize(small, size[::-1], interpolation=cv2.INTER_CUBIC)


def overlay(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A different meme on the same template: new shapes and a caption band of new words."""
    img = img.copy()
    h, w = img.shape[:2]
    for _ in range(3):
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        cv2.circle(
            img, (int(rng.integers(0, w)), int(rng.integers(h // 4, h))), int(rng.integers(30, 70)), color, -1
        )
    cv2.rectangle(img, (0, 0), (w, h // 4), (255, 255, 255), -1)
    cv2.putText(img, str(rng.integers(10**5)), (5, h // 6), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (0, 0, 0), 4)
    return img


def write(path: Path, img: np.ndarray, **params) -> str:
    flags = [cv2.IMWRITE_JPEG_QUALITY, params["quality"]] if "quality" in params else []
    cv2.imwrite(str(path), img, flags)
    return str(path)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """memes (train + valid) and the (valid meme, train meme, kind) pairs planted among them."""
    folder = tmp_path_factory.mktemp("audit")
    rng = np.random.default_rng(3)
    rows, expected = [], set()

    def meme(split, i, path, text, label="positive"):
        rows.append(
            {
                "split": split,
                "meme_id": f"{split}:{i}",
                "image_name": Path(path).name if path else None,
                "image_path": path,
                "text": text,
                "label": label,
            }
        )
        return f"{split}:{i}"

    template = background(rng)
    originals = [overlay(background(rng), rng) for _ in range(8)] + [overlay(template, rng)]
    train = [
        meme("train", i, write(folder / f"t{i}.jpg", img, quality=90), f"train words {i} {'x' * i}")
        for i, img in enumerate(originals)
    ]
    copies = [
        write(folder / "reencoded.jpg", originals[0], quality=40),  # JPEG re-encoded
        write(folder / "as_png.png", originals[1]),  # PNG
        write(folder / "smaller.jpg", cv2.resize(originals[2], (150, 140), interpolation=cv2.INTER_AREA)),
        write(folder / "bigger.png", cv2.resize(originals[3], (500, 480), interpolation=cv2.INTER_CUBIC)),
        shutil.copy(folder / "t4.jpg", folder / "renamed copy + 1.jpg"),  # renamed
    ]
    for i, path in enumerate(copies):
        expected.add((meme("valid", i, str(path), f"valid words {i}"), train[i], "image"))
    # the same text on another image; the same text re-cased and re-punctuated, with no image
    expected.add(
        (
            meme("valid", 5, write(folder / "v5.jpg", overlay(background(rng), rng)), "train words 5 xxxxx"),
            train[5],
            "text",
        )
    )
    expected.add((meme("valid", 6, None, "  TRAIN, words 6 -- XXXXXX!! "), train[6], "text"))
    # both: a copy with its text
    expected.add(
        (meme("valid", 7, write(folder / "v7.png", originals[7]), "Train words 7 xxxxxxx."), train[7], "both")
    )
    # distinct memes: on train 8's template background, and new ones
    meme("valid", 8, write(folder / "v8.jpg", overlay(template, rng)), "a different caption")
    for i in range(9, 13):
        meme("valid", i, write(folder / f"v{i}.jpg", overlay(background(rng), rng)), f"fresh meme {i}")
    memes = pd.DataFrame(rows)
    memes["image_hash"] = image_hashes(memes["image_path"], MAX_PIXELS)
    return memes, expected


def test_the_audit_finds_exactly_the_planted_pairs(planted):
    memes, expected = planted
    pairs = overlap(memes, DISTANCE, None)
    found = {(r.meme_id, r.matched_meme_id, r.kind) for r in pairs.itertuples()}
    assert found == expected
    assert (pairs["labels_agree"] == True).all()  # noqa: E712
    images = pairs[pairs["kind"] != "text"]
    assert (images["hash_distance"] <= DISTANCE).all()
    assert (pairs.loc[pairs["kind"] != "image", "text_similarity"] == 1.0).all()


def test_distinct_images_are_far_apart(planted):
    """No false match: every distinct pair (the shared template included) is well beyond the threshold."""
    memes, expected = planted
    pairs = overlap(memes, 40, None)
    copies = {(a, b) for a, b, _ in expected}
    false = pairs[[(a, b) not in copies for a, b in zip(pairs["meme_id"], pairs["matched_meme_id"])]]
    assert false.empty, false


def test_near_identical_texts_match_only_when_asked(planted):
    memes, _ = planted
    near = pd.concat(
        [
            memes.head(1),
            pd.DataFrame(
                [
                    {
                        "split": "valid",
                        "meme_id": "valid:99",
                        "image_name": None,
                        "image_path": None,
                        "image_hash": None,
                        "text": "train word 0",
                        "label": "negative",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    assert overlap(near, DISTANCE, None).empty
    pairs = overlap(near, DISTANCE, 0.5)
    assert list(pairs["kind"]) == ["text"] and 0.5 <= pairs["text_similarity"].iloc[0] < 1
    assert pairs["labels_agree"].iloc[0] == False  # noqa: E712


def test_unseen_memes_are_those_without_a_training_match(planted):
    memes, expected = planted
    unseen = unseen_memes(memes, overlap(memes, DISTANCE, None))
    assert set(unseen.loc[unseen["seen_in_train"], "meme_id"]) == {a for a, _, _ in expected}
    assert set(unseen["meme_id"]) == set(memes.loc[memes["split"] == "valid", "meme_id"])


def test_unseen_scores_equal_scores_of_the_filtered_rows():
    rng = np.random.default_rng(0)
    ids = [f"valid:{i}" for i in range(60)]
    labels = rng.choice(CLASSES, 60)
    unseen = pd.DataFrame({"split": "valid", "meme_id": ids, "seen_in_train": rng.random(60) < 0.4})
    predictions = pd.DataFrame(
        {
            "split": "valid",
            "meme_id": ids,
            "label": labels,
            "prediction": np.where(rng.random(60) < 0.6, labels, rng.choice(CLASSES, 60)),
        }
    )
    run = Run("v", "C", "d", 1, {"valid": score(list(labels), list(predictions["prediction"]), CLASSES)})
    [rescored] = unseen_runs([run], [predictions], unseen, ["valid"], CLASSES)
    keep = ~unseen["seen_in_train"].to_numpy()
    by_hand = score(list(labels[keep]), list(predictions["prediction"][keep]), CLASSES)
    assert rescored.splits["valid"]["macro_f1"] == pytest.approx(by_hand["macro_f1"])
    assert rescored.splits["valid"]["accuracy"] == pytest.approx(by_hand["accuracy"])
    assert rescored.splits["valid"]["rows"] == keep.sum() < 60


def grouped_labels(seed=0, n=400):
    rng = np.random.default_rng(seed)
    labels = pd.Series(rng.choice(["positive", "neutral", "negative"], n, p=[0.6, 0.3, 0.1]))
    groups = np.arange(n)
    for g in range(40):  # 40 groups of 2-4 rows, some with disagreeing labels
        members = rng.choice(n, int(rng.integers(2, 5)), replace=False)
        groups[np.isin(groups, groups[members])] = groups[members[0]]
    return labels, groups


FRACTIONS = {"test": 0.13, "trial": 0.13, "valid": 0.2}


def test_group_aware_carving_keeps_groups_together_and_stays_stratified():
    labels, groups = grouped_labels()
    assert pd.Series(groups).value_counts().max() > 1
    grouped = carve_splits(labels, FRACTIONS, 42, groups)
    plain = carve_splits(labels, FRACTIONS, 42)
    assert (pd.Series(grouped).groupby(groups).nunique() == 1).all()  # no group on two sides
    assert (pd.Series(plain).groupby(groups).nunique() > 1).any()  # plain carving splits some
    counts = pd.crosstab(grouped, labels)
    assert (counts - pd.crosstab(plain, labels)).abs().max().max() <= 1
    assert grouped.equals(carve_splits(labels, FRACTIONS, 42, groups))  # deterministic


def test_without_duplicates_grouped_carving_is_plain_carving():
    labels, _ = grouped_labels()
    assert carve_splits(labels, FRACTIONS, 42, np.arange(len(labels))).equals(
        carve_splits(labels, FRACTIONS, 42)
    )


def test_prepare_keeps_planted_duplicates_on_one_side(tmp_path):
    """Through prepare: a training file with 30 duplicated memes (copies with new names, or the same
    text on a new image). Group-aware carving leaves the audit no overlap between carved splits;
    plain carving leaves some."""
    rng = np.random.default_rng(1)
    (tmp_path / "images").mkdir()
    rows = []
    for i in range(150):
        label = ["positive", "neutral", "negative"][i % 3]
        img = overlay(background(rng, (120, 110)), rng)
        write(tmp_path / "images" / f"m{i}.jpg", img)
        rows.append([f"m{i}.jpg", f"meme number {i} {label}", label])
        if i < 30:  # its duplicate: a renamed re-encoded copy, or a new image with the same text
            if i % 2:
                write(tmp_path / "images" / f"d{i}.png", img)
            else:
                write(tmp_path / "images" / f"d{i}.png", overlay(background(rng, (120, 110)), rng))
            rows.append([f"d{i}.png", f"Meme number {i} {label}!" if i % 2 == 0 else f"copy {i}", label])
    with open(tmp_path / "labels.csv", "w", newline="") as fh:
        csv.writer(fh).writerows([["image_name", "text_corrected", "overall_sentiment"], *rows])
    sources = {"train": kaggle_source(tmp_path)}
    fractions = {"trial": 0.15, "valid": 0.2}

    def cross_split_matches(distance):
        memes, _ = prepare_memes(sources, SENTIMENT, [], fractions, 42, MAX_PIXELS, 1, distance)
        pairs = summary(memes, overlap(memes, DISTANCE, None), {})["pairs"]
        return memes, sum(c["pairs"] for name, c in pairs.items() if len(set(name.split(" ~ "))) == 2)

    memes, leaked = cross_split_matches(DISTANCE)
    assert leaked == 0
    groups = duplicate_groups(memes, DISTANCE)
    assert pd.Series(groups).value_counts().gt(1).sum() == 30
    _, plain_leaked = cross_split_matches(None)
    assert plain_leaked > 0


def test_the_unseen_chance_verdict_reads_only_the_unseen_memes():
    """A run predicts every trial meme; the verdict on unseen memes scores only those the audit did
    not match to a training meme (a memorised meme cannot lift it)."""
    from memotion_gmm.evaluation.unseen import unseen_verdicts

    rng = np.random.default_rng(0)
    labels = rng.choice(CLASSES, 200)
    memes = pd.DataFrame({"split": "trial", "meme_id": [f"trial:{i}" for i in range(200)], "label": labels})
    seen = memes["meme_id"].isin([f"trial:{i}" for i in range(100)])  # the first half: memorised
    prediction = np.where(seen, labels, rng.choice(CLASSES, 200))
    frames = [pd.DataFrame({"split": "trial", "meme_id": memes["meme_id"], "prediction": prediction})]
    settings = {"resamples": 300, "seed": 0, "confidence": 0.95}
    spec = {"v": {"classifier": "V"}}
    every = unseen_verdicts({"v": frames}, memes, ["trial"], spec, [1], CLASSES, settings)
    fresh = unseen_verdicts({"v": frames}, memes[~seen], ["trial"], spec, [1], CLASSES, settings)
    pooled = every[every["seed"] == "all"].iloc[0], fresh[fresh["seed"] == "all"].iloc[0]
    assert pooled[0]["n"] == 200 and pooled[0]["beats_chance"]
    assert pooled[1]["n"] == 100 and not pooled[1]["beats_chance"] and pooled[1]["macro_f1"] < 0.5
