"""Scores on unseen memes: every run rescored on the evaluation memes the overlap audit matched to no
training meme (``data.audit.unseen_memes``)."""

from __future__ import annotations

import pandas as pd

from .intervals import chance_verdicts, prediction_matrices
from .metrics import score_predictions, usable
from .runs import Run


def unseen_runs(
    runs: list[Run], predictions: list[pd.DataFrame], unseen: pd.DataFrame, splits: list[str], classes
) -> list[Run]:
    """Each run rescored on the evaluation memes with no match in ``train``; a split the run could
    not score keeps its reason."""
    keep = set(unseen.loc[~unseen["seen_in_train"], "meme_id"])
    out = []
    for run, frame in zip(runs, predictions, strict=True):
        missing = {
            s: m["reason"] for s, m in run.splits.items() if m.get("reason") not in (None, "unlabelled")
        }
        scored = score_predictions(frame[frame["meme_id"].isin(keep)], splits, missing, classes)
        out.append(Run(run.variant, run.classifier, run.data, run.seed, scored))
    return out


def unseen_verdicts(
    predictions: dict[str, list[pd.DataFrame]],
    fresh: pd.DataFrame,
    splits: list[str],
    variants: dict[str, dict],
    seeds: list[int],
    classes,
    settings: dict,
) -> pd.DataFrame:
    """The chance verdict (``intervals.chance_verdicts``) of every variant on the unseen memes
    ``fresh`` (the memes table without those the audit matched to a training meme):
    ``predictions[variant]`` holds one frame per seed, restricted here to those memes."""
    fresh = usable(fresh)
    keep = set(fresh["meme_id"])
    unseen = {v: [f[f["meme_id"].isin(keep)] for f in frames] for v, frames in predictions.items()}
    rows = []
    for split in splits:
        matrices = prediction_matrices(unseen, fresh, split, classes)
        if matrices:
            rows += chance_verdicts(matrices, fresh, split, variants, seeds, classes, settings)
    return pd.DataFrame(rows)
