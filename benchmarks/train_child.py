"""One training-input benchmark, run in its own process: a few epochs, timed epoch by epoch.

``ours``: the workflow's path, ``memotion_gmm.training.fit`` over ``make_dataset`` on a
``SplitInputs`` whose images are an ``np.load(mmap_mode='r')`` uint8 array (the model scales
them by 1/255 in its Rescaling layer).
``preloaded``: the paper's path, Keras ``model.fit(x, y, batch_size, shuffle=True)`` on arrays
held in memory, images as float32 already divided by 255, fed to the same architecture built
without the Rescaling layer (same layers, same weights count, same seed).

Prints one JSON line: per-epoch seconds, bytes of image data held, RSS facts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402


def rss_mb() -> dict[str, float]:
    """Current RssAnon / RssFile of this process in MB (Linux /proc)."""
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("RssAnon:", "RssFile:", "VmRSS:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) / 1024
    return out


def paper_cnn(image_size: int, filters, kernel_size: int, dense_units: int, dropout: float):
    """CNN-I as the paper fed it: float32 input already in [0, 1], so no Rescaling layer."""
    import keras
    from keras import layers

    image = keras.Input(shape=(image_size, image_size, 3), dtype="float32", name="image")
    x = image
    for i, f in enumerate(filters):
        x = layers.Conv2D(f, kernel_size, padding="same", activation="relu", name=f"conv{i + 1}")(x)
        x = layers.MaxPooling2D(2, name=f"pool{i + 1}")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(dense_units, activation="relu", name="dense")(x)
    x = layers.Dropout(dropout)(x)
    out = layers.Dense(3, activation="softmax", name="output")(x)
    return keras.Model(image, out, name="cnn_image_paper")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", choices=["cnn_image", "lstm_text"], required=True)
    ap.add_argument("--mode", choices=["ours", "preloaded"], required=True)
    ap.add_argument("--images", help="uint8 (N, S, S, 3) .npy")
    ap.add_argument("--tokens", help="int32 (N, L) .npy")
    ap.add_argument("--labels", required=True, help=".npy of class names")
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--epochs", type=int, required=True, help="including the warm-up epoch")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--sizes", default="{}", help="JSON architecture sizes")
    args = ap.parse_args()

    from memotion_gmm.runtime import configure_backend

    configure_backend(1, args.threads)
    import keras

    from memotion_gmm.models import build_model
    from memotion_gmm.pipeline import SplitInputs
    from memotion_gmm.training import _epoch_timer, fit

    n, sizes = args.rows, json.loads(args.sizes)
    labels = np.load(args.labels, allow_pickle=True)[:n]
    before = rss_mb()
    if args.arch == "cnn_image":
        images = np.load(args.images, mmap_mode="r")[:n]
        size = images.shape[1]
        if args.mode == "ours":
            inputs = {"image": images}
            model = build_model("cnn_image", image_size=size, **sizes)
        else:
            x = np.empty(images.shape, np.float32)  # the paper's float32 copy, scaled to [0, 1]
            np.divide(images, np.float32(255), out=x)
            inputs = {"image": x}
            model = paper_cnn(size, **sizes)
    else:
        tokens = np.load(args.tokens)[:n]
        inputs = {"tokens": tokens}
        model = build_model("lstm_text", vocab_size=int(tokens.max()) + 1, max_len=tokens.shape[1], **sizes)
    image_bytes = int(inputs["image"].nbytes) if "image" in inputs else 0
    loaded = rss_mb()

    if args.mode == "ours":
        split = SplitInputs("train", np.arange(n), np.arange(n).astype(str), labels, inputs)
        history = fit(model, split, None, epochs=args.epochs, batch_size=args.batch_size, learning_rate=1e-3, seed=1)
        seconds = history["seconds"].tolist()
    else:
        from memotion_gmm import CLASSES

        y = np.eye(len(CLASSES), dtype=np.float32)[[CLASSES.index(c) for c in labels]]
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
        history = model.fit(inputs, y, batch_size=args.batch_size, epochs=args.epochs, shuffle=True, verbose=2,
                            callbacks=[_epoch_timer()])
        seconds = list(history.history["seconds"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump({"arch": args.arch, "mode": args.mode, "rows": n, "epoch_seconds": seconds,
               "params": int(model.count_params()), "image_bytes": image_bytes,
               "rss_before_data": before, "rss_after_data": loaded, "rss_end": rss_mb(), "peak_rss_mb": peak},
              sys.stdout)
    print()


if __name__ == "__main__":
    main()
