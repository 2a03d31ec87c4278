"""Label reliability from duplicate memes: how often two copies of one meme, labelled on their own,
get the same label. It bounds what any model can score: a model cannot predict a label better than
another copy of the same meme predicts it.

The overlap audit's pairs (``data.audit``) link memes; linked memes form duplicate groups
(connected components) at three strictness levels: ``strict`` (same image within the hash
threshold and the same normalised text, the audit's ``both``), ``text`` (the same text, with or
without the same image) and ``any`` (any match). Only copies from one source file link: two files
of one benchmark (the training release and the official trial set, say) may carry the same
annotation copied over, which measures copying, not agreement; those pairs' agreement is reported
beside (``across_files``). For every level and scope (``all`` labelled memes,
and per split the groups with a copy in that split) this gives: the pairs within groups, their
observed agreement, the agreement expected by chance from the pooled class shares, Cohen's kappa
over the pairs (scikit-learn, both orders of each pair, so that the two "raters" share their
marginals), Krippendorff's alpha over the groups (the ``krippendorff`` package; ordinal as well
for ordered classes) and the "twin" macro F1 of predicting each copy's label from another copy's,
each with a bootstrap interval over groups.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .statistics import encode, scores

LEVELS: dict[str, tuple[str, ...]] = {
    "strict": ("both",),
    "text": ("text", "both"),
    "any": ("image", "text", "both"),
}
"""Strictness level -> the audit ``kind`` of the pairs that link two copies."""

PAIR_COLUMNS = [
    "level",
    "group",
    "meme_id",
    "split",
    "label",
    "matched_meme_id",
    "matched_split",
    "matched_label",
]


def source_file(meme_ids) -> np.ndarray:
    """The source file (the split whose file it was read from) of each ``<file>:<row>`` meme id."""
    return pd.Series(meme_ids, dtype=object).str.split(":").str[0].to_numpy()


def duplicate_groups(memes: pd.DataFrame, overlap: pd.DataFrame, kinds: tuple[str, ...]) -> list[list[int]]:
    """Groups (lists of row positions in ``memes``, two or more, in memes order) of labelled memes
    from one source file linked, transitively, by audit pairs of the given kinds."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    labelled = memes["label"].notna().to_numpy()
    position = pd.Series(np.arange(len(memes)), index=memes["meme_id"].to_numpy())
    links = overlap[overlap["kind"].isin(kinds)]
    links = links[source_file(links["meme_id"]) == source_file(links["matched_meme_id"])]
    left = position.reindex(links["meme_id"]).to_numpy()
    right = position.reindex(links["matched_meme_id"]).to_numpy()
    keep = ~(np.isnan(left) | np.isnan(right))
    left, right = left[keep].astype(int), right[keep].astype(int)
    keep = labelled[left] & labelled[right]
    n = len(memes)
    graph = coo_matrix((np.ones(int(keep.sum())), (left[keep], right[keep])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    members = pd.Series(np.arange(n))[labelled].groupby(component[labelled]).agg(list)
    return [list(g) for g in members if len(g) > 1]


def within_pairs(groups: list[list[int]]) -> np.ndarray:
    """(P, 3) rows of (group index, position a, position b), a before b, every pair within a group."""
    rows = [(g, a, b) for g, members in enumerate(groups) for a, b in itertools.combinations(members, 2)]
    return np.array(rows, dtype=int).reshape(-1, 3)


def group_counts(y: np.ndarray, groups: list[list[int]], k: int, targets: set[int] | None = None):
    """Per group: the copies' class counts (G, k), and the confusion counts (G, k, k) of predicting
    each copy (each one in ``targets``, or every copy) from every other copy of its group (row: the
    copy's class, column: the other copy's). Without ``targets`` it is symmetric: both orders of
    every within-group pair."""
    counts = np.zeros((len(groups), k), dtype=np.int64)
    confusion = np.zeros((len(groups), k, k), dtype=np.int64)
    for g, members in enumerate(groups):
        n = np.bincount(y[members], minlength=k)
        t = n if targets is None else np.bincount(y[[i for i in members if i in targets]], minlength=k)
        counts[g] = n
        confusion[g] = np.outer(t, n) - np.diag(t)  # every other copy: not itself
    return counts, confusion


def agreement(confusion: np.ndarray) -> dict[str, np.ndarray]:
    """Observed agreement, chance agreement (pooled class shares) and kappa (Scott's pi: Cohen's
    kappa with both orders of each pair) from symmetric pair confusion counts (..., k, k)."""
    total = confusion.sum((-2, -1))
    observed = np.trace(confusion, axis1=-2, axis2=-1) / total
    shares = confusion.sum(-1) / total[..., None]
    chance = (shares**2).sum(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = np.where(chance < 1, (observed - chance) / (1 - chance), np.nan)
    return {"observed_agreement": observed, "chance_agreement": chance, "kappa": kappa}


def krippendorff_alpha(counts: np.ndarray, k: int, level: str) -> float:
    """Krippendorff's alpha (the ``krippendorff`` package) of groups given as class counts (G, k), at
    ``level`` (``nominal``, or ``ordinal`` in the problem's class order); NaN where one class is all."""
    import krippendorff

    if (counts.sum(0) > 0).sum() < 2:
        return float("nan")
    return float(
        krippendorff.alpha(value_counts=counts, value_domain=list(range(k)), level_of_measurement=level)
    )


def measures(counts: np.ndarray, pairs: np.ndarray, twins: np.ndarray, classes, ordinal: bool) -> dict:
    """Every measure from ``group_counts``' class counts, symmetric pair confusion and twin confusion,
    summed over the groups (leading axis); None where one is undefined (kappa and alpha where every
    copy has one class)."""
    k = len(classes)
    out = {key: float(v) for key, v in agreement(pairs.sum(0)).items()}
    out["alpha_nominal"] = krippendorff_alpha(counts, k, "nominal")
    if ordinal:
        out["alpha_ordinal"] = krippendorff_alpha(counts, k, "ordinal")
    if twins.sum():
        scored = scores(twins.sum(0), classes)
        out |= {"twin_macro_f1": float(scored["macro_f1"]), "twin_accuracy": float(scored["accuracy"])}
    return {key: None if np.isnan(value) else value for key, value in out.items()}  # undefined: null


def reliability(
    y: np.ndarray,
    groups: list[list[int]],
    classes,
    ordinal: bool,
    targets: set[int] | None,
    *,
    resamples: int,
    confidence: float,
    seed: int,
) -> dict:
    """Counts, measures and their percentile intervals for ``groups`` of memes with class indices
    ``y``, resampling whole groups with replacement (copies of one meme are not independent, groups
    are). ``targets``: the twin macro F1 predicts only these copies (a split's) from any other copy."""
    k = len(classes)
    counts, pairs = group_counts(y, groups, k)
    twins = pairs if targets is None else group_counts(y, groups, k, targets)[1]  # every copy: both orders
    out = {
        "groups": len(groups),
        "memes": int(counts.sum()),
        "pairs": int(pairs.sum() // 2),
        "twin_predictions": int(twins.sum()),
    }
    if not groups:
        return out
    out |= measures(counts, pairs, twins, classes, ordinal)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(groups), size=(resamples, len(groups)))
    weights = np.stack([np.bincount(d, minlength=len(groups)) for d in draws])
    boot = agreement(np.einsum("bg,gkl->bkl", weights, pairs))
    twin = scores(np.einsum("bg,gkl->bkl", weights, twins), classes)
    boot |= {"twin_macro_f1": twin["macro_f1"], "twin_accuracy": twin["accuracy"]}
    for level in ("nominal", "ordinal") if ordinal else ("nominal",):
        boot[f"alpha_{level}"] = np.array([krippendorff_alpha(counts[d], k, level) for d in draws])
    tail = (1 - confidence) / 2
    out["interval"] = {
        key: [float(np.nanquantile(v, tail)), float(np.nanquantile(v, 1 - tail))]
        for key, v in boot.items()
        if out.get(key) is not None and not np.all(np.isnan(v))
    }
    return out


def across_files(memes: pd.DataFrame, overlap: pd.DataFrame) -> dict[str, dict]:
    """Per level, the audit pairs of labelled memes from two different source files: how many, and
    how often their labels agree (a copied annotation agrees by construction)."""
    labels = memes.set_index("meme_id")["label"]
    a = labels.reindex(overlap["meme_id"]).to_numpy()
    b = labels.reindex(overlap["matched_meme_id"]).to_numpy()
    files_differ = source_file(overlap["meme_id"]) != source_file(overlap["matched_meme_id"])
    usable = pd.notna(a) & pd.notna(b) & files_differ
    out = {}
    for level, kinds in LEVELS.items():
        keep = usable & overlap["kind"].isin(kinds).to_numpy()
        agree = float(np.mean(a[keep] == b[keep])) if keep.any() else None
        out[level] = {"pairs": int(keep.sum()), "observed_agreement": agree}
    return out


def label_reliability(
    memes: pd.DataFrame, overlap: pd.DataFrame, classes, ordinal: bool, settings: dict
) -> tuple[dict, pd.DataFrame]:
    """(summary, pairs): per strictness level and scope (``all``, then each labelled split) the
    measures with their intervals; every within-group pair with both copies' labels."""
    memes = memes.reset_index(drop=True)
    labelled = memes["label"].notna()
    y = np.full(len(memes), -1, dtype=np.int64)
    y[labelled.to_numpy()] = encode(memes.loc[labelled, "label"], classes)
    boot = {k: settings[k] for k in ("resamples", "confidence", "seed")}
    splits = [s for s in dict.fromkeys(memes["split"]) if labelled[memes["split"] == s].any()]
    summary: dict = {
        "classes": list(classes),
        "levels": {k: list(v) for k, v in LEVELS.items()},
        "scopes": {},
        "across_files": across_files(memes, overlap),
    }
    frames = []
    for level, kinds in LEVELS.items():
        groups = duplicate_groups(memes, overlap, kinds)
        pairs = within_pairs(groups)
        a, b = memes.loc[pairs[:, 1]].reset_index(drop=True), memes.loc[pairs[:, 2]].reset_index(drop=True)
        frames.append(
            pd.DataFrame(
                {
                    "level": level,
                    "group": pairs[:, 0],
                    "meme_id": a["meme_id"],
                    "split": a["split"],
                    "label": a["label"],
                    "matched_meme_id": b["meme_id"],
                    "matched_split": b["split"],
                    "matched_label": b["label"],
                }
            )
        )
        for scope in ["all", *splits]:
            targets = None if scope == "all" else set(np.flatnonzero(memes["split"] == scope))
            chosen = groups if targets is None else [g for g in groups if targets.intersection(g)]
            summary["scopes"].setdefault(scope, {})[level] = reliability(
                y, chosen, classes, ordinal, targets, **boot
            )
    pairs_table = pd.concat(frames, ignore_index=True)[PAIR_COLUMNS]
    pairs_table["agree"] = pairs_table["label"] == pairs_table["matched_label"]
    return summary, pairs_table
