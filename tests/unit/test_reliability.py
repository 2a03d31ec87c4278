"""Label reliability from duplicate memes: groups from the audit's pairs, agreement, kappa,
Krippendorff's alpha and the twin macro F1, each against a hand computation or a planted truth."""

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.evaluation.reliability import (
    agreement,
    duplicate_groups,
    group_counts,
    krippendorff_alpha,
    label_reliability,
    reliability,
)
from sklearn.metrics import cohen_kappa_score

CLASSES = ["a", "b", "c"]
BOOT = {"resamples": 400, "confidence": 0.95, "seed": 0}


def test_groups_follow_the_pairs_of_the_level_transitively_and_skip_unlabelled_memes():
    memes = pd.DataFrame(
        {
            "meme_id": [f"train:{c}" for c in "ABCDEF"] + ["trial:A"],
            "split": ["train"] * 6 + ["trial"],
            "label": ["a", "a", "b", None, "b", "c", "a"],
        }
    )
    overlap = pd.DataFrame(
        {
            "meme_id": ["train:A", "train:B", "train:D", "train:E", "trial:A"],
            "matched_meme_id": ["train:B", "train:C", "train:E", "train:F", "train:A"],
            "kind": ["both", "text", "both", "image", "both"],
        }
    )  # trial:A, the trial file's copy of A, joins no group: an annotation copied across files
    assert duplicate_groups(memes, overlap, ("both",)) == [[0, 1]]  # D, unlabelled, joins no group
    memes.loc[3, "label"] = "b"
    assert duplicate_groups(memes, overlap, ("both",)) == [[0, 1], [3, 4]]
    assert duplicate_groups(memes, overlap, ("text", "both")) == [[0, 1, 2], [3, 4]]
    assert duplicate_groups(memes, overlap, ("image", "text", "both")) == [[0, 1, 2], [3, 4, 5]]


def test_kappa_and_twin_macro_f1_match_a_hand_computation():
    # groups {A: a, B: a, C: b} and {D: b, E: b}: unordered pairs AB agree, AC, BC differ, DE agree
    y = np.array([0, 0, 1, 1, 1])
    groups = [[0, 1, 2], [3, 4]]
    facts = reliability(y, groups, CLASSES, False, None, **BOOT)
    assert facts["pairs"] == 4 and facts["observed_agreement"] == 0.5
    # both orders of each pair: a 4 times, b 4 times -> chance 0.5 -> kappa 0
    assert facts["chance_agreement"] == 0.5 and facts["kappa"] == pytest.approx(0.0)
    # each copy predicted by every other: confusion [[2, 2, 0], [2, 2, 0], [0, 0, 0]] -> F1 a = b = 0.5,
    # c (never true nor predicted) 0: macro (0.5 + 0.5 + 0) / 3
    assert facts["twin_predictions"] == 8
    assert facts["twin_macro_f1"] == pytest.approx(1 / 3) and facts["twin_accuracy"] == 0.5
    # a split holding only C and D: C predicted from A and B (wrong twice), D from E (right)
    split = reliability(y, groups, CLASSES, False, {2, 3}, **BOOT)
    assert split["twin_predictions"] == 3 and split["twin_accuracy"] == pytest.approx(1 / 3)


def test_kappa_is_scikit_learn_s_over_both_orders_of_every_pair():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, 60)
    groups = [list(range(i, i + int(n))) for i, n in zip(range(0, 60, 4), rng.integers(2, 5, 15))]
    counts, pairs = group_counts(y, groups, 3)
    rows = [(y[i], y[j]) for g in groups for i in g for j in g if i < j]
    a, b = np.array(rows).T
    want = cohen_kappa_score(np.concatenate([a, b]), np.concatenate([b, a]))
    assert agreement(pairs.sum(0))["kappa"] == pytest.approx(want)


def test_alpha_matches_a_hand_computation_for_groups_of_three():
    # units [a, a, a], [a, b], [b, b, b]: coincidences o_aa = 3, o_ab = o_ba = 1, o_bb = 3; n_a = n_b = 4,
    # n = 8: alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k = 1 - 7 * 2 / 32
    counts = np.array([[3, 0, 0], [1, 1, 0], [0, 3, 0]])
    assert krippendorff_alpha(counts, 3, "nominal") == pytest.approx(1 - 14 / 32)
    assert np.isnan(krippendorff_alpha(np.array([[2, 0, 0], [3, 0, 0]]), 3, "nominal"))  # one value only


def planted(agree: bool, n_groups: int = 300, seed: int = 0):
    """Groups of 2-4 copies: all copies share one label, or every copy's label drawn on its own."""
    rng = np.random.default_rng(seed)
    y, groups = [], []
    for _ in range(n_groups):
        size = int(rng.integers(2, 5))
        labels = (
            np.full(size, rng.choice(3, p=[0.2, 0.3, 0.5]))
            if agree
            else rng.choice(3, size, p=[0.2, 0.3, 0.5])
        )
        groups.append(list(range(len(y), len(y) + size)))
        y.extend(labels)
    return np.array(y), groups


@pytest.mark.parametrize("agree, kappa", [(True, 1.0), (False, 0.0)])
def test_planted_agreement_gives_kappa_and_alpha_near_their_truth_within_the_interval(agree, kappa):
    y, groups = planted(agree)
    facts = reliability(y, groups, CLASSES, True, None, **BOOT)
    for key in ("kappa", "alpha_nominal", "alpha_ordinal"):
        lo, hi = facts["interval"][key]
        assert lo - 1e-9 <= kappa <= hi + 1e-9 and abs(facts[key] - kappa) < 0.08, (key, facts[key], lo, hi)
    if agree:
        assert facts["twin_macro_f1"] == 1.0 and facts["observed_agreement"] == 1.0
    else:
        assert facts["twin_macro_f1"] == pytest.approx(facts["chance_agreement"], abs=0.1)  # random-level


def test_the_summary_has_every_level_and_scope_and_each_pair_once():
    memes = pd.DataFrame(
        {
            "meme_id": ["train:1", "train:2", "train:3", "train:4", "test:1", "trial:1"],
            "split": ["train", "train", "valid", "valid", "test", "trial"],
            "label": ["a", "a", "b", "a", None, "b"],
        }
    )
    overlap = pd.DataFrame(
        {
            "meme_id": ["train:1", "train:3", "test:1", "trial:1"],
            "matched_meme_id": ["train:2", "train:4", "train:1", "train:1"],
            "kind": ["both", "text", "both", "both"],
        }
    )
    summary, pairs = label_reliability(memes, overlap, CLASSES, False, BOOT)
    assert list(summary["scopes"]) == ["all", "train", "valid", "trial"]  # test is unlabelled
    assert summary["scopes"]["all"]["strict"]["pairs"] == 1 and summary["scopes"]["all"]["text"]["pairs"] == 2
    assert summary["scopes"]["valid"]["strict"]["groups"] == 0
    text = pairs[pairs["level"] == "text"]
    assert text[["meme_id", "matched_meme_id", "agree"]].values.tolist() == [
        ["train:1", "train:2", True],
        ["train:3", "train:4", False],
    ]
    # the trial file's copy of train:1 is a pair across files, reported beside, in no group
    assert summary["scopes"]["trial"]["any"]["groups"] == 0
    assert summary["across_files"]["strict"] == {"pairs": 1, "observed_agreement": 0.0}
