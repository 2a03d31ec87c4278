"""Labels as data: a task is a named set of problems, each a raw label column folded into ordered
classes. Every stage takes its classes from here (models' output sizes, metrics, intervals,
remedies, figures, report headings); nothing else in the package names a class.

A config's ``labels`` block holds the task definitions (the schema's default is SemEval-2020 Task
8's Task A, overall sentiment folded to negative / neutral / positive) and ``tasks`` says which run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import ConfigError


@dataclass(frozen=True)
class Problem:
    """One label a model learns: the raw ``column`` of a source CSV (a source may name its own), its
    ``classes`` in order (a class's integer id is its index), ``fold`` (raw value, lower-case ->
    class), the ``minority`` classes the GMM remedy oversamples (in that order; every class where the
    config gives none), whether the classes are ``ordinal`` levels, and where the official
    ground-truth field holds it (``A_BBBB_CCCC``: ``truth_part`` is the ``_``-separated part,
    ``truth_digit`` a digit of it, or None for the whole part)."""

    name: str
    column: str
    classes: tuple[str, ...]
    fold: dict[str, str]
    minority: tuple[str, ...]
    ordinal: bool
    truth_part: int
    truth_digit: int | None = None

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
        (Task A: part 0, ``"1"``), or None where the field has no such part or digit."""
        parts = str(field).strip().split("_")
        if self.truth_part >= len(parts):
            return None
        part = parts[self.truth_part]
        if self.truth_digit is None:
            return part
        return part[self.truth_digit] if self.truth_digit < len(part) else None


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


def selected_problem(config: dict) -> tuple[Task, Problem]:
    """The task and problem this run trains (``tasks`` names one task of one problem; the schema's
    defaults filled in). A config asking for more is an error naming ``tasks``."""
    names = config["tasks"]
    unknown = [t for t in names if t not in config["labels"]]
    if unknown:
        raise ConfigError(f"tasks: {unknown} not defined under labels (defined: {list(config['labels'])})")
    tasks = [Task.from_config(t, config["labels"][t]) for t in names]
    problems = [(t, p) for t in tasks for p in t.problems.values()]
    if len(problems) != 1:
        raise ConfigError(
            f"tasks: {names} define {len(problems)} problems ({[p.name for _, p in problems]}); a run "
            "trains one problem: choose one task with one problem"
        )
    return problems[0]
