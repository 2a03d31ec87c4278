"""Deciding which rows the workflow can use; every other row gets a recorded reason."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.tasks import Problem
from . import decoding as images
from .decoding import find_image_problems, inside_folder
from .sources import Source

DROP_COLUMNS = ["file", "row", "image_name", "reason", "detail"]

# Reasons, in the order they are checked (a row gets the first that applies). A meme without
# an image (no image name, or no such file) is kept with ``has_image`` False, not dropped.
MERGED_ROWS = "merged_rows"
UNSAFE_IMAGE_NAME = "unsafe_image_name"
DUPLICATE_IMAGE_NAME = "duplicate_image_name"
EMPTY_TEXT = "empty_text"
TEXT_TOO_LONG = "text_too_long"
WEB_NOISE = "web_noise"
UNKNOWN_LABEL = "unknown_label"
IMAGE_TOO_LARGE = images.TOO_LARGE
CORRUPT_IMAGE = images.UNDECODABLE


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
    problem: Problem,
    noise_rules: list[NoiseRule],
    max_pixels: int,
    threads: int = 1,
    *,
    max_text_chars: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split ``read_source`` rows into (kept, dropped).

    Kept rows gain ``label`` (``problem``'s class, None where the split is unlabelled), ``image_path``
    and ``has_image`` (False, path None, for a split without images, an empty image name or a
    file that does not exist: such a meme is kept for the text models). Dropped rows follow
    DROP_COLUMNS. An image name that resolves outside the split's image folder is never opened;
    an image whose header declares more than ``max_pixels`` pixels is never decoded, a text longer
    than ``max_text_chars`` (None: no limit) is dropped before any pattern or matching reads it.
    """
    rows = rows.copy()
    rows["text"] = rows["text"].fillna("").astype(str).str.strip()
    labelled = source.label_column is not None or source.ground_truth is not None
    rows["label"] = [problem.label(r) for r in rows["raw_label"]] if labelled else None
    reason = pd.Series(None, index=rows.index, dtype=object)
    detail = pd.Series("", index=rows.index, dtype=object)

    def mark(mask: pd.Series, why: str, how: pd.Series | str) -> None:
        new = mask & reason.isna()
        reason[new] = why
        detail[new] = how[new] if isinstance(how, pd.Series) else how

    merged = rows["swallowed"].map(len)
    mark(
        merged > 0,
        MERGED_ROWS,
        "an unmatched quote merged the following lines into this row, hiding "
        + merged.astype(str)
        + " whole row(s) (image names "
        + rows["swallowed"].map(lambda names: ", ".join(names))
        + "); its text and label may be another meme's. Fix the CSV's quoting to use them",
    )
    named = rows["image_name"].fillna("").ne("")
    safe_paths = pd.Series(None, index=rows.index, dtype=object)
    if source.images is not None:
        safe_paths = rows["image_name"].map(lambda n: inside_folder(source.images, n) if n else None)
        mark(
            named & safe_paths.isna(),
            UNSAFE_IMAGE_NAME,
            f"image name resolves outside the image folder {source.images}; not opened",
        )
    mark(named & rows["image_name"].duplicated(keep="first"), DUPLICATE_IMAGE_NAME, _duplicate_details(rows))
    mark(rows["text"] == "", EMPTY_TEXT, f"text is empty in every text column {list(source.text_columns)}")
    if max_text_chars is not None:
        length = rows["text"].str.len()
        mark(
            length > max_text_chars,
            TEXT_TOO_LONG,
            "text of "
            + length.map("{:,}".format)
            + f" characters, over cleaning.max_text_chars ({max_text_chars:,})",
        )
    for rule in noise_rules:
        pattern = rule.compiled()
        hit = rows["text"].map(lambda t: bool(pattern.search(t)))
        mark(hit, WEB_NOISE, f"text matches noise rule {rule.name!r}")
    if labelled:
        mark(rows["label"].isna(), UNKNOWN_LABEL, unknown_label_details(rows["raw_label"], problem))

    rows["image_path"] = None
    rows["has_image"] = False
    if source.images is not None:
        paths = safe_paths.map(lambda p: str(p) if p is not None else None)
        todo = rows.index[reason.isna() & paths.notna()]
        rows.loc[todo, "has_image"] = paths[todo].map(os.path.isfile).astype(bool)
        rows["image_path"] = paths.where(rows["has_image"], None)
        todo = rows.index[reason.isna() & rows["has_image"]]
        problems = find_image_problems([Path(p) for p in paths[todo]], threads, max_pixels)
        found = pd.DataFrame(problems.values(), index=todo[list(problems)], columns=["why", "how"])
        for why in (IMAGE_TOO_LARGE, CORRUPT_IMAGE):
            hits = found[found["why"] == why]
            mark(rows.index.to_series().isin(hits.index), why, hits["how"].reindex(rows.index))

    dropped = pd.DataFrame(
        {
            "file": str(source.csv),
            "row": rows["row"],
            "image_name": rows["image_name"],
            "reason": reason,
            "detail": detail,
        }
    )[reason.notna()]
    kept = rows[reason.isna()].drop(columns=["raw_label", "swallowed"])
    return kept.reset_index(drop=True), dropped.reset_index(drop=True)[DROP_COLUMNS]


def unknown_label_details(raw: pd.Series, problem: Problem) -> pd.Series:
    """Why each raw value gives ``problem`` no class (for the rows that give none)."""
    shown = raw.map(lambda v: "<missing>" if v is None or v == "" or v != v else repr(v))
    return "label " + shown + f" is not a fold key of problem {problem.name!r} (labels)"


def _duplicate_details(rows: pd.DataFrame) -> pd.Series:
    """Per row: which earlier row holds the same image name, and whether their labels differ."""
    firsts = rows.drop_duplicates("image_name").set_index("image_name")
    first = pd.DataFrame({c: rows["image_name"].map(firsts[c]) for c in ("row", "label", "raw_label")})
    detail = "image name already used by row " + first["row"].astype(str)
    conflict = rows["label"].astype(object).ne(first["label"].astype(object)) & (
        rows["label"].notna() | first["label"].notna()
    )
    return detail.where(
        ~conflict,
        detail
        + " with a different label ("
        + first["raw_label"].map(repr)
        + " there, "
        + rows["raw_label"].map(repr)
        + " here)",
    )
