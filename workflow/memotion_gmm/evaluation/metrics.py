"""Scoring predictions: macro F1, accuracy, per-class scores and the confusion matrix."""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from .. import CLASSES


def score(labels: list[str], predictions: list[str]) -> dict:
    """Task A metrics over the three classes (the organisers' macro F1 over all three)."""
    p, r, f, support = precision_recall_fscore_support(
        labels, predictions, labels=list(CLASSES), zero_division=0
    )
    return {
        "available": True,
        "rows": len(labels),
        "macro_f1": float(
            f1_score(labels, predictions, labels=list(CLASSES), average="macro", zero_division=0)
        ),
        "accuracy": float(accuracy_score(labels, predictions)),
        "per_class": {
            c: {
                "precision": float(p[i]),
                "recall": float(r[i]),
                "f1": float(f[i]),
                "support": int(support[i]),
            }
            for i, c in enumerate(CLASSES)
        },
        "confusion_matrix": {
            "labels": list(CLASSES),
            "rows_true_cols_pred": confusion_matrix(labels, predictions, labels=list(CLASSES)).tolist(),
        },
    }


def not_available(reason: str, rows: int | None = None) -> dict:
    """An unscored split: why, and how many rows were predicted where any were."""
    return {"available": False, "reason": reason} | ({"rows": rows} if rows is not None else {})


def score_predictions(
    predictions: pd.DataFrame, splits: list[str], missing: dict[str, str]
) -> dict[str, dict]:
    """Metrics per split: scored where labelled, else why not (``missing`` gives known reasons)."""
    out = {}
    for split in splits:
        rows = predictions[predictions["split"] == split]
        if split in missing:
            out[split] = not_available(missing[split])
        elif rows.empty:
            out[split] = not_available("no rows", 0)
        elif rows["label"].isna().any():
            out[split] = not_available("unlabelled", len(rows))
        else:
            out[split] = score(rows["label"].tolist(), rows["prediction"].tolist())
    return out
