"""Per-class Gaussian-mixture oversampling (the paper's Algorithms 1-2): of token-id sequences
(samples rounded to ids, as the paper does) or of float vectors such as text embeddings (kept as drawn).

Parameters and diagnostics are saved as ``.npz`` / JSON so a mixture can be reloaded or
inspected without pickles.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..core.artifacts import load_npz, reading
from ..core.errors import ConfigError, InputError

if TYPE_CHECKING:  # scikit-learn is imported where a mixture is made: the DAG build needs none
    from sklearn.mixture import GaussianMixture


@dataclass(frozen=True)
class GMMSettings:
    """The config's ``gmm`` block (its schema holds the defaults): ``n_components`` is an int or
    ``"auto"`` (lowest BIC over ``candidates``)."""

    n_components: int | str
    candidates: tuple[int, ...]
    covariance_type: str
    reg_covar: float
    max_iter: int
    tol: float
    n_init: int
    seed: int

    @classmethod
    def from_config(cls, gmm: dict) -> GMMSettings:
        """From the config's ``gmm`` block (schema defaults filled in)."""
        return cls(**(gmm | {"candidates": tuple(gmm["candidates"])}))

    def mixture(self, k: int) -> GaussianMixture:
        from sklearn.mixture import GaussianMixture

        return GaussianMixture(
            n_components=k,
            covariance_type=self.covariance_type,
            reg_covar=self.reg_covar,
            max_iter=self.max_iter,
            tol=self.tol,
            n_init=self.n_init,
            random_state=self.seed,
        )


def fit_class_gmm(x: np.ndarray, label: str, settings: GMMSettings) -> tuple[GaussianMixture, dict]:
    """Fit one class's mixture; returns (mixture, diagnostics).

    A class with one row, or fewer rows than components, is an error naming the class, its count
    and what to change; with ``auto``, candidates the class cannot support are skipped and recorded.
    """
    n = len(x)
    if n == 0:
        raise InputError(f"class {label!r} has no training rows: there is nothing to fit a GMM to")
    if n == 1:
        raise InputError(
            f"class {label!r} has 1 training row: a Gaussian needs at least 2 to have a spread; leave the "
            "class out of the problem's minority or fold it into another class"
        )
    x = np.asarray(x, dtype=np.float64)
    if settings.n_components == "auto":
        usable = [k for k in settings.candidates if k <= n]
        skipped = [k for k in settings.candidates if k > n]
        if not usable:
            raise InputError(
                f"class {label!r} has {n} training rows, fewer than every gmm.candidates value "
                f"{list(settings.candidates)}; add a smaller candidate"
            )
    else:
        k = int(settings.n_components)
        if k > n:
            raise InputError(
                f"class {label!r} has {n} training rows but gmm.n_components is {k}; "
                f"set gmm.n_components to at most {n} (or 'auto')"
            )
        usable, skipped = [k], []

    start = time.perf_counter()
    bic, fits = {}, {}
    for k in usable:
        mixture = settings.mixture(k)
        with warnings.catch_warnings():
            from sklearn.exceptions import ConvergenceWarning

            warnings.simplefilter("ignore", ConvergenceWarning)
            try:
                mixture.fit(x)
            except ValueError as err:  # sklearn's singular-covariance error
                raise InputError(
                    f"class {label!r}: GMM with {k} component(s) failed: {err}. "
                    "Raise gmm.reg_covar (added to the covariance diagonal) or use fewer components."
                ) from None
        fits[k] = mixture
        bic[k] = float(mixture.bic(x))
    best = min(bic, key=bic.get)
    mixture = fits[best]
    diagnostics = {
        "class": label,
        "rows": int(n),
        "n_components": int(best),
        "covariance_type": settings.covariance_type,
        "converged": bool(mixture.converged_),
        "iterations": int(mixture.n_iter_),
        "lower_bound": float(mixture.lower_bound_),
        "bic": {str(k): v for k, v in bic.items()},
        "skipped_candidates": skipped,
        "fit_seconds": round(time.perf_counter() - start, 4),
    }
    return mixture, diagnostics


def sample_sequences(mixture: GaussianMixture, count: int, vocab_size: int | None, seed: int) -> np.ndarray:
    """Draw ``count`` synthetic rows: sequences rounded and clipped to valid ids [0, vocab_size - 1],
    or float32 vectors as drawn when ``vocab_size`` is None (a vector space has no vocabulary).

    The draw is shuffled, since scikit-learn returns samples grouped by component.
    """
    if count == 0:
        samples = np.zeros((0, mixture.means_.shape[1]))
    else:
        mixture.random_state = seed
        samples, _ = mixture.sample(count)
        samples = samples[np.random.default_rng(seed).permutation(count)]
    return to_token_ids(samples, vocab_size)


def to_token_ids(values: np.ndarray, vocab_size: int | None) -> np.ndarray:
    """Sampled or interpolated sequences as int32 token ids: rounded to the nearest id, clipped to
    [0, vocab_size - 1]; with ``vocab_size`` None, float32 vectors unchanged."""
    if vocab_size is None:
        return np.asarray(values, dtype=np.float32)
    return np.clip(np.rint(values), 0, vocab_size - 1).astype(np.int32)


def synthetic_meta(source: str, labels) -> pd.DataFrame:
    """Meta columns of synthetic rows made by ``source`` (a class's mixture, a remedy): ids
    ``synthetic-{source}:1..n``, no image, the given labels."""
    n = len(labels)
    return pd.DataFrame(
        {
            "meme_id": [f"synthetic-{source}:{i + 1}" for i in range(n)],
            "image_name": [None] * n,
            "label": labels,
        }
    )


def save_mixture(mixture: GaussianMixture, path: Path) -> None:
    """Weights, means, covariances and precision Cholesky factors as an ``.npz``."""
    np.savez(
        path,
        weights=mixture.weights_,
        means=mixture.means_,
        covariances=mixture.covariances_,
        precisions_cholesky=mixture.precisions_cholesky_,
        covariance_type=np.array(mixture.covariance_type),
    )


def load_mixture(path: Path) -> GaussianMixture:
    """Rebuild a fitted ``GaussianMixture`` from ``save_mixture``'s file (for sampling/scoring)."""
    from sklearn.mixture import GaussianMixture

    data = load_npz(path)
    with reading(path):
        mixture = GaussianMixture(
            n_components=len(data["weights"]), covariance_type=str(data["covariance_type"])
        )
        mixture.weights_ = data["weights"]
        mixture.means_ = data["means"]
        mixture.covariances_ = data["covariances"]
        mixture.precisions_cholesky_ = data["precisions_cholesky"]
    if mixture.covariance_type == "full":
        mixture.precisions_ = np.einsum(
            "kij,klj->kil", mixture.precisions_cholesky_, mixture.precisions_cholesky_
        )
    elif mixture.covariance_type == "tied":
        mixture.precisions_ = mixture.precisions_cholesky_ @ mixture.precisions_cholesky_.T
    else:
        mixture.precisions_ = mixture.precisions_cholesky_**2
    return mixture


def synthetic_counts(class_counts: dict[str, int], gmm_classes: list[str]) -> dict[str, int]:
    """How many rows each configured class must gain to equal the majority.

    Every class smaller than the largest must be in ``gmm_classes``; otherwise the balanced set
    could not be balanced, and that is a config error naming the problem's ``minority``.
    """
    majority = max(class_counts, key=class_counts.get)
    target = class_counts[majority]
    missing = [c for c, n in class_counts.items() if n < target and c not in gmm_classes]
    if missing:
        raise ConfigError(
            f"classes {missing} are smaller than the majority {majority!r} ({target} rows) but are not "
            f"in the problem's minority {gmm_classes} (labels.<task>.problems.<problem>.minority); add them"
        )
    unknown = [c for c in gmm_classes if c not in class_counts]
    if unknown:
        raise InputError(
            f"minority classes {unknown} have no training rows (training counts: {class_counts})"
        )
    return {c: target - class_counts[c] for c in gmm_classes}


def oversample_class(
    labels: np.ndarray, tokens: np.ndarray, label: str, settings: GMMSettings, vocab_size: int | None
) -> tuple[GaussianMixture, dict, np.ndarray]:
    """Fit ``label``'s mixture on its training rows and draw enough to reach the majority.

    Returns (mixture, diagnostics, synthetic rows): int32 sequences, or float32 vectors when
    ``vocab_size`` is None.
    """
    counts = {c: int(n) for c, n in zip(*np.unique(labels, return_counts=True))}
    needed = max(counts.values()) - counts.get(label, 0)
    mixture, diagnostics = fit_class_gmm(tokens[labels == label], label, settings)
    synthetic = sample_sequences(mixture, needed, vocab_size, settings.seed)
    diagnostics |= {
        "majority_rows": max(counts.values()),
        "samples_drawn": int(needed),
    }
    if vocab_size is not None:
        diagnostics["vocab_size"] = int(vocab_size)
    return mixture, diagnostics, synthetic


def balance(
    real: pd.DataFrame,
    tokens: np.ndarray,
    synthetic: dict[str, tuple[pd.DataFrame, np.ndarray]],
    gmm_classes: list[str],
) -> tuple[pd.DataFrame, np.ndarray]:
    """Real rows followed by each class's synthetic rows, with a ``synthetic`` flag column (the
    rows keep ``tokens``' dtype: int32 ids or float32 vectors).

    ``real`` / ``synthetic[cls][0]`` hold ``meme_id``, ``image_name``, ``label``. Checks that
    every minority class gained exactly what it lacked, so the result is balanced.
    """
    wanted = synthetic_counts(real["label"].value_counts().to_dict(), gmm_classes)
    for cls, (meta, _) in synthetic.items():
        if len(meta) != wanted[cls]:
            raise InputError(
                f"class {cls!r}: {len(meta)} synthetic rows, expected {wanted[cls]}; rerun its gmm_fit job"
            )
    metas = [real.assign(synthetic=False)] + [meta.assign(synthetic=True) for meta, _ in synthetic.values()]
    out = pd.concat(metas, ignore_index=True)[["meme_id", "image_name", "label", "synthetic"]]
    return out, np.concatenate([tokens] + [t for _, t in synthetic.values()]).astype(tokens.dtype)
