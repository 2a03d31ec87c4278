"""The prepare stage: every split's usable memes in one table, every unusable row recorded."""

from __future__ import annotations

import logging
from collections import Counter

import pandas as pd

from ..core.errors import InputError
from ..core.tasks import Problem
from .cleaning import DROP_COLUMNS, NoiseRule, clean_source
from .duplicates import duplicate_groups, image_hashes
from .sources import Source, read_source
from .splits import SPLITS, carve_splits

log = logging.getLogger(__name__)

MEME_COLUMNS = [
    "meme_id",
    "split",
    "image_name",
    "image_path",
    "has_image",
    "image_hash",
    "text",
    "text_source",
    "label",
]


def prepare_memes(
    sources: dict[str, Source],
    problem: Problem,
    noise_rules: list[NoiseRule],
    fractions: dict[str, float],
    seed: int,
    max_pixels: int,
    threads: int = 1,
    duplicate_distance: int | None = None,
    *,
    max_text_chars: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read, clean, hash and split. Returns (memes, dropped); ``label`` is ``problem``'s class.

    ``sources`` holds ``train`` and optionally ``trial`` / ``test`` files; ``fractions`` (a
    ``SplitPlan.carved``) names the splits carved from the training file, keeping duplicate groups
    (image hashes within ``duplicate_distance`` bits, or identical normalised texts) on one side
    unless ``duplicate_distance`` is None; a text over ``max_text_chars`` is dropped. memes is
    ordered by split (SPLITS order) then by row; ``meme_id`` is ``<file's split>:<row>``;
    ``image_hash`` is the perceptual hash of its image.
    """
    kept, dropped = {}, []
    for name, source in sources.items():
        rows = read_source(source, problem)
        good, bad = clean_source(
            rows, source, problem, noise_rules, max_pixels, threads, max_text_chars=max_text_chars
        )
        check_accounting(source, rows, good, bad)
        good["image_hash"] = image_hashes(good["image_path"].where(good["has_image"]), max_pixels, threads)
        good["meme_id"] = [f"{name}:{r}" for r in good["row"]]
        good["split"] = name
        kept[name] = good
        dropped.append(bad)
        log.info(
            "%s: %d rows read from %s, %d kept, %d dropped", name, len(rows), source.csv, len(good), len(bad)
        )

    train = kept["train"]
    if train.empty:
        raise InputError(f"{sources['train'].csv}: no usable rows left after cleaning (see dropped rows)")
    groups = None if duplicate_distance is None else duplicate_groups(train, duplicate_distance)
    train["split"] = carve_splits(train["label"], fractions, seed, groups)

    memes = pd.concat(kept.values(), ignore_index=True)
    order = pd.DataFrame(
        {
            "split": memes["split"].map(SPLITS.index),
            "file": memes["meme_id"].str.split(":").str[0].map(list(sources).index),
            "row": memes["row"],
        }
    )
    memes = memes.loc[order.sort_values(["split", "file", "row"]).index].reset_index(drop=True)
    return memes[MEME_COLUMNS], pd.concat(dropped, ignore_index=True)[DROP_COLUMNS]


def check_accounting(source: Source, rows: pd.DataFrame, kept: pd.DataFrame, dropped: pd.DataFrame) -> None:
    """Every row read is kept or dropped, exactly once; anything else is a bug, raised loudly."""
    read, out = rows["row"].tolist(), kept["row"].tolist() + dropped["row"].tolist()
    if len(out) != len(read) or sorted(out) != sorted(read):
        lost = sorted(set(read) - set(out))[:10]
        twice = sorted(r for r, n in Counter(out).items() if n > 1)[:10]
        raise RuntimeError(
            f"{source.csv}: rows do not add up: {len(read)} read, {len(kept)} kept + {len(dropped)} dropped "
            f"= {len(out)} (rows unaccounted for: {lost}; rows counted twice: {twice}). "
            "This is a bug in the workflow, not in the data."
        )


def summarize(memes: pd.DataFrame, dropped: pd.DataFrame, text_only: list[str]) -> dict:
    """Counts a reader wants from the prepare stage: rows per split, class, image presence and text
    column (``with_image``, ``without_image``, ``text_source``), drops per reason."""
    per_split = {}
    for split, group in memes.groupby("split", sort=False):
        per_split[split] = {
            "rows": int(len(group)),
            "labelled": bool(group["label"].notna().any()),
            "classes": {k: int(v) for k, v in group["label"].value_counts().sort_index().items()},
            "images": split not in text_only,
            "with_image": int(group["has_image"].sum()),
            "without_image": int((~group["has_image"]).sum()),
            "text_source": {k: int(v) for k, v in group["text_source"].value_counts().sort_index().items()},
        }
    return {
        "splits": per_split,
        "dropped": {k: int(v) for k, v in dropped["reason"].value_counts().sort_index().items()},
        "dropped_by_file": {
            f: {k: int(v) for k, v in rows["reason"].value_counts().sort_index().items()}
            for f, rows in dropped.groupby("file", sort=False)
        },
        "dropped_total": int(len(dropped)),
    }
