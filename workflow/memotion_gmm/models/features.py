"""Penultimate-layer features of a trained CNN-I or CNN-LSTM-TI: the vector space where the paper's
future work fits its mixtures (a Gaussian over learned image or image + text features, not over
pixels or word ranks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core.errors import InputError
from .architectures import FEATURE_SOURCES
from .inputs import SplitInputs, make_dataset

PENULTIMATE = "dense"
"""The layer whose output is the features: the dense (ReLU) layer of the model's head, just before
its dropout and softmax (CNN-I's and CNN-LSTM-TI's alike)."""


def feature_extractor(model_path: Path):
    """The trained model at ``model_path`` (one of ``FEATURE_SOURCES``) cut at its penultimate layer
    (a Keras model from the same inputs)."""
    import keras

    model = keras.models.load_model(model_path, compile=False)
    if model.name not in FEATURE_SOURCES:
        sources = " or ".join(FEATURE_SOURCES)
        raise InputError(f"{model_path}: a {model.name!r} model; image features come from a {sources} run")
    return keras.Model(model.inputs, model.get_layer(PENULTIMATE).output, name=f"{model.name}_features")


def check_image_channels(model, images: np.ndarray, where: str) -> None:
    """Refuse image arrays whose channel count is not the one ``model``'s image input was built for."""
    (image_input,) = [t for t in model.inputs if t.name == "image"] or [None]
    if image_input is not None and images.shape[-1] != image_input.shape[-1]:
        raise InputError(
            f"{where}: {images.shape[-1]}-channel images for a model built on "
            f"{image_input.shape[-1]}-channel ones; the images.channels (or the variant's channels) "
            "setting changed since it was trained: rerun its train job"
        )


def extract(extractor, split: SplitInputs, batch_size: int) -> np.ndarray:
    """``extractor``'s float32 (N, dim) features of ``split``'s rows (its uint8 images, and its tokens
    for a fusion model), in row order."""
    width = extractor.output.shape[-1]
    if len(split) == 0:
        return np.zeros((0, width), dtype=np.float32)
    if "image" in split.inputs:
        check_image_channels(extractor, split.inputs["image"], f"{split.name!r} split")
    batches = make_dataset(split, batch_size)
    return np.asarray(extractor.predict(batches, verbose=0), dtype=np.float32)
