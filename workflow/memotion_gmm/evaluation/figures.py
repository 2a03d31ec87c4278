"""Figures for the Snakemake report (matplotlib, Agg backend, PNG)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def _grid(n: int, width: float = 3.6, height: float = 3.2):
    cols = min(3, max(1, n))
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    return fig, axes.flat


def confusion_figure(runs, path: str) -> None:
    """One confusion matrix per variant, summed over seeds, on trial (else valid)."""
    by_variant: dict[str, tuple[str, np.ndarray]] = {}
    for run in runs:
        split = next((s for s in ("trial", "valid") if run.splits.get(s, {}).get("available")), None)
        if split is None:
            continue
        confusion = run.splits[split]["confusion_matrix"]
        matrix = np.array(confusion["rows_true_cols_pred"])
        title = f"{run.classifier} / {run.data} ({split})"
        prev = by_variant.get(run.variant, (title, 0, None))[1]
        by_variant[run.variant] = (title, prev + matrix, confusion["labels"])
    fig, axes = _grid(max(1, len(by_variant)))
    for ax, (title, matrix, classes) in zip(axes, by_variant.values()):
        ax.imshow(matrix, cmap="Blues")
        for (i, j), v in np.ndenumerate(matrix):
            ax.text(j, i, str(v), ha="center", va="center", color="black")
        ax.set_xticks(range(len(classes)), classes, rotation=30)
        ax.set_yticks(range(len(classes)), classes)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def learning_curves_figure(histories: dict[str, list[pd.DataFrame]], path: str) -> None:
    """Accuracy and loss per epoch (train and validation), mean over seeds, one panel per variant."""
    fig, axes = _grid(max(1, len(histories)))
    for ax, (variant, frames) in zip(axes, histories.items()):
        mean = pd.concat(frames).groupby("epoch").mean(numeric_only=True)
        for col, style in (("accuracy", "-"), ("val_accuracy", "--")):
            if col in mean:
                ax.plot(mean.index, mean[col], style, label=col)
        twin = ax.twinx()
        for col, style in (("loss", "-"), ("val_loss", "--")):
            if col in mean:
                twin.plot(mean.index, mean[col], style, color="grey", alpha=0.6, label=col)
        ax.set_title(variant, fontsize=9)
        ax.set_xlabel("epoch")
        ax.set_ylabel("accuracy")
        twin.set_ylabel("loss")
        ax.legend(loc="lower left", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def gmm_balance_figure(meta: pd.DataFrame, tokens: np.ndarray, path: str, classes) -> None:
    """Class counts (``classes`` order) before/after oversampling; non-padding length of real vs
    synthetic rows."""
    synthetic = meta["synthetic"].to_numpy(dtype=bool)
    lengths = (tokens != 0).sum(axis=1)
    oversampled = [c for c in classes if (synthetic & (meta["label"] == c).to_numpy()).any()]
    fig, axes = plt.subplots(
        1, 1 + max(1, len(oversampled)), figsize=(4 * (1 + max(1, len(oversampled))), 3.4)
    )
    before = meta.loc[~synthetic, "label"].value_counts().reindex(classes, fill_value=0)
    after = meta["label"].value_counts().reindex(classes, fill_value=0)
    x = np.arange(len(classes))
    axes[0].bar(x - 0.2, before, 0.4, label="before")
    axes[0].bar(x + 0.2, after, 0.4, label="after GMM")
    axes[0].set_xticks(x, classes)
    axes[0].set_ylabel("training rows")
    axes[0].legend()
    axes[0].set_title("class counts")
    for ax, cls in zip(axes[1:], oversampled):
        is_cls = (meta["label"] == cls).to_numpy()
        bins = np.linspace(0, tokens.shape[1], 30)
        ax.hist(lengths[is_cls & ~synthetic], bins=bins, alpha=0.6, density=True, label="real")
        ax.hist(lengths[is_cls & synthetic], bins=bins, alpha=0.6, density=True, label="synthetic")
        ax.set_title(f"{cls}: non-padding tokens")
        ax.set_xlabel("tokens")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def matched_pairs_figure(
    pairs: pd.DataFrame, memes: pd.DataFrame, path: str, count: int, max_pixels: int
) -> None:
    """Up to ``count`` audit matches side by side (held-out meme left, its match right), matches
    across splits first; a meme without an image shows its text instead."""
    from ..data.decoding import decode_rgb

    paths = memes.set_index("meme_id")["image_path"]
    texts = memes.set_index("meme_id")["text"]
    order = pairs.assign(within=pairs["split"] == pairs["matched_split"]).sort_values(
        ["within", "hash_distance"], kind="stable"
    )
    shown = order.head(count)
    fig, axes = plt.subplots(max(1, len(shown)), 2, figsize=(5.2, 2.7 * max(1, len(shown))), squeeze=False)
    if shown.empty:
        axes[0, 0].text(0.5, 0.5, "no matched memes", ha="center", va="center")
    for row, pair in zip(axes, shown.itertuples()):
        for ax, meme, split in (
            (row[0], pair.meme_id, pair.split),
            (row[1], pair.matched_meme_id, pair.matched_split),
        ):
            image = decode_rgb(Path(paths[meme]), max_pixels, 128) if isinstance(paths[meme], str) else None
            if image is not None:
                ax.imshow(image)
            else:
                ax.text(0.5, 0.5, texts[meme][:120], ha="center", va="center", wrap=True, fontsize=7)
            ax.set_title(f"{split} {meme}", fontsize=8)
        agree = {True: "labels agree", False: "labels differ"}.get(pair.labels_agree, "unlabelled")
        row[0].set_xlabel(f"{pair.kind}, distance {pair.hash_distance:g}, {agree}", fontsize=8)
        for ax in row:
            ax.set_xticks([])
            ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def forest_figure(table: pd.DataFrame, path: str) -> None:
    """Macro F1 (mean over seeds, 95 % interval over memes and seeds) per architecture and remedy,
    one panel per split, with the stratified-random baseline's interval as a band."""
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


def reliability_figure(summary: dict, path: str) -> None:
    """Kappa and twin macro F1 with their intervals, per scope (rows of bars) and strictness level
    (colours), from the reliability rule's summary."""
    scopes = list(summary["scopes"])
    levels = list(summary["levels"])
    fig, axes = plt.subplots(1, 2, figsize=(10, 1.2 + 0.5 * len(scopes) * len(levels)))
    for ax, key, title in ((axes[0], "kappa", "Cohen's kappa"), (axes[1], "twin_macro_f1", "twin macro F1")):
        y = 0
        ticks, names = [], []
        for scope in scopes[::-1]:
            for i, level in enumerate(levels):
                facts = summary["scopes"][scope].get(level, {})
                if facts.get(key) is not None:
                    lo, hi = facts.get("interval", {}).get(key, (facts[key], facts[key]))
                    err = [[facts[key] - lo], [hi - facts[key]]]
                    ax.errorbar([facts[key]], [y], xerr=err, fmt="o", color=f"C{i}", capsize=3)
                ticks.append(y)
                names.append(f"{scope} / {level} (n {facts.get('pairs', 0)})")
                y += 1
        if key == "kappa":
            ax.axvline(0, color="0.6", lw=1)
        ax.set_yticks(ticks, names, fontsize=8)
        ax.set_xlabel(f"{title} (95 % interval over groups)")
        ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
