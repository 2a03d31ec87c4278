"""Deterministic, stratified, disjoint splits carved out of the training file."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from .errors import ConfigError


def carve_splits(labels: pd.Series, fractions: dict[str, float], seed: int) -> pd.Series:
    """Assign every row of the training file to ``train`` or one of the carved splits.

    ``fractions`` maps split name -> fraction of *all* rows (e.g. ``{"test": .13, "trial": .13,
    "valid": .2}``); splits are carved in that order, each stratified by label, the rest is
    ``train``. Returns a Series of split names aligned with ``labels``.
    """
    total = sum(fractions.values())
    if total >= 1:
        raise ConfigError(
            f"split fractions {fractions} add up to {total:.2f}; they must leave rows for training"
        )
    assignment = pd.Series("train", index=labels.index, dtype=object)
    remaining = labels.index.to_numpy()
    n = len(labels)
    for name, fraction in fractions.items():
        count = int(round(fraction * n))
        if count == 0:
            continue
        strata = labels.loc[remaining].to_numpy()
        try:
            rest, carved = train_test_split(remaining, test_size=count, stratify=strata, random_state=seed)
        except ValueError as err:
            counts = pd.Series(strata).value_counts().to_dict()
            raise ConfigError(
                f"cannot carve a stratified {name!r} split of {count} rows from {len(remaining)} rows "
                f"with class counts {counts}: {err}. Lower split.{name}_fraction or use more data."
            ) from None
        assignment.loc[np.sort(carved)] = name
        remaining = np.sort(rest)
    return assignment
