"""The training input path: epoch throughput of CNN-I and LSTM-T fed by the workflow's PyDataset
over memory-mapped uint8 arrays, against the paper's preloaded float32 arrays."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from . import common
from .common import HERE, PAPER, RAW, SENTIMENT, child, row, say


def run(tag: str, images: Path, ids: np.ndarray, labels: np.ndarray, rows: int, rounds: int) -> None:
    """Epoch throughput of both input paths for CNN-I and LSTM-T (LSTM-T, 4x cheaper, gets 2x the rounds).

    The figure is each path's fastest measured epoch: on this 2-vCPU machine TensorFlow epochs
    fall into a fast and a ~25 % slower mode at random (either path, other processes idle),
    so a median of a few epochs says more about luck than about the input path.

    ``rows`` should not be a multiple of the batch size, as almost no real split is: Keras'
    array path then has a partial last batch and traces the model for a dynamic batch size,
    as the PyDataset path always does (Keras gives PyDataset batches a batch axis of None).
    With full batches only it traces a static batch of 32, and LSTM-T runs faster for it.
    """
    models = PAPER["models"]
    np.save(common.WORK / "train_tokens.npy", ids[:rows])
    np.save(common.WORK / "train_labels.npy", labels[:rows], allow_pickle=True)
    for arch, name, n_rounds in (("cnn_image", "CNN-I", rounds), ("lstm_text", "LSTM-T", 2 * rounds)):
        say(
            f"training input ({tag}): {name}, {rows} rows, 1 warm-up + {n_rounds} measured epochs per path",
            f"{name} {tag}",
        )
        cmd = [
            str(HERE / "train_child.py"),
            "--arch",
            arch,
            "--labels",
            str(common.WORK / "train_labels.npy"),
            "--classes",
            ",".join(SENTIMENT.classes),
            "--rows",
            str(rows),
            "--rounds",
            str(n_rounds),
            "--sizes",
            json.dumps(models[arch]),
            "--images",
            str(images),
            "--tokens",
            str(common.WORK / "train_tokens.npy"),
        ]
        res = child(cmd, 480)
        RAW[f"train_{arch}_{tag}"] = res
        fastest = {m: int(np.argmin(res["epoch_seconds"][m])) for m in ("ours", "preloaded")}
        ours, base = (rows / res["epoch_seconds"][m][i] for m, i in fastest.items())
        others = tuple(res["others"][m][i] for m, i in fastest.items())
        row(
            f"Training input path, {tag}: {name} epoch, {rows:,} rows, batch {res['batch_size']} "
            f"(best of {n_rounds})",
            ours,
            base,
            "samples/s",
            ">= 0.95x",
            ours >= 0.95 * base,
            1,
            others,
        )
        if arch == "cnn_image":
            held = res["image_bytes"]
            row(
                f"Training input path, {tag}: image data held for {rows:,} memes at 128px "
                "(uint8 memmap vs float32 array)",
                held["ours"] / 2**20,
                held["preloaded"] / 2**20,
                "MB",
                "<= 0.25x (~4x less)",
                held["ours"] <= 0.26 * held["preloaded"],
                0,
            )
