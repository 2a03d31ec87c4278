"""The chance verdict: a permutation p-value of macro F1 against label-blind predictions, Holm's
correction and the smallest detectable gain, each against its planted truth or a hand computation."""

import numpy as np
import pytest
from memotion_gmm.evaluation.chance import detectable_gain, holm, permutation_p

CLASSES = ["a", "b", "c"]
SHARES = np.array([0.1, 0.3, 0.6])


def test_a_perfect_predictor_beats_chance():
    y = np.random.default_rng(0).choice(3, 300, p=SHARES)
    f1, p = permutation_p(y, np.stack([y, y]), CLASSES, resamples=2000, seed=0)
    assert f1 == 1.0 and p < 0.001


def test_a_random_guess_from_the_class_shares_gets_a_uniform_p_value():
    """Over 200 generated runs the p-values of label-blind guesses reject at about the nominal rate."""
    rng = np.random.default_rng(1)
    pvalues = []
    for run in range(200):
        y = rng.choice(3, 150, p=SHARES)
        guess = rng.choice(3, (2, 150), p=SHARES)
        pvalues.append(permutation_p(y, guess, CLASSES, resamples=200, seed=run)[1])
    pvalues = np.array(pvalues)
    assert 0.01 <= np.mean(pvalues < 0.05) <= 0.10  # nominal 0.05; binomial sd over 200 runs 0.015
    assert 0.15 <= np.mean(pvalues < 0.25) <= 0.35 and 0.4 <= np.median(pvalues) <= 0.6


def test_holm_matches_a_hand_worked_case():
    # sorted 0.01, 0.02, 0.03, 0.5 times 4, 3, 2, 1 = 0.04, 0.06, 0.06, 0.5, made monotone
    adjusted = holm([0.03, 0.5, 0.01, np.nan, 0.02])
    np.testing.assert_allclose(adjusted, [0.06, 0.5, 0.04, np.nan, 0.06])
    assert holm([0.4, 0.9]).tolist() == [0.8, 0.9]
    # 0.01, 0.011, 0.5 times 3, 2, 1 = 0.03, 0.022, 0.5: a later step is never below an earlier one
    np.testing.assert_allclose(holm([0.5, 0.011, 0.01]), [0.5, 0.03, 0.03])
    assert holm([0.6, 0.7]).tolist() == [1.0, 1.0]  # capped at 1


def test_the_detectable_gain_shrinks_with_the_square_root_of_n():
    small = detectable_gain(SHARES, 100, CLASSES, resamples=2000, seed=0)
    large = detectable_gain(SHARES, 1600, CLASSES, resamples=2000, seed=0)
    assert 0.05 < small < 0.2 and large == pytest.approx(small / 4, rel=0.2)
