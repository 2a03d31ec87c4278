"""A task's score as the organisers defined it: the macro F1 of each of its problems, averaged over
the problems, per variant and split, with a bootstrap interval over memes and seeds (one draw of
memes shared by every problem, so the average's interval keeps their correlation), the chance
baselines scored the same way, and where each sits against the stratified-random interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .baselines import BASELINES, baseline_matrix
from .statistics import confusion_counts, draws, encode, percentile_interval, scores

OFFICIAL_TEST_MEMES = 1878
"""Memes in the official test input (2000_testdata.csv): the size the published tops were scored at."""


def _split_labels(memes: pd.DataFrame, split: str, classes) -> tuple[pd.DataFrame, np.ndarray]:
    """``split``'s rows of the memes table and their labels as class indices, ``len(classes)`` for a
    meme without a class of the problem."""
    rows = memes[memes["split"] == split]
    y = np.full(len(rows), len(classes), dtype=np.int64)
    has = rows["label"].notna().to_numpy()
    y[has] = encode(rows.loc[has, "label"].to_numpy(), classes)
    return rows, y


def problem_matrix(memes: pd.DataFrame, frames: list[pd.DataFrame], split: str, classes):
    """(labels (N,), predictions (S, N)) over every meme of ``split`` in memes-table order, as class
    indices; a meme without a class of the problem, or that the run did not predict (no image), has
    label ``len(classes)`` (scored by no one). None where no seed predicted the split."""
    rows, y = _split_labels(memes, split, classes)
    k = len(classes)
    preds = np.zeros((len(frames), len(rows)), dtype=np.int64)
    for i, frame in enumerate(frames):
        got = frame[frame["split"] == split].set_index("meme_id")["prediction"].reindex(rows["meme_id"])
        if got.isna().all():
            return None
        if i == 0:
            y[got.isna().to_numpy()] = k
        preds[i] = encode(got.fillna(classes[0]).to_numpy(), classes)
    return y, preds


def baseline_problem_matrix(memes: pd.DataFrame, split: str, strategy: str, seeds: list[int], classes):
    """A chance baseline's (labels, predictions) as ``problem_matrix`` gives them (its draws are the
    problem's Table 1 baselines', placed at the memes with a class of the problem)."""
    rows, y = _split_labels(memes, split, classes)
    preds = np.zeros((len(seeds), len(rows)), dtype=np.int64)
    preds[:, y < len(classes)] = baseline_matrix(memes, split, strategy, seeds, classes)
    return y, preds


def _macro_f1(y: np.ndarray, preds: np.ndarray, k: int) -> np.ndarray:
    """Macro F1 over ``k`` classes of (..., N) predictions, memes labelled ``k`` left out."""
    counts = confusion_counts(y, preds, k + 1)[..., :k, :k]
    return scores(counts, [""] * k)["macro_f1"]


def task_scores(
    matrices: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]],
    classes: dict[str, list[str]],
    *,
    resamples: int,
    seed: int,
    confidence: float,
) -> list[dict]:
    """One split's rows: per variant (``matrices[variant][problem]`` = labels, predictions), each
    problem's macro F1 (mean over seeds) and the task score (their mean), with percentile intervals
    over memes and seeds. A variant missing a problem gets no task score."""
    out = []
    for variant, per_problem in matrices.items():
        if set(per_problem) != set(classes):
            continue
        n, s = next(iter(per_problem.values()))[1].shape[1], next(iter(per_problem.values()))[1].shape[0]
        memes, seed_idx = draws(n, s, resamples, seed)
        total_point, total_boot = 0.0, np.zeros(resamples)
        for problem, (y, preds) in per_problem.items():
            k = len(classes[problem])
            point = float(_macro_f1(y[None, :], preds, k).mean())
            boot = _macro_f1(y[memes][:, None, :], preds[:, memes].transpose(1, 0, 2), k)
            boot = np.take_along_axis(boot, seed_idx, axis=1).mean(1)
            lo, hi = percentile_interval(boot, confidence)
            out.append({"variant": variant, "problem": problem, "value": point, "low": lo, "high": hi})
            total_point += point / len(per_problem)
            total_boot += boot / len(per_problem)
        lo, hi = percentile_interval(total_boot, confidence)
        out.append({"variant": variant, "problem": "score", "value": total_point, "low": lo, "high": hi})
    return [{k: float(v) if isinstance(v, np.floating) else v for k, v in r.items()} for r in out]


def score_rows(
    memes: dict[str, pd.DataFrame],
    predictions: dict[str, dict[str, list[pd.DataFrame]]],
    classes: dict[str, list[str]],
    seeds: list[int],
    splits: list[str],
    settings: dict,
) -> pd.DataFrame:
    """Every split's ``task_scores`` for the variants (``predictions[problem][variant]``: one frame per
    seed) and the chance baselines; labelled splits only."""
    boot = {k: settings[k] for k in ("resamples", "seed", "confidence")}
    rows = []
    for split in splits:
        if not all(m.loc[m["split"] == split, "label"].notna().any() for m in memes.values()):
            continue
        matrices: dict[str, dict] = {}
        for problem, by_variant in predictions.items():
            for variant, frames in by_variant.items():
                got = problem_matrix(memes[problem], frames, split, classes[problem])
                if got is not None:
                    matrices.setdefault(variant, {})[problem] = got
            for key, _, strategy in BASELINES:
                matrices.setdefault(key, {})[problem] = baseline_problem_matrix(
                    memes[problem], split, strategy, seeds, classes[problem]
                )
        rows += [r | {"split": split} for r in task_scores(matrices, classes, **boot)]
    return pd.DataFrame(rows, columns=["variant", "split", "problem", "value", "low", "high"])


def chance_interval(shares: dict[str, np.ndarray], n: int, *, resamples: int, seed: int, confidence: float):
    """The task score of stratified random guessing on a split of ``n`` memes whose labels follow
    ``shares`` (each problem's class shares): its percentile interval over simulated splits."""
    rng = np.random.default_rng(seed)
    total = np.zeros(resamples)
    for p in shares.values():
        k = len(p)
        y = rng.choice(k, size=(resamples, n), p=p)
        guess = rng.choice(k, size=(resamples, n), p=p)
        total += _macro_f1(y, guess, k) / len(shares)
    lo, hi = percentile_interval(total, confidence)
    return float(lo), float(hi)


def scores_table(
    rows: pd.DataFrame, names: dict[str, str], data: dict[str, str], problems: list[str], title: str
) -> tuple[pd.DataFrame, str]:
    """(the displayed table: one row per variant and baseline, per split the task score with its
    interval, whether it clears the stratified-random interval, and each problem's macro F1; a note)."""
    names = names | {key: name for key, name, _ in BASELINES}
    order = [v for v in names if (rows["variant"] == v).any()]
    table = pd.DataFrame({"Classifier": [names[v] for v in order], "Data": [data.get(v, "-") for v in order]})
    for split, sub in rows.groupby("split", sort=False):
        score = sub[sub["problem"] == "score"].set_index("variant")
        chance = score.loc["baseline_stratified"]
        shown = score.reindex(order)
        table[f"{split} {title} score"] = [
            f"{r.value:.3f} [{r.low:.3f}, {r.high:.3f}]" if r.value == r.value else "-"
            for r in shown.itertuples()
        ]
        table[f"{split} vs stratified random"] = [
            "-"
            if v.startswith("baseline") or r.value != r.value
            else ("above" if r.low > chance["high"] else "within")
            for v, r in zip(order, shown.itertuples())
        ]
        for p in problems:
            f1 = sub[sub["problem"] == p].set_index("variant")["value"].reindex(order)
            table[f"{split} {p}"] = [f"{x:.3f}" if x == x else "-" for x in f1]
    note = (
        f"{title} score: macro F1 of each problem, averaged over {', '.join(problems)}; [low, high] is a "
        "bootstrap interval over memes and seeds. 'above': the interval's low end clears stratified "
        "random's high end on that split."
    )
    return table, note


def published_note(title: str, top: float, chance: tuple[float, float]) -> str:
    """Where the SemEval-2020 top sits against chance at the official test's size."""
    return (
        f"SemEval-2020 top {title} score on the official test set: {top:.2f} (Sharma et al., 2020); "
        f"stratified random on {OFFICIAL_TEST_MEMES} memes with the training split's class shares scores "
        f"[{chance[0]:.3f}, {chance[1]:.3f}]."
    )
