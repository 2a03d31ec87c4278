"""Image features: a trained CNN-I or CNN-LSTM-TI cut at its penultimate layer, and the rows they
are read with."""

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.core.errors import InputError
from memotion_gmm.models.builders import build_model
from memotion_gmm.models.features import extract, feature_extractor
from memotion_gmm.models.inputs import SplitInputs, load_split
from memotion_gmm.models.runtime import seed_everything
from memotion_gmm.models.training import predict
from memotion_gmm.resampling.spaces import space_rows

SIZES = {"filters": [4, 8], "kernel_size": 3, "dense_units": 6, "dropout": 0.5}
FUSION = {
    "embedding_dim": 5,
    "embeddings": "random",
    "trainable_embeddings": True,
    "lstm_units": 4,
    "branch_units": 3,
} | SIZES
CLASSES = ["negative", "neutral", "positive"]


def rows(inputs: dict[str, np.ndarray]) -> SplitInputs:
    n = len(next(iter(inputs.values())))
    ids = np.array([f"m{i}" for i in range(n)])
    return SplitInputs("valid", ids, ids, np.array([None] * n, dtype=object), inputs)


def images(n: int, channels: int = 3) -> np.ndarray:
    return np.random.default_rng(0).integers(0, 256, (n, 16, 16, channels), dtype=np.uint8)


def tokens(n: int, width: int = 12) -> np.ndarray:
    """Pre-padded token rows of lengths 0..width (a bucketed batch cuts them to its own width)."""
    rng = np.random.default_rng(1)
    out = np.zeros((n, width), dtype=np.int32)
    for i in range(n):
        length = int(rng.integers(0, width + 1))
        out[i, width - length :] = rng.integers(1, 30, length)
    return out


@pytest.fixture(scope="module")
def cnn(tmp_path_factory):
    """A CNN-I with random weights, saved as a run saves it, and some images."""
    seed_everything(0)
    path = tmp_path_factory.mktemp("cnn") / "model.keras"
    model = build_model("cnn_image", n_classes=3, image_size=16, **SIZES)
    model.save(path)
    return path, model, images(11)


def head_softmax(model, features: np.ndarray) -> np.ndarray:
    """The model's own output layer applied to ``features`` (its dropout is off when predicting)."""
    kernel, bias = model.get_layer("output").get_weights()
    logits = features @ kernel + bias
    head = np.exp(logits - logits.max(axis=1, keepdims=True))
    return head / head.sum(axis=1, keepdims=True)


def test_the_head_on_the_features_gives_the_cnn_s_own_predictions(cnn):
    """Features are the input of CNN-I's last dropout + softmax: that head alone reproduces the
    whole model's predictions (a cut at any other layer would not)."""
    path, model, pixels = cnn
    features = extract(feature_extractor(path), rows({"image": pixels}), batch_size=4)
    assert features.dtype == np.float32 and features.shape == (11, SIZES["dense_units"])
    assert (features >= 0).all()  # the dense layer's ReLU output
    np.testing.assert_allclose(
        head_softmax(model, features), model.predict(pixels, verbose=0), rtol=1e-4, atol=1e-6
    )


def test_the_head_on_fusion_features_gives_the_fusion_model_s_own_predictions(tmp_path):
    """CNN-LSTM-TI's features (images and tokens in; a model built for bucketed batches) through its
    own head reproduce the predictions a run writes, which it computes over length-bucketed batches
    in another row order: the features are the fusion model's, row for row."""
    seed_everything(0)
    model = build_model(
        "cnn_lstm_fusion", n_classes=3, vocab_size=30, max_len=12, mask_padding=True, image_size=16, **FUSION
    )
    model.save(tmp_path / "model.keras")
    split = rows({"tokens": tokens(13), "image": images(13)})
    features = extract(feature_extractor(tmp_path / "model.keras"), split, batch_size=4)
    assert features.shape == (13, SIZES["dense_units"])
    written = predict(model, split, 4, True, CLASSES)[[f"prob_{c}" for c in CLASSES]].to_numpy()
    np.testing.assert_allclose(head_softmax(model, features), written, rtol=1e-4, atol=1e-5)


def test_a_model_refuses_images_with_another_channel_count_naming_the_setting(cnn):
    path, _, _ = cnn
    with pytest.raises(
        InputError, match=r"'valid' split: 1-channel images for a model built on 3-channel.*images\.channels"
    ):
        extract(feature_extractor(path), rows({"image": images(3, channels=1)}), batch_size=4)


def test_features_follow_the_image_rows_and_an_empty_split_has_none(cnn):
    path, _, pixels = cnn
    extractor = feature_extractor(path)
    forward = extract(extractor, rows({"image": pixels}), batch_size=4)
    np.testing.assert_allclose(
        extract(extractor, rows({"image": pixels[::-1]}), batch_size=5), forward[::-1], rtol=1e-5, atol=1e-6
    )
    assert extract(extractor, rows({"image": pixels[:0]}), batch_size=4).shape == (0, SIZES["dense_units"])


def test_only_a_cnn_image_or_fusion_model_gives_image_features(tmp_path):
    path = tmp_path / "model.keras"
    build_model(
        "embedding_mlp", n_classes=3, vector_dims={"embedding": 4}, hidden_units=[3], dropout=0.5
    ).save(path)
    with pytest.raises(
        InputError,
        match=r"model.keras: a 'embedding_mlp' model; image features come from a cnn_image or cnn_lstm_fus",
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
