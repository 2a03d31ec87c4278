"""The paper's four architectures, MLPs on text embeddings and lexicon scores and a head on CNN-I's
features as short Keras functional builders (every size a required argument, the output size the problem's
class count; the paper's sizes are the schema's defaults under ``models:``).

Inputs are named ``tokens`` (int32, (max_len,)), ``embedding``, ``lexicon`` and ``image_features``
(float32, (dim,)) and ``image`` (uint8, (size, size, channels): RGB or grey-scale); images are scaled to
[0, 1] inside the model, so they stay uint8 until they reach it.

With ``mask_padding`` (for length-bucketed batches) the text models take tokens of any width and
ignore the pre-padding (id 0): the LSTM skips masked steps, Conv1D-T pools only over windows that
hold a real token. A text then gets the same output however much padding its batch carries.

A text model's embedding layer starts from Keras' random rows or from GloVe vectors
(``embeddings: glove``, rows from ``text.glove.embedding_matrix``), trained or frozen
(``trainable_embeddings``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
from keras import layers, ops

from .architectures import ARCHITECTURES, vector_inputs


def _text_input(max_len: int, mask_padding: bool) -> keras.KerasTensor:
    return keras.Input(shape=(None if mask_padding else max_len,), dtype="int32", name="tokens")


def _image_input(size: int, channels: int) -> keras.KerasTensor:
    return keras.Input(shape=(size, size, channels), dtype="uint8", name="image")


@dataclass(frozen=True)
class TokenEmbedding:
    """A text model's embedding layer: its size, its initial rows (``embeddings``: ``random``, Keras'
    default, or ``glove``, then ``matrix`` holds the rows) and whether training updates them."""

    vocab_size: int
    dim: int
    embeddings: str
    trainable: bool
    matrix: np.ndarray | None

    def __call__(self, tokens, mask_zero: bool = False):
        if (self.embeddings == "glove") != (self.matrix is not None):
            raise ValueError(
                f"embeddings: {self.embeddings!r} with {'a' if self.matrix is not None else 'no'} matrix"
            )
        layer = layers.Embedding(
            self.vocab_size, self.dim, mask_zero=mask_zero, trainable=self.trainable, name="embedding"
        )
        x = layer(tokens)
        if self.matrix is not None:
            layer.set_weights([self.matrix])
        return x


def _lstm_branch(tokens, embed: TokenEmbedding, lstm_units: int, dropout: float, mask_padding: bool):
    x = layers.LSTM(lstm_units, name="lstm")(embed(tokens, mask_zero=mask_padding))
    return layers.Dropout(dropout)(x)


def _cnn_branch(image, filters: list[int], kernel_size: int):
    x = layers.Rescaling(1.0 / 255, name="rescale")(image)
    for i, f in enumerate(filters):
        x = layers.Conv2D(f, kernel_size, padding="same", activation="relu", name=f"conv{i + 1}")(x)
        x = layers.MaxPooling2D(2, name=f"pool{i + 1}")(x)
    return layers.Flatten()(x)


@keras.saving.register_keras_serializable(package="memotion_gmm")
class MaskedConvMaxPool(layers.Layer):
    """Conv1D (ReLU) then global max pooling, blind to pre-padding: padding embeds to zeros, the
    sequence gets ``kernel_size - 1`` zero steps in front (so every window that reaches a real
    token exists at any batch width), and only windows holding a real token are pooled (ReLU
    outputs are >= 0, so zeroing the others leaves the maximum; an all-padding text pools to 0)."""

    def __init__(self, filters: int, kernel_size: int, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.kernel_size = filters, kernel_size
        self.conv = layers.Conv1D(filters, kernel_size, activation="relu", name="conv1d")

    def build(self, embedded_shape, tokens_shape=None):
        self.conv.build((embedded_shape[0], None, embedded_shape[-1]))

    def call(self, embedded, tokens):
        front = [[0, 0], [self.kernel_size - 1, 0]]
        real = ops.cast(ops.not_equal(tokens, 0), embedded.dtype)
        x = ops.pad(embedded * real[:, :, None], front + [[0, 0]])
        windows = ops.max_pool(ops.pad(real, front)[:, :, None], self.kernel_size, 1, "valid")
        return ops.max(self.conv(x) * windows, axis=1)

    def compute_output_shape(self, embedded_shape, tokens_shape=None):
        return (embedded_shape[0], self.filters)

    def get_config(self) -> dict:
        return super().get_config() | {"filters": self.filters, "kernel_size": self.kernel_size}


def _head(x, dense_units: int, dropout: float, n_classes: int) -> keras.KerasTensor:
    x = layers.Dense(dense_units, activation="relu", name="dense")(x)
    x = layers.Dropout(dropout)(x)
    return layers.Dense(n_classes, activation="softmax", name="output")(x)


def lstm_text(
    *,
    n_classes: int,
    vocab_size: int,
    max_len: int,
    mask_padding: bool,
    embedding_matrix: np.ndarray | None,
    embedding_dim: int,
    embeddings: str,
    trainable_embeddings: bool,
    lstm_units: int,
    dense_units: int,
    dropout: float,
) -> keras.Model:
    """LSTM-T: embedding -> LSTM -> dense (ReLU) -> softmax, dropout between."""
    tokens = _text_input(max_len, mask_padding)
    embed = TokenEmbedding(vocab_size, embedding_dim, embeddings, trainable_embeddings, embedding_matrix)
    x = _lstm_branch(tokens, embed, lstm_units, dropout, mask_padding)
    return keras.Model(tokens, _head(x, dense_units, dropout, n_classes), name="lstm_text")


def conv1d_text(
    *,
    n_classes: int,
    vocab_size: int,
    max_len: int,
    mask_padding: bool,
    embedding_matrix: np.ndarray | None,
    embedding_dim: int,
    embeddings: str,
    trainable_embeddings: bool,
    filters: int,
    kernel_size: int,
    dense_units: int,
    dropout: float,
) -> keras.Model:
    """Conv1D-T: embedding -> 1-D convolution (ReLU) -> global max pooling -> dense -> softmax."""
    tokens = _text_input(max_len, mask_padding)
    x = TokenEmbedding(vocab_size, embedding_dim, embeddings, trainable_embeddings, embedding_matrix)(tokens)
    if mask_padding:
        x = MaskedConvMaxPool(filters, kernel_size, name="pool")(x, tokens)
    else:
        x = layers.Conv1D(filters, kernel_size, activation="relu", name="conv1d")(x)
        x = layers.GlobalMaxPooling1D(name="pool")(x)
    x = layers.Dropout(dropout)(x)
    return keras.Model(tokens, _head(x, dense_units, dropout, n_classes), name="conv1d_text")


def cnn_image(
    *,
    n_classes: int,
    image_size: int,
    image_channels: int,
    filters: list[int],
    kernel_size: int,
    dense_units: int,
    dropout: float,
) -> keras.Model:
    """CNN-I: rescale -> [conv (ReLU) -> 2x2 max pool] per filter count -> flatten -> dense -> softmax."""
    image = _image_input(image_size, image_channels)
    x = _cnn_branch(image, list(filters), kernel_size)
    return keras.Model(image, _head(x, dense_units, dropout, n_classes), name="cnn_image")


def _mlp(x, hidden_units: list[int], dropout: float, n_classes: int) -> keras.KerasTensor:
    for i, units in enumerate(hidden_units):
        x = layers.Dense(units, activation="relu", name=f"dense_{i + 1}")(x)
        x = layers.Dropout(dropout)(x)
    return layers.Dense(n_classes, activation="softmax", name="output")(x)


def _vector_mlp(
    name: str,
    vector_dims: dict[str, int],
    hidden_units: list[int],
    dropout: float,
    n_classes: int,
    head_dropout: bool,
) -> keras.Model:
    """An MLP on one or more float vector inputs (``vector_dims``: input name -> width, concatenated
    in that order), ``head_dropout``: a dropout on the inputs first."""
    inputs = [keras.Input(shape=(dim,), dtype="float32", name=m) for m, dim in vector_dims.items()]
    x = inputs[0] if len(inputs) == 1 else layers.Concatenate(name="vectors")(inputs)
    if head_dropout:
        x = layers.Dropout(dropout)(x)
    return keras.Model(
        inputs[0] if len(inputs) == 1 else inputs, _mlp(x, hidden_units, dropout, n_classes), name=name
    )


def embedding_mlp(
    *, n_classes: int, vector_dims: dict[str, int], hidden_units: list[int], dropout: float
) -> keras.Model:
    """MLP-E: [dense (ReLU) -> dropout] per hidden layer -> softmax, on a sentence embedding."""
    return _vector_mlp("embedding_mlp", vector_dims, hidden_units, dropout, n_classes, head_dropout=False)


def lexicon_mlp(
    *, n_classes: int, vector_dims: dict[str, int], hidden_units: list[int], dropout: float
) -> keras.Model:
    """MLP-L: MLP-E's layers on a meme's lexicon sentiment scores (VADER's compound, pos, neu, neg)."""
    return _vector_mlp("lexicon_mlp", vector_dims, hidden_units, dropout, n_classes, head_dropout=False)


def embedding_lexicon_mlp(
    *, n_classes: int, vector_dims: dict[str, int], hidden_units: list[int], dropout: float
) -> keras.Model:
    """MLP-EL: MLP-E's layers on the sentence embedding and the lexicon scores, concatenated."""
    return _vector_mlp(
        "embedding_lexicon_mlp", vector_dims, hidden_units, dropout, n_classes, head_dropout=False
    )


def feature_head(
    *, n_classes: int, vector_dims: dict[str, int], hidden_units: list[int], dropout: float
) -> keras.Model:
    """A classification head on a CNN-I's or CNN-LSTM-TI's penultimate-layer features: dropout ->
    [dense (ReLU) -> dropout] per hidden layer -> softmax (no hidden layer: the source model's own head)."""
    return _vector_mlp("feature_head", vector_dims, hidden_units, dropout, n_classes, head_dropout=True)


def cnn_lstm_fusion(
    *,
    n_classes: int,
    vocab_size: int,
    max_len: int,
    mask_padding: bool,
    image_size: int,
    image_channels: int,
    embedding_matrix: np.ndarray | None,
    embedding_dim: int,
    embeddings: str,
    trainable_embeddings: bool,
    lstm_units: int,
    filters: list[int],
    kernel_size: int,
    branch_units: int,
    dense_units: int,
    dropout: float,
) -> keras.Model:
    """CNN-LSTM-TI: LSTM and CNN branches each end in a ``branch_units`` dense layer, concatenated."""
    tokens, image = _text_input(max_len, mask_padding), _image_input(image_size, image_channels)
    embed = TokenEmbedding(vocab_size, embedding_dim, embeddings, trainable_embeddings, embedding_matrix)
    text = _lstm_branch(tokens, embed, lstm_units, dropout, mask_padding)
    text = layers.Dense(branch_units, activation="relu", name="text_dense")(text)
    vision = _cnn_branch(image, list(filters), kernel_size)
    vision = layers.Dense(branch_units, activation="relu", name="image_dense")(vision)
    joint = layers.Concatenate(name="fusion")([text, vision])
    joint = layers.Dropout(dropout)(joint)
    return keras.Model([tokens, image], _head(joint, dense_units, dropout, n_classes), name="cnn_lstm_fusion")


BUILDERS: dict[str, Callable[..., keras.Model]] = {
    "lstm_text": lstm_text,
    "conv1d_text": conv1d_text,
    "cnn_image": cnn_image,
    "cnn_lstm_fusion": cnn_lstm_fusion,
    "embedding_mlp": embedding_mlp,
    "feature_head": feature_head,
    "lexicon_mlp": lexicon_mlp,
    "embedding_lexicon_mlp": embedding_lexicon_mlp,
}


def build_model(
    architecture: str,
    *,
    n_classes: int,
    vocab_size: int | None = None,
    max_len: int | None = None,
    image_size: int | None = None,
    image_channels: int = 3,
    vector_dims: dict[str, int] | None = None,
    mask_padding: bool = False,
    embedding_matrix: np.ndarray | None = None,
    **sizes: object,
) -> keras.Model:
    """Build a named architecture with ``n_classes`` softmax outputs from the data dimensions its
    inputs need and its sizes (``mask_padding``: the text models for length-bucketed batches; False
    is the paper's; ``image_channels``: 3 (RGB, the paper's) or 1 (grey-scale); ``vector_dims``: the
    width of each vector input, e.g. a text embedding or image features; ``embedding_matrix``: the
    initial rows of a text model's embedding layer with ``embeddings: glove``)."""
    inputs = ARCHITECTURES[architecture]
    dims: dict[str, object] = {"n_classes": n_classes}
    if "tokens" in inputs:
        dims.update(
            vocab_size=vocab_size,
            max_len=max_len,
            mask_padding=mask_padding,
            embedding_matrix=embedding_matrix,
        )
    if "image" in inputs:
        dims.update(image_size=image_size, image_channels=image_channels)
    if vector_inputs(architecture):
        dims["vector_dims"] = {m: vector_dims[m] for m in vector_inputs(architecture)}
    return BUILDERS[architecture](**dims, **sizes)


def build_multi_head(architecture: str, *, heads: dict[str, int], **dims: object) -> keras.Model:
    """``architecture`` (``build_model``'s dimensions and sizes) as one shared encoder with one
    softmax head per problem (``heads``: output name -> class count) on the input of its output
    layer, so every head sees the same representation (after the architecture's own dropout)."""
    base = build_model(architecture, n_classes=2, **dims)
    shared = base.get_layer("output").input
    outputs = {name: layers.Dense(k, activation="softmax", name=name)(shared) for name, k in heads.items()}
    return keras.Model(base.inputs, outputs, name=f"{base.name}_multi_head")
