"""Behaviour: on generated data whose minority class is learnable but rare, each remedy raises that
class's recall over ``none`` for a small text model (seeded; the direction, not a number)."""

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.models.inputs import SplitInputs
from memotion_gmm.resampling.remedies import class_weights, resample
from workflow_utils import CLASSES, PAPER, gmm_balanced

VOCAB, LENGTH = 40, 8
MINORITY = "negative"


def generate(counts: dict[str, int], seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Positive texts use ids 10-24, neutral 25-39; negative ones mix both but start with an id 2-5."""
    rng = np.random.default_rng(seed)
    rows, tokens = [], []
    for cls, n in counts.items():
        low, high = {"positive": (10, 25), "neutral": (25, 40), "negative": (10, 40)}[cls]
        t = rng.integers(low, high, (n, LENGTH))
        if cls == MINORITY:
            t[:, 0] = rng.integers(2, 6, n)
        tokens.append(t)
        rows += [(f"{cls}-{seed}-{i}", f"{cls}-{i}.jpg", cls) for i in range(n)]
    return pd.DataFrame(rows, columns=["meme_id", "image_name", "label"]), np.concatenate(tokens).astype(
        np.int32
    )


def minority_recall(meta, tokens, test, weights=None) -> float:
    from memotion_gmm.models.builders import build_model
    from memotion_gmm.models.runtime import seed_everything
    from memotion_gmm.models.training import fit, predict

    seed_everything(7)  # threads may be fixed already by an earlier test in this process
    split = SplitInputs(
        "train",
        meta["meme_id"].to_numpy(),
        meta["image_name"].to_numpy(),
        meta["label"].to_numpy(object),
        {"tokens": tokens},
    )
    model = build_model(
        "conv1d_text",
        n_classes=3,
        vocab_size=VOCAB,
        max_len=LENGTH,
        **PAPER["models"]["conv1d_text"]
        | {"embedding_dim": 8, "filters": 8, "kernel_size": 3, "dense_units": 8, "dropout": 0.0},
    )
    fit(
        model,
        split,
        None,
        CLASSES,
        epochs=4,
        batch_size=32,
        learning_rate=0.01,
        seed=7,
        bucketed=False,
        class_weight=weights,
    )
    test_meta, test_tokens = test
    test_split = SplitInputs(
        "test",
        test_meta["meme_id"].to_numpy(),
        test_meta["image_name"].to_numpy(),
        test_meta["label"].to_numpy(object),
        {"tokens": test_tokens},
    )
    out = predict(model, test_split, 64, False, CLASSES)
    minority = out[out["label"] == MINORITY]
    return float((minority["prediction"] == MINORITY).mean())


@pytest.fixture(scope="module")
def recalls():
    meta, tokens = generate({"positive": 400, "neutral": 300, "negative": 12}, seed=1)
    test = generate({"positive": 100, "neutral": 100, "negative": 100}, seed=2)
    sets = {
        "none": (meta, tokens, None),
        "class_weight": (meta, tokens, class_weights(meta["label"].to_numpy(object), "inverse", CLASSES)),
        "random_oversample": (
            *resample(meta, tokens, "ros", PAPER["remedies"]["random_oversample"], VOCAB),
            None,
        ),
        "smote": (*resample(meta, tokens, "smote", PAPER["remedies"]["smote"], VOCAB), None),
        "gmm": (*gmm_balanced(meta, tokens, PAPER["gmm"], VOCAB), None),
    }
    return {name: minority_recall(m, t, test, w) for name, (m, t, w) in sets.items()}


@pytest.mark.parametrize("remedy", ["class_weight", "random_oversample", "smote", "gmm"])
def test_a_remedy_raises_minority_recall_over_none(recalls, remedy):
    assert recalls[remedy] > recalls["none"], recalls
