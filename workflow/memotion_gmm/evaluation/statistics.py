"""Uncertainty of scores: bootstrap intervals over memes (and seeds) and paired tests.

Everything is vectorised: a bootstrap draws one ``(B, N)`` matrix of meme indices, shared by all
seeds and by both sides of a comparison (so they stay paired), and scores every resample at once
from confusion counts built with one ``bincount``.

- ``bootstrap``: per seed, the metric on the memes with a percentile interval; over seeds, the
  mean with an interval that resamples the seeds too (so it includes seed-to-seed spread).
- ``paired_comparison``: mean difference of two predictors scored on the same memes with the
  same seeds, its bootstrap interval, and a two-sided p-value from a paired permutation test
  (approximate randomisation: each meme's two predictions swapped at random, per seed).
"""

from __future__ import annotations

import numpy as np


def metric_names(classes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The metrics ``scores`` gives for a problem's classes: macro F1, accuracy, recall per class."""
    return ("macro_f1", "accuracy", *[f"recall_{c}" for c in classes])


def encode(labels, classes: tuple[str, ...] | list[str]) -> np.ndarray:
    """Class names -> class indices (their position in ``classes``)."""
    lookup = {c: i for i, c in enumerate(classes)}
    return np.array([lookup[v] for v in labels], dtype=np.int64)


def confusion_counts(y_true: np.ndarray, y_pred: np.ndarray, k: int) -> np.ndarray:
    """Confusion counts (..., k, k) of integer labels/predictions (..., N) of ``k`` classes, rows true,
    columns predicted."""
    y_true, y_pred = np.broadcast_arrays(y_true, y_pred)
    lead = y_true.shape[:-1]
    m = int(np.prod(lead)) if lead else 1
    offset = (np.arange(m) * k * k).reshape(*lead, 1) if lead else 0
    flat = (offset + y_true * k + y_pred).ravel()
    return np.bincount(flat, minlength=m * k * k).reshape(*lead, k, k)


def scores(counts: np.ndarray, classes: tuple[str, ...] | list[str]) -> dict[str, np.ndarray]:
    """Macro F1 (over all classes, 0 for a class never true nor predicted), accuracy and per-class
    recall from confusion counts (..., K, K) of ``classes``."""
    counts = counts.astype(np.float64)
    tp = np.diagonal(counts, axis1=-2, axis2=-1)
    true = counts.sum(-1)
    pred = counts.sum(-2)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(true + pred > 0, 2 * tp / (true + pred), 0.0)
        recall = np.where(true > 0, tp / true, 0.0)
    out = {"macro_f1": f1.mean(-1), "accuracy": tp.sum(-1) / counts.sum((-2, -1))}
    for i, c in enumerate(classes):
        out[f"recall_{c}"] = recall[..., i]
    return out


def percentile_interval(samples: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    alpha = (1 - confidence) / 2
    return np.quantile(samples, alpha, axis=0), np.quantile(samples, 1 - alpha, axis=0)


def draws(n: int, seeds: int, resamples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(B, N) meme indices and (B, S) seed indices, drawn with replacement."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n, size=(resamples, n)), rng.integers(0, seeds, size=(resamples, seeds))


def score_all(y_true: np.ndarray, preds: np.ndarray, classes) -> dict[str, np.ndarray]:
    """Every metric of integer predictions (..., N) against labels (..., N) of ``classes``."""
    return scores(confusion_counts(y_true, preds, len(classes)), classes)


def _resampled_scores(
    y_true: np.ndarray, preds: np.ndarray, memes: np.ndarray, classes
) -> dict[str, np.ndarray]:
    """Each metric as (B, S): seed s's predictions scored on resample b's memes."""
    return score_all(y_true[memes][:, None, :], preds[:, memes].transpose(1, 0, 2), classes)


def bootstrap(
    y_true: np.ndarray, preds: np.ndarray, classes, *, resamples: int, seed: int, confidence: float
) -> dict[str, dict]:
    """Intervals for integer labels ``y_true`` (N,) and predictions ``preds`` (S seeds, N) of ``classes``.

    Returns per metric ``{"seeds": [(value, lo, hi)] * S, "mean": (value, lo, hi)}``: each seed's
    score with an interval over memes; the mean over seeds with an interval over memes and seeds.
    """
    preds = np.atleast_2d(preds)
    memes, seed_idx = draws(len(y_true), len(preds), resamples, seed)
    point = score_all(y_true[None, :], preds, classes)
    boot = _resampled_scores(y_true, preds, memes, classes)
    out = {}
    for metric in metric_names(classes):
        lo, hi = percentile_interval(boot[metric], confidence)
        means = np.take_along_axis(boot[metric], seed_idx, axis=1).mean(1)
        mlo, mhi = percentile_interval(means, confidence)
        out[metric] = {
            "seeds": [(float(v), float(a), float(b)) for v, a, b in zip(point[metric], lo, hi)],
            "mean": (float(point[metric].mean()), float(mlo), float(mhi)),
        }
    return out


def paired_comparison(
    y_true: np.ndarray,
    preds_a: np.ndarray,
    preds_b: np.ndarray,
    classes,
    *,
    resamples: int,
    seed: int,
    confidence: float,
    metrics: tuple[str, ...] = ("macro_f1", "accuracy"),
) -> dict[str, tuple[float, float, float, float]]:
    """``a - b`` for predictions (S, N) of the same memes by the same seeds (row s of each).

    Returns per metric (mean difference over seeds, interval low, high, p-value): the interval
    resamples memes and seeds, paired; the p-value is the share of ``resamples`` random swaps of
    each meme's two predictions (per seed) whose |difference| reaches the observed one.
    """
    preds_a, preds_b = np.atleast_2d(preds_a), np.atleast_2d(preds_b)
    if preds_a.shape != preds_b.shape:
        raise ValueError(f"paired predictions differ in shape: {preds_a.shape} vs {preds_b.shape}")
    s, n = preds_a.shape
    memes, seed_idx = draws(n, s, resamples, seed)
    point_a = score_all(y_true[None, :], preds_a, classes)
    point_b = score_all(y_true[None, :], preds_b, classes)
    boot_a = _resampled_scores(y_true, preds_a, memes, classes)
    boot_b = _resampled_scores(y_true, preds_b, memes, classes)
    swap = np.random.default_rng([seed, 1]).random((resamples, s, n)) < 0.5
    perm_a = score_all(y_true, np.where(swap, preds_b, preds_a), classes)
    perm_b = score_all(y_true, np.where(swap, preds_a, preds_b), classes)
    out = {}
    for metric in metrics:
        observed = float(point_a[metric].mean() - point_b[metric].mean())
        diffs = np.take_along_axis(boot_a[metric] - boot_b[metric], seed_idx, axis=1).mean(1)
        lo, hi = percentile_interval(diffs, confidence)
        null = (perm_a[metric] - perm_b[metric]).mean(1)
        p = (1 + np.sum(np.abs(null) >= abs(observed) - 1e-12)) / (resamples + 1)
        out[metric] = (observed, float(lo), float(hi), float(min(p, 1.0)))
    return out
