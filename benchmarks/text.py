"""The text stage: fitting the tokenizer, encoding and writing 7,000 texts, against the Keras 2
text utilities the paper used (re-typed: Keras 3 dropped them), with identical sequences."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from memotion_gmm.text.sequences import encode_splits, write_sequences
from memotion_gmm.text.tokenizer import KERAS_FILTERS, WordTokenizer

from . import common
from .common import RAW, best_of, row, say
from .cpuload import Window


def memes_table(texts: pd.DataFrame) -> pd.DataFrame:
    """The columns the sequences stage reads from the prepared memes table."""
    n = len(texts)
    return pd.DataFrame(
        {
            "meme_id": [f"train:{i}" for i in range(n)],
            "image_name": [f"meme_{i + 1}.jpg" for i in range(n)],
            "label": texts["label"].to_numpy(),
            "text": texts["text"].to_numpy(),
        }
    )


def text_ours(memes: pd.DataFrame, out: Path, max_len: int) -> np.ndarray:
    """The workflow's vocab + sequences rules: fit, save the vocabulary, encode, write parquet."""
    tokenizer = WordTokenizer().fit(memes["text"])
    tokenizer.to_json(out / "vocab.json")
    encoding = {"max_len": max_len, "padding": "pre", "truncating": "pre"}
    encoded, _ = encode_splits(memes.assign(split="train"), tokenizer, ["train"], encoding)
    meta, ids = encoded["train"]
    write_sequences(meta, ids, out / "train.parquet")
    return ids


# --- baseline: the Keras 2 text utilities the paper used, re-typed (Keras 3 dropped them) ---


def _legacy_words(text: str, filters: str = KERAS_FILTERS, lower: bool = True, split: str = " ") -> list[str]:
    """keras_preprocessing.text.text_to_word_sequence (1.1.2)."""
    if lower:
        text = text.lower()
    translate_map = str.maketrans({c: split for c in filters})
    return [w for w in text.translate(translate_map).split(split) if w]


def _legacy_fit(texts) -> dict[str, int]:
    """Tokenizer.fit_on_texts: word and document counts per word, ids by descending count."""
    word_counts: dict[str, int] = {}
    word_docs: dict[str, int] = {}
    for text in texts:
        seq = _legacy_words(text)
        for w in seq:
            word_counts[w] = word_counts.get(w, 0) + 1
        for w in set(seq):
            word_docs[w] = word_docs.get(w, 0) + 1
    ranked = sorted(word_counts.items(), key=lambda kv: kv[1], reverse=True)
    return {w: i for i, (w, _) in enumerate(ranked, start=1)}


def _legacy_pad(sequences: list[list[int]], maxlen: int) -> np.ndarray:
    """keras_preprocessing.sequence.pad_sequences(padding='pre', truncating='pre')."""
    x = np.full((len(sequences), maxlen), 0, dtype="int32")
    for idx, s in enumerate(sequences):
        if not len(s):
            continue
        trunc = np.asarray(s[-maxlen:], dtype="int32")
        x[idx, -len(trunc) :] = trunc
    return x


def text_baseline(memes: pd.DataFrame, out: Path, max_len: int) -> np.ndarray:
    """Paper-style per-text Python loops; vocabulary as JSON, sequences as a CSV column."""
    texts = memes["text"].tolist()
    word_index = _legacy_fit(texts)
    (out / "vocab_baseline.json").write_text(json.dumps(word_index))
    sequences = [[word_index[w] for w in _legacy_words(t) if w in word_index] for t in texts]
    ids = _legacy_pad(sequences, max_len)
    frame = memes[["meme_id", "image_name", "label"]].copy()
    frame["tokens"] = [" ".join(map(str, row)) for row in ids]
    frame.to_csv(out / "train_baseline.csv", index=False)
    return ids


def run(
    tag: str, texts: pd.DataFrame, max_len: int, repeats: int, record: bool = True
) -> tuple[np.ndarray, np.ndarray, int]:
    """Seconds of the text stage vs the baseline; returns (token ids, labels, vocab size)."""
    memes = memes_table(texts)
    out = common.WORK / f"text_{tag}"
    out.mkdir(exist_ok=True)
    ids = text_ours(memes, out, max_len)
    vocab = json.loads((out / "vocab.json").read_text())["vocab_size"]
    labels = memes["label"].to_numpy(dtype=object)
    if not record:
        return ids, labels, vocab
    say(f"text stage ({tag}): {len(texts)} texts", f"text {tag}")
    base_ids = text_baseline(memes, out, max_len)
    assert (ids == base_ids).all(), "the baseline tokenizer must give the same sequences"
    with Window() as w:
        ours, base = best_of(
            lambda: text_ours(memes, out, max_len),
            lambda: text_baseline(memes, out, max_len),
            repeats,
        )
    RAW[f"text_{tag}"] = {"ours_s": ours, "baseline_s": base, "texts": len(texts)}
    row(
        f"Text stage, {tag}: fit + encode + write {len(texts):,} texts (max_len {max_len})",
        ours,
        base,
        "s",
        "ours < 2 s",
        ours < 2,
        2,
        (w.others, w.others),
    )
    return ids, labels, vocab
