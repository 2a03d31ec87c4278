"""Reading one split's CSV (and optional ground-truth CSV) as distributed, with clear errors."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.errors import InputError
from ..core.tasks import Problem


@dataclass(frozen=True)
class Source:
    """Where one split's memes come from and how its CSV names things.

    ``text_columns`` are tried in order: a row's text is the first that is non-empty after
    stripping. ``label_column`` is the problem's raw column in this file, None for a file without
    labels; ``ground_truth`` is an optional CSV in the official format (an image column and a
    ``1_1100_1100``-style field, ``ground_truth_columns``) that labels it.
    """

    name: str
    csv: Path
    images: Path | None
    image_column: str
    text_columns: tuple[str, ...]
    label_column: str | None = None
    ground_truth: Path | None = None
    ground_truth_columns: tuple[str, str] = ("Image_name", "Labels")

    def __post_init__(self) -> None:
        if isinstance(self.text_columns, str):  # one column name
            object.__setattr__(self, "text_columns", (self.text_columns,))

    @classmethod
    def from_config(cls, name: str, spec: dict, problem: Problem) -> Source:
        """Build from a config block ``{csv, images, columns: {image, text, labels}, ground_truth}``
        (schema defaults filled in): ``text`` is one column name or an ordered list of them;
        ``labels`` maps a problem to this file's column where it is not the problem's own ``column``,
        or is None for a file that holds no labels."""
        cols = spec["columns"]
        gt = spec.get("ground_truth")
        return cls(
            name=name,
            csv=Path(spec["csv"]),
            images=Path(spec["images"]) if spec.get("images") else None,
            image_column=cols["image"],
            text_columns=cols["text"] if isinstance(cols["text"], str) else tuple(cols["text"]),
            label_column=None if cols["labels"] is None else cols["labels"].get(problem.name, problem.column),
            ground_truth=Path(gt["csv"]) if gt else None,
            ground_truth_columns=(gt["image_column"], gt["label_column"]) if gt else ("", ""),
        )


def read_csv_strict(path: Path, required: list[str]) -> pd.DataFrame:
    """Read a CSV as strings; a parse error or a missing column names the file (and line).

    A UTF-8 byte-order mark is ignored (it would otherwise stick to the first column's name).
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: {_first_non_utf8(path)}") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(f"{path}: malformed CSV: {err}") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {missing}; the file has {list(frame.columns)}. "
            "Set the column names under dataset.<split>.columns in the config."
        )
    return frame


def read_source(source: Source, problem: Problem) -> pd.DataFrame:
    """One row per CSV row: ``row`` (1-based data row), ``image_name``, ``text``, ``text_source``,
    ``raw_label`` (``problem``'s raw value, ``raw_labels``) and ``swallowed`` (see ``swallowed_rows``).

    ``text`` is the first of ``source.text_columns`` that is non-empty after stripping (stripped),
    ``text_source`` its column name; a row empty in every text column has ``text`` ``""`` and
    ``text_source`` None.
    """
    required = [source.image_column, *source.text_columns]
    if source.label_column:
        required.append(source.label_column)
    frame = read_csv_strict(source.csv, required)
    out = pd.DataFrame(
        {"row": range(1, len(frame) + 1), "image_name": frame[source.image_column].str.strip()}
    )
    out["text"], out["text_source"] = "", None
    for column in reversed(source.text_columns):  # the earliest non-empty column is written last
        text = frame[column].str.strip()
        found = text.ne("")
        out.loc[found, "text"] = text[found]
        out.loc[found, "text_source"] = column
    out["swallowed"] = swallowed_rows(frame)
    out["raw_label"] = raw_labels(source, problem, frame)
    return out


def raw_labels(source: Source, problem: Problem, frame: pd.DataFrame | None = None) -> pd.Series:
    """``problem``'s raw value per row of ``source``'s CSV (``frame``: the file as read, else it is
    read): its column stripped, or the value its ground-truth file gives the row's image; None where
    the file holds no labels or the ground truth has no entry for the image."""
    column = None if source.ground_truth is not None else source.label_column
    if frame is None:
        frame = read_csv_strict(source.csv, [source.image_column] + ([column] if column else []))
    if source.ground_truth is not None:
        return frame[source.image_column].str.strip().map(_ground_truth_labels(source, problem))
    if column:
        return frame[column].str.strip()
    return pd.Series(None, index=frame.index, dtype=object)


def swallowed_rows(frame: pd.DataFrame) -> list[list[str]]:
    """Per row, the first fields of whole rows hidden inside its fields: a line of a quoted field
    that is itself a complete row of the file (as many fields as the header, the first non-empty).
    An unmatched quote makes the CSV reader merge the following rows into one until the next quote;
    the merged row then pairs the first row's image name with a later row's text and label."""
    width = len(frame.columns)

    def hidden(values) -> list[str]:
        lines = [line for v in values if "\n" in v for line in v.split("\n")[1:]]
        rows = csv.reader(lines)
        return [fields[0].strip() for fields in rows if len(fields) == width and fields[0].strip()]

    return [hidden(values) for values in frame.itertuples(index=False)]


def _ground_truth_labels(source: Source, problem: Problem) -> dict[str, str | None]:
    """image name -> ``problem``'s raw value in the official ground-truth field."""
    image_col, label_col = source.ground_truth_columns
    truth = read_csv_strict(source.ground_truth, [image_col, label_col])
    dup = truth[image_col].duplicated(keep=False)
    if dup.any():
        first = truth.index[dup][0]
        raise InputError(
            f"{source.ground_truth}: row {first + 1}: image {truth[image_col].iloc[first]!r} "
            "is listed more than once"
        )
    return {name.strip(): problem.truth_value(lab) for name, lab in zip(truth[image_col], truth[label_col])}


def _first_non_utf8(path: Path) -> str:
    """Where a file stops being UTF-8: line (1-based, header = line 1) and byte offset."""
    raw = Path(path).read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return (
            f"line {line} (byte {err.start}, {raw[err.start : err.start + 4]!r}...) is not UTF-8 text: "
            f"{err.reason}; save the file as UTF-8"
        )
    return "not UTF-8 text"
