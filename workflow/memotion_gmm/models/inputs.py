"""Loading one split's model inputs and streaming them to Keras without float copies.

Token ids come from the sequences parquet, text embeddings and images from the split's ``.npy``
(images opened as a memory map); a Keras ``PyDataset`` gathers each batch by index (Keras
prefetches it: through ``tf.data`` on TensorFlow, worker threads elsewhere), so the model gets
uint8 images batch by batch and the host never holds a float32 copy of a split. It works on every
Keras 3 backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.artifacts import load_rows
from ..core.errors import InputError
from ..text.sequences import read_tokens
from .architectures import IMAGE_INPUTS


@dataclass
class SplitInputs:
    """One split's rows: ids, labels (None where unlabelled) and named model inputs; a multi-head
    model's rows carry ``heads`` too (output name -> that problem's labels)."""

    name: str
    meme_ids: np.ndarray
    image_names: np.ndarray
    labels: np.ndarray
    inputs: dict[str, np.ndarray]
    heads: dict[str, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.meme_ids)

    @property
    def labelled(self) -> bool:
        return len(self) > 0 and all(lab is not None for lab in self.labels)

    def with_labels(self) -> SplitInputs:
        """Only the rows with a label (a meme without a class of this problem is not trained or
        validated on)."""
        keep = np.array([lab is not None for lab in self.labels], dtype=bool)
        return self if keep.all() else self.subset(keep)

    def one_hot(self, classes) -> np.ndarray | dict[str, np.ndarray]:
        """The labels as one-hot rows over ``classes`` (their order); with ``classes`` a dict (output
        name -> classes), each head's labels so."""
        if isinstance(classes, dict):
            return {h: _one_hot(self.heads[h], c) for h, c in classes.items()}
        return _one_hot(self.labels, classes)

    def subset(self, keep: np.ndarray) -> SplitInputs:
        """The rows ``keep`` selects (a boolean mask, or positions, repeats allowed), every input
        and head following."""
        return SplitInputs(
            self.name,
            self.meme_ids[keep],
            self.image_names[keep],
            self.labels[keep],
            {k: np.asarray(v[keep]) for k, v in self.inputs.items()},
            None if self.heads is None else {h: v[keep] for h, v in self.heads.items()},
        )


def _one_hot(labels: np.ndarray, classes) -> np.ndarray:
    index = {c: i for i, c in enumerate(classes)}
    return np.eye(len(index), dtype=np.float32)[[index[lab] for lab in labels]]


SPLIT_COLUMNS = ["split", "meme_id", "image_name", "has_image", "label"]
"""The memes-table columns ``load_split`` reads (a training job loads no texts or paths)."""


def load_split(
    name: str,
    memes: pd.DataFrame,
    tokens: Path | None,
    images: Path | None,
    vectors: dict[str, Path] | None = None,
) -> SplitInputs:
    """A split's rows from the memes table, with tokens, images and/or vector inputs (``vectors``:
    input name -> ``.npy``, e.g. ``embedding``) row-aligned to it.

    With ``images`` or ``image_features`` (their rows are the split's ``has_image`` memes), only the
    memes that have an image are loaded, their tokens and other vectors too; otherwise every meme."""
    vectors = vectors or {}
    rows = memes[memes["split"] == name]
    has_image = rows["has_image"].to_numpy(dtype=bool)
    image_only = images is not None or any(m in IMAGE_INPUTS for m in vectors)
    keep = has_image if image_only else np.ones(len(rows), dtype=bool)
    inputs: dict[str, np.ndarray] = {}
    if tokens is not None:
        table, ids = read_tokens(tokens)
        _check_aligned(tokens, table["meme_id"].to_numpy(), rows["meme_id"].to_numpy())
        inputs["tokens"] = ids[keep]
    for modality, path in vectors.items():
        if modality in IMAGE_INPUTS:
            inputs[modality] = load_rows(path, int(has_image.sum()), name, "the job writing it")
        else:
            inputs[modality] = load_rows(path, len(rows), name, "the job writing it")[keep]
    rows = rows[keep]
    if images is not None:
        inputs["image"] = load_rows(images, len(rows), name, "the images rule", "r")
    labels = rows["label"].astype(object).where(rows["label"].notna(), None).to_numpy()
    return SplitInputs(name, rows["meme_id"].to_numpy(), rows["image_name"].to_numpy(), labels, inputs)


def load_balanced(path: Path, modality: str = "tokens") -> SplitInputs:
    """A resampled or balanced training set (real + synthetic rows), its rows as input ``modality``
    (``tokens``, or the vector space's input such as ``embedding``)."""
    table, rows = read_tokens(path)
    return SplitInputs(
        "train",
        table["meme_id"].to_numpy(),
        table["image_name"].to_numpy(),
        table["label"].to_numpy(),
        {modality: rows},
    )


def take_memes(split, meme_ids: np.ndarray):
    """``split`` (a ``SplitInputs``) reordered to the memes ``meme_ids`` (repeats allowed), inputs
    and labels following, so a meme's image goes with its text."""
    pos = pd.Index(split.meme_ids).get_indexer(meme_ids)
    if (pos < 0).any():
        raise InputError(
            f"{int((pos < 0).sum())} resampled memes are not in the {split.name!r} split; "
            "rerun the resample rule"
        )
    return split.subset(pos)


def _check_aligned(path: Path, got: np.ndarray, want: np.ndarray) -> None:
    if len(got) != len(want) or not (got == want).all():
        raise InputError(f"{path}: rows are not aligned with the memes table; rerun the sequences rule")


BUCKET_POOL_BATCHES = 32
"""Bucketed training batches are drawn from pools of this many batches' worth of shuffled rows."""

BUCKET_WIDTH_STEP = 8
"""A bucketed batch's token width is its longest text rounded up to a multiple of this (capped at
``max_len``), so a split has few distinct batch shapes (each one a retrace or an XLA compile)."""


def token_lengths(tokens: np.ndarray) -> np.ndarray:
    """Each pre-padded row's length: its width minus the leading padding (0 for an all-padding row)."""
    real = tokens != 0
    return np.where(real.any(axis=1), tokens.shape[1] - real.argmax(axis=1), 0)


def batch_plan(
    n: int, batch_size: int, rng: np.random.Generator | None, lengths: np.ndarray | None
) -> list[np.ndarray]:
    """Row indices of each batch of one epoch (each batch's indices sorted, for sequential reads).

    Without ``lengths`` (fixed batching), batches are consecutive slices of a permutation drawn from
    ``rng`` (of the row order without one). With ``lengths`` (bucketed), the permuted rows are cut
    into pools of ``BUCKET_POOL_BATCHES`` batches, each pool sorted by length (stably) and sliced into
    batches of similar length, and the batch order is shuffled; without ``rng`` the whole split is
    one pool in length order. Then the batch holding the longest text goes first and the one with
    the shortest longest text second: Keras on TensorFlow fixes a dataset's batch shape from its
    first two batches, so they must differ in width wherever any batches do. Every row appears in
    exactly one batch either way.
    """
    order = rng.permutation(n) if rng is not None else np.arange(n)
    if lengths is None:
        chunks = [order]
    else:
        pool = batch_size * BUCKET_POOL_BATCHES if rng is not None else max(n, 1)
        chunks = [c[np.argsort(lengths[c], kind="stable")] for c in np.split(order, range(pool, n, pool))]
    batches = [np.sort(c[i : i + batch_size]) for c in chunks for i in range(0, len(c), batch_size)]
    if lengths is not None and rng is not None:
        batches = [batches[i] for i in rng.permutation(len(batches))]
    if lengths is not None and batches:
        longest = [lengths[b].max() for b in batches]
        wide, narrow = int(np.argmax(longest)), int(np.argmin(longest))
        if wide != narrow:
            rest = [b for i, b in enumerate(batches) if i not in (wide, narrow)]
            batches = [batches[wide], batches[narrow], *rest]
    return batches


def make_dataset(
    split: SplitInputs,
    batch_size: int,
    classes=None,
    shuffle_seed: int | None = None,
    workers: int = 1,
    bucketed: bool = False,
):
    """A Keras ``PyDataset`` of ``({name: batch}, one_hot)`` with the labels one-hot over ``classes``
    (a dict of output name -> classes: ``{name: one_hot}`` of each head's labels), or of
    ``({name: batch},)`` without ``classes`` (to predict).

    With ``shuffle_seed`` every epoch gets a new ``batch_plan`` drawn from that seed, so the batch
    order is reproducible; it changes only between epochs, when no batch is being fetched. With
    ``bucketed``, batches group texts of similar length and each batch's tokens keep only its own
    width (longest text rounded up to ``BUCKET_WIDTH_STEP``, pre-padding kept); ``row_order``
    (the rows in the order the batches deliver them) maps predictions back to rows.
    """
    import keras

    names = list(split.inputs)
    labels = split.one_hot(classes) if classes is not None else None
    tokens = split.inputs.get("tokens")
    lengths = token_lengths(tokens) if bucketed and tokens is not None else None

    class Batches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__(workers=workers, use_multiprocessing=False, max_queue_size=8)
            self.rng = np.random.default_rng(shuffle_seed) if shuffle_seed is not None else None
            self.batches = batch_plan(len(split), batch_size, self.rng, lengths)

        @property
        def row_order(self) -> np.ndarray:
            return np.concatenate(self.batches) if self.batches else np.zeros(0, dtype=int)

        def __len__(self) -> int:
            return len(self.batches)

        def __getitem__(self, i: int):
            idx = self.batches[i]
            features = {k: np.ascontiguousarray(split.inputs[k][idx]) for k in names}
            if lengths is not None:
                width = -(-max(int(lengths[idx].max()), 1) // BUCKET_WIDTH_STEP) * BUCKET_WIDTH_STEP
                features["tokens"] = np.ascontiguousarray(features["tokens"][:, -width:])
            if labels is None:
                return (features,)
            if isinstance(labels, dict):
                return features, {h: y[idx] for h, y in labels.items()}
            return features, labels[idx]

        def on_epoch_end(self) -> None:
            if self.rng is not None:
                self.batches = batch_plan(len(split), batch_size, self.rng, lengths)

    return Batches()
