"""Length-bucketed text batches: every row once, narrow batches, padding that cannot change a result."""

import keras
import numpy as np
import pytest
from memotion_gmm.models.builders import build_model
from memotion_gmm.models.inputs import (
    BUCKET_POOL_BATCHES,
    BUCKET_WIDTH_STEP,
    SplitInputs,
    batch_plan,
    make_dataset,
    token_lengths,
)
from memotion_gmm.models.runtime import seed_everything
from memotion_gmm.models.training import fit, predict
from workflow_utils import CLASSES, PAPER

MAX_LEN = 40


def pre_pad(rows: list[list[int]], width: int) -> np.ndarray:
    return np.array([[0] * (width - len(r)) + r for r in rows], dtype=np.int32)


def text_split(name: str, n: int, seed: int, labelled: bool = True) -> SplitInputs:
    """Texts of 0-30 tokens (ids 1-49) whose label follows their first token, pre-padded to MAX_LEN."""
    rng = np.random.default_rng(seed)
    rows = [list(rng.integers(1, 50, rng.integers(0, 31))) for _ in range(n)]
    classes = np.array(["negative", "neutral", "positive"], dtype=object)
    labels = classes[[(r[-1] if r else 0) % 3 for r in rows]] if labelled else np.full(n, None, dtype=object)
    images = rng.integers(0, 256, (n, 8, 8, 3), dtype=np.uint8)
    tokens = pre_pad(rows, MAX_LEN)
    return SplitInputs(
        name, np.arange(n).astype(str), np.arange(n).astype(str), labels, {"tokens": tokens, "image": images}
    )


SMALL = {
    "lstm_text": {"embedding_dim": 4, "lstm_units": 4, "dense_units": 4},
    "conv1d_text": {"embedding_dim": 4, "filters": 16, "dense_units": 4},
    "cnn_lstm_fusion": {
        "embedding_dim": 4,
        "lstm_units": 4,
        "filters": [4],
        "branch_units": 4,
        "dense_units": 4,
    },
}


def sizes(architecture: str) -> dict:
    """The paper's sizes for ``architecture``, shrunk."""
    return PAPER["models"][architecture] | SMALL[architecture]


def test_token_lengths_count_from_the_first_real_token():
    tokens = pre_pad([[3, 4], [], [5, 0, 6], [1] * 6], 6)
    assert token_lengths(tokens).tolist() == [2, 0, 3, 6]


def test_fixed_plan_is_a_sliced_permutation():
    rng, again = np.random.default_rng(3), np.random.default_rng(3)
    batches = batch_plan(70, 32, rng, None)
    order = again.permutation(70)
    assert [b.tolist() for b in batches] == [sorted(order[i : i + 32]) for i in (0, 32, 64)]


@pytest.mark.parametrize("seeded", [True, False])
def test_bucketed_plan_holds_every_row_once_in_batches_of_similar_length(seeded):
    n, bs = 3000, 32
    lengths = np.random.default_rng(0).integers(0, 60, n)
    batches = batch_plan(n, bs, np.random.default_rng(1) if seeded else None, lengths)
    rows = np.concatenate(batches)
    assert sorted(rows.tolist()) == list(range(n))
    assert len(batches) == -(-n // bs)
    spread = np.mean([np.ptp(lengths[b]) for b in batches])
    assert spread <= (8 if seeded else 1), spread  # random batches would spread ~55
    longest = [lengths[b].max() for b in batches]
    assert longest[0] == max(longest) and longest[1] == min(longest)  # see the TensorFlow test below
    if not seeded:  # evaluation: the rest of the split in length order, batch after batch
        rest = batches[2:]
        assert all(lengths[a].max() <= lengths[b].min() for a, b in zip(rest, rest[1:]))


def test_bucketed_plan_is_seeded_and_reshuffled_every_epoch():
    lengths = np.random.default_rng(0).integers(0, 60, 2 * 32 * BUCKET_POOL_BATCHES + 5)
    n = len(lengths)
    first = [b.tolist() for b in batch_plan(n, 32, np.random.default_rng(7), lengths)]
    assert first == [b.tolist() for b in batch_plan(n, 32, np.random.default_rng(7), lengths)]
    rng = np.random.default_rng(7)
    epoch1, epoch2 = batch_plan(n, 32, rng, lengths), batch_plan(n, 32, rng, lengths)
    assert [b.tolist() for b in epoch1] == first and [b.tolist() for b in epoch2] != first


def test_bucketed_batches_keep_pre_padding_and_only_their_own_width():
    split = text_split("train", 200, seed=1)
    data = make_dataset(split, 16, CLASSES, shuffle_seed=2, bucketed=True)
    widths = set()
    for i in range(len(data)):
        features, _ = data[i]
        idx = data.batches[i]
        longest = token_lengths(split.inputs["tokens"][idx]).max()
        width = features["tokens"].shape[1]
        widths.add(width)
        assert width == min(MAX_LEN, -(-max(longest, 1) // BUCKET_WIDTH_STEP) * BUCKET_WIDTH_STEP)
        np.testing.assert_array_equal(features["tokens"], split.inputs["tokens"][idx][:, -width:])
        np.testing.assert_array_equal(features["image"], split.inputs["image"][idx])
    assert len(widths) > 1 and min(widths) < MAX_LEN


ROWS = [[3, 4, 5], [7], [], [8, 9, 1, 2, 6]]  # at width 5 the longest has no padding
ONE_TOKEN = [[7], [3], [11], []]  # at width 1 no window of the paper's Conv1D is all padding


def features(model, rows: list[list[int]], width: int) -> np.ndarray:
    """What the model's head sees for ``rows`` pre-padded to ``width`` (fixed images where it reads them)."""
    extractor = keras.Model(model.inputs, model.get_layer("dense").input)
    tokens = pre_pad(rows, width)
    if len(model.inputs) == 1:
        return extractor.predict(tokens, verbose=0)
    image = np.random.default_rng(0).integers(0, 256, (len(rows), 8, 8, 3), dtype=np.uint8)
    return extractor.predict({"tokens": tokens, "image": image}, verbose=0)


def loud_model(architecture: str, mask_padding: bool):
    """A small model with weights (biases too) large enough for padding to matter where it is seen."""
    seed_everything(0)
    max_len = MAX_LEN if mask_padding else None  # the paper's models, here with any width
    model = build_model(
        architecture,
        n_classes=3,
        vocab_size=50,
        max_len=max_len,
        image_size=8,
        mask_padding=mask_padding,
        **sizes(architecture),
    )
    rng = np.random.default_rng(1)
    model.set_weights([rng.normal(0, 1, w.shape) for w in model.get_weights()])  # biases too
    return model


@pytest.mark.parametrize("architecture", list(SMALL))
def test_masked_models_give_the_same_output_at_any_padding(architecture):
    model = loud_model(architecture, mask_padding=True)
    for rows, narrowest in ((ROWS, 5), (ONE_TOKEN, 1)):
        np.testing.assert_allclose(
            features(model, rows, narrowest), features(model, rows, 64), rtol=0, atol=1e-6
        )


@pytest.mark.parametrize("architecture", list(SMALL))
def test_the_paper_models_do_depend_on_padding(architecture):
    """Without masking the same texts padded wider score differently: the check above can fail."""
    model = loud_model(architecture, mask_padding=False)
    assert np.abs(features(model, ROWS, 5) - features(model, ROWS, 64)).max() > 1e-2


@pytest.mark.parametrize("architecture", ["lstm_text", "conv1d_text"])
def test_bucketed_training_is_deterministic_and_predicts_in_row_order(architecture):
    train, valid = text_split("train", 96, seed=3), text_split("valid", 40, seed=4)

    def run():
        seed_everything(5)
        model = build_model(
            architecture,
            n_classes=3,
            vocab_size=50,
            max_len=MAX_LEN,
            mask_padding=True,
            **sizes(architecture),
        )
        fit(model, train, valid, CLASSES, epochs=2, batch_size=8, learning_rate=1e-2, seed=5, bucketed=True)
        return model, predict(model, valid, 8, True, CLASSES)

    (model, first), (_, second) = run(), run()
    np.testing.assert_array_equal(
        first.filter(like="prob_").to_numpy(), second.filter(like="prob_").to_numpy()
    )
    assert first["meme_id"].tolist() == valid.meme_ids.tolist()
    one_by_one = [model.predict(valid.inputs["tokens"][i : i + 1], verbose=0)[0] for i in (0, 17, 39)]
    np.testing.assert_allclose(first.filter(like="prob_").to_numpy()[[0, 17, 39]], one_by_one, atol=1e-5)


def test_bucketed_training_survives_first_batches_of_one_width():
    """Keras on TensorFlow fixes the batch shape from a dataset's first two batches: a plan whose
    first two batches share a width (most texts short, a few long) would fail on a wider one."""
    rng = np.random.default_rng(0)
    rows = [[int(t) for t in rng.integers(1, 50, 3)] for _ in range(240)] + [list(range(1, 31))] * 8
    labels = np.array(["negative", "neutral", "positive"] * 100, dtype=object)[: len(rows)]
    ids = np.arange(len(rows)).astype(str)
    split = SplitInputs("train", ids, ids, labels, {"tokens": pre_pad(rows, MAX_LEN)})
    seed_everything(0)
    model = build_model(
        "lstm_text", n_classes=3, vocab_size=50, max_len=MAX_LEN, mask_padding=True, **sizes("lstm_text")
    )
    history = fit(
        model, split, split, CLASSES, epochs=2, batch_size=8, learning_rate=1e-2, seed=3, bucketed=True
    )
    assert len(history) == 2
