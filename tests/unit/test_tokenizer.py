"""The tokenizer reproduces Keras' legacy Tokenizer / pad_sequences semantics."""

import numpy as np
import pytest
from memotion_gmm.text.tokenizer import KERAS_FILTERS, WordTokenizer, pad_sequences, text_to_word_sequence


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
    tok = WordTokenizer().fit(["zed a c", "a c bee", "c mid"])
    # c:3, a:2, then zed, bee, mid (1 each) in first-seen order, which is not alphabetical
    assert tok.word_index == {"c": 1, "a": 2, "zed": 3, "bee": 4, "mid": 5}
    assert tok.vocab_size == 6
    assert tok.encode("bee unknown C") == [4, 1]


def test_num_words_and_oov_token():
    tok = WordTokenizer(num_words=3, oov_token="<oov>").fit(["x x x y y z"])
    assert tok.word_index == {"<oov>": 1, "x": 2, "y": 3, "z": 4}
    # ids >= num_words become the OOV id, as in Keras
    assert tok.encode("x y z w") == [2, 1, 1, 1]
    assert tok.vocab_size == 3
    plain = WordTokenizer(num_words=3).fit(["x x x y y z"])
    assert plain.encode("x y z") == [1, 2]


def test_lower_false_keeps_case():
    tok = WordTokenizer(lower=False).fit(["b A a B"])
    assert tok.word_index == {"b": 1, "A": 2, "a": 3, "B": 4}  # a tie of four, first-seen order


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
