"""A chance verdict on every number: does a run's (or a variant's, seeds pooled) macro F1 beat what
predictions independent of the labels would score on the same memes?

The test is a one-sided permutation test: the labels are shuffled against the predictions (one
shuffle for all seeds of a variant, so their correlation stays), which keeps the model's own
prediction counts and the split's class counts. It is exact for any predictor, whatever classes it
favours, and needs no assumption that the training shares match the split's; stratified random
guessing, the table's chance row, is the best label-blind predictor in expectation, and a model
whose predictions carry no information about the labels gets a uniform p-value. Within a table
(one split, one level: seeds or variants) the p-values are corrected for the rows compared with
Holm's step-down method. The smallest macro F1 gain over chance a split's n can detect at 80 %
power is the normal approximation ``(z_{1-alpha} + z_power) * sd`` of stratified random guessing's
macro F1 on that many memes.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from .statistics import score_all


def permutation_p(
    y: np.ndarray, preds: np.ndarray, classes, *, resamples: int, seed: int
) -> tuple[float, float]:
    """(mean macro F1 over seeds, one-sided p) of predictions ``preds`` (S, N) against labels ``y``
    (N,): the share of ``resamples`` label shuffles scoring at least as high, counting the observed."""
    preds = np.atleast_2d(preds)
    observed = float(score_all(y[None, :], preds, classes)["macro_f1"].mean())
    rng = np.random.default_rng([seed, 2])
    shuffled = np.stack([rng.permutation(y) for _ in range(resamples)])  # (B, N)
    null = score_all(shuffled[:, None, :], preds[None, :, :], classes)["macro_f1"].mean(1)
    p = (1 + int(np.sum(null >= observed - 1e-12))) / (resamples + 1)
    return observed, p


def holm(pvalues) -> np.ndarray:
    """Holm's step-down adjusted p-values (family-wise error), in the input order; NaN stays NaN."""
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    values = p[ok]
    order = np.argsort(values, kind="stable")
    m = len(values)
    adjusted = np.maximum.accumulate((m - np.arange(m)) * values[order])
    result = np.empty(m)
    result[order] = np.minimum(adjusted, 1.0)
    out[ok] = result
    return out


def detectable_gain(
    shares: np.ndarray, n: int, classes, *, resamples: int, seed: int, alpha: float = 0.05, power: float = 0.8
) -> float:
    """The smallest macro F1 above chance that ``n`` memes with class ``shares`` (the split's) detect
    at ``power`` with a one-sided test at ``alpha``: (z_{1-alpha} + z_power) times the standard
    deviation of stratified random guessing's macro F1 (simulated, ``resamples`` draws)."""
    rng = np.random.default_rng([seed, 3])
    k = len(classes)
    y = rng.choice(k, size=(resamples, n), p=shares)
    guess = rng.choice(k, size=(resamples, n), p=shares)
    sd = float(score_all(y, guess, classes)["macro_f1"].std(ddof=1))
    return float((norm.ppf(1 - alpha) + norm.ppf(power)) * sd)
