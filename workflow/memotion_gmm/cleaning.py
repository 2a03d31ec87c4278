"""Deciding which rows the workflow can use; every other row gets a recorded reason."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .images import find_undecodable
from .labels import fold_label
from .sources import Source

DROP_COLUMNS = ["file", "row", "image_name", "reason", "detail"]

# Reasons, in the order they are checked (a row gets the first that applies).
MISSING_IMAGE_NAME = "missing_image_name"
DUPLICATE_IMAGE_NAME = "duplicate_image_name"
EMPTY_TEXT = "empty_text"
WEB_NOISE = "web_noise"
UNKNOWN_LABEL = "unknown_label"
MISSING_IMAGE = "missing_image"
CORRUPT_IMAGE = "corrupt_image"


@dataclass(frozen=True)
class NoiseRule:
    """A text matching ``pattern`` (a case-insensitive regex) is web noise named ``name``."""

    name: str
    pattern: str

    def compiled(self) -> re.Pattern:
        return re.compile(self.pattern, re.IGNORECASE)


def clean_source(
    rows: pd.DataFrame,
    source: Source,
    fold: dict[str, str],
    noise_rules: list[NoiseRule],
    threads: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``read_source`` rows into (kept, dropped).

    Kept rows gain ``label`` (Task A class or None where the split is unlabelled) and
    ``image_path`` (None for a split without images). Dropped rows follow DROP_COLUMNS.
    """
    rows = rows.copy()
    rows["text"] = rows["text"].fillna("").astype(str).str.strip()
    labelled = source.label_column is not None or source.ground_truth is not None
    rows["label"] = [fold_label(r, fold) for r in rows["raw_label"]] if labelled else None
    reason = pd.Series(None, index=rows.index, dtype=object)
    detail = pd.Series("", index=rows.index, dtype=object)

    def mark(mask: pd.Series, why: str, how: pd.Series | str) -> None:
        new = mask & reason.isna()
        reason[new] = why
        detail[new] = how[new] if isinstance(how, pd.Series) else how

    mark(rows["image_name"].fillna("") == "", MISSING_IMAGE_NAME, "image name is empty")
    mark(
        rows["image_name"].duplicated(keep="first"),
        DUPLICATE_IMAGE_NAME,
        "image name already used by an earlier row",
    )
    mark(rows["text"] == "", EMPTY_TEXT, "text is empty")
    for rule in noise_rules:
        pattern = rule.compiled()
        hit = rows["text"].map(lambda t: bool(pattern.search(t)))
        mark(hit, WEB_NOISE, f"text matches noise rule {rule.name!r}")
    if labelled:
        raw = rows["raw_label"].map(lambda v: "<missing>" if v is None or v == "" else repr(v))
        mark(
            rows["label"].isna(),
            UNKNOWN_LABEL,
            "label " + raw + " is not one of the configured labels.fold keys",
        )

    rows["image_path"] = None
    if source.images is not None:
        paths = rows["image_name"].map(lambda n: str(source.images / n))
        rows["image_path"] = paths
        exists = paths.map(os.path.isfile)
        mark(~exists, MISSING_IMAGE, "no such file: " + paths)
        todo = rows.index[reason.isna()]
        bad = find_undecodable([Path(p) for p in paths[todo]], threads)
        mark(rows.index.isin(todo[bad]), CORRUPT_IMAGE, "no decoder can read the file")

    dropped = pd.DataFrame(
        {
            "file": str(source.csv),
            "row": rows["row"],
            "image_name": rows["image_name"],
            "reason": reason,
            "detail": detail,
        }
    )[reason.notna()]
    kept = rows[reason.isna()].drop(columns=["raw_label"])
    return kept.reset_index(drop=True), dropped.reset_index(drop=True)[DROP_COLUMNS]
