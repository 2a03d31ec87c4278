"""Running the workflow on a tiny generated dataset in a temporary directory."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import warm_cli
import warm_jobs
import yaml
from memotion_gmm.core.tasks import stratify_problem
from memotion_gmm.data.sources import Source
from memotion_gmm.pipeline.configuration import load_config
from memotion_gmm.resampling.gmm import GMMSettings, balance, oversample_class, synthetic_meta

REPO = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake"]

PAPER = load_config(REPO / "config.yaml")
"""The paper's protocol (config.yaml) with the schema's defaults filled in: tests take settings from here."""
TASK_A, SENTIMENT = stratify_problem(PAPER)
"""Task A and its one problem (overall sentiment), as the default config defines them."""
CLASSES = SENTIMENT.classes

TINY_CONFIG = {
    "dataset": {
        "name": "tiny",
        "demo": True,
        "demo_size": 160,
        "demo_test_size": 40,
        "demo_image_scale": 0.12,
        "train": {"csv": "data/labels.csv", "images": "data/images"},
        "test": {
            "csv": "data/test/2000_testdata.csv",
            "images": "data/test/images",
            "columns": {"image": "Image_name", "text": "corrected_text", "labels": None},
            "ground_truth": {"csv": "data/test/labels.csv"},
        },
    },
    "cleaning": {"threads": 1},
    "split": {"valid_fraction": 0.2, "trial_fraction": 0.15},
    "text": {"max_len": 16},
    "images": {"size": 16, "threads": 1},
    "gmm": {"n_components": 1},
    "embeddings": {"dim": 64},
    "training": {"epochs": 1, "repeats": 1, "threads": 1, "batch_size": 32},
    "models": {
        "lstm_text": {"embedding_dim": 8, "lstm_units": 8, "dense_units": 8},
        "conv1d_text": {"embedding_dim": 8, "filters": 8, "kernel_size": 3, "dense_units": 8},
        "cnn_image": {"filters": [4, 8], "dense_units": 8},
        "cnn_lstm_fusion": {
            "embedding_dim": 8,
            "lstm_units": 8,
            "filters": [4, 8],
            "branch_units": 8,
            "dense_units": 8,
        },
        "embedding_mlp": {"hidden_units": [8]},
    },
}


def kaggle_source(folder: Path) -> Source:
    """The training split of a Kaggle-layout dataset in ``folder`` (labels.csv + images/)."""
    return Source(
        "train", folder / "labels.csv", folder / "images", "image_name", "text_corrected", "overall_sentiment"
    )


def gmm_balanced(meta: pd.DataFrame, tokens: np.ndarray, gmm: dict, vocab_size: int, classes=None):
    """The balanced training set the gmm_fit and balance rules make from ``meta``/``tokens`` with
    the config's ``gmm`` block ``gmm``, drawing for ``classes`` (default: Task A's minority), as
    ``balance`` returns it."""
    classes = list(classes or SENTIMENT.minority)
    settings = GMMSettings.from_config(gmm)
    labels = meta["label"].to_numpy(dtype=object)
    synthetic = {}
    for cls in classes:
        _, _, sampled = oversample_class(labels, tokens, cls, settings, vocab_size)
        synthetic[cls] = (synthetic_meta(cls, [cls] * len(sampled)), sampled)
    return balance(meta, tokens, synthetic, classes)


def merge(base: dict, override: dict) -> dict:
    """Deep-merge ``override`` into a copy of ``base`` (dicts merge, other values replace)."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        out[key] = (
            merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def write_config(workdir: Path, override: dict | None = None, name: str = "tiny.yaml") -> Path:
    """Write the tiny config (deep-merged with ``override``) into ``workdir``; returns its path."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / name
    path.write_text(yaml.safe_dump(merge(TINY_CONFIG, override or {}), sort_keys=False))
    return path


HASH_SEED = "0"  # every run's, unless a test asks for another (the warm server's interpreter has this one)


def run_env(env: dict | None = None) -> dict[str, str]:
    """The environment of a Snakemake run started by a test: this one's, TensorFlow quiet, the hash
    seed ``HASH_SEED``, then ``env``'s variables over them."""
    return os.environ | {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": HASH_SEED} | (env or {})


_CLI_SERVERS: dict[str, tuple[Path, subprocess.Popen]] = {}  # hash seed -> this process's warm_cli server
_JOB_SERVER: list = []  # (warm_jobs' shim, its server) of this process, once started


def warm_cli_server(hash_seed: str = HASH_SEED) -> Path:
    """The socket of this process's ``warm_cli`` server whose interpreter has ``hash_seed``
    (started on first use)."""
    if hash_seed not in _CLI_SERVERS:
        path = Path(tempfile.mkdtemp(prefix="warm_cli")) / "socket"
        _CLI_SERVERS[hash_seed] = (path, warm_cli.start(path, hash_seed))
    return _CLI_SERVERS[hash_seed][0]


def warm_job_shim() -> Path:
    """The ``python`` that starts a job forked from this process's ``warm_jobs`` server (hash
    seed ``HASH_SEED``; started on first use)."""
    if not _JOB_SERVER:
        folder = Path(tempfile.mkdtemp(prefix="warm_jobs"))
        server = warm_jobs.start(folder / "socket", HASH_SEED)
        _JOB_SERVER.append((warm_jobs.shim(folder, folder / "socket", HASH_SEED), server))
    return _JOB_SERVER[0][0]


def snakemake_argv(
    workdir: Path, configfile: Path, *args: str, snakefile: Path = REPO / "Snakefile"
) -> list[str]:
    """The arguments after ``python -m snakemake`` of a test's run: ``snakefile`` (default: the
    project's) in ``workdir`` with ``configfile``, then ``args``."""
    return ["-s", str(snakefile), "-d", str(workdir), "--configfile", str(configfile), *args]


def snakemake(
    workdir: Path,
    configfile: Path,
    *args: str,
    check: bool = True,
    snakefile: Path = REPO / "Snakefile",
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """Run the project's Snakefile (or ``snakefile``) in ``workdir`` with ``configfile``; output
    captured as text. ``env`` overrides variables of the environment the run gets. The run is
    ``python -m snakemake`` forked from a server that has imported Snakemake (``warm_cli``), its
    jobs forked from one that has imported their libraries (``warm_jobs``), or a new interpreter
    (and new ones for its jobs) where ``env`` asks for another hash seed than ``HASH_SEED``."""
    argv = snakemake_argv(workdir, configfile, *args, snakefile=snakefile)
    cmd = [*SNAKEMAKE, *argv]
    env = run_env(env)
    if env["PYTHONHASHSEED"] == HASH_SEED:
        with tempfile.TemporaryDirectory() as tmp:
            out, err = Path(tmp, "stdout"), Path(tmp, "stderr")
            code = warm_cli.run(warm_cli_server(), argv, env, out, err, warm_job_shim())
            proc = subprocess.CompletedProcess(cmd, code, out.read_text(), err.read_text())
    else:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"snakemake failed ({proc.returncode}): {' '.join(cmd)}\n"
            f"{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
        )
    return proc


# The one finished run that the workflow and the incremental tests share (conftest's ``finished``):
# the tiny config with the dataset named memotion7k (paper_comparison joins the DAG), the test split
# left unlabelled (one submission per variant), two seeds per variant (Table 1's min-max and the
# best-seed choice have something to choose from), no GPU resource, so that a profile's gpu
# limit cannot serialize the training jobs, MLP-E with and without embedding-space GMM, and CNN-I's
# head on its image features with feature-space GMM.
MLP_VARIANTS = {
    "mlp_e": {"classifier": "MLP-E", "data": "Text embedding", "model": "embedding_mlp", "balance": "none"},
    "mlp_e_gmm": {
        "classifier": "MLP-E",
        "data": "Text embedding with GMM",
        "model": "embedding_mlp",
        "balance": "gmm",
    },
}
HEAD_VARIANTS = {  # CNN-I's head on its own penultimate-layer features, GMM-balanced
    "cnn_i_head_gmm": {
        "classifier": "CNN-I head",
        "data": "Image features with GMM",
        "model": "feature_head",
        "balance": "gmm",
    },
}
SHARED = {
    "dataset": {"name": "memotion7k", "test": {"ground_truth": None}},
    "training": {"gpus": 0, "repeats": 2},
    "variants": MLP_VARIANTS | HEAD_VARIANTS,
}


@dataclass
class Finished:
    """A finished run of ``SHARED``. Tests read it or dry-run against it; a test that writes
    works in a ``copy``."""

    workdir: Path
    configs: Path

    def config(self, change: dict, name: str) -> Path:
        """``SHARED`` with ``change`` deep-merged over it, written to a config file named after ``name``."""
        return write_config(
            self.configs, merge(SHARED, change), name=f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.yaml"
        )

    def copy(self, dest: Path) -> Path:
        """A copy of the finished working directory (modification times and metadata kept)."""
        shutil.copytree(self.workdir, dest, symlinks=True)
        return dest


def finish(workdir: Path, configs: Path) -> Finished:
    """Run ``SHARED`` to the end in ``workdir`` (configs written to ``configs``)."""
    done = Finished(workdir, configs)
    workdir.mkdir(parents=True, exist_ok=True)
    snakemake(workdir, done.config({}, "base"), "--cores", "2")
    return done
