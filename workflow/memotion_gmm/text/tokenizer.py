"""A word tokenizer with the semantics of Keras' (legacy) ``Tokenizer``, saved as plain JSON.

Keras 3 dropped ``keras.preprocessing.text.Tokenizer``; this reimplements the part the paper
used: lower-casing, the punctuation filter, whitespace split, ids ranked by frequency from 1
(ties keep first-seen order), 0 reserved for padding, optional ``num_words`` and ``oov_token``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..core.artifacts import read_json

KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(
    text: str, filters: str = KERAS_FILTERS, lower: bool = True, split: str = " "
) -> list[str]:
    """Keras' ``text_to_word_sequence``: filter characters become ``split``, empties dropped."""
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({c: split for c in filters}))
    return [w for w in text.split(split) if w]


class WordTokenizer:
    """Fit on training texts, then encode any text to a list of token ids."""

    def __init__(
        self,
        filters: str = KERAS_FILTERS,
        lower: bool = True,
        split: str = " ",
        num_words: int | None = None,
        oov_token: str | None = None,
    ):
        if num_words is not None and num_words < 1:
            raise ValueError(f"num_words must be a positive integer or None, got {num_words!r}")
        self.filters, self.lower, self.split = filters, lower, split
        self.num_words, self.oov_token = num_words, oov_token
        self.word_counts: dict[str, int] = {}
        self.word_index: dict[str, int] = {}

    def words(self, text: str) -> list[str]:
        return text_to_word_sequence(text, self.filters, self.lower, self.split)

    def fit(self, texts: Iterable[str]) -> WordTokenizer:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(self.words(text))  # Counter keeps first-seen order for ties
        ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
        vocab = ([self.oov_token] if self.oov_token is not None else []) + [w for w, _ in ranked]
        self.word_counts = dict(counts)
        self.word_index = {w: i for i, w in enumerate(vocab, start=1)}
        return self

    @property
    def vocab_size(self) -> int:
        """Embedding input size: the largest id that ``encode`` can emit, plus one (for 0)."""
        size = len(self.word_index) + 1
        return min(size, self.num_words) if self.num_words else size

    def encode(self, text: str) -> list[int]:
        """Keras' ``texts_to_sequences`` for one text."""
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        ids = []
        for word in self.words(text):
            i = self.word_index.get(word)
            if i is not None and (not self.num_words or i < self.num_words):
                ids.append(i)
            elif oov is not None:
                ids.append(oov)
        return ids

    def to_json(self, path: Path) -> None:
        payload = {
            "config": {
                "filters": self.filters,
                "lower": self.lower,
                "split": self.split,
                "num_words": self.num_words,
                "oov_token": self.oov_token,
            },
            "vocab_size": self.vocab_size,
            "word_index": self.word_index,
            "word_counts": self.word_counts,
        }
        Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=1))

    @classmethod
    def from_json(cls, path: Path) -> WordTokenizer:
        payload = read_json(path)
        tok = cls(**payload["config"])
        tok.word_index, tok.word_counts = payload["word_index"], payload["word_counts"]
        return tok


def pad_sequences(
    seqs: list[list[int]], max_len: int, padding: str = "pre", truncating: str = "pre"
) -> np.ndarray:
    """Keras' ``pad_sequences`` with value 0, as int32 (N, max_len)."""
    if padding not in ("pre", "post") or truncating not in ("pre", "post"):
        raise ValueError(f"padding and truncating must be 'pre' or 'post', got {padding!r}, {truncating!r}")
    out = np.zeros((len(seqs), max_len), dtype=np.int32)
    for row, seq in enumerate(seqs):
        kept = seq[-max_len:] if truncating == "pre" else seq[:max_len]
        if not kept:
            continue
        if padding == "pre":
            out[row, max_len - len(kept) :] = kept
        else:
            out[row, : len(kept)] = kept
    return out
