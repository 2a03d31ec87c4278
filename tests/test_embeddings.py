"""Sentence embeddings: defined, deterministic, row-aligned, and built without any network."""

import socket

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.embeddings import embed_splits

SETTINGS = {"dim": 64, "normalize": True, "batch_size": 2}


def _memes():
    return pd.DataFrame(
        {
            "split": ["train", "valid", "train", "train", "valid"],
            "text": ["funny cat meme", "", "!!! ...", None, "sad dog"],
        }
    )


def test_embeddings_shape_dtype_alignment_and_determinism():
    memes = _memes()
    first = embed_splits(memes, ["train", "valid"], SETTINGS)
    again = embed_splits(memes, ["train", "valid"], SETTINGS)
    assert first["train"].shape == (3, 64) and first["valid"].shape == (2, 64)
    assert first["train"].dtype == np.float32
    for split in first:
        np.testing.assert_array_equal(first[split], again[split])
    # row-aligned: each row is the embedding of that split's text in memes order
    alone = embed_splits(pd.DataFrame({"split": ["x"], "text": ["sad dog"]}), ["x"], SETTINGS)["x"][0]
    np.testing.assert_allclose(first["valid"][1], alone, rtol=1e-6)
    assert not np.allclose(first["train"][0], first["valid"][1])


def test_empty_and_punctuation_texts_get_defined_vectors():
    vectors = embed_splits(_memes(), ["train", "valid"], SETTINGS)
    assert all(np.isfinite(v).all() for v in vectors.values())
    np.testing.assert_array_equal(vectors["valid"][0], 0.0)  # empty text: zeros
    np.testing.assert_array_equal(vectors["train"][2], 0.0)  # missing text: zeros
    np.testing.assert_allclose(np.linalg.norm(vectors["train"][[0, 1]], axis=1), 1.0, rtol=1e-5)


def test_building_embeddings_opens_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    vectors = embed_splits(_memes(), ["train"], SETTINGS)
    assert vectors["train"].shape == (3, 64)


@pytest.mark.parametrize("dim", [64, 256])
def test_dim_truncates(dim):
    assert embed_splits(_memes(), ["valid"], SETTINGS | {"dim": dim})["valid"].shape == (2, dim)
