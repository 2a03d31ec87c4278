"""Wall time per stage of a finished run (from its Snakemake benchmark files) and the GPU's
utilisation while it ran (from ``nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used
--format=csv -l 1``).

Usage: python benchmarks/gpu/stage_times.py RESULTS [GPU_CSV]

A stage is a rule, and for training the variant (``train cnn_i``); its jobs' seconds are summed
(jobs that shared the machine overlap, so the sums exceed the run's wall time) beside the longest
job and the peak resident memory.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path


def stage(relative: Path) -> str:
    """The stage of a benchmark file: ``tasks/A/sentiment/train/cnn_i/seed1.tsv`` -> ``train cnn_i``."""
    parts = list(relative.with_suffix("").parts)
    if parts[0] == "tasks":
        parts = parts[3:]  # drop tasks/<task>/<problem>
    if parts[0] in ("train", "multi_head"):
        return f"{parts[0]} {parts[1]}"
    if "gmm" in parts:  # a space's mixtures: <space>/gmm/<class>
        return f"gmm_fit {'/'.join(parts[: parts.index('gmm')])}"
    if parts[0] == "features":
        return "image_features"
    return " ".join(parts[:-1]) if parts[0] == "images" else parts[0]


def stage_rows(results: Path) -> dict[str, list[tuple[float, float]]]:
    """Per stage, each job's (seconds, max_rss MB)."""
    rows = defaultdict(list)
    for tsv in sorted((results / "benchmarks").rglob("*.tsv")):
        with open(tsv, newline="") as fh:
            record = list(csv.DictReader(fh, delimiter="\t"))[-1]
        rss = float(record["max_rss"]) if record["max_rss"] not in ("", "-") else 0.0
        rows[stage(tsv.relative_to(results / "benchmarks"))].append((float(record["s"]), rss))
    return rows


def gpu_summary(path: Path) -> str:
    with open(path, newline="") as fh:
        samples = list(csv.reader(fh))[1:]
    util = [float(r[1].strip().split()[0]) for r in samples if len(r) >= 3]
    memory = [float(r[2].strip().split()[0]) for r in samples if len(r) >= 3]
    if not util:
        return "GPU: no samples"
    busy = sum(u > 0 for u in util) / len(util)
    return (
        f"GPU: {len(util)} s sampled, utilisation mean {sum(util) / len(util):.0f} %, max {max(util):.0f} %, "
        f"busy {busy:.0%} of the time; memory max {max(memory):.0f} MiB"
    )


def main(argv: list[str]) -> None:
    results = Path(argv[0])
    print(f"{'stage':<40} {'jobs':>5} {'sum s':>9} {'max s':>8} {'max RSS MB':>11}")
    for name, jobs in sorted(stage_rows(results).items(), key=lambda kv: -sum(s for s, _ in kv[1])):
        seconds, rss = [s for s, _ in jobs], max(r for _, r in jobs)
        print(f"{name:<40} {len(jobs):>5} {sum(seconds):>9.1f} {max(seconds):>8.1f} {rss:>11.0f}")
    if len(argv) > 1 and Path(argv[1]).exists():
        print(gpu_summary(Path(argv[1])))


if __name__ == "__main__":
    main(sys.argv[1:])
