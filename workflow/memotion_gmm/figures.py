"""Figures for the Snakemake report (matplotlib, Agg backend, PNG)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import CLASSES  # noqa: E402


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
        matrix = np.array(run.splits[split]["confusion_matrix"]["rows_true_cols_pred"])
        title = f"{run.classifier} / {run.data} ({split})"
        prev = by_variant.get(run.variant, (title, 0))[1]
        by_variant[run.variant] = (title, prev + matrix)
    fig, axes = _grid(max(1, len(by_variant)))
    for ax, (title, matrix) in zip(axes, by_variant.values()):
        ax.imshow(matrix, cmap="Blues")
        for (i, j), v in np.ndenumerate(matrix):
            ax.text(j, i, str(v), ha="center", va="center", color="black")
        ax.set_xticks(range(len(CLASSES)), CLASSES, rotation=30)
        ax.set_yticks(range(len(CLASSES)), CLASSES)
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


def gmm_balance_figure(meta: pd.DataFrame, tokens: np.ndarray, path: str) -> None:
    """Class counts before/after oversampling; non-padding length of real vs synthetic rows."""
    synthetic = meta["synthetic"].to_numpy(dtype=bool)
    lengths = (tokens != 0).sum(axis=1)
    oversampled = [c for c in CLASSES if (synthetic & (meta["label"] == c).to_numpy()).any()]
    fig, axes = plt.subplots(
        1, 1 + max(1, len(oversampled)), figsize=(4 * (1 + max(1, len(oversampled))), 3.4)
    )
    before = meta.loc[~synthetic, "label"].value_counts().reindex(CLASSES, fill_value=0)
    after = meta["label"].value_counts().reindex(CLASSES, fill_value=0)
    x = np.arange(len(CLASSES))
    axes[0].bar(x - 0.2, before, 0.4, label="before")
    axes[0].bar(x + 0.2, after, 0.4, label="after GMM")
    axes[0].set_xticks(x, CLASSES)
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
