"""A space's training rows, where the remedies work: token ids (the paper's), text embeddings or image
features, with the meme id, image name and label of each row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.artifacts import load_rows, read_parquet
from ..text.sequences import read_tokens
from ..text.tokenizer import WordTokenizer

TOKENS = "text"
"""The token-id space: the sequences under ``text/``; every other space is a folder of float vectors."""


def space_rows(
    memes: pd.DataFrame, vectors: Path, split: str, image_rows: bool = False
) -> tuple[pd.DataFrame, np.ndarray]:
    """A vector space's split: its memes' ``meme_id``, ``image_name``, ``label`` and float32 rows
    (``image_rows``: the space holds only the split's memes with an image, e.g. image features)."""
    rows = memes.loc[memes["split"] == split]
    if image_rows:
        rows = rows[rows["has_image"].astype(bool)]
    rows = rows[["meme_id", "image_name", "label"]].reset_index(drop=True)
    return rows, np.asarray(load_rows(vectors, len(rows), split, "the job writing it"), dtype=np.float32)


def training_rows(inputs: dict[str, str], image_rows: bool) -> tuple[pd.DataFrame, np.ndarray, int | None]:
    """A space's training rows as a remedy's rule receives them: (``meme_id``, ``image_name``, ``label``
    per row; the rows; the vocabulary size, or None in a vector space), for the memes with a class of
    the problem only.

    ``inputs`` holds the problem's ``memes`` table (every label comes from it) and the token space's
    ``train`` sequences and ``vocab`` (synthetic rows are rounded into the vocabulary), or a vector
    space's ``vectors`` (``train.npy``, following the memes table; ``image_rows``: the space holds only
    memes with an image)."""
    memes = read_parquet(inputs["memes"])
    vocab_size = None
    if "vocab" in inputs:
        meta, rows = read_tokens(inputs["train"])
        meta["label"] = meta["meme_id"].map(memes.set_index("meme_id")["label"])
        vocab_size = WordTokenizer.from_json(inputs["vocab"]).vocab_size
    else:
        meta, rows = space_rows(memes, inputs["vectors"], "train", image_rows)
    keep = meta["label"].notna().to_numpy()
    return meta[keep].reset_index(drop=True), rows[keep], vocab_size
