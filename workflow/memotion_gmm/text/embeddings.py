"""Sentence embeddings from wordllama's static token vectors, shipped inside its wheel (no network)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def load_model(dim: int):
    """wordllama's bundled 256-d model (matryoshka-truncated to ``dim``), never downloading.

    Its default cache path is the wrong sub-folder, so the package's own folder is passed."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, trunc_dim=dim)


def embed_texts(texts: list[str], model, normalize: bool, batch_size: int) -> np.ndarray:
    """float32 (N, dim) mean-pooled embeddings; an empty text pools to zeros and stays so (never NaN)."""
    if not texts:
        return np.zeros((0, model.embedding.shape[1]), np.float32)
    vectors = np.asarray(model.embed(list(texts), norm=False, batch_size=batch_size), dtype=np.float32)
    if normalize:
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return vectors


def embed_splits(memes: pd.DataFrame, splits: list[str], settings: dict) -> dict[str, np.ndarray]:
    """Each split's embeddings, row-aligned with that split's memes in ``memes`` (their order)."""
    model = load_model(settings["dim"])
    return {
        split: embed_texts(
            memes.loc[memes["split"] == split, "text"].fillna("").astype(str).tolist(),
            model,
            settings["normalize"],
            settings["batch_size"],
        )
        for split in splits
    }
