"""Scoring predictions: macro F1, accuracy, per-class scores and the confusion matrix."""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support


def score(labels: list[str], predictions: list[str], classes: tuple[str, ...] | list[str]) -> dict:
    """Metrics over a problem's ``classes``: macro F1 over all of them (as the organisers score it,
    0 for a class never true nor predicted), accuracy, per-class scores, the confusion matrix."""
    classes = list(classes)
    p, r, f, support = precision_recall_fscore_support(labels, predictions, labels=classes, zero_division=0)
    return {
        "available": True,
        "rows": len(labels),
        "macro_f1": float(f1_score(labels, predictions, labels=classes, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(labels, predictions)),
        "per_class": {
            c: {
                "precision": float(p[i]),
                "recall": float(r[i]),
                "f1": float(f[i]),
                "support": int(support[i]),
            }
            for i, c in enumerate(classes)
        },
        "confusion_matrix": {
            "labels": classes,
            "rows_true_cols_pred": confusion_matrix(labels, predictions, labels=classes).tolist(),
        },
    }


def not_available(reason: str, rows: int | None = None) -> dict:
    """An unscored split: why, and how many rows were predicted where any were."""
    return {"available": False, "reason": reason} | ({"rows": rows} if rows is not None else {})


def usable(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a problem is scored on: in a split where some memes have a class of the problem, only
    those (the others were dropped from this problem); every row of an unlabelled split."""
    has = frame["label"].notna()
    labelled_split = has.groupby(frame["split"]).transform("any")
    return frame[has | ~labelled_split]


def score_predictions(
    predictions: pd.DataFrame,
    splits: list[str],
    missing: dict[str, str],
    classes: tuple[str, ...] | list[str],
) -> dict[str, dict]:
    """Metrics per split over ``classes``: scored where labelled, else why not (``missing`` gives
    known reasons)."""
    out = {}
    predictions = usable(predictions)
    for split in splits:
        rows = predictions[predictions["split"] == split]
        if split in missing:
            out[split] = not_available(missing[split])
        elif rows.empty:
            out[split] = not_available("no rows", 0)
        elif rows["label"].isna().any():
            out[split] = not_available("unlabelled", len(rows))
        else:
            out[split] = score(rows["label"].tolist(), rows["prediction"].tolist(), classes)
    return out
