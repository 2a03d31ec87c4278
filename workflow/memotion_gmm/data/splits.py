"""Which splits a configuration makes and where each comes from; carving them from the training file.

Free of TensorFlow (and scikit-learn until a split is carved), so the Snakefile, the config checks
and the report all read the same split plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import ConfigError

SPLITS: tuple[str, ...] = ("train", "valid", "trial", "test")
"""Every split the workflow knows, in the order tables list them."""

FILE_SPLITS: tuple[str, ...] = ("trial", "test")
"""Splits a config may give a file of their own; ``train`` always has one."""

CARVE_ORDER: tuple[str, ...] = ("test", "trial", "valid")
"""Splits without a file are carved from the training file in this order."""

MIN_TRAIN_FRACTION = 0.1


@dataclass(frozen=True)
class SplitPlan:
    """The splits of one run: ``sources`` (split -> its config block, ``train`` always) and
    ``carved`` (split -> fraction of the training file's rows, in carving order)."""

    sources: dict[str, dict]
    carved: dict[str, float]

    @classmethod
    def from_config(cls, config: dict) -> SplitPlan:
        """The plan of a config whose schema defaults are filled in; rejects fractions that leave
        less than 10 % of the training file for training."""
        dataset, fractions = config["dataset"], config["split"]
        sources = {"train": dataset["train"]} | {s: dataset[s] for s in FILE_SPLITS if dataset.get(s)}
        wanted = {s: fractions[f"{s}_fraction"] for s in CARVE_ORDER if s not in sources}
        total = sum(wanted.values())
        if total >= 1 - MIN_TRAIN_FRACTION:
            raise ConfigError(
                f"split: the carved fractions {wanted} add up to {total:.2f}; "
                f"leave at least {MIN_TRAIN_FRACTION:.0%} for training"
            )
        return cls(sources, {s: f for s, f in wanted.items() if f > 0})

    @property
    def present(self) -> list[str]:
        """Every split this run has, in table order."""
        return [s for s in SPLITS if s in self.sources or s in self.carved]

    @property
    def evaluated(self) -> list[str]:
        """The splits models are scored on (all but ``train``)."""
        return [s for s in self.present if s != "train"]

    @property
    def with_images(self) -> list[str]:
        """Splits that have images: the carved ones and those whose file names an image folder."""
        return [s for s in self.present if s in self.carved or self.sources[s].get("images")]

    @property
    def unlabelled_test(self) -> bool:
        """True where the test split is a file without labels (an official test input)."""
        test = self.sources.get("test")
        return bool(test) and not test["columns"].get("label") and not test.get("ground_truth")


def carve_splits(
    labels: pd.Series, fractions: dict[str, float], seed: int, groups: np.ndarray | None = None
) -> pd.Series:
    """Assign every row of the training file to ``train`` or one of the carved splits.

    ``fractions`` maps split name -> fraction of *all* rows (``SplitPlan.carved``); splits are
    carved in that order, each stratified by label, the rest is ``train``. With ``groups`` (a
    group number per row, e.g. ``duplicates.duplicate_groups``), the members of a group always
    land in one split (``carve_grouped``). Returns a Series of split names aligned with ``labels``.
    """
    if groups is not None and pd.Series(groups).duplicated().any():
        return check_every_class_in_every_split(
            labels, carve_grouped(labels, fractions, seed, np.asarray(groups))
        )
    from sklearn.model_selection import train_test_split

    assignment = pd.Series("train", index=labels.index, dtype=object)
    remaining = labels.index.to_numpy()
    n = len(labels)
    for name, fraction in fractions.items():
        count = int(round(fraction * n))
        if count == 0:
            continue
        strata = labels.loc[remaining].to_numpy()
        try:
            rest, carved = train_test_split(remaining, test_size=count, stratify=strata, random_state=seed)
        except ValueError as err:
            counts = pd.Series(strata).value_counts().to_dict()
            raise ConfigError(
                f"cannot carve a stratified {name!r} split of {count} rows from {len(remaining)} rows "
                f"with class counts {counts}: {err}. Lower split.{name}_fraction or use more data."
            ) from None
        assignment.loc[np.sort(carved)] = name
        remaining = np.sort(rest)
    return check_every_class_in_every_split(labels, assignment)


def check_every_class_in_every_split(labels: pd.Series, assignment: pd.Series) -> pd.Series:
    """``assignment`` if each split holds a meme of every class, else ConfigError naming the class,
    the split and the fraction to change (a class absent from a split leaves its recall and F1
    undefined there, and from train unlearnable)."""
    counts = pd.crosstab(assignment, labels)
    for split, row in counts.iterrows():
        empty = [cls for cls, n in row.items() if n == 0]
        if empty:
            key = "the other splits' fractions" if split == "train" else f"split.{split}_fraction"
            raise ConfigError(
                f"split {split!r} gets no meme of class {empty[0]!r} ({int(counts[empty[0]].sum())} in "
                f"all, {row.sum()} memes in the split): change {key}, or fold the class into another "
                "(labels.<task>.problems.<problem>.fold)"
            )
    return assignment


def class_targets(labels: pd.Series, count: int) -> pd.Series:
    """Per class, its share of ``count`` rows in proportion to ``labels`` (largest remainders)."""
    share = labels.value_counts().sort_index() * count / len(labels)
    targets = np.floor(share).astype(int)
    extra = (share - targets).sort_values(ascending=False, kind="stable").index[: count - targets.sum()]
    targets[extra] += 1
    return targets


def carve_grouped(labels: pd.Series, fractions: dict[str, float], seed: int, groups: np.ndarray) -> pd.Series:
    """``carve_splits`` keeping every group of rows on one side, still stratified.

    Per carved split, each class gets its stratified share of the rows (``class_targets``). Groups
    of several rows are visited in a seeded random order and each joins the split with the split's
    probability, where its rows fit under every class's remaining share; single rows, drawn at
    random per class, then fill each class exactly to its share.
    """
    rng = np.random.default_rng(seed)
    index, labels = labels.index, labels.reset_index(drop=True)  # rows by position, as groups
    assignment = pd.Series("train", index=labels.index, dtype=object)
    sizes = pd.Series(groups).value_counts()
    multi = set(sizes.index[sizes > 1])
    remaining = labels.index.to_numpy()
    n = len(labels)
    for name, fraction in fractions.items():
        count = int(round(fraction * n))
        if count == 0:
            continue
        left = labels.loc[remaining]
        need = class_targets(left, count)
        chosen: list = []
        members = pd.Series(remaining).groupby(groups[remaining]).agg(list)
        candidates = [g for g in members.index if g in multi]
        for g in rng.permutation(np.array(candidates, dtype=object)) if candidates else []:
            rows = members[g]
            wants = labels.loc[rows].value_counts()
            if (
                rng.random() < count / len(remaining)
                and (wants <= need.reindex(wants.index, fill_value=0)).all()
            ):
                need = need.sub(wants, fill_value=0).astype(int)
                chosen += rows
        singles = left[[groups[i] not in multi for i in remaining]]
        for cls, want in need.items():
            pool = singles.index[singles == cls].to_numpy()
            if want > len(pool):
                raise ConfigError(
                    f"cannot carve a stratified {name!r} split of {count} rows keeping duplicate groups "
                    f"together: class {cls!r} needs {want} more rows than its {len(pool)} ungrouped ones. "
                    f"Lower split.{name}_fraction or set split.group_duplicates: false."
                )
            chosen += list(rng.choice(pool, size=want, replace=False))
        assignment.loc[chosen] = name
        remaining = np.setdiff1d(remaining, np.array(chosen, dtype=remaining.dtype))
    return assignment.set_axis(index)
