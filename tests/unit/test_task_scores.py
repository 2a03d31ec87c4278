"""A task's score: each problem's macro F1 averaged over the problems, with intervals over memes and
seeds, chance rows drawn on each problem's usable memes, and the published tops beside chance."""

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.evaluation.metrics import score
from memotion_gmm.evaluation.task_scores import chance_interval, score_rows, scores_table

CLASSES = {"humour": ["not_funny", "funny"], "sarcasm": ["not_sarcastic", "general", "very_twisted"]}
SETTINGS = {"resamples": 200, "seed": 3, "confidence": 0.95}


def problem_tables(rng, n=60):
    ids = [f"train:{i}" for i in range(2 * n)]
    split = ["train"] * n + ["valid"] * n
    memes = {}
    for problem, classes in CLASSES.items():
        labels = rng.choice(classes, 2 * n).astype(object)
        if problem == "humour":
            labels[n : n + 8] = None  # eight valid memes without a humour class
        memes[problem] = pd.DataFrame({"meme_id": ids, "split": split, "label": labels})
    return memes


def test_the_score_is_the_mean_of_each_problems_macro_f1_over_its_usable_memes():
    rng = np.random.default_rng(0)
    memes = problem_tables(rng)
    predictions = {}
    for problem, table in memes.items():
        valid = table[table["split"] == "valid"]
        frames = []
        for _ in range(2):  # two seeds; the first predicts every humour meme right
            guess = rng.choice(CLASSES[problem], len(valid))
            if problem == "humour" and not frames:
                guess = valid["label"].fillna("funny").to_numpy()
            frames.append(valid.assign(prediction=guess))
        predictions[problem] = {"v": frames}
    rows = score_rows(memes, predictions, CLASSES, [1, 2], ["valid"], SETTINGS)
    valid = rows[rows["split"] == "valid"].set_index(["variant", "problem"])
    for problem, by_variant in predictions.items():
        kept = [f[f["label"].notna()] for f in by_variant["v"]]
        want = np.mean(
            [score(list(k["label"]), list(k["prediction"]), CLASSES[problem])["macro_f1"] for k in kept]
        )
        assert valid.loc[("v", problem), "value"] == pytest.approx(want), problem
    score_row = valid.loc[("v", "score")]
    assert score_row["value"] == pytest.approx(np.mean([valid.loc[("v", p), "value"] for p in CLASSES]))
    assert score_row["low"] <= score_row["value"] <= score_row["high"]
    for key in ("baseline_majority", "baseline_stratified"):
        assert np.isfinite(valid.loc[(key, "score"), "value"]), key
    table, note = scores_table(
        rows[rows["split"] == "valid"], {"v": "V"}, {"v": "text"}, list(CLASSES), "Task B"
    )
    assert table["Classifier"].tolist() == ["V", "Majority class", "Stratified random"]
    assert "averaged over humour, sarcasm" in note


def test_stratified_guessing_on_the_published_split_size_sits_near_the_expected_chance():
    shares = {p: np.full(len(c), 1 / len(c)) for p, c in CLASSES.items()}
    lo, hi = chance_interval(shares, 1878, **SETTINGS)
    expected = np.mean([1 / len(c) for c in CLASSES.values()])  # uniform guessing: F1 = 1 / k per class
    assert lo < expected < hi and hi - lo < 0.05
