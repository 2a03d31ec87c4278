"""Imbalance remedies: resampled sets hold training rows only, balanced; bad settings are named."""

import numpy as np
import pandas as pd
import pytest
import yaml
from memotion_gmm.core.errors import ConfigError
from memotion_gmm.models.inputs import SplitInputs, take_memes
from memotion_gmm.pipeline.configuration import validate_config
from memotion_gmm.resampling.remedies import RESAMPLING, class_weights, resample
from workflow_utils import CLASSES, PAPER, REPO, gmm_balanced, merge

VOCAB = 60
REMEDIES = PAPER["remedies"]


def memes(seed=0):
    """A memes table over train / valid / trial / test, with token ids per meme."""
    rng = np.random.default_rng(seed)
    rows = []
    for split, n in (("train", 120), ("valid", 30), ("trial", 20), ("test", 20)):
        labels = rng.choice(CLASSES, size=n, p=[0.1, 0.3, 0.6])
        labels[:3] = CLASSES  # every class present
        rows += [(f"{split}-{i}", f"{split}-{i}.jpg", lab, split) for i, lab in enumerate(labels)]
    table = pd.DataFrame(rows, columns=["meme_id", "image_name", "label", "split"])
    return table, rng.integers(0, VOCAB, (len(table), 10)).astype(np.int32)


def remedy_train_set(name, table, tokens):
    """The training set remedy ``name`` makes from the train split (as its rule would)."""
    train = (table["split"] == "train").to_numpy()
    meta, toks = table[train][["meme_id", "image_name", "label"]].reset_index(drop=True), tokens[train]
    settings = REMEDIES[name]
    if settings["method"] in RESAMPLING:
        return resample(meta, toks, name, settings, VOCAB)
    gmm = PAPER["gmm"] | {k: v for k, v in settings.items() if k != "method"}
    return gmm_balanced(meta, toks, gmm, VOCAB)


DATA_REMEDIES = [n for n, r in REMEDIES.items() if r["method"] in (*RESAMPLING, "gmm")]


@pytest.mark.parametrize("name", DATA_REMEDIES)
def test_a_remedy_uses_training_rows_only_and_balances_the_classes(name):
    table, tokens = memes()
    out, toks = remedy_train_set(name, table, tokens)
    held_out = set(table.loc[table["split"] != "train", "meme_id"])
    train = set(table.loc[table["split"] == "train", "meme_id"])
    real = out[~out["synthetic"]]
    assert set(real["meme_id"]) <= train and not (set(out["meme_id"]) & held_out)
    assert out.loc[out["synthetic"], "meme_id"].str.startswith("synthetic-").all()
    if REMEDIES[name]["method"] == "random_oversample":
        assert not out["synthetic"].any()
        assert (out["image_name"] == out["meme_id"] + ".jpg").all()  # images follow their text
    counts = out["label"].value_counts()
    assert counts.nunique() == 1 or REMEDIES[name]["method"] == "borderline_smote"
    assert toks.dtype == np.int32 and toks.min() >= 0 and toks.max() < VOCAB and len(toks) == len(out)


@pytest.mark.parametrize("name", [n for n in REMEDIES if REMEDIES[n]["method"] in RESAMPLING])
def test_resampling_is_reproducible(name):
    table, tokens = memes()
    a, ta = remedy_train_set(name, table, tokens)
    b, tb = remedy_train_set(name, table, tokens)
    pd.testing.assert_frame_equal(a, b)
    np.testing.assert_array_equal(ta, tb)


def test_smote_k_neighbors_not_below_the_smallest_class_names_key_class_and_count():
    table, tokens = memes()
    train = table[table["split"] == "train"].reset_index(drop=True)
    smallest = train["label"].value_counts()
    cls, n = smallest.idxmin(), smallest.min()
    with pytest.raises(ConfigError) as err:
        resample(
            train, tokens[: len(train)], "smote", {"method": "smote", "k_neighbors": n, "seed": 1}, VOCAB
        )
    assert str(err.value).startswith("remedies.smote.k_neighbors")
    assert f"{cls!r} has only {n} training rows" in str(err.value)


def test_inverse_class_weights_weigh_rare_classes_up():
    labels = np.array(["positive"] * 6 + ["neutral"] * 3 + ["negative"] * 1, dtype=object)
    weights = class_weights(labels, "inverse", CLASSES)
    assert weights == pytest.approx({0: 10 / 3, 1: 10 / 9, 2: 10 / 18})
    assert class_weights(labels, {"negative": 4.0}, CLASSES) == {0: 4.0, 1: 1.0, 2: 1.0}


def test_take_memes_keeps_images_with_their_text():
    split = SplitInputs(
        "train",
        np.array(["a", "b", "c"]),
        np.array(["a.jpg", "b.jpg", "c.jpg"]),
        np.array(["positive", "neutral", "negative"], dtype=object),
        {"tokens": np.array([[1], [2], [3]]), "image": np.array([10, 20, 30])},
    )
    got = take_memes(split, np.array(["c", "c", "a"]))
    assert list(got.meme_ids) == ["c", "c", "a"] and list(got.labels) == ["negative", "negative", "positive"]
    assert got.inputs["tokens"].ravel().tolist() == [3, 3, 1] and got.inputs["image"].tolist() == [30, 30, 10]


def default_config():
    return yaml.safe_load((REPO / "config.yaml").read_text())


@pytest.mark.parametrize(
    "change, message",
    [
        ({"variants": {"lstm_t": {"balance": "adasyn"}}}, "variants.lstm_t.balance: unknown remedy 'adasyn'"),
        (
            {"remedies": {"class_weight": {"method": "class_weight", "weights": {"sad": 2.0}}}},
            "remedies.class_weight.weights: unknown class(es) ['sad']",
        ),
        ({"remedies": {"smote": {"method": "smote", "k_neighbors": 0}}}, "remedies.smote.k_neighbors"),
        ({"remedies": {"smote": {"method": "smote", "m_neighbors": 3}}}, "remedies.smote"),
        ({"remedies": {"x": {"method": "tomek"}}}, "remedies.x.method: 'tomek' is not one of"),
        (
            {"variants": {"cnn_i": {"balance": "smote"}}},
            "variants.cnn_i.balance: 'smote' (smote) makes synthetic token sequences",
        ),
        (
            {"variants": {"lstm_t": {"train_data": "gmm", "balance": "smote"}}},
            "variants.lstm_t: train_data and balance disagree",
        ),
    ],
)
def test_bad_remedy_settings_are_one_line_naming_the_key(change, message):
    with pytest.raises(ConfigError) as err:
        validate_config(merge(default_config(), change))
    assert message in str(err.value) and "\n" not in str(err.value)


def test_train_data_is_an_alias_of_balance_and_null_drops_a_variant():
    config = default_config()
    for spec in config["variants"].values():
        spec.pop("balance")
    config["variants"]["lstm_t_gmm"]["train_data"] = "gmm"
    config["variants"]["lstm_t"]["train_data"] = "original"
    config["variants"]["cnn_i"] = None
    validate_config(config)
    assert (
        config["variants"]["lstm_t_gmm"]["balance"] == "gmm"
        and config["variants"]["lstm_t"]["balance"] == "none"
    )
    assert "train_data" not in config["variants"]["lstm_t_gmm"] and "cnn_i" not in config["variants"]
