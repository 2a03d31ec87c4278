"""Reading the workflow's own cached files: a damaged one is named with the rule that makes it.

A parquet, ``.npy``, ``.npz``, ``.keras``, JSON or CSV file cut short by a full disk, a kill or a copy
gone wrong would otherwise surface as a traceback deep inside pyarrow, NumPy or Keras.
"""

from __future__ import annotations

import json
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError

# (pattern on the path with forward slashes, the rule whose output it is); first match wins.
_MAKERS = [
    (r"prepare/(memes\.parquet|dropped\.csv|summary\.json)$", "prepare"),
    (r"audit/(overlap\.csv|summary\.json|unseen\.parquet)$", "audit"),
    (r"text/(sequences/[^/]+\.parquet|stats\.json)$", "sequences"),
    (r"text/vocab\.json$", "vocab"),
    (r"(^|/)images/(grey/)?[^/]+\.npy$", "images"),
    (r"(^|/)embeddings/[^/]+\.npy$", "embed_text"),
    (r"(^|/)features/.+/[^/]+\.npy$", "image_features"),
    (r"(balanced_train\.parquet|balance\.json)$", "balance"),
    (r"remedies/[^/]+/(train\.parquet|summary\.json)$", "resample"),
    (r"(^|/)(gmm|remedies/[^/]+)/[^/]+\.(npz|json|samples\.parquet)$", "gmm_fit"),
    (r"runs/[^/]+/seed\d+/(model\.keras|history\.csv|predictions\.parquet|run\.json)$", "train"),
    (r"runs/[^/]+/seed\d+/metrics\.json$", "evaluate"),
    (r"multi_head/([^/]+)/seed\d+/(model\.keras|history\.csv|run\.json)$", "train_multi_head_{0}"),
    (r"report/statistics/(intervals|comparisons|chance)\.csv$", "statistics"),
    (r"reliability/(summary\.json|pairs\.csv)$", "reliability"),
    (r"tasks/[^/]+/[^/]+/(memes\.parquet|dropped\.csv|labels\.json)$", "labels"),
    (r"report/(table1|metrics_long)\.csv$", "report"),
    (r"report/imbalance\.csv$", "imbalance"),
    (r"report/table1_unseen\.csv$", "table1_unseen"),
    (r"(^|/)report/[^/]+/scores\.csv$", "task_scores"),
    (r"(^|/)submission/[^/]+\.csv$", "submission"),
]


class ArtifactError(RuntimeError):
    """A file the workflow wrote earlier that can no longer be read."""


def maker(path: str | Path) -> str:
    """The rule that writes ``path`` (by its place under the output folder), or ``"?"``."""
    text = str(path).replace("\\", "/")
    for pattern, rule in _MAKERS:
        if found := re.search(pattern, text):
            return rule.format(*found.groups())
    return "?"


@contextmanager
def reading(path: str | Path):
    """Turn a read failure of ``path`` into ArtifactError naming the file and its rule.

    Errors meant for the user (InputError, ConfigError) pass through unchanged.
    """
    try:
        yield
    except (InputError, ConfigError):
        raise
    except FileNotFoundError:
        raise ArtifactError(
            f"{path}: missing (made by rule {maker(path)}); rerun the workflow to make it"
        ) from None
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as err:
        raise ArtifactError(
            f"{path}: corrupt or truncated (made by rule {maker(path)}): {type(err).__name__}: {err}; "
            "delete it and rerun the workflow"
        ) from err


def read_parquet(path: str | Path, **kwargs) -> pd.DataFrame:
    """``pd.read_parquet`` with a damaged file reported by name and rule."""
    with reading(path):
        return pd.read_parquet(path, **kwargs)


def read_csv(path: str | Path, **kwargs) -> pd.DataFrame:
    """``pd.read_csv`` of a table the workflow wrote, a damaged or empty file reported by name and rule."""
    with reading(path):
        return pd.read_csv(path, **kwargs)


def read_json(path: str | Path):
    """A JSON file the workflow wrote, a damaged or empty file reported by name and rule."""
    with reading(path):
        return json.loads(Path(path).read_text())


def load_npy(path: str | Path, mmap_mode: str | None = None) -> np.ndarray:
    """``np.load`` of a ``.npy`` array (no pickles), a damaged file reported by name and rule."""
    with reading(path):
        return np.load(path, mmap_mode=mmap_mode, allow_pickle=False)


def load_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Every array of a ``.npz`` file, read in full, a damaged file reported by name and rule."""
    with reading(path):
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}


def load_keras(path: str | Path):
    """A saved Keras model, a damaged file reported by name and rule."""
    import keras

    with reading(path):
        return keras.saving.load_model(path)


def load_rows(path: Path, rows: int, split: str, rule: str, mmap_mode: str | None = None) -> np.ndarray:
    """A split's ``.npy`` of per-meme rows (images, vectors), checked to hold one row per meme
    (``rule`` names what to rerun otherwise)."""
    array = load_npy(path, mmap_mode=mmap_mode)
    if len(array) != rows:
        raise InputError(f"{path}: {len(array)} rows for {rows} {split!r} memes; rerun {rule}")
    return array
