"""One multi-head training run: a shared encoder with one softmax head per problem, the summed
cross-entropies as its loss, trained once for every problem of its tasks; each problem gets the
run files a separate model's run would have (predictions, history, run record), so every score and
report downstream is the same for both."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.artifacts import read_parquet
from .architectures import VECTOR_INPUTS, reads
from .inputs import SPLIT_COLUMNS, SplitInputs, load_split, make_dataset
from .runtime import configure_backend
from .training import data_dims, fit, initial_embeddings, prediction_frame


def head_name(problem: str) -> str:
    """A problem key ``{task}/{problem}`` as a Keras output name."""
    return problem.replace("/", "_")


@dataclass(frozen=True)
class MultiHeadSpec:
    """One (variant, seed) multi-head run: ``problems`` maps ``{task}/{problem}`` to its classes in
    order; the rest as ``training.RunSpec`` (no remedy: a resampled training set is one problem's)."""

    variant: str
    seed: int
    problems: dict[str, list[str]]
    architecture: str
    sizes: dict
    images: dict | None
    eval_splits: list[str]
    fit: dict
    text_batching: str | None


def with_heads(split: SplitInputs, memes: dict[str, pd.DataFrame]) -> SplitInputs:
    """``split`` with each problem's labels of its memes as ``heads`` (None where a meme has no
    class of that problem)."""
    heads = {}
    for key, table in memes.items():
        labels = table.set_index("meme_id")["label"].reindex(split.meme_ids)
        heads[head_name(key)] = labels.astype(object).where(labels.notna(), None).to_numpy()
    first = next(iter(heads.values()))
    return SplitInputs(split.name, split.meme_ids, split.image_names, first, split.inputs, heads)


def every_label(split: SplitInputs) -> np.ndarray:
    """Which rows have a class of every problem (the rows a multi-head model is fitted on)."""
    return np.all([[lab is not None for lab in v] for v in split.heads.values()], axis=0)


def run_multi_head(spec: MultiHeadSpec, inputs: dict[str, str], outputs: dict, threads: int) -> dict:
    """Fit ``spec``'s model on the training memes with a class of every problem, save it and its
    history, and write each problem's predictions, history and run record (``outputs[key]``: the
    problem's ``predictions``, ``history`` and ``run`` paths; ``outputs["model"]``, ``["history"]`` and
    ``["run"]``: the shared run's). ``inputs`` holds ``{key}/memes`` per problem and the model
    inputs as ``training.run_training`` reads them."""
    start = time.perf_counter()
    device = configure_backend(spec.seed, threads)
    from .builders import build_multi_head

    memes = {k: read_parquet(inputs[f"{k}/memes"], columns=SPLIT_COLUMNS) for k in spec.problems}
    base = next(iter(memes.values()))

    def split_inputs(split: str) -> SplitInputs:
        rows = load_split(
            split,
            base,
            inputs.get(f"tokens_{split}"),
            inputs.get(f"images_{split}"),
            {m: inputs[f"{m}_{split}"] for m in VECTOR_INPUTS if f"{m}_{split}" in inputs},
        )
        return with_heads(rows, memes)

    train = split_inputs("train")
    complete = every_label(train)
    train = train.subset(complete)
    missing = {}
    if reads(spec.architecture, "image"):
        missing = {s: "no images for this split" for s in spec.eval_splits if f"images_{s}" not in inputs}
    evals = {s: split_inputs(s) for s in spec.eval_splits if s not in missing}
    dims = data_dims(spec.architecture, train, inputs.get("vocab"), spec.images)
    matrix, coverage = initial_embeddings(spec.sizes, inputs.get("vocab"), spec.seed)
    bucketed = spec.text_batching == "bucketed"
    heads = {head_name(k): c for k, c in spec.problems.items()}
    model = build_multi_head(
        spec.architecture,
        heads={h: len(c) for h, c in heads.items()},
        mask_padding=bucketed,
        embedding_matrix=matrix,
        **dims,
        **spec.sizes,
    )
    valid = evals["valid"].subset(every_label(evals["valid"])) if "valid" in evals else None
    history = fit(model, train, valid, heads, seed=spec.seed, bucketed=bucketed, **spec.fit)
    model.save(outputs["model"])
    history.to_csv(outputs["history"], index=False)
    probs = {s: _predict(model, split, heads, spec.fit["batch_size"], bucketed) for s, split in evals.items()}
    record = {
        "variant": spec.variant,
        "seed": spec.seed,
        "device": device,
        "multi_head": list(spec.problems),
        "train_rows": len(train),
        "train_rows_without_every_label": int((~complete).sum()),
        "balance": {"method": "none"},
        "parameters": int(model.count_params()),
        "missing_splits": missing,
        **({"glove": coverage} if coverage else {}),
        "train_seconds": round(float(history["seconds"].sum()), 2),
        "total_seconds": round(time.perf_counter() - start, 2),
    }
    for key, classes in spec.problems.items():
        h = head_name(key)
        frames = [prediction_frame(split, split.heads[h], probs[s][h], classes) for s, split in evals.items()]
        pd.concat(frames, ignore_index=True).to_parquet(outputs[key]["predictions"], index=False)
        head_history(history, h).to_csv(outputs[key]["history"], index=False)
        with open(outputs[key]["run"], "w") as fh:
            json.dump(record | {"head": h}, fh, indent=1)
    with open(outputs["run"], "w") as fh:
        json.dump(record, fh, indent=1)
    return record


def head_history(history: pd.DataFrame, head: str) -> pd.DataFrame:
    """One head's columns of a multi-head history under a single model's names (``loss``,
    ``accuracy``, ``val_loss``, ``val_accuracy``), with ``epoch`` and ``seconds``."""
    names = {f"{p}{head}_{m}": f"{p}{m}" for p in ("", "val_") for m in ("loss", "accuracy")}
    return (
        history[["epoch", *[c for c in names if c in history]]]
        .rename(columns=names)
        .assign(seconds=history["seconds"])
    )


def _predict(
    model, split: SplitInputs, heads: dict, batch_size: int, bucketed: bool
) -> dict[str, np.ndarray]:
    """Every head's class probabilities (N, K) for the split's rows, in row order."""
    out = {h: np.zeros((len(split), len(classes)), np.float32) for h, classes in heads.items()}
    if len(split):
        batches = make_dataset(split, batch_size, bucketed=bucketed)
        got = model.predict(batches, verbose=0)
        for h in out:
            out[h][batches.row_order] = got[h]
    return out
