"""Training-input benchmark for one architecture, in its own process; prints one JSON line.

Two ways of feeding the same architecture, timed epoch by epoch, alternating so that load from
other processes hits both alike (warm-up epoch of each first, excluded):

``ours``: the workflow's path: ``make_dataset(split, batch_size, shuffle_seed)`` over a
``SplitInputs`` whose images are an ``np.load(mmap_mode='r')`` uint8 array; the model (from
``build_model``) scales them by 1/255 in its Rescaling layer. Compiled as
``memotion_gmm.training.fit`` compiles.
``preloaded``: the paper's path: Keras ``model.fit(x, y, batch_size, shuffle=True)`` on arrays
held in memory, images as float32 already divided by 255, fed to the same architecture built
without the Rescaling layer (same layers and weight count). Text models get the same int32
token array both ways.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
from cpuload import Window


def rss_mb() -> dict[str, float]:
    """RssAnon, RssFile, VmRSS and VmHWM (peak RSS since exec) of this process in MB (Linux /proc)."""
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("RssAnon:", "RssFile:", "VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) / 1024
    return out


def paper_cnn(n_classes: int, image_size: int, filters, kernel_size: int, dense_units: int, dropout: float):
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
    out = layers.Dense(n_classes, activation="softmax", name="output")(x)
    return keras.Model(image, out, name="cnn_image_paper")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", choices=["cnn_image", "lstm_text"], required=True)
    ap.add_argument("--images", help="uint8 (N, S, S, 3) .npy")
    ap.add_argument("--tokens", help="int32 (N, L) .npy")
    ap.add_argument("--labels", required=True, help=".npy of class names")
    ap.add_argument("--classes", required=True, help="the classes in order, comma-separated")
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--rounds", type=int, default=2, help="measured epochs of each path")
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

    n, sizes, bs = args.rows, json.loads(args.sizes), args.batch_size
    labels = np.load(args.labels, allow_pickle=True)[:n]
    classes = args.classes.split(",")
    y = np.eye(len(classes), dtype=np.float32)[[classes.index(c) for c in labels]]
    anon = {}

    # ours: memory-mapped uint8 images (or int32 tokens) behind the workflow's PyDataset
    a0 = rss_mb()["RssAnon"]
    if args.arch == "cnn_image":
        images = np.load(args.images, mmap_mode="r")[:n]
        ours_inputs = {"image": images}
    else:
        tokens = np.load(args.tokens)[:n]
        ours_inputs = {"tokens": tokens}
    anon["ours_load"] = rss_mb()["RssAnon"] - a0
    split = SplitInputs("train", np.arange(n), np.arange(n).astype(str), labels, ours_inputs)
    ours_data = make_dataset(split, bs, classes, shuffle_seed=1)

    # preloaded: the paper's float32 copy scaled to [0, 1] (tokens as they are)
    a0 = rss_mb()["RssAnon"]
    if args.arch == "cnn_image":
        x = np.empty(images.shape, np.float32)
        np.divide(images, np.float32(255), out=x)
        base_inputs = {"image": x}
    else:
        base_inputs = {"tokens": tokens}
    anon["preloaded_load"] = rss_mb()["RssAnon"] - a0

    def model(mode):
        keras.utils.set_random_seed(1)
        if args.arch == "lstm_text":
            m = build_model(
                "lstm_text",
                n_classes=len(classes),
                vocab_size=int(tokens.max()) + 1,
                max_len=tokens.shape[1],
                **sizes,
            )
        elif mode == "ours":
            m = build_model("cnn_image", n_classes=len(classes), image_size=images.shape[1], **sizes)
        else:
            m = paper_cnn(len(classes), images.shape[1], **sizes)
        m.compile(
            optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"]
        )
        return m

    models = {"ours": model("ours"), "preloaded": model("preloaded")}
    assert models["ours"].count_params() == models["preloaded"].count_params()

    def epoch(mode) -> tuple[float, float]:
        """(the epoch's seconds as the workflow's EpochTimer saw them, cores other processes used)."""
        a0 = rss_mb()["RssAnon"]
        with Window() as w:
            if mode == "ours":
                history = models[mode].fit(ours_data, epochs=1, verbose=0, callbacks=[_epoch_timer()])
            else:
                history = models[mode].fit(
                    base_inputs,
                    y,
                    batch_size=bs,
                    epochs=1,
                    shuffle=True,
                    verbose=0,
                    callbacks=[_epoch_timer()],
                )
        anon.setdefault(f"{mode}_first_fit", rss_mb()["RssAnon"] - a0)
        return history.history["seconds"][0], w.others

    seconds, others = {"ours": [], "preloaded": []}, {"ours": [], "preloaded": []}
    warmup = {mode: epoch(mode)[0] for mode in ("ours", "preloaded")}
    for r in range(args.rounds):
        for mode in ("ours", "preloaded") if r % 2 == 0 else ("preloaded", "ours"):
            took, busy = epoch(mode)
            seconds[mode].append(took)
            others[mode].append(busy)
    image_bytes = {
        k: int(v["image"].nbytes) if "image" in v else 0
        for k, v in (("ours", ours_inputs), ("preloaded", base_inputs))
    }
    json.dump(
        {
            "arch": args.arch,
            "rows": n,
            "batch_size": bs,
            "warmup_seconds": warmup,
            "epoch_seconds": seconds,
            "others": others,
            "params": int(models["ours"].count_params()),
            "image_bytes": image_bytes,
            "anon_mb": anon,
            "peak_rss_mb": rss_mb()["VmHWM"],
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
