"""The paper's architectures: shapes and parameter counts, a training step, and determinism."""

import numpy as np
import pytest
from memotion_gmm.core.errors import InputError
from memotion_gmm.models.builders import build_model
from memotion_gmm.models.inputs import SplitInputs
from memotion_gmm.models.runtime import seed_everything
from memotion_gmm.models.training import data_dims, fit, predict
from workflow_utils import CLASSES, PAPER

PAPER_DIMS = {"n_classes": 3, "vocab_size": 10_000, "max_len": 192, "image_size": 128}


@pytest.mark.parametrize(
    "architecture, params",
    [
        # embedding 10,000x100 + LSTM 4*(128*(100+128)+128) + dense 128*32+32 + output 32*3+3
        ("lstm_text", 1_000_000 + 117_248 + 4_128 + 99),
        # embedding + Conv1D 5*100*128+128 + dense + output
        ("conv1d_text", 1_000_000 + 64_128 + 4_128 + 99),
        # convs 896 + 18,496 + 73,856; flatten 16*16*128 -> dense 128; output 128*3+3
        ("cnn_image", 896 + 18_496 + 73_856 + 32_768 * 128 + 128 + 387),
        # LSTM branch + 128-dense, CNN branch + 128-dense, concat 256 -> dense 64 -> output
        ("cnn_lstm_fusion", 1_000_000 + 117_248 + 16_512 + 93_248 + 4_194_432 + 16_448 + 195),
    ],
)
def test_paper_shapes_and_parameter_counts(architecture, params):
    model = build_model(architecture, **PAPER_DIMS, **PAPER["models"][architecture])
    assert model.count_params() == params
    assert model.output_shape == (None, 3)


def test_cnn_feature_maps_match_the_paper():
    model = build_model("cnn_image", n_classes=3, image_size=128, **PAPER["models"]["cnn_image"])
    assert model.get_layer("pool1").output.shape[1:] == (64, 64, 32)
    assert model.get_layer("pool3").output.shape[1:] == (16, 16, 128)
    assert model.inputs[0].dtype == "uint8"  # scaling happens inside the model


def tiny_split(name, n=40, seed=0, labelled=True):
    """Learnable rows: class k's tokens come from ids 10k..10k+9, its pictures are bright in
    channel k and its embeddings and image features lie near unit vector k."""
    rng = np.random.default_rng(seed)
    classes = rng.integers(0, 3, n)
    labels = np.array(CLASSES, dtype=object)[classes]
    tokens = (10 * classes[:, None] + rng.integers(0, 10, (n, 12))).astype(np.int32)
    image = rng.integers(0, 96, (n, 16, 16, 3), dtype=np.uint8)
    image[np.arange(n), :, :, classes] += 160
    embedding = (rng.normal(0, 0.3, (n, 6)) + np.eye(6)[classes]).astype(np.float32)
    lexicon = (rng.normal(0, 0.3, (n, 4)) + np.eye(4)[classes]).astype(np.float32)
    return SplitInputs(
        name,
        np.array([f"m{i}" for i in range(n)]),
        np.array([f"{i}.jpg" for i in range(n)]),
        labels if labelled else np.array([None] * n, dtype=object),
        {
            "tokens": tokens,
            "image": image,
            "embedding": embedding,
            "lexicon": lexicon,
            "image_features": np.abs(embedding),
        },
    )


SMALL = {
    "lstm_text": dict(embedding_dim=4, lstm_units=4, dense_units=4),
    "conv1d_text": dict(embedding_dim=4, filters=4, kernel_size=3, dense_units=4),
    "cnn_image": dict(filters=[4, 8], dense_units=4),
    "cnn_lstm_fusion": dict(embedding_dim=4, lstm_units=4, filters=[4], branch_units=4, dense_units=4),
    "embedding_mlp": dict(hidden_units=[8]),
    "feature_head": dict(hidden_units=[]),
    "lexicon_mlp": dict(hidden_units=[8]),
    "embedding_lexicon_mlp": dict(hidden_units=[8]),
}


VECTOR_DIMS = {"embedding": 6, "lexicon": 4, "image_features": 6}
TINY_DIMS = {"n_classes": 3, "vocab_size": 30, "max_len": 12, "image_size": 16, "vector_dims": VECTOR_DIMS}
"""``build_model``'s data dimensions for ``tiny_split``'s rows (every architecture's)."""


def fit_briefly(model, batch_size: int, seed: int):
    """Two epochs on ``tiny_split("train")`` at a high learning rate, fixed-width batches."""
    return fit(
        model,
        tiny_split("train"),
        None,
        CLASSES,
        epochs=2,
        batch_size=batch_size,
        learning_rate=1e-2,
        seed=seed,
        bucketed=False,
    )


def small_sizes(architecture: str) -> dict:
    """The paper's sizes for ``architecture``, shrunk by SMALL."""
    return PAPER["models"][architecture] | SMALL[architecture]


@pytest.mark.parametrize("architecture", list(SMALL))
def test_each_model_learns_and_predicts_every_row(architecture):
    seed_everything(0)
    model = build_model(architecture, **TINY_DIMS, **small_sizes(architecture))
    before = [w.copy() for w in model.get_weights()]
    history = fit(
        model,
        tiny_split("train"),
        tiny_split("valid", seed=1),
        CLASSES,
        epochs=3,
        batch_size=16,
        learning_rate=1e-2,
        seed=0,
        bucketed=False,
    )
    after = model.get_weights()
    # every trainable array moves (the embedding's padding row aside, all of them get gradients)
    assert all(not np.array_equal(b, a) for b, a in zip(before, after))
    assert history["loss"].iloc[-1] < history["loss"].iloc[0]
    assert list(history["epoch"]) == [1, 2, 3] and {
        "loss",
        "accuracy",
        "val_loss",
        "val_accuracy",
        "seconds",
    } <= set(history)
    preds = predict(model, tiny_split("test", n=21, labelled=False), 8, False, CLASSES)
    assert len(preds) == 21 and preds["label"].isna().all()
    np.testing.assert_allclose(preds.filter(like="prob_").sum(axis=1), 1.0, atol=1e-5)


def grey(split: SplitInputs) -> SplitInputs:
    """``split`` with its pictures as one-channel luminance arrays (images.channels: 1)."""
    from memotion_gmm.data.image_arrays import luminance

    pictures = np.stack([luminance(img) for img in split.inputs["image"]])
    return SplitInputs(
        split.name, split.meme_ids, split.image_names, split.labels, split.inputs | {"image": pictures}
    )


def test_an_image_model_takes_its_channels_from_the_arrays_which_must_match_the_setting():
    train = grey(tiny_split("train", n=8))
    assert data_dims("cnn_image", train, None, {"size": 16, "channels": 1}) == {
        "image_size": 16,
        "image_channels": 1,
    }
    with pytest.raises(
        InputError, match=r"training images of shape \(16, 16, 1\), but .* 3 channel\(s\) \(images.channels"
    ):
        data_dims("cnn_image", train, None, {"size": 16, "channels": 3})


@pytest.mark.parametrize("architecture", ["cnn_image", "cnn_lstm_fusion"])
def test_image_models_build_and_learn_on_grey_scale(architecture):
    seed_everything(0)
    train = grey(tiny_split("train", n=60))
    sizes = small_sizes(architecture) | {"dropout": 0.1}
    model = build_model(
        architecture, n_classes=3, vocab_size=30, max_len=12, image_size=16, image_channels=1, **sizes
    )
    assert model.get_layer("image").output.shape[1:] == (16, 16, 1)
    history = fit(
        model, train, None, CLASSES, epochs=15, batch_size=16, learning_rate=1e-2, seed=0, bucketed=False
    )
    assert history["loss"].iloc[-1] < 0.7 * history["loss"].iloc[0]  # the class is in the luminance
    with pytest.raises(ValueError):  # a one-channel model cannot take RGB arrays
        model.predict({k: v for k, v in tiny_split("test", n=4).inputs.items() if k in ("tokens", "image")})


def test_same_seed_gives_identical_predictions():
    def run():
        seed_everything(5)
        model = build_model(
            "cnn_lstm_fusion",
            n_classes=3,
            vocab_size=30,
            max_len=12,
            image_size=16,
            **small_sizes("cnn_lstm_fusion"),
        )
        fit_briefly(model, batch_size=8, seed=5)
        return predict(model, tiny_split("valid", seed=1), 8, False, CLASSES).filter(like="prob_").to_numpy()

    first, second = run(), run()
    np.testing.assert_array_equal(first, second)
