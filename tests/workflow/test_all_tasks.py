"""Tasks B and C beside Task A, end to end, on generated memes whose humour is a word in the text
(the demo generator: "lol", "funny" or "party" make a meme funny) and whose sarcasm, offensiveness
and motivation are noise (Task B runs on humour and sarcasm): the models must learn humour far
above chance and leave sarcasm at chance, for separate models per problem and for one multi-head
model, which proves
each problem's labels reach its own model or head. Remedies work per problem on that problem's
labels only, and adding a task or editing one problem's levels plans only that task's jobs."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from memotion_gmm.text.sequences import read_tokens
from test_incremental import dry_run
from workflow_utils import TINY_CONFIG, merge, snakemake, write_config

pytestmark = pytest.mark.workflow

EMBEDDING = {"classifier": "MLP-E", "data": "Text embedding", "model": "embedding_mlp"}
CONFIG = {
    "tasks": ["A", "B"],
    # Task B on humour (a word of the text) and sarcasm (noise) only, to keep the run short
    "labels": {"B": {"problems": {"offensive": None, "motivational": None}}},
    "dataset": {"demo_size": 500, "demo_test_size": 40},
    "training": {"epochs": 8, "repeats": 1, "gpus": 0, "learning_rate": 0.003},
    "embeddings": {"dim": 256},
    "models": {"embedding_mlp": {"hidden_units": [32]}},
    "variants": {
        **{v: None for v in ("lstm_t", "lstm_t_gmm", "conv1d_t", "conv1d_t_gmm", "cnn_i", "cnn_lstm_ti")},
        "mlp_e": EMBEDDING | {"balance": "none"},  # every task: a separate model per problem
        "mlp_e_gmm": EMBEDDING | {"data": "Text embedding with GMM", "balance": "gmm", "tasks": ["B"]},
        "mlp_e_heads": EMBEDDING | {"classifier": "MLP-E multi-head", "multi_head": True, "tasks": ["B"]},
    },
}
B = ["humour", "sarcasm"]
C = ["humour", "sarcasm", "offensive", "motivational"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("tasks") / "work"
    workdir.mkdir()
    config = write_config(workdir.parent, merge(TINY_CONFIG, CONFIG), "tasks.yaml")
    snakemake(workdir, config, "--cores", "2")
    return workdir, config


def chance(workdir, task, problem) -> pd.DataFrame:
    table = pd.read_csv(workdir / f"results/tasks/{task}/{problem}/report/statistics/chance.csv")
    return table[(table["seed"] == "all") & (table["split"] == "valid")].set_index("variant")


def test_humour_is_learned_far_above_chance_and_the_noise_problems_stay_at_chance(run):
    workdir, _ = run
    humour = chance(workdir, "B", "humour")
    for variant in ("mlp_e", "mlp_e_gmm", "mlp_e_heads"):
        assert humour.loc[variant, "beats_chance"], variant
        assert humour.loc[variant, "macro_f1"] > humour.loc["baseline_stratified", "macro_f1"] + 0.25, variant
    for problem in B[1:]:
        noise = chance(workdir, "B", problem)
        for variant in ("mlp_e", "mlp_e_gmm", "mlp_e_heads"):
            assert not noise.loc[variant, "beats_chance"], (problem, variant)
            assert noise.loc[variant, "macro_f1"] < humour.loc[variant, "macro_f1"] - 0.2, (problem, variant)


def test_the_task_score_averages_its_problems_with_chance_rows(run):
    workdir, _ = run
    rows = pd.read_csv(workdir / "results/report/B/scores.csv")
    valid = rows[rows["split"] == "valid"].set_index(["variant", "problem"])["value"]
    for variant in ("mlp_e", "mlp_e_heads", "baseline_stratified", "baseline_majority"):
        assert valid[variant, "score"] == pytest.approx(sum(valid[variant, p] for p in B) / len(B)), variant
    table1 = pd.read_csv(workdir / "results/tasks/B/humour/report/table1.csv").set_index("Classifier")
    metrics = json.loads((workdir / "results/tasks/B/humour/runs/mlp_e/seed1/metrics.json").read_text())
    assert valid["mlp_e", "humour"] == pytest.approx(metrics["splits"]["valid"]["macro_f1"])
    assert "Stratified random" in table1.index
    md = (workdir / "results/report/B/scores.md").read_text()
    assert "| MLP-E multi-head |" in md and "| Stratified random |" in md


def test_each_problems_remedy_sees_only_its_labels_and_no_synthetic_row_is_evaluated(run):
    workdir, _ = run
    for problem in B:
        root = workdir / f"results/tasks/B/{problem}"
        memes = pd.read_parquet(root / "memes.parquet")
        balanced, _ = read_tokens(root / "embeddings/gmm/balanced_train.parquet")
        real = balanced[~balanced["synthetic"].astype(bool)]
        train = memes[(memes["split"] == "train") & memes["label"].notna()]
        assert real["meme_id"].tolist() == train["meme_id"].tolist(), problem
        assert real["label"].tolist() == train["label"].tolist(), problem  # this problem's labels
        for variant in ("mlp_e", "mlp_e_gmm", "mlp_e_heads"):
            predictions = pd.read_parquet(root / f"runs/{variant}/seed1/predictions.parquet")
            for split, rows in predictions.groupby("split"):
                want = memes.loc[memes["split"] == split]
                assert rows["meme_id"].tolist() == want["meme_id"].tolist(), (problem, variant, split)
                assert rows["label"].tolist() == want["label"].tolist(), (problem, variant, split)
            assert "train" not in set(predictions["split"])


def test_the_labelled_test_split_is_scored_for_every_task_from_the_official_field(run):
    workdir, _ = run
    truth = pd.read_csv(workdir / "data/test/labels.csv", dtype=str).set_index("Image_name")["Labels"]
    memes = pd.read_parquet(workdir / "results/tasks/B/sarcasm/memes.parquet")
    test = memes[memes["split"] == "test"]
    digits = test["image_name"].map(truth).str.split("_").str[1].str[1]
    assert test["label"].tolist() == digits.map({"0": "not_sarcastic", "1": "sarcastic"}).tolist()
    rows = pd.read_csv(workdir / "results/report/B/scores.csv")
    assert {"valid", "trial", "test"} <= set(rows["split"])


def planned_outputs(plan) -> list[str]:
    return [f for job in plan.values() for f in job.files("output")]


def test_adding_a_task_plans_only_its_jobs_and_its_report(run, tmp_path):
    workdir, config = run
    assert dry_run(workdir, config) == {}
    added = write_config(tmp_path, merge(merge(TINY_CONFIG, CONFIG), {"tasks": ["A", "B", "C"]}), "abc.yaml")
    plan = dry_run(workdir, added)
    assert plan, "Task C planned nothing"
    outputs = planned_outputs(plan)
    assert all(f.startswith(("results/tasks/C/", "results/report/C/")) for f in outputs), outputs
    assert {j.wildcards.get("task") for j in plan.values()} == {"C"}
    trained = {(j.wildcards["problem"], j.wildcards["variant"]) for j in plan.values() if j.rule == "train"}
    assert trained == {(p, "mlp_e") for p in C}  # the variant naming no tasks; the others name B
    removed = write_config(tmp_path, merge(merge(TINY_CONFIG, CONFIG), {"tasks": ["A"]}), "a.yaml")
    assert dry_run(workdir, removed) == {}  # Task A's outputs are not touched by B's presence


def test_changing_one_problems_level_order_reruns_only_its_task(run, tmp_path):
    workdir, _ = run
    order = {"labels": {"B": {"problems": {"humour": {"classes": ["funny", "not_funny"]}}}}}
    plan = dry_run(workdir, write_config(tmp_path, merge(merge(TINY_CONFIG, CONFIG), order), "order.yaml"))
    outputs = planned_outputs(plan)
    assert all(
        f.startswith(("results/tasks/B/", "results/report/B/", "results/multi_head/")) for f in outputs
    )
    separate = {j.wildcards["problem"] for j in plan.values() if j.rule == "train"}
    assert separate == {"humour"}  # separate models: humour's alone; the multi-head one trains all of B
    assert any(j.rule.startswith("train_multi_head") for j in plan.values())
