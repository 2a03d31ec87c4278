"""One training run: fit a model on a training split, keep its history, predict every split."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.artifacts import read_parquet
from ..core.errors import InputError
from ..resampling.remedies import SYNTHETIC, class_weights
from ..text.tokenizer import WordTokenizer
from .architectures import ARCHITECTURES, VECTOR_INPUTS, needs_images, reads, vector_inputs
from .inputs import SPLIT_COLUMNS, SplitInputs, load_balanced, load_split, make_dataset, take_memes
from .runtime import configure_backend

log = logging.getLogger(__name__)


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
    classes,
    *,
    epochs: int,
    batch_size: int,
    learning_rate: float,
    seed: int,
    bucketed: bool,
    class_weight: dict[int, float] | None = None,
) -> pd.DataFrame:
    """Compile (Adam, categorical cross-entropy over ``classes``) and fit; returns the per-epoch history.
    With ``classes`` a dict (output name -> classes) the model has one head per name, each with its
    cross-entropy (the loss is their sum) and accuracy.

    ``bucketed``: batches of similar text length, each as wide as its longest text (the model must
    be built with ``mask_padding``). ``class_weight`` ({class index: weight}) weights the loss, as
    Keras does."""
    import keras

    metrics = {h: ["accuracy"] for h in classes} if isinstance(classes, dict) else ["accuracy"]
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate), loss="categorical_crossentropy", metrics=metrics
    )
    labelled_valid = valid is not None and valid.labelled
    val = make_dataset(valid, batch_size, classes, bucketed=bucketed) if labelled_valid else None
    history = model.fit(
        make_dataset(train, batch_size, classes, shuffle_seed=seed, bucketed=bucketed),
        validation_data=val,
        epochs=epochs,
        verbose=2,
        callbacks=[_epoch_timer()],
        class_weight=class_weight,
    )
    frame = pd.DataFrame(history.history)
    frame.insert(0, "epoch", np.arange(1, len(frame) + 1))
    return frame


def predict(model, split: SplitInputs, batch_size: int, bucketed: bool, classes) -> pd.DataFrame:
    """Class probabilities (``prob_{class}`` per class of ``classes``) and the predicted class for
    every row of a split, in row order."""
    probs = np.zeros((len(split), len(classes)), dtype=np.float32)
    if len(split):
        batches = make_dataset(split, batch_size, bucketed=bucketed)
        probs[batches.row_order] = model.predict(batches, verbose=0)
    return prediction_frame(split, split.labels, probs, classes)


def prediction_frame(split: SplitInputs, labels: np.ndarray, probs: np.ndarray, classes) -> pd.DataFrame:
    """A split's predictions table: ids, ``labels``, ``prob_{class}`` per class and the predicted class."""
    frame = pd.DataFrame(
        {
            "split": split.name,
            "meme_id": split.meme_ids,
            "image_name": split.image_names,
            "label": labels,
        }
    )
    for cls, values in zip(classes, probs.T):
        frame[f"prob_{cls}"] = values
    frame["prediction"] = [classes[i] for i in np.argmax(probs, axis=1)]
    return frame


def data_dims(architecture: str, train: SplitInputs, vocab: str | None, images: dict | None) -> dict:
    """The data dimensions ``build_model`` takes, read from the training rows: the vocabulary size
    (from ``vocab``) and token width, the image size and channels (the model's first layer takes
    what the arrays hold, and they must hold what ``images``, the ``size`` and ``channels``
    settings, say), the width of a vector input."""
    dims: dict[str, int] = {}
    if reads(architecture, "tokens"):
        dims |= {
            "vocab_size": WordTokenizer.from_json(vocab).vocab_size,
            "max_len": train.inputs["tokens"].shape[1],
        }
    if reads(architecture, "image"):
        shape = train.inputs["image"].shape[1:]
        if shape != (images["size"], images["size"], images["channels"]):
            raise InputError(
                f"training images of shape {shape}, but images.size is {images['size']} and the variant "
                f"reads {images['channels']} channel(s) (images.channels or its channels): "
                "rerun the images rule"
            )
        dims |= {"image_size": shape[0], "image_channels": shape[2]}
    if vector_inputs(architecture):
        dims["vector_dims"] = {m: train.inputs[m].shape[1] for m in vector_inputs(architecture)}
    return dims


def initial_embeddings(sizes: dict, vocab: str | None, seed: int) -> tuple[np.ndarray | None, dict | None]:
    """A text model's initial embedding rows and how many of the vocabulary's words GloVe covers
    (logged; for the run record) with ``embeddings: glove``; (None, None) otherwise (Keras' rows)."""
    if sizes.get("embeddings", "random") != "glove":
        return None, None
    from ..text.glove import embedding_matrix

    tokenizer = WordTokenizer.from_json(vocab)
    matrix, coverage = embedding_matrix(tokenizer.word_index, tokenizer.vocab_size, seed)
    coverage["trainable"] = sizes["trainable_embeddings"]
    log.info(
        "GloVe vectors for %d of the %d training-vocabulary words (%.1f %%); the others start from "
        "seeded random rows; embeddings %s",
        coverage["with_vector"],
        coverage["words"],
        100 * coverage["share"],
        "fine-tuned" if coverage["trainable"] else "frozen",
    )
    return matrix, coverage


@dataclass(frozen=True)
class RunSpec:
    """One (variant, seed) run as the train rule declares it.

    ``balance`` is the variant's remedy: its ``method`` (``remedies.METHODS``) and, for
    ``class_weight``, its ``weights``; ``images`` (the ``size`` and ``channels`` of the arrays the
    model reads) is None for models that read no images;
    ``fit`` holds ``epochs``, ``batch_size`` and ``learning_rate``; ``text_batching`` is ``fixed``
    (every batch ``max_len`` wide, the paper's) or ``bucketed``, and None for models that read no
    tokens; ``classes`` are the problem's, in order (the model's outputs).
    """

    variant: str
    seed: int
    classes: tuple[str, ...]
    architecture: str
    sizes: dict
    balance: dict
    images: dict | None
    eval_splits: list[str]
    fit: dict
    text_batching: str | None


def run_training(spec: RunSpec, inputs: dict[str, str], outputs: dict[str, str], threads: int) -> dict:
    """Fit ``spec``'s model, save it, its history and every split's predictions; returns the run
    record also written to ``outputs["run"]``.

    ``inputs`` holds ``memes``, ``vocab`` and ``tokens_{split}`` for models that read tokens,
    ``embedding_{split}`` for models that read text embeddings, ``images_{split}`` or
    ``image_features_{split}`` for each split with images (models that read either skip the other
    splits and record why, and train and predict only on memes that have an image), and
    ``resampled_train`` for a remedy that makes data: the training set itself for synthetic ones
    (models with one token or vector input), the meme ids to train on for random oversampling.
    """
    start = time.perf_counter()
    device = configure_backend(spec.seed, threads)
    from .builders import build_model  # Keras, after the backend is configured

    backend_ready = time.perf_counter()
    memes = read_parquet(inputs["memes"], columns=SPLIT_COLUMNS)

    def split_inputs(split: str) -> SplitInputs:
        return load_split(
            split,
            memes,
            inputs.get(f"tokens_{split}"),
            inputs.get(f"images_{split}"),
            {m: inputs[f"{m}_{split}"] for m in VECTOR_INPUTS if f"{m}_{split}" in inputs},
        )

    method = spec.balance["method"]
    without_image = 0
    if method in SYNTHETIC:  # only models with one token or vector input take synthetic rows
        (modality,) = ARCHITECTURES[spec.architecture]
        train = load_balanced(inputs["resampled_train"], modality)
    else:
        train = split_inputs("train").with_labels()
        if "resampled_train" in inputs:
            ids = load_balanced(inputs["resampled_train"]).meme_ids
            if needs_images(spec.architecture):  # its split holds only memes with images
                with_image = np.isin(ids, train.meme_ids)
                without_image = int((~with_image).sum())
                ids = ids[with_image]
                log.info(
                    "%d resampled training rows have no image; %s skips them", without_image, spec.variant
                )
            train = take_memes(train, ids)
    classes = list(spec.classes)
    weights = (
        class_weights(train.labels, spec.balance["weights"], classes) if method == "class_weight" else None
    )
    missing = {}
    if needs_images(spec.architecture):  # a split without images has neither images nor image features
        key = "images" if reads(spec.architecture, "image") else "image_features"
        missing = {s: "no images for this split" for s in spec.eval_splits if f"{key}_{s}" not in inputs}
    evals = {s: split_inputs(s) for s in spec.eval_splits if s not in missing}
    dims = data_dims(spec.architecture, train, inputs.get("vocab"), spec.images)
    matrix, coverage = initial_embeddings(spec.sizes, inputs.get("vocab"), spec.seed)
    bucketed = spec.text_batching == "bucketed"
    model = build_model(
        spec.architecture,
        n_classes=len(classes),
        mask_padding=bucketed,
        embedding_matrix=matrix,
        **dims,
        **spec.sizes,
    )
    model.summary(print_fn=log.info)
    setup_seconds = time.perf_counter() - start
    backend_seconds = backend_ready - start

    history = fit(
        model,
        train,
        evals["valid"].with_labels() if "valid" in evals else None,
        classes,
        seed=spec.seed,
        bucketed=bucketed,
        class_weight=weights,
        **spec.fit,
    )
    model.save(outputs["model"])
    history.to_csv(outputs["history"], index=False)
    batch_size = spec.fit["batch_size"]
    predictions = pd.concat(
        [predict(model, split, batch_size, bucketed, classes) for split in evals.values()], ignore_index=True
    )
    predictions.to_parquet(outputs["predictions"], index=False)
    run = {
        "variant": spec.variant,
        "seed": spec.seed,
        "device": device,
        "train_rows": len(train),
        "train_rows_without_image": without_image,
        "balance": spec.balance | ({"class_weight": weights} if weights else {}),
        "parameters": int(model.count_params()),
        "missing_splits": missing,
        **({"glove": coverage} if coverage else {}),
        "setup_seconds": round(setup_seconds, 2),
        "backend_seconds": round(backend_seconds, 2),
        "train_seconds": round(float(history["seconds"].sum()), 2),
        "total_seconds": round(time.perf_counter() - start, 2),
    }
    with open(outputs["run"], "w") as fh:
        json.dump(run, fh, indent=1)
    return run
