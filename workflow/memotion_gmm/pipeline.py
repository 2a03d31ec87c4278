"""Loading one split's model inputs and streaming them to Keras without float copies.

Token ids come from the sequences parquet, images from the split's ``.npy`` opened as a memory
map; a ``tf.data`` pipeline gathers each batch in a worker thread and prefetches, so the model
gets uint8 images batch by batch and the host never holds a float32 copy of a split.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import CLASSES
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
        array = np.load(images, mmap_mode="r")
        if len(array) != len(rows):
            raise InputError(f"{images}: {len(array)} images for {len(rows)} {name!r} memes; rerun the images rule")
        inputs["image"] = array
    labels = rows["label"].astype(object).where(rows["label"].notna(), None).to_numpy()
    return SplitInputs(name, rows["meme_id"].to_numpy(), rows["image_name"].to_numpy(), labels, inputs)


def load_balanced(path: Path) -> SplitInputs:
    """The GMM-balanced training set (real + synthetic token sequences)."""
    table, ids = read_tokens(path)
    return SplitInputs("train", table["meme_id"].to_numpy(), table["image_name"].to_numpy(),
                       table["label"].to_numpy(), {"tokens": ids})


def _check_aligned(path: Path, got: np.ndarray, want: np.ndarray) -> None:
    if len(got) != len(want) or not (got == want).all():
        raise InputError(f"{path}: rows are not aligned with the memes table; rerun the sequences rule")


def make_dataset(split: SplitInputs, batch_size: int, shuffle_seed: int | None = None, with_labels: bool = True):
    """A ``tf.data.Dataset`` of ``({name: batch}, one_hot)`` (or features only), prefetched.

    Batches are gathered by index from the (memory-mapped) arrays; shuffling uses its own seed,
    so the order is reproducible.
    """
    import tensorflow as tf

    names = list(split.inputs)
    arrays = [split.inputs[k] for k in names]
    if with_labels:
        arrays.append(split.one_hot())
    dtypes = [tf.as_dtype(a.dtype) for a in arrays]

    def gather(idx: np.ndarray) -> list[np.ndarray]:
        return [np.ascontiguousarray(a[idx]) for a in arrays]

    def load(idx):
        batch = tf.numpy_function(gather, [idx], dtypes, stateful=False)
        for tensor, array in zip(batch, arrays):
            tensor.set_shape((None,) + array.shape[1:])
        features = dict(zip(names, batch[: len(names)]))
        return (features, batch[-1]) if with_labels else features

    ds = tf.data.Dataset.range(len(split))
    if shuffle_seed is not None:
        ds = ds.shuffle(len(split), seed=shuffle_seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size).map(load, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    return ds.prefetch(tf.data.AUTOTUNE)
