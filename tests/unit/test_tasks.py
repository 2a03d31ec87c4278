"""Labels as data: a task definition folds raw labels into its problem's ordered classes, reads the
official ground-truth field, and is the only place a class is named."""

import ast

import pytest
from memotion_gmm.core.errors import ConfigError
from memotion_gmm.core.tasks import Problem, selected_problem
from memotion_gmm.pipeline.configuration import validate_config
from workflow_utils import PAPER, REPO, SENTIMENT, merge

HUMOUR_C = {  # Task C humour: the four intensities, from the training file's names or the digit
    "column": "humour",
    "classes": ["not_funny", "funny", "very_funny", "hilarious"],
    "fold": {"0": "not_funny", "1": "funny", "2": "very_funny", "3": "hilarious"},
    "truth": {"part": 2, "digit": 0},
}


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("very_positive", "positive"),
        ("Positive ", "positive"),
        ("neutral", "neutral"),
        ("negative", "negative"),
        ("VERY_NEGATIVE", "negative"),
        ("1", "positive"),
        ("0", "neutral"),
        ("-1", "negative"),
        (1.0, "positive"),
        (-1, "negative"),
        ("meh", None),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_task_a_folds_the_five_sentiments_and_the_official_codes(raw, folded):
    assert SENTIMENT.label(raw) == folded


def test_the_default_task_is_task_a_with_three_ordered_classes():
    task, problem = selected_problem(PAPER)
    assert (task.name, task.title, problem.name, problem.column) == (
        "A",
        "Task A",
        "sentiment",
        "overall_sentiment",
    )
    assert problem.classes == ("negative", "neutral", "positive")
    assert problem.minority == ("neutral", "negative")  # the paper's classes 1 and 2, in its order


def test_the_official_field_gives_each_problem_its_part_or_digit():
    humour = Problem.from_config("humour", HUMOUR_C)
    assert SENTIMENT.truth_value("1_1100_1100") == "1"
    assert SENTIMENT.truth_value("-1_0000_0000") == "-1"
    assert SENTIMENT.truth_value(" 0_1_2 ") == "0"
    assert humour.truth_value("1_1100_3100") == "3"
    assert humour.label(humour.truth_value("1_1100_3100")) == "hilarious"
    assert humour.truth_value("1_1100") is None  # no third part
    assert humour.truth_value("1_1100_") is None  # an empty part has no digit


def test_a_raw_value_equal_to_a_class_name_is_that_class_and_fold_entries_win():
    humour = Problem.from_config("humour", HUMOUR_C)
    assert humour.label("Very_Funny") == "very_funny"
    assert humour.label("2") == "very_funny"
    assert humour.label("general") is None
    flipped = Problem.from_config("humour", HUMOUR_C | {"fold": {"funny": "hilarious"}})
    assert flipped.label("funny") == "hilarious"


def test_a_task_defined_in_config_is_selected_with_its_classes_checked():
    config = validate_config(
        merge(
            PAPER,
            {
                "tasks": ["C_humour"],
                "labels": {"C_humour": {"title": "Task C humour", "problems": {"humour": HUMOUR_C}}},
            },
        )
    )
    task, problem = selected_problem(config)
    assert task.title == "Task C humour" and problem.classes == tuple(HUMOUR_C["classes"])
    assert "A" in config["labels"]  # the default definition stays beside a new one
    with pytest.raises(
        ConfigError, match=r"labels\.C_humour\.problems\.humour\.fold: unknown class\(es\) \['funny_ish'\]"
    ):
        validate_config(
            merge(config, {"labels": {"C_humour": {"problems": {"humour": {"fold": {"x": "funny_ish"}}}}}})
        )
    with pytest.raises(ConfigError, match=r"humour\.minority: unknown class\(es\) \['neutral'\]"):
        validate_config(
            merge(config, {"labels": {"C_humour": {"problems": {"humour": {"minority": ["neutral"]}}}}})
        )
    with pytest.raises(ConfigError, match=r"tasks: \['B'\] not defined under labels"):
        validate_config(merge(PAPER, {"tasks": ["B"]}))


def test_a_run_trains_one_problem():
    two = {"title": "two", "problems": {"humour": HUMOUR_C, "sarcasm": HUMOUR_C | {"column": "sarcasm"}}}
    with pytest.raises(ConfigError, match=r"tasks: \['H'\] define 2 problems"):
        validate_config(merge(PAPER, {"tasks": ["H"], "labels": {"H": two}}))


def test_the_old_label_keys_are_named_with_their_replacement():
    with pytest.raises(ConfigError, match=r"dataset\.train\.columns\.label: replaced by columns\.labels"):
        validate_config(merge(PAPER, {"dataset": {"train": {"columns": {"label": "overall_sentiment"}}}}))
    with pytest.raises(
        ConfigError, match=r"labels\.fold: moved to labels\.<task>\.problems\.<problem>\.fold"
    ):
        validate_config(merge(PAPER, {"labels": {"fold": {"meh": "neutral"}}}))


def test_no_module_names_a_class_of_task_a():
    """Every class comes from the task definition: no package module or rule spells one out (the
    demo generator writes Memotion's raw labels, so it does)."""
    package = REPO / "workflow"
    demo = package / "memotion_gmm" / "data" / "demo.py"
    offenders = []
    for path in [*package.rglob("*.py"), *package.glob("rules/*.smk"), REPO / "Snakefile"]:
        if path == demo:
            continue
        if path.suffix == ".py":
            strings = [n.value for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Constant)]
            named = [s for s in strings if s in SENTIMENT.classes]
        else:
            named = [c for c in SENTIMENT.classes if f'"{c}"' in path.read_text()]
        offenders += [f"{path.relative_to(REPO)}: {c!r}" for c in named]
    assert not offenders, offenders
