"""One problem's labels on the memes table: the prepare stage keeps every usable meme (carved on the
stratification problem); each problem then reads its own raw column (or ground-truth digit) back
from the source files, so a meme without a class of this problem is dropped from this problem only
(recorded) and stays in every other."""

from __future__ import annotations

import pandas as pd

from ..core.errors import InputError
from ..core.tasks import Problem
from .cleaning import DROP_COLUMNS, UNKNOWN_LABEL, unknown_label_details
from .sources import Source, raw_labels


def problem_labels(
    memes: pd.DataFrame, sources: dict[str, Source], problem: Problem
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the memes table with ``label`` = ``problem``'s class, None where the meme has none; the
    memes of a labelled file without one, as DROP_COLUMNS rows).

    A meme's file is the part of its ``meme_id`` before ``:`` (carved splits come from ``train``);
    its row there is the part after it. Rows stay in the memes table's order (arrays follow it)."""
    memes = memes.copy()
    memes["label"] = None
    dropped = []
    file_of = memes["meme_id"].str.split(":").str[0]
    for name, source in sources.items():
        mine = file_of == name
        if not mine.any() or (source.label_column is None and source.ground_truth is None):
            continue
        raw = raw_labels(source, problem)
        rows = memes.loc[mine, "meme_id"].str.split(":").str[1].astype(int)
        if rows.max() > len(raw):
            raise InputError(
                f"{source.csv}: has {len(raw)} data rows but the memes table holds row {rows.max()}; the "
                "file changed after prepare ran: rerun prepare"
            )
        values = pd.Series(raw.to_numpy()[rows.to_numpy() - 1], index=rows.index)
        labels = values.map(problem.label)
        memes.loc[mine, "label"] = labels
        bad = labels.isna()
        dropped.append(
            pd.DataFrame(
                {
                    "file": str(source.csv),
                    "row": rows[bad],
                    "image_name": memes.loc[bad[bad].index, "image_name"],
                    "reason": UNKNOWN_LABEL,
                    "detail": unknown_label_details(values[bad], problem),
                }
            )
        )
    memes["label"] = memes["label"].astype(object).where(memes["label"].notna(), None)
    frame = pd.concat(dropped, ignore_index=True) if dropped else pd.DataFrame(columns=DROP_COLUMNS)
    return memes, frame[DROP_COLUMNS]


def label_summary(memes: pd.DataFrame, dropped: pd.DataFrame, problem: Problem) -> dict:
    """Per split: memes, how many have a class of ``problem`` and how many of each (in class order);
    the memes dropped from this problem, per file."""
    splits = {}
    for split, group in memes.groupby("split", sort=False):
        counts = group["label"].value_counts()
        splits[split] = {
            "memes": int(len(group)),
            "labelled": int(group["label"].notna().sum()),
            "classes": {c: int(counts.get(c, 0)) for c in problem.classes},
        }
    return {
        "problem": problem.name,
        "splits": splits,
        "dropped": int(len(dropped)),
        "dropped_by_file": {f: int(len(rows)) for f, rows in dropped.groupby("file", sort=False)},
    }
