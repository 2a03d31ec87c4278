"""The GMM stage: fitting one minority class's mixture and drawing its synthetic sequences, ours
(the workflow's ``oversample_class``) against scikit-learn's GaussianMixture with its defaults."""

from __future__ import annotations

import numpy as np
from memotion_gmm.resampling.gmm import GMMSettings, oversample_class
from threadpoolctl import threadpool_limits

from .common import PAPER, RAW, best_of, row, say
from .cpuload import Window


def gmm_case(ids: np.ndarray, labels: np.ndarray, cls: str, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Every row except ``cls``'s beyond its first ``rows``: a class of exactly ``rows`` to oversample."""
    keep = labels != cls
    keep[np.flatnonzero(labels == cls)[:rows]] = True
    return ids[keep], labels[keep]


def gmm_ours(
    ids: np.ndarray, labels: np.ndarray, cls: str, settings: GMMSettings, vocab_size: int
) -> np.ndarray:
    _, _, synthetic = oversample_class(labels, ids, cls, settings, vocab_size)
    return synthetic


def gmm_baseline(ids: np.ndarray, labels: np.ndarray, cls: str, seed: int, vocab_size: int) -> np.ndarray:
    """scikit-learn's GaussianMixture with its defaults (1 component, full, n_init=1) on float64."""
    from sklearn.mixture import GaussianMixture

    needed = int(max(np.unique(labels, return_counts=True)[1]) - (labels == cls).sum())
    mixture = GaussianMixture(covariance_type="full", random_state=seed).fit(
        ids[labels == cls].astype(np.float64)
    )
    samples, _ = mixture.sample(needed)
    return np.clip(np.rint(samples), 0, vocab_size - 1).astype(np.int32)


def run(tag: str, ids: np.ndarray, labels: np.ndarray, vocab: int, rows: int, repeats: int) -> None:
    settings = GMMSettings.from_config(PAPER["gmm"])
    cls = "negative" if (labels == "negative").sum() >= rows else "neutral"
    x, y = gmm_case(ids, labels, cls, rows)
    needed = int(max(np.unique(y, return_counts=True)[1]) - rows)
    say(f"GMM ({tag}): {rows} x {x.shape[1]} {cls!r} rows, drawing {needed}", f"GMM {tag}")
    # BLAS on one thread, as in the gmm_fit job: Snakemake sets OPENBLAS_NUM_THREADS to a job's
    # threads (1 here). Two BLAS threads on a shared 2-core machine make the 192 x 192 Cholesky
    # up to 100x slower whenever the other core is busy (threads spin waiting for each other).
    with threadpool_limits(limits=1, user_api="blas"), Window() as w:
        ours, base = best_of(
            lambda: gmm_ours(x, y, cls, settings, vocab),
            lambda: gmm_baseline(x, y, cls, settings.seed, vocab),
            repeats,
        )
    RAW[f"gmm_{tag}"] = {
        "ours_s": ours,
        "baseline_s": base,
        "rows": rows,
        "drawn": needed,
        "n_components": settings.n_components,
    }
    row(
        f"GMM, {tag}: fit + sample a {rows} x {x.shape[1]} class (full cov., k={settings.n_components}, "
        f"draw {needed:,}; 1 BLAS thread)",
        ours,
        base,
        "s",
        "ours < 5 s",
        ours < 5,
        3,
        (w.others, w.others),
    )
