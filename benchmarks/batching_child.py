"""Text batching benchmark: one architecture, one batching mode, in its own process; prints one JSON line.

Trains the workflow's model (``build_model``, ``mask_padding`` for ``bucketed``) through the
workflow's input path (``make_dataset``) for one warm-up epoch and ``--rounds`` measured epochs,
and reports each epoch's seconds (as the workflow's EpochTimer sees them), the CPU other processes
took meanwhile and the process's peak RSS. Run once per mode, so peak memory is each mode's own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
from cpuload import Window
from train_child import rss_mb


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", choices=["lstm_text", "conv1d_text"], required=True)
    ap.add_argument("--mode", choices=["fixed", "bucketed"], required=True)
    ap.add_argument("--tokens", required=True, help="int32 (N, max_len) .npy, pre-padded")
    ap.add_argument("--labels", required=True, help=".npy of class names")
    ap.add_argument("--classes", required=True, help="the classes in order, comma-separated")
    ap.add_argument("--rounds", type=int, default=2, help="measured epochs")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--sizes", default="{}", help="JSON architecture sizes")
    args = ap.parse_args()

    from memotion_gmm.models.runtime import configure_backend

    configure_backend(1, args.threads)
    import keras
    from memotion_gmm.models.builders import build_model
    from memotion_gmm.models.inputs import SplitInputs, make_dataset
    from memotion_gmm.models.training import _epoch_timer

    tokens = np.load(args.tokens)
    labels = np.load(args.labels, allow_pickle=True)
    n, bucketed = len(tokens), args.mode == "bucketed"
    split = SplitInputs(
        "train", np.arange(n).astype(str), np.arange(n).astype(str), labels, {"tokens": tokens}
    )
    classes = args.classes.split(",")
    data = make_dataset(split, args.batch_size, classes, shuffle_seed=1, bucketed=bucketed)
    keras.utils.set_random_seed(1)
    model = build_model(
        args.arch,
        n_classes=len(classes),
        vocab_size=int(tokens.max()) + 1,
        max_len=tokens.shape[1],
        mask_padding=bucketed,
        **json.loads(args.sizes),
    )
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"]
    )

    def epoch() -> tuple[float, float]:
        with Window() as w:
            history = model.fit(data, epochs=1, verbose=0, callbacks=[_epoch_timer()])
        return history.history["seconds"][0], w.others

    warmup = epoch()[0]
    measured = [epoch() for _ in range(args.rounds)]
    widths = [data[i][0]["tokens"].shape[1] for i in range(len(data))]
    json.dump(
        {
            "arch": args.arch,
            "mode": args.mode,
            "rows": n,
            "batch_size": args.batch_size,
            "warmup_seconds": warmup,
            "epoch_seconds": [s for s, _ in measured],
            "others": [o for _, o in measured],
            "mean_batch_width": float(np.mean(widths)),
            "peak_rss_mb": rss_mb()["VmHWM"],
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
