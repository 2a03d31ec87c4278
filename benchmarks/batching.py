"""Text batching: epoch throughput and peak memory of LSTM-T and Conv1D-T with length-bucketed
batches (padding masked) against the paper's fixed max_len batches, each mode in its own process."""

from __future__ import annotations

import json

import numpy as np

from . import common
from .common import HERE, PAPER, RAW, SENTIMENT, child, row, say


def run(tag: str, ids: np.ndarray, labels: np.ndarray, rounds: int) -> None:
    """Epoch throughput and peak memory of LSTM-T and Conv1D-T, bucketed vs fixed batches.

    Each (architecture, mode) trains in its own process (its own peak RSS) on every row of
    ``ids`` (pre-padded to max_len), through the workflow's model and input path; the figure is
    each mode's fastest measured epoch.
    """
    np.save(common.WORK / f"batching_tokens_{tag}.npy", ids)
    np.save(common.WORK / f"batching_labels_{tag}.npy", labels, allow_pickle=True)
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
                str(common.WORK / f"batching_tokens_{tag}.npy"),
                "--labels",
                str(common.WORK / f"batching_labels_{tag}.npy"),
                "--classes",
                ",".join(SENTIMENT.classes),
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
