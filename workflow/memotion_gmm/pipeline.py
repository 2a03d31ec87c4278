"""Loading one split's model inputs and streaming them to Keras without float copies.

Token ids come from the sequences parquet, images from the split's ``.npy`` opened as a memory
map; a Keras ``PyDataset`` gathers each batch by index (Keras prefetches it: through ``tf.data``
on TensorFlow, worker threads elsewhere), so the model gets uint8 images batch by batch and the
host never holds a float32 copy of a split. It works on every Keras 3 backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import CLASSES
from .artifacts import load_npy
from .errors import InputError
from .sequences import read_tokens


@dataclass
class SplitInputs:
    """One split's rows: ids, labels (None where unlabelled) and named model inputs."""

    name: str
    meme_ids: np.ndarray
    image_names: np.ndarray
    labels: np.ndarray
    inputs: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.meme_ids)

    @property
    def labelled(self) -> bool:
        return len(self) > 0 and all(lab is not None for lab in self.labels)

    def one_hot(self) -> np.ndarray:
        ids = np.array([CLASSES.index(lab) for lab in self.labels])
        return np.eye(len(CLASSES), dtype=np.float32)[ids]


def load_split(name: str, memes: pd.DataFrame, tokens: Path | None, images: Path | None) -> SplitInputs:
    """A split's rows from the memes table, with tokens and/or images row-aligned to it."""
    rows = memes[memes["split"] == name]
    inputs: dict[str, np.ndarray] = {}
    if tokens is not None:
        table, ids = read_tokens(tokens)
        _check_aligned(tokens, table["meme_id"].to_numpy(), rows["meme_id"].to_numpy())
        inputs["tokens"] = ids
    if images is not None:
        array = load_npy(images, mmap_mode="r")
        if len(array) != len(rows):
            raise InputError(
                f"{images}: {len(array)} images for {len(rows)} {name!r} memes; rerun the images rule"
            )
        inputs["image"] = array
    labels = rows["label"].astype(object).where(rows["label"].notna(), None).to_numpy()
    return SplitInputs(name, rows["meme_id"].to_numpy(), rows["image_name"].to_numpy(), labels, inputs)


def load_balanced(path: Path) -> SplitInputs:
    """The GMM-balanced training set (real + synthetic token sequences)."""
    table, ids = read_tokens(path)
    return SplitInputs(
        "train",
        table["meme_id"].to_numpy(),
        table["image_name"].to_numpy(),
        table["label"].to_numpy(),
        {"tokens": ids},
    )


def _check_aligned(path: Path, got: np.ndarray, want: np.ndarray) -> None:
    if len(got) != len(want) or not (got == want).all():
        raise InputError(f"{path}: rows are not aligned with the memes table; rerun the sequences rule")


def make_dataset(
    split: SplitInputs,
    batch_size: int,
    shuffle_seed: int | None = None,
    with_labels: bool = True,
    workers: int = 1,
):
    """A Keras ``PyDataset`` of ``({name: batch}, one_hot)`` (or ``({name: batch},)``).

    With ``shuffle_seed`` every epoch sees a new permutation drawn from that seed, so the batch
    order is reproducible; it changes only between epochs, when no batch is being fetched.
    """
    import keras

    names = list(split.inputs)
    labels = split.one_hot() if with_labels else None

    class Batches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__(workers=workers, use_multiprocessing=False, max_queue_size=8)
            self.rng = np.random.default_rng(shuffle_seed) if shuffle_seed is not None else None
            self.order = self.rng.permutation(len(split)) if self.rng else np.arange(len(split))

        def __len__(self) -> int:
            return -(-len(split) // batch_size)

        def __getitem__(self, i: int):
            idx = np.sort(self.order[i * batch_size : (i + 1) * batch_size])  # sorted: sequential reads
            features = {k: np.ascontiguousarray(split.inputs[k][idx]) for k in names}
            return (features, labels[idx]) if labels is not None else (features,)

        def on_epoch_end(self) -> None:
            if self.rng is not None:
                self.order = self.rng.permutation(len(split))

    return Batches()
