"""Token-id sequences per split, as parquet (id, image name, label, fixed-length token list)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..core.artifacts import reading
from ..core.errors import ConfigError
from .tokenizer import WordTokenizer, pad_sequences

META_COLUMNS = ["meme_id", "image_name", "label"]


def resolve_max_len(setting: int | str, train_ids: list[list[int]]) -> int:
    """``max_len`` from config: a positive integer, or ``auto`` = longest training sequence."""
    if setting == "auto":
        return max(1, max((len(s) for s in train_ids), default=1))
    if isinstance(setting, int) and setting > 0:
        return setting
    raise ConfigError(f"text.max_len must be a positive integer or 'auto', got {setting!r}")


def encode_splits(
    memes: pd.DataFrame, tokenizer: WordTokenizer, splits: list[str], encoding: dict
) -> tuple[dict[str, tuple[pd.DataFrame, np.ndarray]], dict]:
    """Every split's (meta columns, int32 tokens (N, max_len)), each text tokenized once, and stats.

    ``encoding`` is the config's ``max_len`` (an int or ``auto``), ``padding`` and ``truncating``.
    The stats give the resolved ``max_len``, ``vocab_size`` and, per split, its rows, how many
    texts were truncated and how many had no known word.
    """
    ids = {
        split: [tokenizer.encode(t) for t in memes.loc[memes["split"] == split, "text"]] for split in splits
    }
    max_len = resolve_max_len(encoding["max_len"], ids.get("train", []))
    encoded, stats = {}, {"max_len": max_len, "vocab_size": tokenizer.vocab_size, "splits": {}}
    for split in splits:
        meta = memes.loc[memes["split"] == split, META_COLUMNS].reset_index(drop=True)
        tokens = pad_sequences(ids[split], max_len, encoding["padding"], encoding["truncating"])
        encoded[split] = meta, tokens
        lengths = [len(s) for s in ids[split]]
        stats["splits"][split] = {
            "rows": len(meta),
            "truncated": sum(n > max_len for n in lengths),
            "empty_after_tokenizing": sum(n == 0 for n in lengths),
        }
    return encoded, stats


def write_sequences(meta: pd.DataFrame, tokens: np.ndarray, path: Path) -> None:
    """Write meta columns (+ any extra, e.g. ``synthetic``) and the rows as a fixed-size list:
    ``tokens`` (int32) for integer rows, ``vector`` (float32) for float ones (embeddings)."""
    floats = np.issubdtype(np.asarray(tokens).dtype, np.floating)
    name, dtype, pa_type = (
        ("vector", np.float32, pa.float32()) if floats else ("tokens", np.int32, pa.int32())
    )
    tokens = np.asarray(tokens, dtype=dtype)
    columns = {
        c: pa.array(meta[c].astype(object).where(meta[c].notna(), None), pa.string()) for c in META_COLUMNS
    }
    columns[name] = pa.FixedSizeListArray.from_arrays(pa.array(tokens.ravel(), pa_type), tokens.shape[1])
    table = pa.table(columns)
    for extra in meta.columns.difference(META_COLUMNS):
        table = table.append_column(extra, pa.array(meta[extra]))
    pq.write_table(table, path)


def read_tokens(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """(the table without its rows, the rows: tokens as int32 (N, max_len), or a ``vector``
    column as float32 (N, dim))."""
    with reading(path):
        table = pq.read_table(path)
        name, dtype = ("tokens", np.int32) if "tokens" in table.column_names else ("vector", np.float32)
        col = table.column(name).combine_chunks()
        width = col.type.list_size
        tokens = col.values.to_numpy(zero_copy_only=False).astype(dtype).reshape(len(col), width)
        return table.drop([name]).to_pandas(), tokens
