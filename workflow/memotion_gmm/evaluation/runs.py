"""One (variant, seed) run's scores as the evaluate rule writes them, and all runs as one long table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.artifacts import read_json


@dataclass(frozen=True)
class Run:
    """One (variant, seed) run's metrics as written by the evaluate rule."""

    variant: str
    classifier: str
    data: str
    seed: int
    splits: dict


def load_runs(paths: list[str]) -> list[Run]:
    """Runs from the evaluate rule's ``metrics.json`` files."""
    runs = []
    for path in paths:
        m = read_json(path)
        runs.append(Run(m["variant"], m["classifier"], m["data"], int(m["seed"]), m["splits"]))
    return runs


def long_metrics(runs: list[Run]) -> pd.DataFrame:
    """One row per (variant, seed, split, metric) with a value or the reason it is missing, and the
    number of memes the run predicted on that split (``rows``, NaN where it predicted none)."""
    rows = []
    for run in runs:
        for split, m in run.splits.items():
            for metric in ("macro_f1", "accuracy"):
                rows.append(
                    {
                        "variant": run.variant,
                        "classifier": run.classifier,
                        "data": run.data,
                        "seed": run.seed,
                        "split": split,
                        "metric": metric,
                        "value": m.get(metric, np.nan),
                        "rows": m.get("rows", np.nan),
                        "reason": None if m.get("available") else m.get("reason"),
                    }
                )
    return pd.DataFrame(rows)
