"""Chance baselines scored beside every model: the training majority class and stratified random
draws from the training class shares, seeded like the runs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .metrics import score_predictions, usable
from .runs import Run
from .statistics import encode


def baseline_predictions(train_labels: list[str], n: int, strategy: str, seed: int) -> list[str]:
    """Chance-level predictions: the training majority class, or draws from its class frequencies."""
    counts = pd.Series(train_labels).value_counts()
    if strategy == "majority":
        return [counts.index[0]] * n
    if strategy == "stratified":
        rng = np.random.default_rng(seed)
        return list(rng.choice(counts.index.to_numpy(), size=n, p=(counts / counts.sum()).to_numpy()))
    raise ValueError(f"unknown baseline strategy {strategy!r}")


BASELINES: list[tuple[str, str, str]] = [
    ("baseline_majority", "Majority class", "majority"),
    ("baseline_stratified", "Stratified random", "stratified"),
]
"""(variant key, classifier name, ``baseline_predictions`` strategy) of each chance baseline."""


def baseline_runs(memes: pd.DataFrame, seeds: list[int], splits: list[str], classes) -> list[Run]:
    """Majority-class and stratified-random baselines scored over ``classes`` on the models'
    evaluation ``splits`` (a meme without a class of the problem is neither drawn from nor scored)."""
    memes = usable(memes)
    train = memes.loc[memes["split"] == "train", "label"].tolist()
    held_out = memes.loc[memes["split"].isin(splits), ["split", "label"]]
    runs = []
    for key, name, strategy in BASELINES:
        for seed in seeds:
            predictions = held_out.assign(prediction=None)
            for _, rows in held_out.groupby("split", sort=False):
                predictions.loc[rows.index, "prediction"] = baseline_predictions(
                    train, len(rows), strategy, seed
                )
            runs.append(Run(key, name, "-", seed, score_predictions(predictions, splits, {}, classes)))
    return runs


def baseline_matrix(memes: pd.DataFrame, split: str, strategy: str, seeds: list[int], classes) -> np.ndarray:
    """A chance baseline's predictions (S, N) as indices into ``classes`` for one split, as the
    report's Table 1 draws them, for the split's memes with a class of the problem."""
    memes = usable(memes)
    train = memes.loc[memes["split"] == "train", "label"].tolist()
    n = int((memes["split"] == split).sum())
    return np.stack([encode(baseline_predictions(train, n, strategy, s), classes) for s in seeds])
