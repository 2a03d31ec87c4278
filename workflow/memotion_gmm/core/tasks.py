"""Folding raw sentiment labels into the three Task A classes."""

from __future__ import annotations

import math

from .. import CLASSES


def fold_label(raw: object, fold: dict[str, str]) -> str | None:
    """Map one raw label to its Task A class, or None when it is unknown or missing.

    Matching ignores case and surrounding whitespace; numbers match their string form
    (so ``1``, ``1.0`` and ``"1"`` all mean the same).
    """
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    key = str(raw).strip().lower()
    folded = fold.get(key)
    return folded if folded in CLASSES else None


def task_a_field(labels: str) -> str:
    """The Task A part of an official ground-truth label such as ``1_1100_1100`` (-> ``"1"``)."""
    return str(labels).strip().split("_", 1)[0]
