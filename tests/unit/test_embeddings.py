"""Sentence embeddings: defined, deterministic, row-aligned, and built without any network."""

import socket

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.text.embeddings import embed_splits

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


# --- remedies in embedding space --------------------------------------------------------------

DIM = 8


def two_cluster_space(tmp_path, seed=0):
    """memes (valid and test rows around the training rows) and the training split's vectors:
    positive near +3, negative near -3 (fewer rows)."""
    rng = np.random.default_rng(seed)
    labels = ["positive"] * 40 + ["negative"] * 15
    train = np.concatenate([rng.normal(3, 0.5, (40, DIM)), rng.normal(-3, 0.5, (15, DIM))])
    memes = pd.DataFrame(
        {
            "split": ["valid"] * 10 + ["train"] * len(labels) + ["test"] * 5,
            "meme_id": [f"m{i}" for i in range(10 + len(labels) + 5)],
            "image_name": [f"{i}.jpg" for i in range(10 + len(labels) + 5)],
            "label": ["negative"] * 10 + labels + ["negative"] * 5,
        }
    )
    np.save(tmp_path / "train.npy", train.astype(np.float32))
    return memes, tmp_path / "train.npy"


def test_embedding_gmm_samples_near_their_class_from_train_rows_only(tmp_path):
    from memotion_gmm.resampling.gmm import GMMSettings, balance, oversample_class, synthetic_meta
    from memotion_gmm.resampling.spaces import space_rows
    from workflow_utils import PAPER

    memes, path = two_cluster_space(tmp_path)
    meta, vectors = space_rows(memes, path, "train")
    assert list(meta["meme_id"]) == list(memes.loc[memes["split"] == "train", "meme_id"])
    settings = GMMSettings.from_config(PAPER["gmm"] | {"n_components": 1, "covariance_type": "diag"})
    labels = meta["label"].to_numpy(dtype=object)
    _, diag, draws = oversample_class(labels, vectors, "negative", settings, None)
    assert draws.dtype == np.float32 and draws.shape == (25, DIM)
    assert not np.allclose(draws, np.rint(draws))  # kept as drawn, not rounded to ids
    class_mean = vectors[labels == "negative"].mean(axis=0)
    other_mean = vectors[labels == "positive"].mean(axis=0)
    to_own = np.linalg.norm(draws - class_mean, axis=1)
    assert (to_own < np.linalg.norm(draws - other_mean, axis=1)).all()
    assert to_own.mean() < 1.5 * 0.5 * np.sqrt(DIM)  # about the class's own spread
    assert diag["rows"] == 15 and diag["converged"] and "bic" in diag
    again = oversample_class(labels, vectors, "negative", settings, None)[2]
    np.testing.assert_array_equal(draws, again)
    out, rows = balance(
        meta, vectors, {"negative": (synthetic_meta("negative", ["negative"] * 25), draws)}, ["negative"]
    )
    assert rows.dtype == np.float32 and out["label"].value_counts().to_dict() == {
        "positive": 40,
        "negative": 40,
    }
    real = set(out.loc[~out["synthetic"], "meme_id"])
    assert real == set(meta["meme_id"])  # no valid/test meme among the rows


def test_embedding_smote_interpolates_floats_within_the_class(tmp_path):
    from memotion_gmm.resampling.remedies import resample
    from memotion_gmm.resampling.spaces import space_rows

    memes, path = two_cluster_space(tmp_path)
    meta, vectors = space_rows(memes, path, "train")
    out, rows = resample(meta, vectors, "smote", {"method": "smote", "k_neighbors": 5, "seed": 1}, None)
    new = rows[out["synthetic"].to_numpy()]
    assert rows.dtype == np.float32 and len(new) == 25
    assert (new.mean(axis=1) < 0).all()  # between negative rows, far from the others
    np.testing.assert_array_equal(rows[: len(meta)], vectors)
