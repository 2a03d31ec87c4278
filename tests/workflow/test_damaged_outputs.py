"""Outputs damaged under a finished run are found by the next run and remade, never read as they are.

Before, a truncated ``gmm/neutral.npz`` or ``model.keras`` under a finished run got "Nothing to be
done", and a cut-off ``intervals.csv`` gave a report without its test intervals with exit status 0.
"""

import filecmp

import pytest
from workflow_utils import snakemake

pytestmark = [pytest.mark.workflow, pytest.mark.long]

A = "results/tasks/A/sentiment"
DAMAGED = {  # path -> how it is damaged (the cheapest retraining: MLP-E's)
    f"{A}/embeddings/gmm/neutral.npz": "truncated",
    f"{A}/runs/mlp_e/seed1/model.keras": "truncated",
    f"{A}/report/statistics/intervals.csv": "garbage",
}
DOWNSTREAM = [  # remade from the remade files: byte for byte what the finished run holds
    f"{A}/embeddings/gmm/balanced_train.parquet",
    f"{A}/runs/mlp_e_gmm/seed1/predictions.parquet",
    f"{A}/runs/mlp_e/seed1/predictions.parquet",
    f"{A}/report/table1.csv",
    f"{A}/report/imbalance.csv",
]


def test_damaged_outputs_are_named_then_remade_identically(finished, tmp_path):
    workdir = finished.copy(tmp_path / "work")
    config = finished.config({}, "base")
    for name, how in DAMAGED.items():
        path = workdir / name
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if how == "truncated" else bytes(reversed(data)))

    dry = snakemake(workdir, config, "-n")  # a dry run says what the next run does, and keeps the files
    for name in DAMAGED:
        assert f"memotion-gmm: {name}: " in dry.stderr and "the next run (without -n) removes" in dry.stderr
        assert (workdir / name).exists()

    run = snakemake(workdir, config, "--cores", "2")
    for name in DAMAGED:
        assert f"memotion-gmm: {name}: " in run.stderr
    assert "since rule gmm_fit wrote it: removed, rule gmm_fit remakes it" in run.stderr
    assert "since rule train wrote it: removed, rule train remakes it" in run.stderr
    assert "removed too, to be remade: what was made with or from them: " in run.stderr
    assert "content changed since rule statistics wrote it" in run.stderr
    for name in [*DAMAGED, *DOWNSTREAM]:
        if not name.endswith(".keras"):  # a Keras zip holds its save time
            assert filecmp.cmp(workdir / name, finished.workdir / name, shallow=False), name
    assert "Nothing to be done" in snakemake(workdir, config, "-n").stdout
