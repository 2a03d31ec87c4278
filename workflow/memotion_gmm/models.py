"""The paper's four architectures as short Keras functional builders (every size a required argument;
the paper's values are the schema's defaults under ``models:``).

Inputs are named ``tokens`` (int32, (max_len,)) and ``image`` (uint8, (size, size, 3)); images
are scaled to [0, 1] inside the model, so they stay uint8 until they reach it.
"""

from __future__ import annotations

from collections.abc import Callable

import keras
from keras import layers

from . import CLASSES
from .architectures import ARCHITECTURES


def _text_input(max_len: int) -> keras.KerasTensor:
    return keras.Input(shape=(max_len,), dtype="int32", name="tokens")


def _image_input(size: int) -> keras.KerasTensor:
    return keras.Input(shape=(size, size, 3), dtype="uint8", name="image")


def _lstm_branch(tokens, vocab_size: int, embedding_dim: int, lstm_units: int, dropout: float):
    x = layers.Embedding(vocab_size, embedding_dim, name="embedding")(tokens)
    x = layers.LSTM(lstm_units, name="lstm")(x)
    return layers.Dropout(dropout)(x)


def _cnn_branch(image, filters: list[int], kernel_size: int):
    x = layers.Rescaling(1.0 / 255, name="rescale")(image)
    for i, f in enumerate(filters):
        x = layers.Conv2D(f, kernel_size, padding="same", activation="relu", name=f"conv{i + 1}")(x)
        x = layers.MaxPooling2D(2, name=f"pool{i + 1}")(x)
    return layers.Flatten()(x)


def _head(x, dense_units: int, dropout: float) -> keras.KerasTensor:
    x = layers.Dense(dense_units, activation="relu", name="dense")(x)
    x = layers.Dropout(dropout)(x)
    return layers.Dense(len(CLASSES), activation="softmax", name="output")(x)


def lstm_text(
    *,
    vocab_size: int,
    max_len: int,
    embedding_dim: int,
    lstm_units: int,
    dense_units: int,
    dropout: float,
) -> keras.Model:
    """LSTM-T: embedding -> LSTM -> dense (ReLU) -> softmax, dropout between."""
    tokens = _text_input(max_len)
    x = _lstm_branch(tokens, vocab_size, embedding_dim, lstm_units, dropout)
    return keras.Model(tokens, _head(x, dense_units, dropout), name="lstm_text")


def conv1d_text(
    *,
    vocab_size: int,
    max_len: int,
    embedding_dim: int,
    filters: int,
    kernel_size: int,
    dense_units: int,
    dropout: float,
) -> keras.Model:
    """Conv1D-T: embedding -> 1-D convolution (ReLU) -> global max pooling -> dense -> softmax."""
    tokens = _text_input(max_len)
    x = layers.Embedding(vocab_size, embedding_dim, name="embedding")(tokens)
    x = layers.Conv1D(filters, kernel_size, activation="relu", name="conv1d")(x)
    x = layers.GlobalMaxPooling1D(name="pool")(x)
    x = layers.Dropout(dropout)(x)
    return keras.Model(tokens, _head(x, dense_units, dropout), name="conv1d_text")


def cnn_image(
    *,
    image_size: int,
    filters: list[int],
    kernel_size: int,
    dense_units: int,
    dropout: float,
) -> keras.Model:
    """CNN-I: rescale -> [conv (ReLU) -> 2x2 max pool] per filter count -> flatten -> dense -> softmax."""
    image = _image_input(image_size)
    x = _cnn_branch(image, list(filters), kernel_size)
    return keras.Model(image, _head(x, dense_units, dropout), name="cnn_image")


def cnn_lstm_fusion(
    *,
    vocab_size: int,
    max_len: int,
    image_size: int,
    embedding_dim: int,
    lstm_units: int,
    filters: list[int],
    kernel_size: int,
    branch_units: int,
    dense_units: int,
    dropout: float,
) -> keras.Model:
    """CNN-LSTM-TI: LSTM and CNN branches each end in a ``branch_units`` dense layer, concatenated."""
    tokens, image = _text_input(max_len), _image_input(image_size)
    text = _lstm_branch(tokens, vocab_size, embedding_dim, lstm_units, dropout)
    text = layers.Dense(branch_units, activation="relu", name="text_dense")(text)
    vision = _cnn_branch(image, list(filters), kernel_size)
    vision = layers.Dense(branch_units, activation="relu", name="image_dense")(vision)
    joint = layers.Concatenate(name="fusion")([text, vision])
    joint = layers.Dropout(dropout)(joint)
    return keras.Model([tokens, image], _head(joint, dense_units, dropout), name="cnn_lstm_fusion")


BUILDERS: dict[str, Callable[..., keras.Model]] = {
    "lstm_text": lstm_text,
    "conv1d_text": conv1d_text,
    "cnn_image": cnn_image,
    "cnn_lstm_fusion": cnn_lstm_fusion,
}


def build_model(
    architecture: str,
    *,
    vocab_size: int | None = None,
    max_len: int | None = None,
    image_size: int | None = None,
    **sizes: object,
) -> keras.Model:
    """Build a named architecture from the data dimensions its inputs need and its sizes."""
    inputs = ARCHITECTURES[architecture]["inputs"]
    dims: dict[str, object] = {}
    if "tokens" in inputs:
        dims.update(vocab_size=vocab_size, max_len=max_len)
    if "image" in inputs:
        dims["image_size"] = image_size
    return BUILDERS[architecture](**dims, **sizes)
