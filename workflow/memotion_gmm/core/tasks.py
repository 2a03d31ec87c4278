"""Labels as data: a task is a named set of problems, each a raw label column folded into ordered
classes. Every stage takes its classes from here (models' output sizes, metrics, intervals,
remedies, figures, report headings); nothing else in the package names a class.

A config's ``labels`` block holds the task definitions (the schema's defaults are SemEval-2020 Task
8's three: A, overall sentiment folded to negative / neutral / positive; B, four binary affect
problems; C, their intensities) and ``tasks`` says which run. ``split.stratify`` names the problem
the splits are carved on (Task A's sentiment): a row without a class of it is dropped everywhere,
a row without a class of any other problem only from that problem.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import ConfigError

SEMEVAL_TOPS = {"A": 0.35, "B": 0.51, "C": 0.32}
"""The best macro F1 of SemEval-2020 Task 8's leaderboard on the official test set, per task (Sharma et
al., 2020, "SemEval-2020 Task 8: Memotion Analysis - the Visuo-Lingual Metaphor!", abstract)."""


@dataclass(frozen=True)
class Problem:
    """One label a model learns: the raw ``column`` of a source CSV (a source may name its own), its
    ``classes`` in order (a class's integer id is its index), ``fold`` (raw value, lower-case ->
    class), the ``minority`` classes the GMM remedy oversamples (in that order; every class where the
    config gives none), whether the classes are ``ordinal`` levels, and where the official
    ground-truth field holds it (``A_BBBB_CCCC``: ``truth_part`` is the ``_``-separated part,
    ``truth_digit`` a digit of it, or None for the whole part; a part read digit by digit must be
    ``truth_width`` digits, else the field gives this problem no value)."""

    name: str
    column: str
    classes: tuple[str, ...]
    fold: dict[str, str]
    minority: tuple[str, ...]
    ordinal: bool
    truth_part: int
    truth_digit: int | None = None
    truth_width: int = 4

    @classmethod
    def from_config(cls, name: str, spec: dict) -> Problem:
        """From a ``labels.<task>.problems.<name>`` block (schema defaults filled in; without
        ``minority``, every class is one)."""
        truth = spec["truth"]
        return cls(
            name=name,
            column=spec["column"],
            classes=tuple(spec["classes"]),
            fold={str(k).strip().lower(): v for k, v in spec["fold"].items()},
            minority=tuple(spec.get("minority") or spec["classes"]),
            ordinal=spec.get("ordinal", False),
            truth_part=truth["part"],
            truth_digit=truth.get("digit"),
            truth_width=truth.get("width", 4),
        )

    def label(self, raw: object) -> str | None:
        """The class of one raw label, or None when it is unknown or missing.

        Matching ignores case and surrounding whitespace; numbers match their string form (so
        ``1``, ``1.0`` and ``"1"`` all mean the same); a value ``fold`` does not list that is a class
        name is that class.
        """
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        key = str(raw).strip().lower()
        folded = self.fold.get(key, key)
        return folded if folded in self.classes else None

    def truth_value(self, field: object) -> str | None:
        """This problem's raw value in an official ground-truth field such as ``1_1100_1100``
        (Task A: part 0, ``"1"``), or None where the field is missing or has no such part, or where a
        part read digit by digit is not ``truth_width`` digits."""
        if field is None or (isinstance(field, float) and math.isnan(field)):
            return None
        parts = str(field).strip().split("_")
        if self.truth_part >= len(parts):
            return None
        part = parts[self.truth_part].strip()
        if self.truth_digit is None:
            return part or None
        if len(part) != self.truth_width or not part.isdigit():
            return None
        return part[self.truth_digit]

    def truth_code(self, cls: str) -> str:
        """How the official ground-truth field writes class ``cls``: the numeric fold key that folds
        to it (Task A: positive -> ``1``, negative -> ``-1``; Task C humour: hilarious -> ``3``)."""
        codes = [k for k, v in self.fold.items() if v == cls and re.fullmatch(r"-?\d+", k)]
        if len(codes) != 1:
            raise ConfigError(
                f"problem {self.name!r}: class {cls!r} needs exactly one numeric fold key for the official "
                f"ground-truth field, found {codes}"
            )
        return codes[0]


@dataclass(frozen=True)
class Task:
    """A named set of problems (``title`` heads its tables, e.g. "Table 1: Task A results")."""

    name: str
    title: str
    problems: dict[str, Problem]

    @classmethod
    def from_config(cls, name: str, spec: dict) -> Task:
        problems = {p: Problem.from_config(p, s) for p, s in spec["problems"].items()}
        return cls(name, spec["title"], problems)


def run_tasks(config: dict) -> list[Task]:
    """The tasks this run trains (``tasks``, in its order; schema defaults filled in); a name not
    defined under ``labels`` is an error naming both."""
    names = config["tasks"]
    unknown = [t for t in names if t not in config["labels"]]
    if unknown:
        raise ConfigError(f"tasks: {unknown} not defined under labels (defined: {list(config['labels'])})")
    return [Task.from_config(t, config["labels"][t]) for t in names]


def stratify_problem(config: dict) -> tuple[Task, Problem]:
    """The problem the splits are carved on (``split.stratify``; Task A's sentiment by default)."""
    where = config["split"]["stratify"]
    task, problem = where["task"], where["problem"]
    if problem not in config["labels"].get(task, {}).get("problems", {}):
        raise ConfigError(f"split.stratify: labels.{task}.problems.{problem} is not defined")
    spec = Task.from_config(task, config["labels"][task])
    return spec, spec.problems[problem]
