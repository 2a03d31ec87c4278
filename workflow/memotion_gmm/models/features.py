"""Penultimate-layer features of a trained CNN-I: the vector space where the paper's future work
fits its mixtures (a Gaussian over learned image features, not over pixels or word ranks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core.errors import InputError

PENULTIMATE = "dense"
"""The CNN-I layer whose output is the features: its dense (ReLU) layer, just before the head's
dropout and softmax."""


def feature_extractor(model_path: Path):
    """The trained CNN-I at ``model_path`` cut at its penultimate layer (a Keras model from images)."""
    import keras

    model = keras.models.load_model(model_path, compile=False)
    if model.name != "cnn_image":
        raise InputError(f"{model_path}: a {model.name!r} model; image features come from a cnn_image run")
    return keras.Model(model.inputs, model.get_layer(PENULTIMATE).output, name="cnn_image_features")


def extract(extractor, images: np.ndarray, batch_size: int) -> np.ndarray:
    """``extractor``'s float32 (N, dim) features of uint8 ``images`` (N, size, size, 3), in row order."""
    width = extractor.output.shape[-1]
    if len(images) == 0:
        return np.zeros((0, width), dtype=np.float32)
    return np.asarray(extractor.predict(images, batch_size=batch_size, verbose=0), dtype=np.float32)
