"""The imbalance study's table: architecture x remedy per split, each with its interval, its paired
difference from the same architecture with no remedy and its chance verdict (from the statistics
rule's files)."""

from __future__ import annotations

import pandas as pd


def study_table(
    intervals: pd.DataFrame, comparisons: pd.DataFrame, chance: pd.DataFrame, remedies: list[str]
) -> pd.DataFrame:
    """Architecture x remedy per split: means over seeds with intervals, the paired difference with
    ``none`` (macro F1 and accuracy) and the chance verdict (``chance_p``, ``chance_p_holm``,
    ``beats_chance``). Rows by split, then models before baselines, architectures in order of
    appearance, remedies in ``remedies`` order (the config's)."""
    means = intervals[intervals["seed"].astype(str) == "all"]
    verdict = chance[chance["seed"].astype(str) == "all"].set_index(["variant", "split"])
    out = []
    for (variant, split), sub in means.groupby(["variant", "split"], sort=False):
        row = {"classifier": sub["classifier"].iloc[0], "balance": sub["balance"].iloc[0]}
        row |= {"variant": variant, "split": split}
        for _, r in sub.iterrows():
            row |= {r["metric"]: r["value"], f"{r['metric']}_low": r["low"], f"{r['metric']}_high": r["high"]}
        diff = comparisons[(comparisons["variant"] == variant) & (comparisons["split"] == split)]
        for _, r in diff.iterrows():
            key = f"diff_{r['metric']}"
            row |= {key: r["difference"], f"{key}_low": r["low"], f"{key}_high": r["high"]}
            row[f"{key}_p"] = r["p_value"]
        if (variant, split) in verdict.index:
            v = verdict.loc[(variant, split)]
            row |= {"chance_p": v["p_value"], "chance_p_holm": v["p_holm"], "beats_chance": v["beats_chance"]}
        out.append(row)
    table = pd.DataFrame(out)
    if table.empty:
        return table
    order = {r: i for i, r in enumerate(remedies)}
    table["_baseline"] = table["variant"].str.startswith("baseline_")
    table["_remedy"] = table["balance"].map(lambda b: order.get(b, len(order)))
    first = {c: i for i, c in enumerate(dict.fromkeys(table["classifier"]))}
    table["_arch"] = table["classifier"].map(first)
    table = table.sort_values(["split", "_baseline", "_arch", "_remedy"], kind="stable")
    splits = {s: i for i, s in enumerate(dict.fromkeys(r["split"] for r in out))}
    table = table.sort_values("split", key=lambda s: s.map(splits), kind="stable")
    return table.drop(columns=["_baseline", "_remedy", "_arch"]).reset_index(drop=True)


def _ci(row, key: str) -> str:
    if key not in row or pd.isna(row[key]):
        return "-"
    return f"{row[key]:.3f} [{row[f'{key}_low']:.3f}, {row[f'{key}_high']:.3f}]"


def formatted(table: pd.DataFrame, split: str, classes) -> pd.DataFrame:
    """One split's table with ``value [low, high]`` cells (a recall column per class of ``classes``),
    for markdown and HTML. Variants sharing an architecture and a remedy (e.g. CNN-I on RGB and on
    grey-scale) are told apart by their names."""
    rows = []
    part = table[table["split"] == split]
    shared = part.duplicated(["classifier", "balance"], keep=False)
    for (_, r), twin in zip(part.iterrows(), shared):
        name = f"{r['classifier']} ({r['variant']})" if twin else r["classifier"]
        row = {"Architecture": name, "Remedy": r["balance"]}
        for c in classes:
            row[f"Recall {c}"] = _ci(r, f"recall_{c}")
        row["Macro F1"] = _ci(r, "macro_f1")
        row["Accuracy"] = _ci(r, "accuracy")
        for key, title in (("diff_macro_f1", "ΔF1 vs none"), ("diff_accuracy", "ΔAcc vs none")):
            p = r.get(f"{key}_p")
            row[title] = _ci(r, key) + (f" p={p:.3f}" if p is not None and not pd.isna(p) else "")
        holm = r.get("chance_p_holm")
        beats = pd.notna(r.get("beats_chance")) and bool(r["beats_chance"])
        row["p vs chance (Holm)"] = (
            "-" if holm is None or pd.isna(holm) else f"{holm:.3f}" + (" beats" if beats else "")
        )
        rows.append(row)
    return pd.DataFrame(rows)
