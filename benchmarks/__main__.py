"""Benchmarks of the workflow's stages, each figure measured side by side with a baseline in the
same run. One module per benchmark: images, text, gmm, training, batching, startup.

    python -m benchmarks [SECTION ...] [--real PATH_TO_MEMOTION_DIR] [--quick]
        [--full-demo | --demo-dir DIR] [--workdir DIR]

Generates its own data (memes at ~550 x 590, ~75 % JPEG / ~25 % PNG, and captions shaped like
Memotion's); with ``--real`` the image, text and GMM stages also run on a Memotion 7k folder
(labels.csv + images/) and the training rows use its data instead of the generated data.
Prints a Markdown table: what, ours, baseline, ratio (ours / baseline), target, met, and the
CPU other processes took meanwhile (the figures are only as good as the machine was quiet).
Raw numbers go to WORKDIR/results.json. About 6 minutes on an idle 2-core machine (2-3 with
``--quick``), most of it the demo DAG, run with one seed unless ``--full-demo`` (``--demo-dir``
reads a finished demo run instead).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from . import batching, common, gmm, images, startup, synth, text, training
from .common import LOADS, RAW, ROWS, SENTIMENT, machine, print_table, say

SECTIONS = ("images", "text", "gmm", "training", "batching", "startup")


def real_data(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """Labelled memes of a Memotion 7k folder whose image exists: (text + class, image paths), row-aligned."""
    table = pd.read_csv(path / "labels.csv")
    table["label"] = [SENTIMENT.label(v) for v in table["overall_sentiment"]]
    table["path"] = [str(path / "images" / name) for name in table["image_name"]]
    table = table[table["label"].notna() & table["path"].map(os.path.exists)].reset_index(drop=True)
    texts = pd.DataFrame({"text": table["text_corrected"].fillna("").astype(str), "label": table["label"]})
    return texts, table["path"].tolist()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--real", type=Path, help="a Memotion 7k folder (labels.csv + images/)")
    ap.add_argument(
        "--quick", action="store_true", help="fewer repeats, rows and a smaller demo (about 3 min)"
    )
    ap.add_argument("--full-demo", action="store_true", help="run demo.yaml as is (2 seeds, ~2 min more)")
    ap.add_argument(
        "--demo-dir", type=Path, help="read a finished demo run in this working dir instead of running one"
    )
    ap.add_argument("sections", nargs="*", help=f"benchmarks to run, of {', '.join(SECTIONS)} (default: all)")
    ap.add_argument(
        "--workdir",
        type=Path,
        default=Path("/tmp/memotion-gmm-bench"),
        help="scratch space (generated memes are kept here)",
    )
    args = ap.parse_args()
    only = set(args.sections or SECTIONS)
    if only - set(SECTIONS):
        ap.error(f"unknown benchmarks {sorted(only - set(SECTIONS))}; choose from {', '.join(SECTIONS)}")
    WORK = common.WORK = args.workdir
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "child.err").write_text("")
    start = time.perf_counter()
    n_memes, repeats, rows, rounds = (1000, 1, 500, 1) if args.quick else (1200, 2, 1000, 3)
    uptime_start = subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    say(f"generating {n_memes} memes in {WORK / f'memes{n_memes}'} (kept for later runs)")
    memes, facts = synth.memes(WORK / f"memes{n_memes}", n_memes, workers=os.cpu_count())
    RAW["synthetic_memes"] = facts
    threads = sorted({1, 2, os.cpu_count()})

    # Each section needs the image array / token ids of the one before; those always run, unrecorded.
    array = images.run(
        "synthetic", memes["image_path"].tolist(), 128, repeats, threads, record="images" in only
    )
    texts = synth.texts(7000, 11)
    ids, labels, vocab = text.run("synthetic", texts, 192, 2 if args.quick else 5, record="text" in only)
    if "gmm" in only:
        gmm.run("synthetic", ids, labels, vocab, 500, 3 if args.quick else 9)
    if args.real:
        real_texts, real_files = real_data(args.real)
        real_images = images.run("real", real_files, 128, repeats, [os.cpu_count()], record="images" in only)
        real_ids, real_labels, real_vocab = text.run(
            "real", real_texts, 192, 2 if args.quick else 5, record="text" in only
        )
        if "gmm" in only:
            gmm.run("real", real_ids, real_labels, real_vocab, 500, 3 if args.quick else 9)
    if "training" in only and args.real:
        # training rows on the real data: the first memes' images and texts (row-aligned)
        array = np.load(real_images, mmap_mode="r")
        np.save(WORK / "train_images_real.npy", np.ascontiguousarray(array[:rows]))
        training.run("real", WORK / "train_images_real.npy", real_ids, real_labels, rows, rounds)
    elif "training" in only:
        training.run("synthetic", array, ids, labels, rows, rounds)
    if "batching" in only:
        batching_ids, batching_labels = (real_ids, real_labels) if args.real else (ids, labels)
        batching.run(
            "real" if args.real else "synthetic", batching_ids, batching_labels, 1 if args.quick else 2
        )
    if "startup" in only:
        startup.run(args.demo_dir, "quick" if args.quick else "full" if args.full_demo else "default")

    total = time.perf_counter() - start
    uptime_end = subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    RAW.update(total_seconds=total, uptime_start=uptime_start, uptime_end=uptime_end, rows=ROWS)
    (WORK / "results.json").write_text(json.dumps(RAW, indent=1, default=float))
    print(f"Command: python -m benchmarks {' '.join(sys.argv[1:])}")
    print(f"Machine: {machine()}")
    print(f"Load: start `{uptime_start}`; end `{uptime_end}`")
    m = facts
    print(
        f"Generated memes: {m['n']:,}, mean {m['mean_width']}x{m['mean_height']} px, "
        f"{m['jpeg_share']:.0%} JPEG (mean {m['mean_kb_jpeg']} KB) / PNG (mean {m['mean_kb_png']} KB); "
        f"total run {total / 60:.1f} min\n"
    )
    print_table()
    print(
        "\nother procs' cores: CPU that other processes took during the measurement (average cores busy "
        f"beyond ours, from /proc/stat; this machine has {os.cpu_count()}). "
        "1-minute load average as each section started: " + ", ".join(f"{s} {v:.2f}" for s, v in LOADS)
    )


if __name__ == "__main__":
    main()
