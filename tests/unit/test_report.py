"""Scoring and aggregation over seeds, checked against hand-computed values."""

import pandas as pd
import pytest
from memotion_gmm.core.tasks import Task
from memotion_gmm.evaluation.baselines import baseline_predictions, baseline_runs
from memotion_gmm.evaluation.metrics import score, score_predictions
from memotion_gmm.evaluation.runs import Run, long_metrics
from memotion_gmm.evaluation.tables import best_seed, submission, table1, to_markdown
from workflow_utils import CLASSES, PAPER


def test_score_hand_computed():
    labels = ["positive", "positive", "neutral", "negative"]
    preds = ["positive", "neutral", "neutral", "positive"]
    m = score(labels, preds, CLASSES)
    # F1: positive 2*.5*.5/1 = .5, neutral 2*.5*1/1.5 = .667, negative 0
    assert m["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert m["accuracy"] == 0.5
    assert m["confusion_matrix"]["rows_true_cols_pred"] == [[0, 0, 1], [0, 1, 0], [0, 1, 1]]


def test_unlabelled_and_missing_splits_are_reported_not_scored():
    preds = pd.DataFrame(
        {"split": ["valid", "test"], "label": ["positive", None], "prediction": ["positive"] * 2}
    )
    out = score_predictions(preds, ["valid", "trial", "test"], {"trial": "no images for this split"}, CLASSES)
    assert out["valid"]["accuracy"] == 1.0
    assert out["trial"] == {"available": False, "reason": "no images for this split"}
    assert out["test"] == {"available": False, "reason": "unlabelled", "rows": 1}


def run(variant, seed, trial_f1, valid_acc, valid_f1=0.1):
    return Run(
        variant,
        "LSTM-T",
        "Text only",
        seed,
        {
            "trial": {"available": True, "macro_f1": trial_f1, "accuracy": 0.5},
            "valid": {"available": True, "macro_f1": valid_f1, "accuracy": valid_acc},
            "test": {"available": False, "reason": "unlabelled"},
        },
    )


def test_table1_min_max_mean_over_seeds():
    runs = [run("lstm_t", 1, 0.30, 0.40), run("lstm_t", 2, 0.36, 0.46), run("lstm_t", 3, 0.33, 0.49)]
    table = table1(long_metrics(runs), ["lstm_t"])
    row = table.iloc[0]
    assert row["Macro F1 (trial)"] == "0.300-0.360 (avg: 0.330)"
    assert row["Accuracy (valid)"] == "0.400-0.490 (avg: 0.450)"
    assert row["Accuracy (trial)"] == "0.500"  # all seeds agree
    assert row["Macro F1 (test)"] == "n/a (unlabelled)"
    assert row["Seeds"] == 3
    assert best_seed(long_metrics(runs), "lstm_t", "trial") == 2


def test_baselines_are_chance_level_and_seeded():
    memes = pd.DataFrame(
        {
            "split": ["train"] * 10 + ["valid"] * 6,
            "label": ["positive"] * 6 + ["neutral"] * 3 + ["negative"] + ["positive"] * 3 + ["neutral"] * 3,
        }
    )
    runs = baseline_runs(memes, seeds=[1, 2], splits=["valid", "trial", "test"], classes=CLASSES)
    majority = [r for r in runs if r.variant == "baseline_majority"][0]
    assert majority.splits["valid"]["accuracy"] == 0.5
    assert majority.splits["trial"] == {"available": False, "reason": "no rows", "rows": 0}
    draws = {seed: baseline_predictions(["a", "b"], 50, "stratified", seed) for seed in (3, 4)}
    assert draws[3] == baseline_predictions(["a", "b"], 50, "stratified", 3)  # one seed twice
    assert draws[3] != draws[4]  # two seeds


def test_a_submission_writes_the_official_field_with_a_placeholder_for_what_is_not_predicted():
    def preds(values):
        return pd.DataFrame(
            {
                "split": ["valid", "test", "test"],
                "image_name": ["a.jpg", "b.png", "c.png"],
                "prediction": values,
            }
        )

    problems = {}
    for t in ("A", "B", "C"):
        for p, spec in Task.from_config(t, PAPER["labels"][t]).problems.items():
            codes = {c: spec.truth_code(c) for c in spec.classes}
            problems[f"{t}/{p}"] = {
                "part": spec.truth_part,
                "digit": spec.truth_digit,
                "width": 4,
                "codes": codes,
            }
    problems["B/offensive"]["codes"] = None  # a problem this variant does not train
    got = submission(
        {
            "A/sentiment": preds(["neutral", "negative", "positive"]),
            "B/humour": preds(["funny", "funny", "not_funny"]),
            "C/sarcasm": preds(["general", "very_twisted", "not_sarcastic"]),
        },
        problems,
    )
    assert got.to_dict("list") == {
        "Image_name": ["b.png", "c.png"],
        "Labels": ["-1_1999_9399", "1_0999_9099"],
    }


def test_markdown_table():
    md = to_markdown(pd.DataFrame({"a": [1], "b": ["x"]}))
    assert md.splitlines() == ["| a | b |", "| --- | --- |", "| 1 | x |"]


def test_best_seed_breaks_a_tie_by_the_lower_seed_and_never_picks_on_an_unscored_split():
    runs = [run("lstm_t", 3, 0.36, 0.4), run("lstm_t", 2, 0.36, 0.4), run("lstm_t", 1, 0.30, 0.4)]
    assert best_seed(long_metrics(runs), "lstm_t", "trial") == 2
    tied = [run("lstm_t", seed, 0.36, 0.4) for seed in (5, 4, 6)]
    assert best_seed(long_metrics(tied), "lstm_t", "valid") == 4
    valid = [run("lstm_t", 1, 0.40, 0.9, valid_f1=0.2), run("lstm_t", 2, 0.30, 0.1, valid_f1=0.3)]
    assert best_seed(long_metrics(valid), "lstm_t", "valid") == 2  # valid's macro F1, not trial's
    assert best_seed(long_metrics(valid), "lstm_t", "trial") == 1
    with pytest.raises(ValueError, match="lstm_t: no seed is scored on test"):
        best_seed(long_metrics(runs), "lstm_t", "test")


def test_table1_marks_the_splits_a_variant_beats_chance_on_and_shows_the_label_ceiling():
    from memotion_gmm.evaluation.tables import ceiling_note, ceiling_row, with_verdicts

    table = pd.DataFrame({"Classifier": ["A", "B", "Stratified random"]})
    chance = pd.DataFrame(
        {
            "split": ["valid", "valid", "valid", "trial", "trial", "trial", "valid"],
            "variant": ["a", "b", "baseline_stratified", "a", "b", "baseline_stratified", "a"],
            "seed": ["all", "all", "all", "all", "all", "all", "1"],
            "p_holm": [0.01, 0.5, None, 0.2, 0.04, None, 0.9],
            "beats_chance": [True, False, None, False, True, None, False],
        }
    )
    out = with_verdicts(table, chance, ["a", "b", "baseline_stratified"])
    assert out["Beats chance"].tolist() == ["valid", "trial", "-"]
    assert out["p vs chance (valid)"].tolist()[:2] == [0.01, 0.5]

    facts = {"twin_macro_f1": 0.3, "twin_accuracy": 0.5, "twin_predictions": 20}
    facts["interval"] = {"twin_macro_f1": [0.2, 0.4], "twin_accuracy": [0.3, 0.7]}
    summary = {"scopes": {"valid": {"strict": facts}, "trial": {"strict": {"groups": 0}}}}
    row = ceiling_row(summary, "strict")
    assert row["Accuracy (valid)"] == "0.500 [0.300, 0.700] (n 20)"
    assert row["Macro F1 (trial)"] == "n/a (no duplicates)" and row["Accuracy (valid) low"] == 0.3
    intervals = pd.DataFrame(
        {
            "variant": "baseline_stratified",
            "seed": "all",
            "metric": "macro_f1",
            "split": ["valid"],
            "low": [0.31],
            "high": [0.35],
        }
    )
    assert ceiling_note(summary, "strict", intervals).startswith(
        "valid: the label ceiling's interval [0.200, 0.400]"
    )
    assert ceiling_note(summary, "strict", intervals.assign(low=0.45, high=0.5)) == ""
