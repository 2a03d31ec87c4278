"""Class-imbalance remedies other than the paper's GMM: loss weights and resampling the training set.

A remedy is a named entry of the config's ``remedies`` block with a ``method``:

- ``none``: train on the training split as it is;
- ``class_weight``: weight the loss per class (``inverse`` frequency, or ``{class: weight}``);
- ``random_oversample``: duplicate training memes of the smaller classes (ids, so images follow);
- ``smote`` / ``borderline_smote``: imbalanced-learn's interpolation of token-id vectors,
  rounded and clipped to valid ids like the GMM's samples, or of float vectors (text embeddings)
  as they are (synthetic rows, models reading one text input only);
- ``gmm``: the paper's per-class Gaussian mixtures (``gmm.py``), optionally with overrides.

Resampling uses the training split only; the result holds real rows first, then new ones, with a
``synthetic`` flag. Every smaller class is raised to the majority's count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import ConfigError, InputError
from .gmm import synthetic_meta, to_token_ids

METHODS = ("none", "class_weight", "random_oversample", "smote", "borderline_smote", "gmm")
"""The remedy registry: every ``method`` a ``remedies`` entry may name (the schema's enum must match)."""
RESAMPLING = ("random_oversample", "smote", "borderline_smote")
"""Methods whose resampled training set is written by the ``resample`` rule."""
SYNTHETIC = ("smote", "borderline_smote", "gmm")
"""Methods that create rows no meme stands behind (so they suit models reading tokens only)."""


def class_weights(labels: np.ndarray, weights: str | dict, classes) -> dict[int, float]:
    """Keras ``class_weight`` ({index in ``classes``: weight}) for ``weights``: ``inverse`` gives each
    class ``n / (k * n_class)`` over the ``k`` classes present; a dict gives its classes' weights
    (others 1)."""
    classes = list(classes)
    if weights == "inverse":
        values, counts = np.unique(np.asarray(labels, dtype=object), return_counts=True)
        n, k = counts.sum(), len(values)
        return {classes.index(c): float(n / (k * m)) for c, m in zip(values, counts)}
    return {i: float(weights.get(c, 1.0)) for i, c in enumerate(classes)}


def _check_neighbours(labels: np.ndarray, name: str, settings: dict) -> None:
    """SMOTE needs more rows than ``k_neighbors`` in every class it oversamples (a fact of the data,
    so it is checked here, in the job, and not when the config is read)."""
    values, counts = np.unique(labels, return_counts=True)
    majority = counts.max()
    for cls, n in zip(values, counts):
        if n < majority and n <= settings["k_neighbors"]:
            raise ConfigError(
                f"remedies.{name}.k_neighbors is {settings['k_neighbors']} but class {cls!r} has only {n} "
                f"training rows; set it to at most {n - 1}"
            )


def resample(
    meta: pd.DataFrame, tokens: np.ndarray, name: str, settings: dict, vocab_size: int | None
) -> tuple[pd.DataFrame, np.ndarray]:
    """The training rows (``meme_id``, ``image_name``, ``label``) resampled by remedy ``name``.

    Returns (meta with a ``synthetic`` column, rows): int32 tokens, or float32 vectors (e.g. text
    embeddings, interpolated as they are) when ``vocab_size`` is None. Real rows (duplicates
    included) carry their meme's id; synthetic ones ``synthetic-{name}:{i}`` and no image.
    """
    dtype = np.int32 if vocab_size is not None else np.float32
    method = settings["method"]
    labels = meta["label"].to_numpy(dtype=object)
    if len(np.unique(labels)) < 2:
        raise InputError(f"remedy {name!r}: the training split has a single class; nothing to balance")
    if method == "random_oversample":
        from imblearn.over_sampling import RandomOverSampler

        sampler = RandomOverSampler(random_state=settings["seed"])
        sampler.fit_resample(np.zeros((len(labels), 1)), labels)
        index = np.sort(sampler.sample_indices_)
        out = meta.iloc[index].reset_index(drop=True).assign(synthetic=False)
        return out[["meme_id", "image_name", "label", "synthetic"]], tokens[index].astype(dtype)
    if method in ("smote", "borderline_smote"):
        from imblearn.over_sampling import SMOTE, BorderlineSMOTE

        _check_neighbours(labels, name, settings)
        if method == "smote":
            sampler = SMOTE(k_neighbors=settings["k_neighbors"], random_state=settings["seed"])
        else:
            sampler = BorderlineSMOTE(
                k_neighbors=settings["k_neighbors"],
                m_neighbors=settings["m_neighbors"],
                random_state=settings["seed"],
            )
        x, y = sampler.fit_resample(tokens.astype(np.float64), labels)
        new_x, new_y = x[len(labels) :], np.asarray(y[len(labels) :], dtype=object)
        new_meta = synthetic_meta(name, new_y).assign(synthetic=True)
        out = pd.concat([meta[["meme_id", "image_name", "label"]].assign(synthetic=False), new_meta])
        new_tokens = to_token_ids(new_x, vocab_size)
        return out.reset_index(drop=True), np.concatenate([tokens.astype(dtype), new_tokens])
    raise ValueError(f"remedy method {method!r} does not resample in this module")


def summary(before: pd.DataFrame, after: pd.DataFrame) -> dict:
    """Class counts before and after, and how many rows are synthetic or duplicated."""

    def counts(frame):
        return {c: int(n) for c, n in frame["label"].value_counts().sort_index().items()}

    return {
        "before": counts(before),
        "after": counts(after),
        "synthetic": counts(after[after["synthetic"]]),
        "duplicated": int((~after["synthetic"]).sum() - len(before)),
        "rows": len(after),
    }
