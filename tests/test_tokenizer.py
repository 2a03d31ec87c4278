"""The tokenizer reproduces Keras' legacy Tokenizer / pad_sequences semantics."""

import numpy as np
import pytest
from memotion_gmm.tokenizer import KERAS_FILTERS, WordTokenizer, pad_sequences, text_to_word_sequence


@pytest.mark.parametrize(
    "text, words",
    [
        ("Hello, World!", ["hello", "world"]),
        ("it's  a\tTAB\nnewline", ["it's", "a", "tab", "newline"]),  # apostrophe is not filtered
        ("e-mail@home.com #10YearChallenge", ["e", "mail", "home", "com", "10yearchallenge"]),
        ("<html><head>", ["html", "head"]),
        ("   ", []),
        ("Ünïcödé ÇAFÉ — dash", ["ünïcödé", "çafé", "—", "dash"]),  # only ASCII punctuation filtered
        ("8:05 PM - 16 Jan", ["8", "05", "pm", "16", "jan"]),
    ],
)
def test_text_to_word_sequence_matches_keras(text, words):
    assert text_to_word_sequence(text) == words


def test_filters_are_keras_defaults():
    assert KERAS_FILTERS == '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def test_ids_ranked_by_frequency_ties_in_first_seen_order():
    tok = WordTokenizer().fit(["b a c", "a c d", "c"])
    # c:3, a:2, b:1, d:1 -> b seen before d
    assert tok.word_index == {"c": 1, "a": 2, "b": 3, "d": 4}
    assert tok.vocab_size == 5
    assert tok.encode("d unknown C") == [4, 1]


def test_num_words_and_oov_token():
    tok = WordTokenizer(num_words=3, oov_token="<oov>").fit(["x x x y y z"])
    assert tok.word_index == {"<oov>": 1, "x": 2, "y": 3, "z": 4}
    # ids >= num_words become the OOV id, as in Keras
    assert tok.encode("x y z w") == [2, 1, 1, 1]
    assert tok.vocab_size == 3
    plain = WordTokenizer(num_words=3).fit(["x x x y y z"])
    assert plain.encode("x y z") == [1, 2]


def test_lower_false_keeps_case():
    tok = WordTokenizer(lower=False).fit(["A a A"])
    assert tok.word_index == {"A": 1, "a": 2}


def test_json_round_trip(tmp_path):
    tok = WordTokenizer(oov_token="?").fit(["one two two", "three"])
    tok.to_json(tmp_path / "v.json")
    back = WordTokenizer.from_json(tmp_path / "v.json")
    assert back.word_index == tok.word_index and back.encode("two four") == tok.encode("two four")


def test_pad_sequences_pre_and_post():
    seqs = [[1, 2, 3, 4], [5], []]
    np.testing.assert_array_equal(pad_sequences(seqs, 3), [[2, 3, 4], [0, 0, 5], [0, 0, 0]])
    np.testing.assert_array_equal(pad_sequences(seqs, 3, "post", "post"), [[1, 2, 3], [5, 0, 0], [0, 0, 0]])
    with pytest.raises(ValueError, match="padding"):
        pad_sequences(seqs, 3, "middle")
