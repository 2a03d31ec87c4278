"""One training run: fit a model on a training split, keep its history, predict every split."""

from __future__ import annotations

import logging
import time

import numpy as np
import pandas as pd

from . import CLASSES
from .pipeline import SplitInputs, make_dataset

log = logging.getLogger(__name__)

PROB_COLUMNS = [f"prob_{c}" for c in CLASSES]


def _epoch_timer():
    import keras

    class EpochTimer(keras.callbacks.Callback):
        """Adds ``seconds`` (wall time of the epoch) to each epoch's logs."""

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            logs["seconds"] = time.perf_counter() - self._start

    return EpochTimer()


def fit(
    model,
    train: SplitInputs,
    valid: SplitInputs | None,
    *,
    epochs: int,
    batch_size: int,
    learning_rate: float,
    seed: int,
) -> pd.DataFrame:
    """Compile (Adam, categorical cross-entropy) and fit; returns the per-epoch history."""
    import keras

    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate), loss="categorical_crossentropy", metrics=["accuracy"]
    )
    val = make_dataset(valid, batch_size) if valid is not None and valid.labelled else None
    history = model.fit(
        make_dataset(train, batch_size, shuffle_seed=seed),
        validation_data=val,
        epochs=epochs,
        verbose=2,
        callbacks=[_epoch_timer()],
    )
    frame = pd.DataFrame(history.history)
    frame.insert(0, "epoch", np.arange(1, len(frame) + 1))
    return frame


def predict(model, split: SplitInputs, batch_size: int) -> pd.DataFrame:
    """Class probabilities and the predicted class for every row of a split."""
    probs = (
        model.predict(make_dataset(split, batch_size, with_labels=False), verbose=0)
        if len(split)
        else np.zeros((0, len(CLASSES)))
    )
    frame = pd.DataFrame(
        {
            "split": split.name,
            "meme_id": split.meme_ids,
            "image_name": split.image_names,
            "label": split.labels,
        }
    )
    for col, values in zip(PROB_COLUMNS, np.asarray(probs).T):
        frame[col] = values.astype(np.float32)
    frame["prediction"] = [CLASSES[i] for i in np.argmax(probs, axis=1)] if len(split) else []
    return frame
