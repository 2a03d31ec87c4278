"""Benchmarks of the workflow's stages, each figure measured side by side with a baseline.

    python benchmarks/run_benchmarks.py [--real PATH_TO_MEMOTION_DIR] [--quick]
        [--full-demo | --demo-dir DIR] [--only images,text,gmm,training,workflow]

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
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from threadpoolctl import threadpool_limits

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import stages  # noqa: E402  (after the sys.path line above)
import synth  # noqa: E402
import workflow_run  # noqa: E402
from cpuload import Window  # noqa: E402
from memotion_gmm.core.tasks import fold_label  # noqa: E402
from memotion_gmm.pipeline.configuration import load_config  # noqa: E402
from memotion_gmm.resampling.gmm import GMMSettings  # noqa: E402

PAPER = load_config(REPO / "config.yaml")  # the paper's protocol, schema defaults filled in
ROWS: list[dict] = []
RAW: dict = {}
LOADS: list[tuple[str, float]] = []  # (section, 1-minute load average when it started)


def say(msg: str, section: str | None = None) -> None:
    loads = os.getloadavg()
    if section:
        LOADS.append((section, loads[0]))
    print(f"[{time.strftime('%H:%M:%S')}] {msg} (load %.2f %.2f %.2f)" % loads, file=sys.stderr, flush=True)


def row(
    what: str,
    ours: float,
    baseline: float,
    unit: str,
    target: str = "",
    met: bool | None = None,
    digits: int = 1,
    others: tuple[float, float] | None = None,
) -> None:
    """One table row; ``others``: cores other processes kept busy during ours / the baseline."""
    ratio = ours / baseline if baseline else float("nan")
    ROWS.append(
        {
            "what": what,
            "ours": f"{ours:,.{digits}f} {unit}",
            "baseline": f"{baseline:,.{digits}f} {unit}",
            "ratio": f"{ratio:.2f}x",
            "target": target or "(info)",
            "met": "" if met is None else ("yes" if met else "NO"),
            "others": "" if others is None else f"{others[0]:.2f} / {others[1]:.2f}",
        }
    )


def child(cmd: list[str], timeout: float) -> dict:
    """Run a benchmark child; returns its last stdout line as JSON.

    Children report their own peak RSS (VmHWM): getrusage's ru_maxrss of a child still counts
    this (larger) parent's pages, folded in when the child exec'd.
    """
    env = os.environ | {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONHASHSEED": "0"}
    with open(WORK / "child.err", "a") as err:
        proc = subprocess.Popen(
            [sys.executable, *cmd], stdout=subprocess.PIPE, stderr=err, env=env, text=True
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed ({proc.returncode}); see {WORK / 'child.err'}")
    return json.loads(out.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- image stage


def image_stage(
    tag: str, paths: list[str], size: int, repeats: int, thread_counts: list[int], record: bool = True
) -> Path:
    """memes/s and peak RSS of the image job vs the naive loop; returns the job's output array.

    ``record=False`` only writes the array (for the sections that need it).
    """
    out = WORK / f"images_{tag}.npy"
    if not record:
        from memotion_gmm.data.image_arrays import write_image_array

        write_image_array(
            [Path(p) for p in paths], out, size, max(thread_counts), 10**8, [Path(paths[0]).parent]
        )
        return out
    say(f"image stage ({tag}): {len(paths)} files at {size}x{size}", f"images {tag}")
    for p in paths:  # same warm page cache for every run
        Path(p).read_bytes()
    listing = WORK / f"paths_{tag}.txt"
    listing.write_text("\n".join(paths))
    runs = [("naive", 1)] + [("ours", t) for t in thread_counts]
    results: dict[tuple[str, int], list[dict]] = {run: [] for run in runs}

    def measure(mode: str, threads: int) -> None:
        res = child(
            [str(HERE / "image_child.py"), mode, str(listing), str(size), str(threads), str(out)], 300
        )
        results[(mode, threads)].append(res | {"memes_s": res["n"] / res["seconds"]})

    for _ in range(repeats):
        for run in runs:
            measure(*run)
    for run in runs:  # a run whose every try lost over 0.2 cores to other processes gets up to 3 more
        while min(r["others"] for r in results[run]) > 0.2 and len(results[run]) < repeats + 3:
            measure(*run)
    RAW[f"image_{tag}"] = {f"{m}_{t}": v for (m, t), v in results.items()}
    best = {
        run: max(rs, key=lambda r: r["memes_s"]) for run, rs in results.items()
    }  # fastest: least disturbed
    n_all = max(thread_counts)
    ours, naive = best[("ours", n_all)], best[("naive", 1)]
    load = (ours["others"], naive["others"])
    label = f"Image stage, {tag} ({len(paths):,} files -> {size}px), {n_all} threads (all)"
    row(
        f"{label}: memes/s",
        ours["memes_s"],
        naive["memes_s"],
        "memes/s",
        ">= 1.5x",
        ours["memes_s"] >= 1.5 * naive["memes_s"],
        0,
        load,
    )
    rss = [max(r["peak_rss_mb"] for r in results[run]) for run in (("ours", n_all), ("naive", 1))]
    row(f"{label}: peak RSS", rss[0], rss[1], "MB", "<= 0.35x", rss[0] <= 0.35 * rss[1], 0)
    cpu = [
        min(1000 * r["cpu_seconds"] / r["n"] for r in results[run]) for run in (("ours", n_all), ("naive", 1))
    ]
    row(f"{label}: CPU time per meme (all threads)", cpu[0], cpu[1], "ms", digits=2)
    if len(thread_counts) > 1:
        one = best[("ours", 1)]
        row(
            f"Image job scaling, {tag}: 1 thread vs naive loop",
            one["memes_s"],
            naive["memes_s"],
            "memes/s",
            digits=0,
            others=(one["others"], naive["others"]),
        )
        for t in thread_counts[1:]:
            name = f"{t} threads" + (" (all)" if t == n_all else "")
            row(
                f"Image job scaling, {tag}: {name} vs 1 thread",
                best[("ours", t)]["memes_s"],
                one["memes_s"],
                "memes/s",
                digits=0,
                others=(best[("ours", t)]["others"], one["others"]),
            )
    return out


# ----------------------------------------------------------------------------- text + GMM


def text_stage(
    tag: str, texts: pd.DataFrame, max_len: int, repeats: int, record: bool = True
) -> tuple[np.ndarray, np.ndarray, int]:
    """Seconds of the text stage vs the baseline; returns (token ids, labels, vocab size)."""
    memes = stages.memes_table(texts)
    out = WORK / f"text_{tag}"
    out.mkdir(exist_ok=True)
    ids = stages.text_ours(memes, out, max_len)
    vocab = json.loads((out / "vocab.json").read_text())["vocab_size"]
    labels = memes["label"].to_numpy(dtype=object)
    if not record:
        return ids, labels, vocab
    say(f"text stage ({tag}): {len(texts)} texts", f"text {tag}")
    base_ids = stages.text_baseline(memes, out, max_len)
    assert (ids == base_ids).all(), "the baseline tokenizer must give the same sequences"
    with Window() as w:
        ours, base = stages.best_of(
            lambda: stages.text_ours(memes, out, max_len),
            lambda: stages.text_baseline(memes, out, max_len),
            repeats,
        )
    RAW[f"text_{tag}"] = {"ours_s": ours, "baseline_s": base, "texts": len(texts)}
    row(
        f"Text stage, {tag}: fit + encode + write {len(texts):,} texts (max_len {max_len})",
        ours,
        base,
        "s",
        "ours < 2 s",
        ours < 2,
        2,
        (w.others, w.others),
    )
    return ids, labels, vocab


def gmm_stage(tag: str, ids: np.ndarray, labels: np.ndarray, vocab: int, rows: int, repeats: int) -> None:
    settings = GMMSettings.from_config(PAPER["gmm"])
    cls = "negative" if (labels == "negative").sum() >= rows else "neutral"
    x, y = stages.gmm_case(ids, labels, cls, rows)
    needed = int(max(np.unique(y, return_counts=True)[1]) - rows)
    say(f"GMM ({tag}): {rows} x {x.shape[1]} {cls!r} rows, drawing {needed}", f"GMM {tag}")
    # BLAS on one thread, as in the gmm_fit job: Snakemake sets OPENBLAS_NUM_THREADS to a job's
    # threads (1 here). Two BLAS threads on a shared 2-core machine make the 192 x 192 Cholesky
    # up to 100x slower whenever the other core is busy (threads spin waiting for each other).
    with threadpool_limits(limits=1, user_api="blas"), Window() as w:
        ours, base = stages.best_of(
            lambda: stages.gmm_ours(x, y, cls, settings, vocab),
            lambda: stages.gmm_baseline(x, y, cls, settings.seed, vocab),
            repeats,
        )
    RAW[f"gmm_{tag}"] = {
        "ours_s": ours,
        "baseline_s": base,
        "rows": rows,
        "drawn": needed,
        "n_components": settings.n_components,
    }
    row(
        f"GMM, {tag}: fit + sample a {rows} x {x.shape[1]} class (full cov., k={settings.n_components}, "
        f"draw {needed:,}; 1 BLAS thread)",
        ours,
        base,
        "s",
        "ours < 5 s",
        ours < 5,
        3,
        (w.others, w.others),
    )


# ----------------------------------------------------------------------------- training input


def training(tag: str, images: Path, ids: np.ndarray, labels: np.ndarray, rows: int, rounds: int) -> None:
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
    np.save(WORK / "train_tokens.npy", ids[:rows])
    np.save(WORK / "train_labels.npy", labels[:rows], allow_pickle=True)
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
            str(WORK / "train_labels.npy"),
            "--rows",
            str(rows),
            "--rounds",
            str(n_rounds),
            "--sizes",
            json.dumps(models[arch]),
            "--images",
            str(images),
            "--tokens",
            str(WORK / "train_tokens.npy"),
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


# ----------------------------------------------------------------------------- text batching


def text_batching(tag: str, ids: np.ndarray, labels: np.ndarray, rounds: int) -> None:
    """Epoch throughput and peak memory of LSTM-T and Conv1D-T, bucketed vs fixed batches.

    Each (architecture, mode) trains in its own process (its own peak RSS) on every row of
    ``ids`` (pre-padded to max_len), through the workflow's model and input path; the figure is
    each mode's fastest measured epoch.
    """
    np.save(WORK / f"batching_tokens_{tag}.npy", ids)
    np.save(WORK / f"batching_labels_{tag}.npy", labels, allow_pickle=True)
    for arch, name in (("lstm_text", "LSTM-T"), ("conv1d_text", "Conv1D-T")):
        say(
            f"text batching ({tag}): {name}, {len(ids):,} rows, 1 warm-up + {rounds} epochs per mode",
            f"{name} {tag}",
        )
        res = {}
        for mode in ("bucketed", "fixed"):
            cmd = [
                str(HERE / "batching_child.py"),
                "--arch",
                arch,
                "--mode",
                mode,
                "--tokens",
                str(WORK / f"batching_tokens_{tag}.npy"),
                "--labels",
                str(WORK / f"batching_labels_{tag}.npy"),
                "--rounds",
                str(rounds),
                "--sizes",
                json.dumps(PAPER["models"][arch]),
            ]
            res[mode] = child(cmd, 1200)
        RAW[f"batching_{arch}_{tag}"] = res
        best = {m: int(np.argmin(r["epoch_seconds"])) for m, r in res.items()}
        speed = {m: len(ids) / res[m]["epoch_seconds"][i] for m, i in best.items()}
        others = tuple(res[m]["others"][best[m]] for m in ("bucketed", "fixed"))
        width = res["bucketed"]["mean_batch_width"]
        target = 3 if arch == "lstm_text" else None
        row(
            f"Text batching, {tag}: {name} epoch, {len(ids):,} rows, batch 32, "
            f"bucketed (mean width {width:.0f}) vs fixed ({ids.shape[1]}) (best of {rounds})",
            speed["bucketed"],
            speed["fixed"],
            "samples/s",
            f">= {target}x" if target else "(info)",
            speed["bucketed"] >= target * speed["fixed"] if target else None,
            1,
            others,
        )
        row(
            f"Text batching, {tag}: {name} peak RSS, bucketed vs fixed",
            res["bucketed"]["peak_rss_mb"],
            res["fixed"]["peak_rss_mb"],
            "MB",
            "(info)",
            None,
            0,
        )


# ----------------------------------------------------------------------------- workflow

SECTIONS = ("images", "text", "gmm", "training", "batching", "workflow")
DEMO_SIZES = {  # overrides of demo.yaml (900 memes, 4 epochs, 2 seeds: 12 training jobs, ~4 min)
    "quick": {"dataset": {"demo_size": 300}, "training": {"repeats": 1}},
    "default": {"training": {"repeats": 1}},  # 1 seed: 6 training jobs, ~2 min
    "full": {},
}


def workflow(demo_dir: Path | None, size: str) -> None:
    if demo_dir is None:
        overrides = DEMO_SIZES[size]
        demo_dir = WORK / "demo"
        shutil.rmtree(demo_dir, ignore_errors=True)
        say(
            f"demo DAG: snakemake --cores 2 --configfile workflow/configs/demo.yaml {overrides or ''}",
            "demo DAG",
        )
        with Window() as w:
            wall = workflow_run.run_demo(demo_dir, overrides, cores=2)
        facts = workflow_run.analyse(demo_dir, wall) | {"others": w.others}
        what = (
            f"demo DAG (demo.yaml + {yaml.safe_dump(overrides, default_flow_style=True).strip()})"
            if overrides
            else "demo DAG (demo.yaml as is)"
        )
    else:
        say(f"demo DAG: reading the finished run in {demo_dir}", "demo DAG (read)")
        facts = workflow_run.analyse(demo_dir)
        what = f"demo DAG (finished run in {demo_dir})"
    RAW["workflow"] = facts
    wall = facts["wall"]
    load = (facts["others"], facts["others"]) if "others" in facts else None
    row(
        f"Workflow, {what}: wall vs sum of job compute (benchmark TSV s, {facts['benchmarked_jobs']} of "
        f"{facts['jobs']} jobs)",
        wall,
        facts["bench_s"],
        "s",
        others=load,
    )
    row(
        "Workflow: time with no job running (Snakemake start-up, DAG, scheduling) vs wall",
        facts["no_job_running_s"],
        wall,
        "s",
    )
    row(
        f"Workflow: train jobs' start-up (sum of setup_seconds: TF import, data load, model build; "
        f"{facts['train_jobs']} jobs) vs wall",
        facts["setup_s"],
        wall,
        "s",
        "< 0.15x",
        facts["setup_s"] < 0.15 * wall,
        others=load,
    )
    if facts["setup_backend_s"] is not None:
        row(
            "Workflow: ... of which TF + Keras import and set-up (configure_backend; from the job logs)",
            facts["setup_backend_s"],
            facts["setup_s"],
            "s",
        )
    before_timer = facts["train_bench_s"] - facts["train_total_s"]
    row(
        "Workflow: train jobs' start-up incl. interpreter + imports before train.py's timer vs wall",
        facts["setup_s"] + before_timer,
        wall,
        "s",
    )
    row("Workflow: train jobs' training epochs (sum of train_seconds) vs wall", facts["train_s"], wall, "s")


# ----------------------------------------------------------------------------- main


def machine() -> str:
    cpuinfo, meminfo = Path("/proc/cpuinfo").read_text(), Path("/proc/meminfo").read_text()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?"
    )
    mem = next(int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")) / 2**20
    import cv2
    import sklearn

    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; Python {platform.python_version()}, "
        f"numpy {np.__version__}, OpenCV {cv2.__version__}, scikit-learn {sklearn.__version__}"
    )


def print_table() -> None:
    cols = ["what", "ours", "baseline", "ratio", "target", "met", "others"]
    heads = ["what", "ours", "baseline", "ratio", "target", "met", "other procs' cores (ours / baseline)"]
    print("| " + " | ".join(heads) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for r in ROWS:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")


def real_data(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """Labelled memes of a Memotion 7k folder whose image exists: (text + class, image paths), row-aligned."""
    table = pd.read_csv(path / "labels.csv")
    table["label"] = [fold_label(v, PAPER["labels"]["fold"]) for v in table["overall_sentiment"]]
    table["path"] = [str(path / "images" / name) for name in table["image_name"]]
    table = table[table["label"].notna() & table["path"].map(os.path.exists)].reset_index(drop=True)
    texts = pd.DataFrame({"text": table["text_corrected"].fillna("").astype(str), "label": table["label"]})
    return texts, table["path"].tolist()


def main() -> None:
    global WORK
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--real", type=Path, help="a Memotion 7k folder (labels.csv + images/)")
    ap.add_argument(
        "--quick", action="store_true", help="fewer repeats, rows and a smaller demo (about 3 min)"
    )
    ap.add_argument("--full-demo", action="store_true", help="run demo.yaml as is (2 seeds, ~2 min more)")
    ap.add_argument(
        "--demo-dir", type=Path, help="read a finished demo run in this working dir instead of running one"
    )
    ap.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run (default: all of {','.join(SECTIONS)})",
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=Path("/tmp/memotion-gmm-bench"),
        help="scratch space (generated memes are kept here)",
    )
    args = ap.parse_args()
    only = set(args.only.split(","))
    if only - set(SECTIONS):
        ap.error(f"--only: unknown sections {sorted(only - set(SECTIONS))}")
    WORK = args.workdir
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
    images = image_stage(
        "synthetic", memes["image_path"].tolist(), 128, repeats, threads, record="images" in only
    )
    texts = synth.texts(7000, 11)
    ids, labels, vocab = text_stage("synthetic", texts, 192, 2 if args.quick else 5, record="text" in only)
    if "gmm" in only:
        gmm_stage("synthetic", ids, labels, vocab, 500, 3 if args.quick else 9)
    if args.real:
        real_texts, real_files = real_data(args.real)
        real_images = image_stage("real", real_files, 128, repeats, [os.cpu_count()], record="images" in only)
        real_ids, real_labels, real_vocab = text_stage(
            "real", real_texts, 192, 2 if args.quick else 5, record="text" in only
        )
        if "gmm" in only:
            gmm_stage("real", real_ids, real_labels, real_vocab, 500, 3 if args.quick else 9)
    if "training" in only and args.real:
        # training rows on the real data: the first memes' images and texts (row-aligned)
        array = np.load(real_images, mmap_mode="r")
        np.save(WORK / "train_images_real.npy", np.ascontiguousarray(array[:rows]))
        training("real", WORK / "train_images_real.npy", real_ids, real_labels, rows, rounds)
    elif "training" in only:
        training("synthetic", images, ids, labels, rows, rounds)
    if "batching" in only:
        batching_ids, batching_labels = (real_ids, real_labels) if args.real else (ids, labels)
        text_batching(
            "real" if args.real else "synthetic", batching_ids, batching_labels, 1 if args.quick else 2
        )
    if "workflow" in only:
        workflow(args.demo_dir, "quick" if args.quick else "full" if args.full_demo else "default")

    total = time.perf_counter() - start
    uptime_end = subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    RAW.update(total_seconds=total, uptime_start=uptime_start, uptime_end=uptime_end, rows=ROWS)
    (WORK / "results.json").write_text(json.dumps(RAW, indent=1, default=float))
    print(f"Command: python benchmarks/run_benchmarks.py {' '.join(sys.argv[1:])}")
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


WORK = Path()

if __name__ == "__main__":
    main()
