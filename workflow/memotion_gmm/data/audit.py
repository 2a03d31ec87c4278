"""The overlap audit: which memes of one split another split already holds, and scores on the rest.

A split that shares memes with the training data measures memorisation, not generalisation. The
audit matches every evaluation split against ``train`` (and valid / trial / test against each
other, and ``train`` against itself) with ``duplicates.match_pairs``; ``unseen_memes`` marks the
evaluation memes with no match in ``train``, and ``unseen_runs`` scores each run on those alone.
"""

from __future__ import annotations

import pandas as pd

from .duplicates import match_pairs
from .splits import SPLITS

OVERLAP_COLUMNS = [
    "split",
    "meme_id",
    "image_name",
    "matched_split",
    "matched_meme_id",
    "matched_image_name",
    "kind",
    "hash_distance",
    "text_similarity",
    "labels_agree",
]


def split_pairs(present: list[str]) -> list[tuple[str, str]]:
    """(split, matched split) pairs the audit compares, in table order: train with itself, each
    evaluation split against train, then the evaluation splits with themselves and each other (the
    duplicates inside a split are what label reliability reads)."""
    held_out = [s for s in SPLITS if s in present and s != "train"]
    pairs = [("train", "train")] + [(s, "train") for s in held_out]
    return pairs + [(a, b) for i, b in enumerate(held_out) for a in held_out[i:]]


def overlap(memes: pd.DataFrame, max_distance: int, min_similarity: float | None) -> pd.DataFrame:
    """Every matched pair (OVERLAP_COLUMNS); a pair within one split is listed once. ``labels_agree``
    is empty where either meme is unlabelled."""
    frames = []
    for split, other in split_pairs(list(memes["split"].unique())):
        left = memes[memes["split"] == split].reset_index(drop=True)
        right = memes[memes["split"] == other].reset_index(drop=True)
        pairs = match_pairs(left, right, max_distance, min_similarity)
        if split == other:
            pairs = pairs[pairs["left"] < pairs["right"]]
        a, b = (
            left.loc[pairs["left"]].reset_index(drop=True),
            right.loc[pairs["right"]].reset_index(drop=True),
        )
        agree = (a["label"] == b["label"]).astype(object).where(a["label"].notna() & b["label"].notna())
        frames.append(
            pd.DataFrame(
                {
                    "split": split,
                    "meme_id": a["meme_id"],
                    "image_name": a["image_name"],
                    "matched_split": other,
                    "matched_meme_id": b["meme_id"],
                    "matched_image_name": b["image_name"],
                    "kind": pairs["kind"].to_numpy(),
                    "hash_distance": pairs["hash_distance"].to_numpy(),
                    "text_similarity": pairs["text_similarity"].to_numpy(),
                    "labels_agree": agree,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[OVERLAP_COLUMNS]


def summary(memes: pd.DataFrame, pairs: pd.DataFrame, settings: dict) -> dict:
    """Counts per compared split pair ``"{split} ~ {matched}"``: the split's memes, how many have a
    match, matched pairs by kind, and pairs whose labels agree / disagree."""
    out = {"settings": settings, "pairs": {}}
    for split, other in split_pairs(list(memes["split"].unique())):
        sub = pairs[(pairs["split"] == split) & (pairs["matched_split"] == other)]
        matched = set(sub["meme_id"]) | (set(sub["matched_meme_id"]) if split == other else set())
        out["pairs"][f"{split} ~ {other}"] = {
            "memes": int((memes["split"] == split).sum()),
            "memes_matched": len(matched),
            "pairs": len(sub),
            "kind": {k: int(v) for k, v in sub["kind"].value_counts().sort_index().items()},
            "labels_agree": int((sub["labels_agree"] == True).sum()),  # noqa: E712 (object column)
            "labels_disagree": int((sub["labels_agree"] == False).sum()),  # noqa: E712
        }
    return out


def unseen_memes(memes: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """(split, meme_id, seen_in_train) for every meme of an evaluation split: seen where the audit
    matched it to a training meme."""
    held_out = memes.loc[memes["split"] != "train", ["split", "meme_id"]].reset_index(drop=True)
    seen = pairs.loc[(pairs["matched_split"] == "train") & (pairs["split"] != "train"), "meme_id"]
    return held_out.assign(seen_in_train=held_out["meme_id"].isin(seen))
