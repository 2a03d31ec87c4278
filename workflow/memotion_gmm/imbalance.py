"""The imbalance study: intervals for every run, variant and chance baseline, paired comparisons of
each remedy with ``none`` for the same architecture and seeds, the table and its forest plot."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import CLASSES
from .errors import InputError
from .metrics import baseline_predictions
from .report import BASELINES
from .statistics import METRICS, bootstrap, encode, paired_comparison


def split_predictions(predictions: list[pd.DataFrame], memes: pd.DataFrame, split: str):
    """(labels (N,), predictions (S, N)) of the split's memes the first seed predicted (all of them,
    or an image model's memes with an image), rows in the memes table's order; None where the split
    is unlabelled or not predicted. Predictions of other rows (a training row, a synthetic one), or
    of other memes than the first seed's, are an error."""
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
        preds.append(encode(got.reindex(rows["meme_id"]).to_numpy()))
    return encode(rows["label"].to_numpy()), np.stack(preds)


def baseline_matrix(memes: pd.DataFrame, split: str, strategy: str, seeds: list[int]) -> np.ndarray:
    """A chance baseline's predictions (S, N) for one split, as the report's Table 1 draws them."""
    train = memes.loc[memes["split"] == "train", "label"].tolist()
    n = int((memes["split"] == split).sum())
    return np.stack([encode(baseline_predictions(train, n, strategy, s)) for s in seeds])


def study(
    predictions: dict[str, list[pd.DataFrame]],
    memes: pd.DataFrame,
    variants: dict[str, dict],
    seeds: list[int],
    splits: list[str],
    settings: dict,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(intervals, comparisons) over every labelled split.

    ``predictions[variant]`` holds one frame per seed (``seeds`` order); ``variants[v]`` gives its
    ``classifier``, ``model`` and ``balance``. Intervals: one row per (variant, split, seed or
    ``all``, metric). Comparisons: one row per (variant, split, metric) against the variant of the
    same model with ``balance: none``.
    """
    boot = {k: settings[k] for k in ("resamples", "seed", "confidence")}
    rows, comparisons = [], []
    baselines = {key: (name, strategy) for key, name, strategy in BASELINES}
    for split in splits:
        matrices = {}
        for v, frames in predictions.items():
            try:
                got = split_predictions(frames, memes, split)
            except InputError as err:
                raise InputError(f"variant {v!r}, {err}") from None
            if got is not None:
                matrices[v] = got
        if not matrices and split_predictions([], memes, split) is None:
            continue
        y = encode(memes.loc[memes["split"] == split, "label"].to_numpy())
        for key, (_, strategy) in baselines.items():
            matrices[key] = (y, baseline_matrix(memes, split, strategy, seeds))
        for v, (labels, preds) in matrices.items():
            spec = variants.get(v) or {"classifier": baselines[v][0], "model": "-", "balance": "-"}
            result = bootstrap(labels, preds, **boot)
            for metric in METRICS:
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
            diff = paired_comparison(labels, preds, matrices[ref][1], **boot)
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
    return pd.DataFrame(rows), pd.DataFrame(comparisons, columns=comparison_columns)


def study_table(intervals: pd.DataFrame, comparisons: pd.DataFrame) -> pd.DataFrame:
    """Architecture x remedy per split: means over seeds with intervals, and the paired difference
    with ``none`` (macro F1 and accuracy)."""
    means = intervals[intervals["seed"] == "all"]
    out = []
    for (variant, split), sub in means.groupby(["variant", "split"], sort=False):
        row = {"classifier": sub["classifier"].iloc[0], "balance": sub["balance"].iloc[0]}
        row |= {"variant": variant, "split": split}
        for _, r in sub.iterrows():
            row |= {r["metric"]: r["value"], f"{r['metric']}_low": r["low"], f"{r['metric']}_high": r["high"]}
        diff = comparisons[(comparisons["variant"] == variant) & (comparisons["split"] == split)]
        for _, r in diff.iterrows():
            key = f"diff_{r['metric']}"
            row |= {key: r["difference"], f"{key}_low": r["low"], f"{key}_high": r["high"]}
            row[f"{key}_p"] = r["p_value"]
        out.append(row)
    table = pd.DataFrame(out)
    if table.empty:
        return table
    order = {r: i for i, r in enumerate(REMEDY_ORDER)}
    table["_baseline"] = table["variant"].str.startswith("baseline_")
    table["_remedy"] = table["balance"].map(lambda b: order.get(b, len(order)))
    first = {c: i for i, c in enumerate(dict.fromkeys(table["classifier"]))}
    table["_arch"] = table["classifier"].map(first)
    table = table.sort_values(["split", "_baseline", "_arch", "_remedy"], kind="stable")
    splits = {s: i for i, s in enumerate(dict.fromkeys(out_splits(out)))}
    table = table.sort_values("split", key=lambda s: s.map(splits), kind="stable")
    return table.drop(columns=["_baseline", "_remedy", "_arch"]).reset_index(drop=True)


REMEDY_ORDER = ("none", "class_weight", "random_oversample", "smote", "borderline_smote", "gmm", "gmm_auto")


def out_splits(rows: list[dict]) -> list[str]:
    return [r["split"] for r in rows]


def _ci(row, key: str) -> str:
    if key not in row or pd.isna(row[key]):
        return "-"
    return f"{row[key]:.3f} [{row[f'{key}_low']:.3f}, {row[f'{key}_high']:.3f}]"


def formatted(table: pd.DataFrame, split: str) -> pd.DataFrame:
    """One split's table with ``value [low, high]`` cells, for markdown and HTML."""
    rows = []
    for _, r in table[table["split"] == split].iterrows():
        row = {"Architecture": r["classifier"], "Remedy": r["balance"]}
        for c in CLASSES:
            row[f"Recall {c}"] = _ci(r, f"recall_{c}")
        row["Macro F1"] = _ci(r, "macro_f1")
        row["Accuracy"] = _ci(r, "accuracy")
        for key, title in (("diff_macro_f1", "ΔF1 vs none"), ("diff_accuracy", "ΔAcc vs none")):
            p = r.get(f"{key}_p")
            row[title] = _ci(r, key) + (f" p={p:.3f}" if p is not None and not pd.isna(p) else "")
        rows.append(row)
    return pd.DataFrame(rows)


def forest_figure(table: pd.DataFrame, path: str) -> None:
    """Macro F1 (mean over seeds, 95 % interval over memes and seeds) per architecture and remedy,
    one panel per split, with the stratified-random baseline's interval as a band."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    splits = list(dict.fromkeys(table["split"]))
    models = table[~table["variant"].str.startswith("baseline_")]
    n = max(1, models.groupby("split").size().max() if not models.empty else 1)
    fig, axes = plt.subplots(1, max(1, len(splits)), figsize=(5 * max(1, len(splits)), 1 + 0.35 * n))
    axes = np.atleast_1d(axes)
    for ax, split in zip(axes, splits):
        sub = models[models["split"] == split].iloc[::-1]
        band = table[(table["split"] == split) & (table["variant"] == "baseline_stratified")]
        if not band.empty:
            b = band.iloc[0]
            ax.axvspan(b["macro_f1_low"], b["macro_f1_high"], color="0.85", label="stratified random")
            ax.axvline(b["macro_f1"], color="0.6", lw=1)
        y = np.arange(len(sub))
        for yi, (_, r) in zip(y, sub.iterrows()):
            color = "C0" if r["balance"] == "none" else "C1" if str(r["balance"]).startswith("gmm") else "C2"
            err = [[r["macro_f1"] - r["macro_f1_low"]], [r["macro_f1_high"] - r["macro_f1"]]]
            ax.errorbar([r["macro_f1"]], [yi], xerr=err, fmt="o", color=color, capsize=3)
        ax.set_yticks(y, [f"{c} / {b}" for c, b in zip(sub["classifier"], sub["balance"])])
        ax.set_xlabel("macro F1 (mean over seeds, 95 % interval)")
        ax.set_title(split)
        ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
