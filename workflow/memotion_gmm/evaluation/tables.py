"""The paper's Table 1 over seeds (with its interval columns and n per split), the pages that show it,
and the submission a variant's best seed makes."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

# (metric, split) pairs in the order of the paper's Table 1 columns.
TABLE1_COLUMNS: list[tuple[str, str, str]] = [
    ("Macro F1 (trial)", "macro_f1", "trial"),
    ("Macro F1 (test)", "macro_f1", "test"),
    ("Accuracy (trial)", "accuracy", "trial"),
    ("Accuracy (valid)", "accuracy", "valid"),
]

# The paper's Table 1 (Liu et al., 2020), as published: Macro F1 on trial (min-max, avg) and
# test, accuracy on trial and on Keras' validation split (min-max).
PAPER_TABLE1 = pd.DataFrame(
    [
        ("Baseline", "-", "-", "0.217", "-", "-"),
        ("LSTM-T", "Text only", "0.310-0.321 (avg: 0.316)", "0.332", "0.56-0.57", "0.45-0.46"),
        ("LSTM-T", "Text only with GMM", "0.251-0.253 (avg: 0.252)", "0.327", "0.61-0.62", "0.53-0.54"),
        ("Conv1D-T", "Text only", "0.290-0.298 (avg: 0.296)", "0.333", "0.55-0.56", "0.47-0.49"),
        ("Conv1D-T", "Text only with GMM", "0.252-0.271 (avg: 0.264)", "0.325", "0.55-0.56", "0.48-0.59"),
        ("CNN-I", "image only", "0.697-0.727 (avg: 0.710)", "0.337", "0.77-0.79", "0.46-0.51"),
        ("CNN-LSTM-TI", "image + text", "0.710-0.754 (avg: 0.729)", "0.329", "0.78-0.81", "0.47-0.52"),
    ],
    columns=["Classifier", "Data", *[c[0] for c in TABLE1_COLUMNS]],
)


def summarize_cell(values: pd.Series, reasons: pd.Series) -> str:
    """``min-max (avg: mean)`` over seeds (one value alone when all seeds agree), or ``n/a (why)``."""
    values = values.dropna()
    if values.empty:
        why = reasons.dropna()
        return f"n/a ({why.iloc[0]})" if not why.empty else "n/a"
    lo, hi, mean = values.min(), values.max(), values.mean()
    if len(values) == 1 or np.isclose(lo, hi):
        return f"{mean:.3f}"
    return f"{lo:.3f}-{hi:.3f} (avg: {mean:.3f})"


N_SPLITS = ("valid", "trial", "test")
"""Splits whose meme counts Table 1 gives, as ``n_{split}`` columns (where the split exists)."""


def table1(long: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Table 1: one row per variant (in ``order``), each cell summarized over seeds, then ``Seeds``
    and ``n_{split}``: how many memes of each split the variant scored (predicted, for an
    unlabelled split; empty where it scored none, e.g. an image model on a split without images)."""
    splits = [s for s in N_SPLITS if (long["split"] == s).any()]
    rows = []
    for variant in order:
        sub = long[long["variant"] == variant]
        if sub.empty:
            continue
        row = {"Classifier": sub["classifier"].iloc[0], "Data": sub["data"].iloc[0]}
        for title, metric, split in TABLE1_COLUMNS:
            cell = sub[(sub["metric"] == metric) & (sub["split"] == split)]
            row[title] = summarize_cell(cell["value"], cell["reason"])
        row["Seeds"] = int(sub["seed"].nunique())
        for split in splits:
            counts = sub.loc[sub["split"] == split, "rows"].dropna()
            row[f"n_{split}"] = int(counts.max()) if not counts.empty else None
        rows.append(row)
    table = pd.DataFrame(rows)
    return table.astype({c: "Int64" for c in table.columns if c.startswith("n_")})


def table1_display(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Table 1 for the md/html pages: an ``n_{split}`` column stays (as ``n ({split})``) where rows
    scored different numbers of memes; the others become one note line, e.g. ``n: valid 100``."""
    shown, same = table.copy(), []
    for col in [c for c in table.columns if c.startswith("n_")]:
        split, counts = col.removeprefix("n_"), table[col].dropna().unique()
        if len(counts) > 1:
            shown[col] = table[col].astype(object).where(table[col].notna(), "-")
            shown = shown.rename(columns={col: f"n ({split})"})
        else:
            shown = shown.drop(columns=col)
            if len(counts):
                same.append(f"{split} {counts[0]}")
    note = f"Memes scored in every row: {', '.join(same)}." if same else ""
    return shown, note


def table1_intervals(table: pd.DataFrame, intervals: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Table 1 (its rows are the variants ``order``) with, per column, the mean over seeds and its
    95 % interval over memes and seeds (from the statistics rule): ``{title} mean / low / high``."""
    means = intervals[intervals["seed"].astype(str) == "all"].set_index(["variant", "split", "metric"])
    table = table.copy()
    for title, metric, split in TABLE1_COLUMNS:
        for stat, col in (("mean", "value"), ("low", "low"), ("high", "high")):
            table[f"{title} {stat}"] = [means[col].get((v, split, metric), np.nan) for v in order]
    return table


def with_verdicts(table: pd.DataFrame, chance: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Table 1 (rows: the variants ``order``) with the chance verdict of each variant (seeds pooled,
    from the statistics rule): ``p vs chance ({split})``, Holm-adjusted, and ``Beats chance``, the
    splits where it does (``no`` where it beats chance nowhere, ``-`` for the chance rows)."""
    table = table.copy()
    if chance.empty:  # no labelled split
        table["Beats chance"] = "-"
        return table
    pooled = chance[chance["seed"].astype(str) == "all"]
    splits = list(dict.fromkeys(pooled["split"]))
    by = pooled.set_index(["variant", "split"])
    for split in splits:
        table[f"p vs chance ({split})"] = [by["p_holm"].get((v, split), np.nan) for v in order]
    beats = []
    for v in order:
        verdicts = {s: by["beats_chance"].get((v, s)) for s in splits}
        if all(pd.isna(b) for b in verdicts.values()):
            beats.append("-")
        else:
            beats.append(", ".join(s for s, b in verdicts.items() if pd.notna(b) and b) or "no")
    table["Beats chance"] = beats
    return table


CEILING = "Label ceiling"


def ceiling_row(summary: dict, level: str) -> dict:
    """Table 1's label-ceiling row: per column, the twin macro F1 (or accuracy) of predicting a
    split's copies of duplicate memes from their other copies (``level`` duplicates), with its
    interval and n (predictions) in the cell, and the interval columns filled."""
    row = {"Classifier": CEILING, "Data": f"another copy's label ({level} duplicates)"}
    for title, metric, split in TABLE1_COLUMNS:
        facts = summary["scopes"].get(split, {}).get(level, {})
        key = f"twin_{metric}"
        if key not in facts:
            row[title] = "n/a (no duplicates)"
            continue
        lo, hi = facts["interval"].get(key, (np.nan, np.nan))
        row[title] = f"{facts[key]:.3f} [{lo:.3f}, {hi:.3f}] (n {facts['twin_predictions']})"
        row |= {f"{title} mean": facts[key], f"{title} low": lo, f"{title} high": hi}
    return row | {"Seeds": "-", "Beats chance": "-"}


def ceiling_note(summary: dict, level: str, intervals: pd.DataFrame) -> str:
    """One line per split whose label ceiling's macro F1 interval overlaps stratified random's."""
    chance = intervals[
        (intervals["variant"] == "baseline_stratified")
        & (intervals["seed"].astype(str) == "all")
        & (intervals["metric"] == "macro_f1")
    ].set_index("split")
    lines = []
    for split, levels in summary["scopes"].items():
        facts = levels.get(level, {})
        if split not in chance.index or "twin_macro_f1" not in facts.get("interval", {}):
            continue
        lo, hi = facts["interval"]["twin_macro_f1"]
        c_lo, c_hi = chance.loc[split, "low"], chance.loc[split, "high"]
        if lo <= c_hi and c_lo <= hi:
            lines.append(
                f"{split}: the label ceiling's interval [{lo:.3f}, {hi:.3f}] overlaps stratified random's "
                f"[{c_lo:.3f}, {c_hi:.3f}]: the labels' repeatability cannot be told from chance."
            )
    return " ".join(lines)


def best_seed(long: pd.DataFrame, variant: str, split: str) -> int:
    """The seed with the best macro F1 on ``split`` (the lower seed on a tie)."""
    sub = long[(long["variant"] == variant) & (long["metric"] == "macro_f1")]
    scored = sub[(sub["split"] == split) & sub["value"].notna()]
    if scored.empty:
        raise ValueError(f"{variant}: no seed is scored on {split}, so none can be chosen on it")
    return int(scored.sort_values(["value", "seed"], ascending=[False, True])["seed"].iloc[0])


PLACEHOLDER = "9"
"""What the submission writes for a problem the variant does not predict (no class has code 9)."""


def submission(predictions: dict[str, pd.DataFrame], problems: dict[str, dict]) -> pd.DataFrame:
    """The organisers' ``Image_name,Labels`` rows for the test split: ``Labels`` is the combined field
    (``1_1100_1100``: Task A's code, then B's four digits, then C's), each problem's code at its
    ``part`` / ``digit`` (``problems[key]``: part, digit, width, codes = class -> code, None where the
    variant does not train it), ``PLACEHOLDER`` where a problem has no prediction for the meme."""
    tests = {k: f[f["split"] == "test"].set_index("image_name")["prediction"] for k, f in predictions.items()}
    names = list(dict.fromkeys(n for t in tests.values() for n in t.index))
    n_parts = 1 + max(spec["part"] for spec in problems.values())
    widths = [1] * n_parts
    for spec in problems.values():
        if spec["digit"] is not None:
            widths[spec["part"]] = spec["width"]
    fields = []
    for name in names:
        parts = [[PLACEHOLDER] * w for w in widths]
        for key, spec in problems.items():
            got = tests.get(key)
            if got is None or name not in got.index:
                continue
            code = spec["codes"][got[name]]
            if spec["digit"] is None:
                parts[spec["part"]] = [code]
            else:
                parts[spec["part"]][spec["digit"]] = code
        fields.append("_".join("".join(p) for p in parts))
    return pd.DataFrame({"Image_name": names, "Labels": fields})


def to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured markdown table (no optional dependency needed)."""
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join(" --- " for _ in cols) + "|"]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def to_html(frame: pd.DataFrame, title: str, note: str = "") -> str:
    """A standalone HTML page holding the table (and a note below it)."""
    body = frame.to_html(index=False, escape=True, border=0, classes="table1")
    style = (
        "table{border-collapse:collapse;font-family:sans-serif}"
        "td,th{padding:4px 10px;border-bottom:1px solid #ccc;text-align:left}"
    )
    title = html.escape(title)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title><style>{style}</style>"
        f"</head><body><h2>{title}</h2>{body}{f'<p>{html.escape(note)}</p>' if note else ''}</body></html>\n"
    )
