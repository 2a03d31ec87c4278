"""Image features: a trained CNN-I cut at its penultimate layer, and the rows they are read with."""

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.core.errors import InputError
from memotion_gmm.models.builders import build_model
from memotion_gmm.models.features import extract, feature_extractor
from memotion_gmm.models.inputs import load_split
from memotion_gmm.models.runtime import seed_everything
from memotion_gmm.resampling.spaces import space_rows

SIZES = {"filters": [4, 8], "kernel_size": 3, "dense_units": 6, "dropout": 0.5}


@pytest.fixture(scope="module")
def cnn(tmp_path_factory):
    """A CNN-I with random weights, saved as a run saves it, and some images."""
    seed_everything(0)
    path = tmp_path_factory.mktemp("cnn") / "model.keras"
    model = build_model("cnn_image", n_classes=3, image_size=16, **SIZES)
    model.save(path)
    images = np.random.default_rng(0).integers(0, 256, (11, 16, 16, 3), dtype=np.uint8)
    return path, model, images


def test_the_head_on_the_features_gives_the_cnn_s_own_predictions(cnn):
    """Features are the input of CNN-I's last dropout + softmax: that head alone reproduces the
    whole model's predictions (a cut at any other layer would not)."""
    path, model, images = cnn
    features = extract(feature_extractor(path), images, batch_size=4)
    assert features.dtype == np.float32 and features.shape == (11, SIZES["dense_units"])
    assert (features >= 0).all()  # the dense layer's ReLU output
    kernel, bias = model.get_layer("output").get_weights()
    logits = features @ kernel + bias
    head = np.exp(logits - logits.max(axis=1, keepdims=True))
    head /= head.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(head, model.predict(images, verbose=0), rtol=1e-4, atol=1e-6)


def test_features_follow_the_image_rows_and_an_empty_split_has_none(cnn):
    path, _, images = cnn
    extractor = feature_extractor(path)
    forward = extract(extractor, images, batch_size=4)
    np.testing.assert_allclose(
        extract(extractor, images[::-1], batch_size=5), forward[::-1], rtol=1e-5, atol=1e-6
    )
    assert extract(extractor, images[:0], batch_size=4).shape == (0, SIZES["dense_units"])


def test_only_a_cnn_image_model_gives_image_features(tmp_path):
    path = tmp_path / "model.keras"
    build_model("embedding_mlp", n_classes=3, vector_dim=4, hidden_units=[3], dropout=0.5).save(path)
    with pytest.raises(
        InputError, match=r"model.keras: a 'embedding_mlp' model; image features come from a cnn_image run"
    ):
        feature_extractor(path)


def memes_with_a_missing_image() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "split": ["train", "train", "valid", "train", "valid"],
            "meme_id": ["a", "b", "c", "d", "e"],
            "image_name": ["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"],
            "has_image": [True, False, True, True, True],
            "label": ["positive", "negative", "neutral", "negative", "positive"],
        }
    )


def test_image_features_are_read_with_the_memes_that_have_an_image(tmp_path):
    memes = memes_with_a_missing_image()
    np.save(tmp_path / "train.npy", np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
    np.save(tmp_path / "text.npy", np.arange(6, dtype=np.float32).reshape(3, 2))
    split = load_split(
        "train",
        memes,
        None,
        None,
        {"image_features": tmp_path / "train.npy", "embedding": tmp_path / "text.npy"},
    )
    assert list(split.meme_ids) == ["a", "d"] and list(split.labels) == ["positive", "negative"]
    np.testing.assert_array_equal(split.inputs["image_features"], [[1, 0], [0, 1]])
    np.testing.assert_array_equal(split.inputs["embedding"], [[0, 1], [4, 5]])  # its rows follow
    rows, vectors = space_rows(memes, tmp_path / "train.npy", "train", image_rows=True)
    assert list(rows["meme_id"]) == ["a", "d"] and vectors.shape == (2, 2)
    with pytest.raises(InputError, match=r"train.npy: 2 rows for 3 'train' memes"):
        space_rows(memes, tmp_path / "train.npy", "train")  # read as if every meme had a row
    np.save(tmp_path / "train.npy", np.zeros((3, 2), dtype=np.float32))
    with pytest.raises(InputError, match=r"train.npy: 3 rows for 2 'train' memes; rerun the job writing it"):
        load_split("train", memes, None, None, {"image_features": tmp_path / "train.npy"})
