"""Lexicon sentiment scores per meme: VADER's (compound, pos, neu, neg), from the lexicon and emoji
table inside the ``vaderSentiment`` package (no network), a 4-d vector space like the embeddings."""

from __future__ import annotations

import numpy as np
import pandas as pd

SCORES = ("compound", "pos", "neu", "neg")
"""The columns of a lexicon row, in order: VADER's normalised compound score in [-1, 1], then the
shares of positive, neutral and negative text."""


def lexicon_scores(texts: list[str]) -> np.ndarray:
    """float32 (N, 4) VADER scores of ``texts`` (``SCORES``, in order); an empty text scores 0, 0, 0, 0."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    rows = [[analyzer.polarity_scores(t)[k] for k in SCORES] for t in texts]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(SCORES))


def score_splits(memes: pd.DataFrame, splits: list[str]) -> dict[str, np.ndarray]:
    """Each split's scores, row-aligned with that split's memes in ``memes`` (their order)."""
    return {
        split: lexicon_scores(memes.loc[memes["split"] == split, "text"].fillna("").astype(str).tolist())
        for split in splits
    }
