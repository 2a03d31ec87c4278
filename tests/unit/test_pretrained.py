"""Pre-trained signals from installed packages: GloVe rows in a text model's embedding layer, VADER
lexicon scores per meme, and none of it touching the network."""

import socket

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.core.errors import ConfigError
from memotion_gmm.models.builders import BUILDERS, build_model
from memotion_gmm.models.runtime import seed_everything
from memotion_gmm.models.training import initial_embeddings
from memotion_gmm.pipeline.configuration import validate_config
from memotion_gmm.text.glove import GLOVE_DIM, RANDOM_SCALE, embedding_matrix, load_glove
from memotion_gmm.text.lexicon import SCORES, lexicon_scores, score_splits
from memotion_gmm.text.tokenizer import WordTokenizer
from test_config import default_config, with_value
from test_models import TINY_DIMS, fit_briefly, small_sizes

GLOVE_SIZES = {"embedding_dim": GLOVE_DIM, "embeddings": "glove"}


@pytest.fixture
def offline(monkeypatch):
    """Every attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_a_vocabulary_word_gets_its_glove_vector_and_an_unknown_word_the_seeded_random_row():
    rows, vectors = load_glove()
    word_index = {"movie": 1, "zzqxjvbnotaword": 2, "happy": 3, "beyondthevocab": 9}
    matrix, coverage = embedding_matrix(word_index, vocab_size=4, seed=7)
    assert matrix.shape == (4, GLOVE_DIM) and matrix.dtype == np.float32
    np.testing.assert_array_equal(matrix[1], vectors[rows["movie"]])
    np.testing.assert_array_equal(matrix[3], vectors[rows["happy"]])
    drawn = np.random.default_rng(7).uniform(-RANDOM_SCALE, RANDOM_SCALE, (4, GLOVE_DIM)).astype(np.float32)
    np.testing.assert_array_equal(matrix[2], drawn[2])  # unknown: the seed's row, not a GloVe one
    assert not np.array_equal(embedding_matrix(word_index, 4, seed=8)[0][2], matrix[2])
    np.testing.assert_array_equal(matrix[0], 0)  # padding
    assert coverage == {"words": 3, "with_vector": 2, "share": round(2 / 3, 4)}  # id 9 is past num_words


def test_the_run_record_s_coverage_comes_from_the_training_vocabulary(tmp_path):
    vocab = tmp_path / "vocab.json"
    WordTokenizer().fit(["the happy movie", "qqqzzzx the"]).to_json(vocab)
    matrix, coverage = initial_embeddings(GLOVE_SIZES | {"trainable_embeddings": False}, vocab, seed=1)
    assert matrix.shape == (5, GLOVE_DIM)
    assert coverage == {"words": 4, "with_vector": 3, "share": 0.75, "trainable": False}
    assert initial_embeddings({"embeddings": "random"}, vocab, seed=1) == (None, None)


@pytest.mark.parametrize("architecture", ["lstm_text", "conv1d_text", "cnn_lstm_fusion"])
@pytest.mark.parametrize("trainable", [False, True])
def test_frozen_glove_rows_stay_as_they_started_and_fine_tuned_ones_move(architecture, trainable):
    seed_everything(0)
    matrix = embedding_matrix({f"w{i}": i for i in range(1, 30)} | {"good": 12}, 30, seed=0)[0]
    sizes = small_sizes(architecture) | GLOVE_SIZES | {"trainable_embeddings": trainable}
    model = build_model(architecture, **TINY_DIMS, embedding_matrix=matrix, **sizes)
    np.testing.assert_array_equal(model.get_layer("embedding").get_weights()[0], matrix)
    fit_briefly(model, batch_size=16, seed=0)
    after = model.get_layer("embedding").get_weights()[0]
    assert np.array_equal(after, matrix) != trainable


def test_glove_needs_its_matrix_and_fifty_dimensions():
    sizes = small_sizes("lstm_text") | GLOVE_SIZES
    with pytest.raises(ValueError, match="glove"):
        build_model("lstm_text", n_classes=3, vocab_size=30, max_len=12, **sizes)
    config = with_value(default_config(), ("models", "lstm_text", "embeddings"), "glove")
    with pytest.raises(ConfigError, match=r"variants.lstm_t: embeddings glove .* embedding_dim is 100"):
        validate_config(config)


def test_vader_scores_of_fixed_strings_are_the_library_s():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = ["I love this meme, it is GREAT!!! :)", "worst. day. ever.", "", "the cat sat on the mat"]
    analyzer = SentimentIntensityAnalyzer()
    want = np.array([[analyzer.polarity_scores(t)[k] for k in SCORES] for t in texts], dtype=np.float32)
    got = lexicon_scores(texts)
    np.testing.assert_array_equal(got, want)
    assert got[0, 0] > 0.5 and got[1, 0] < 0 and SCORES == ("compound", "pos", "neu", "neg")


def test_lexicon_rows_follow_each_split_s_memes_in_table_order():
    memes = pd.DataFrame(
        {
            "split": ["valid", "train", "train", "valid", "train"],
            "text": ["awful", "wonderful", None, "fine", "hate"],
        }
    )
    scores = score_splits(memes, ["train", "valid"])
    np.testing.assert_array_equal(scores["train"], lexicon_scores(["wonderful", "", "hate"]))
    np.testing.assert_array_equal(scores["valid"], lexicon_scores(["awful", "fine"]))


def test_synthetic_rows_are_refused_for_a_model_reading_two_vector_spaces():
    config = default_config()
    config["variants"]["mlp_el_smote"] = {
        "classifier": "MLP-EL",
        "data": "x",
        "model": "embedding_lexicon_mlp",
    }
    config["variants"]["mlp_el_smote"]["balance"] = "smote"
    with pytest.raises(ConfigError, match="embedding and lexicon"):
        validate_config(config)


def test_every_model_and_every_pre_trained_signal_builds_with_the_network_unreachable(offline):
    from memotion_gmm.text.embeddings import embed_texts, load_model

    matrix, _ = embedding_matrix({"happy": 1, "sad": 2}, 30, seed=0)
    for architecture in BUILDERS:
        sizes = small_sizes(architecture)
        if "embedding_dim" in sizes:
            sizes |= GLOVE_SIZES
        glove = matrix if "embedding_dim" in sizes else None
        model = build_model(architecture, **TINY_DIMS, embedding_matrix=glove, **sizes)
        assert model.output_shape == (None, 3), architecture
    assert lexicon_scores(["good"]).shape == (1, len(SCORES))
    assert embed_texts(["a good meme"], load_model(64), True, 8).shape == (1, 64)
