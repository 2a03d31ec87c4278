"""Intervals for every run, variant and chance baseline over the evaluated splits, paired
comparisons of each remedy with ``none`` for the same architecture and seeds, and a chance verdict
on every run and variant (the statistics rule)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import InputError
from .baselines import BASELINES, baseline_matrix
from .chance import detectable_gain, holm, permutation_p
from .metrics import usable
from .statistics import bootstrap, encode, metric_names, paired_comparison


def split_predictions(predictions: list[pd.DataFrame], memes: pd.DataFrame, split: str, classes):
    """(labels (N,), predictions (S, N)), as indices into ``classes``, of the split's memes the first
    seed predicted (all of them, or an image model's memes with an image), rows in the memes table's
    order; None where the split is unlabelled or not predicted. Predictions of other rows (a training
    row, a synthetic one), or of other memes than the first seed's, are an error."""
    rows = memes[memes["split"] == split]
    if rows.empty or rows["label"].isna().any():
        return None
    preds = []
    for i, frame in enumerate(predictions):
        got = frame[frame["split"] == split].set_index("meme_id")["prediction"]
        if got.empty:  # not predicted (e.g. no images for this split)
            return None
        if i == 0:
            rows = rows[rows["meme_id"].isin(got.index)]
        if len(got) != len(rows) or got.index.has_duplicates or set(got.index) != set(rows["meme_id"]):
            raise InputError(
                f"seed #{i + 1}: its {split!r} predictions ({len(got)} rows) are not the {len(rows)} "
                f"{split!r} memes; rerun its train job"
            )
        preds.append(encode(got.reindex(rows["meme_id"]).to_numpy(), classes))
    return encode(rows["label"].to_numpy(), classes), np.stack(preds)


def prediction_matrices(
    predictions: dict[str, list[pd.DataFrame]], memes: pd.DataFrame, split: str, classes
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``split_predictions`` of every variant that predicted the split's memes (of ``memes``)."""
    matrices = {}
    for v, frames in predictions.items():
        try:
            got = split_predictions(frames, memes, split, classes)
        except InputError as err:
            raise InputError(f"variant {v!r}, {err}") from None
        if got is not None:
            matrices[v] = got
    return matrices


def study(
    predictions: dict[str, list[pd.DataFrame]],
    memes: pd.DataFrame,
    variants: dict[str, dict],
    seeds: list[int],
    splits: list[str],
    settings: dict,
    classes: tuple[str, ...] | list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(intervals, comparisons, chance) over every labelled split, scored over ``classes``.

    ``predictions[variant]`` holds one frame per seed (``seeds`` order); ``variants[v]`` gives its
    ``classifier``, ``model`` and ``balance``. Intervals: one row per (variant, split, seed or
    ``all``, metric). Comparisons: one row per (variant, split, metric) against the variant of the
    same model with ``balance: none``. Chance: one row per (variant, split, seed or ``all``), see
    ``chance_verdicts``.
    """
    boot = {k: settings[k] for k in ("resamples", "seed", "confidence")}
    memes = usable(memes)
    predictions = {v: [usable(f) for f in frames] for v, frames in predictions.items()}
    rows, comparisons, verdicts = [], [], []
    baselines = {key: (name, strategy) for key, name, strategy in BASELINES}
    for split in splits:
        matrices = prediction_matrices(predictions, memes, split, classes)
        if not matrices and split_predictions([], memes, split, classes) is None:
            continue
        y = encode(memes.loc[memes["split"] == split, "label"].to_numpy(), classes)
        for key, (_, strategy) in baselines.items():
            matrices[key] = (y, baseline_matrix(memes, split, strategy, seeds, classes))
        verdicts += chance_verdicts(matrices, memes, split, variants, seeds, classes, settings)
        for v, (labels, preds) in matrices.items():
            spec = variants.get(v) or {"classifier": baselines[v][0], "model": "-", "balance": "-"}
            result = bootstrap(labels, preds, classes, **boot)
            for metric in metric_names(classes):
                base = {"variant": v, "classifier": spec["classifier"], "balance": spec["balance"]}
                base |= {"split": split, "metric": metric}
                for seed, (value, lo, hi) in zip(seeds, result[metric]["seeds"]):
                    rows.append(base | {"seed": str(seed), "value": value, "low": lo, "high": hi})
                value, lo, hi = result[metric]["mean"]
                rows.append(base | {"seed": "all", "value": value, "low": lo, "high": hi})
        for v, (labels, preds) in matrices.items():
            spec = variants.get(v)
            if spec is None or spec["balance"] == "none":
                continue
            ref = next(
                (r for r, s in variants.items() if s["model"] == spec["model"] and s["balance"] == "none"),
                None,
            )
            if ref is None or ref not in matrices:
                continue
            diff = paired_comparison(labels, preds, matrices[ref][1], classes, **boot)
            for metric, (d, lo, hi, p) in diff.items():
                comparisons.append(
                    {
                        "variant": v,
                        "reference": ref,
                        "classifier": spec["classifier"],
                        "balance": spec["balance"],
                        "split": split,
                        "metric": metric,
                        "difference": d,
                        "low": lo,
                        "high": hi,
                        "p_value": p,
                    }
                )
    comparison_columns = ["variant", "reference", "classifier", "balance", "split", "metric"]
    comparison_columns += ["difference", "low", "high", "p_value"]
    return pd.DataFrame(rows), pd.DataFrame(comparisons, columns=comparison_columns), pd.DataFrame(verdicts)


def chance_verdicts(
    matrices: dict[str, tuple[np.ndarray, np.ndarray]],
    memes: pd.DataFrame,
    split: str,
    variants: dict[str, dict],
    seeds: list[int],
    classes,
    settings: dict,
) -> list[dict]:
    """One split's verdict rows: per variant (seeds pooled, ``seed`` ``all``) and per run, macro F1,
    the one-sided permutation p against label-blind predictions, Holm's adjustment over the model
    rows of that level (baselines get a p for reference, outside the family), whether the row beats
    chance after it at the level ``1 - statistics.confidence``, and the smallest gain over chance the
    split's n detects at 80 % power."""
    test = {"resamples": settings["resamples"], "seed": settings["seed"]}
    alpha = 1 - settings["confidence"]
    y = encode(memes.loc[memes["split"] == split, "label"].to_numpy(), classes)
    shares = np.bincount(y, minlength=len(classes)) / len(y)
    gain = detectable_gain(shares, len(y), classes, alpha=alpha, **test)
    names = {key: name for key, name, _ in BASELINES} | {
        v: spec["classifier"] for v, spec in variants.items()
    }
    out = []
    for level in ("all", "seed"):
        rows = []
        for v, (labels, preds) in matrices.items():
            runs = [("all", preds)] if level == "all" else list(zip(map(str, seeds), preds[:, None, :]))
            for seed, p in runs:
                f1, p_value = permutation_p(labels, p, classes, **test)
                rows.append(
                    {
                        "split": split,
                        "variant": v,
                        "classifier": names[v],
                        "seed": seed,
                        "n": int(labels.size),
                    }
                    | {"macro_f1": f1, "p_value": p_value, "detectable_gain": gain}
                )
        models = [i for i, r in enumerate(rows) if r["variant"] in variants]
        adjusted = holm([rows[i]["p_value"] for i in models])
        for r in rows:
            r["p_holm"], r["beats_chance"] = np.nan, None
        for i, padj in zip(models, adjusted):
            rows[i]["p_holm"], rows[i]["beats_chance"] = float(padj), bool(padj < alpha)
        out += rows
    return out
