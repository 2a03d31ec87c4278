"""Bootstrap intervals and paired tests: known answers, reproducibility, calibrated p-values, speed."""

import time

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.evaluation.statistics import bootstrap, confusion_counts, paired_comparison, scores
from sklearn.metrics import accuracy_score, f1_score, recall_score
from workflow_utils import CLASSES

SETTINGS = {"resamples": 1000, "seed": 3, "confidence": 0.95}


def noisy(y, accuracy, rng, seeds=1):
    """Predictions (seeds, N): right with probability ``accuracy``, else a random class."""
    right = rng.random((seeds, len(y))) < accuracy
    return np.where(right, y, rng.integers(0, 3, (seeds, len(y))))


def test_scores_match_scikit_learn():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 500)
    p = noisy(y, 0.5, rng)[0]
    got = scores(confusion_counts(y, p, 3), CLASSES)
    assert got["macro_f1"] == pytest.approx(f1_score(y, p, average="macro", labels=[0, 1, 2]))
    assert got["accuracy"] == pytest.approx(accuracy_score(y, p))
    assert got["recall_negative"] == pytest.approx(recall_score(y, p, labels=[0], average=None)[0])


def test_a_constant_predictor_has_a_known_macro_f1_and_a_perfect_one_a_point_interval():
    y = np.array([0] * 200 + [1] * 300 + [2] * 500)
    result = bootstrap(y, np.full((1, len(y)), 2), CLASSES, **SETTINGS)
    # always "positive": F1 of that class = 2 * 0.5 / 1.5, the others 0; macro = 2/9
    assert result["macro_f1"]["seeds"][0][0] == pytest.approx(2 / 9)
    lo, hi = result["macro_f1"]["seeds"][0][1:]
    assert lo < 2 / 9 < hi and hi - lo < 0.05
    assert result["recall_positive"]["mean"] == (1.0, 1.0, 1.0)
    assert bootstrap(y, y[None, :], CLASSES, **SETTINGS)["macro_f1"]["mean"] == (1.0, 1.0, 1.0)


def test_the_accuracy_interval_matches_the_binomial_one():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, 2000)
    p = noisy(y, 0.55, rng)
    value, lo, hi = bootstrap(y, p, CLASSES, **SETTINGS)["accuracy"]["seeds"][0]
    half = 1.96 * np.sqrt(value * (1 - value) / len(y))
    assert lo == pytest.approx(value - half, abs=0.006) and hi == pytest.approx(value + half, abs=0.006)


def test_the_interval_over_seeds_includes_seed_to_seed_spread():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 3, 1000)
    preds = np.concatenate([noisy(y, 0.3, rng), noisy(y, 0.9, rng)])  # two very different seeds
    result = bootstrap(y, preds, CLASSES, **SETTINGS)
    lo, hi = result["accuracy"]["mean"][1:]
    one_seed = [s[2] - s[1] for s in result["accuracy"]["seeds"]]
    assert hi - lo > 5 * max(one_seed)  # the spread between the seeds dominates


def test_intervals_are_reproducible_for_a_seed_and_change_with_it():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 3, 300)
    p = noisy(y, 0.5, rng, seeds=2)
    assert bootstrap(y, p, CLASSES, **SETTINGS) == bootstrap(y, p, CLASSES, **SETTINGS)
    assert bootstrap(y, p, CLASSES, **SETTINGS) != bootstrap(y, p, CLASSES, **(SETTINGS | {"seed": 4}))


def test_a_2000_meme_split_bootstraps_well_under_a_second():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 3, 2000)
    p = noisy(y, 0.5, rng)
    start = time.perf_counter()
    bootstrap(y, p, CLASSES, **SETTINGS)
    assert time.perf_counter() - start < 1.0


def test_a_real_difference_is_significant_with_an_interval_excluding_zero():
    rng = np.random.default_rng(6)
    y = rng.integers(0, 3, 1000)
    diff = paired_comparison(y, noisy(y, 0.7, rng, 3), noisy(y, 0.5, rng, 3), CLASSES, **SETTINGS)
    d, lo, hi, p = diff["macro_f1"]
    assert 0 < lo < d < hi and p < 0.01


def test_exchangeable_predictors_are_rarely_significant():
    """Two predictors of the same quality (labels permuted between them): p < 0.05 in <= 10 %."""
    significant, pvalues = 0, []
    for trial in range(40):
        rng = np.random.default_rng(100 + trial)
        y = rng.integers(0, 3, 400)
        both = noisy(y, 0.5, rng, 4)
        d, lo, hi, p = paired_comparison(
            y, both[:2], both[2:], CLASSES, **(SETTINGS | {"resamples": 500, "seed": trial})
        )["macro_f1"]
        assert 0 <= p <= 1 and lo <= d <= hi
        significant += p < 0.05
        pvalues.append(p)
    assert significant <= 4, pvalues
    assert max(pvalues) > 0.5  # not degenerate


def test_the_study_refuses_predictions_of_rows_that_are_not_the_split_s_memes():
    import pandas as pd
    from memotion_gmm.core.errors import InputError
    from memotion_gmm.evaluation.intervals import split_predictions

    memes = pd.DataFrame(
        {"meme_id": ["a", "b", "c"], "split": ["valid", "valid", "train"], "label": ["positive"] * 3}
    )
    good = pd.DataFrame({"split": "valid", "meme_id": ["b", "a"], "prediction": ["neutral", "positive"]})
    labels, preds = split_predictions([good], memes, "valid", CLASSES)
    assert preds.tolist() == [[2, 1]] and labels.tolist() == [2, 2]  # memes' order
    leaked = pd.concat([good, pd.DataFrame({"split": ["valid"], "meme_id": ["synthetic-smote:1"]})])
    with pytest.raises(InputError, match="not the 2 'valid' memes"):
        split_predictions([good, leaked], memes, "valid", CLASSES)
    assert split_predictions([good.iloc[:0]], memes, "valid", CLASSES) is None  # not predicted
    image_model = good[good["meme_id"] == "a"]  # "b" has no image
    labels, preds = split_predictions([image_model, image_model], memes, "valid", CLASSES)
    assert preds.tolist() == [[2], [2]] and labels.tolist() == [2]
    with pytest.raises(InputError, match="not the 1 'valid' memes"):
        split_predictions([image_model, good], memes, "valid", CLASSES)


def test_the_imbalance_table_names_variants_that_share_an_architecture_and_a_remedy():
    """CNN-I on RGB and on grey-scale both have remedy none: their rows carry the variant names,
    a row of its own kind keeps the architecture alone."""
    from memotion_gmm.evaluation.imbalance import formatted

    table = pd.DataFrame(
        {
            "variant": ["cnn_i", "cnn_i_grey", "lstm_t", "cnn_i"],
            "classifier": ["CNN-I", "CNN-I", "LSTM-T", "CNN-I"],
            "balance": ["none", "none", "none", "none"],
            "split": ["valid", "valid", "valid", "trial"],
            "macro_f1": [0.25, 0.24, 0.3, 0.2],
            "macro_f1_low": [0.2, 0.2, 0.2, 0.1],
            "macro_f1_high": [0.3, 0.3, 0.4, 0.3],
        }
    )
    valid = formatted(table, "valid", [])
    assert list(valid["Architecture"]) == ["CNN-I (cnn_i)", "CNN-I (cnn_i_grey)", "LSTM-T"]
    assert list(valid["Macro F1"]) == ["0.250 [0.200, 0.300]", "0.240 [0.200, 0.300]", "0.300 [0.200, 0.400]"]
    assert list(formatted(table, "trial", [])["Architecture"]) == ["CNN-I"]
