"""Labels as data: a task definition folds raw labels into its problem's ordered classes, reads the
official ground-truth field, and is the only place a class is named; Tasks B and C are defined by
default beside Task A."""

import ast

import pytest
from memotion_gmm.core.errors import ConfigError
from memotion_gmm.core.tasks import Problem, Task, run_tasks, stratify_problem
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


def test_the_default_run_is_task_a_with_three_ordered_classes_carved_on_its_sentiment():
    (task,) = run_tasks(PAPER)
    problem = task.problems["sentiment"]
    assert (task.name, task.title, list(task.problems), problem.column) == (
        "A",
        "Task A",
        ["sentiment"],
        "overall_sentiment",
    )
    assert problem.classes == ("negative", "neutral", "positive")
    assert problem.minority == ("neutral", "negative")  # the paper's classes 1 and 2, in its order
    assert stratify_problem(PAPER)[1] == problem


DEFINED = {t: Task.from_config(t, PAPER["labels"][t]) for t in ("A", "B", "C")}
AFFECT = ("humour", "sarcasm", "offensive", "motivational")


def test_tasks_b_and_c_are_the_organisers_four_problems_in_the_official_order():
    for name in ("B", "C"):
        assert tuple(DEFINED[name].problems) == AFFECT
    assert DEFINED["B"].problems["offensive"].classes == ("not_offensive", "offensive")
    assert DEFINED["C"].problems["offensive"].classes == (
        "not_offensive",
        "slight",
        "very_offensive",
        "hateful_offensive",
    )
    assert DEFINED["C"].problems["motivational"].classes == ("not_motivational", "motivational")
    assert all(p.ordinal for p in DEFINED["C"].problems.values())


# (training / trial file value, Task B class, Task C class) per problem, and the digits the official
# field writes for the same meme
LEVELS = {
    "humour": [
        ("not_funny", "not_funny", "not_funny"),
        ("Very_Funny", "funny", "very_funny"),
        ("hilarious", "funny", "hilarious"),
    ],
    "sarcasm": [
        ("general", "sarcastic", "general"),
        ("very_twisted", "sarcastic", "very_twisted"),
        ("not_sarcastic", "not_sarcastic", "not_sarcastic"),
    ],
    "offensive": [
        ("hateful_offensive", "offensive", "hateful_offensive"),
        ("slight", "offensive", "slight"),
        ("not_offensive", "not_offensive", "not_offensive"),
    ],
    "motivational": [
        ("motivational", "motivational", "motivational"),
        ("not_motivational", "not_motivational", "not_motivational"),
        ("Motivational ", "motivational", "motivational"),
    ],
}
FIELDS = ["1_0111_0131", "0_1110_2310", "-1_1001_3001"]  # the same three memes as the official field


@pytest.mark.parametrize("problem", AFFECT)
def test_file_level_names_and_the_official_digits_give_the_same_classes(problem):
    for (raw, b, c), field in zip(LEVELS[problem], FIELDS):
        for task, want in (("B", b), ("C", c)):
            spec = DEFINED[task].problems[problem]
            assert spec.label(raw) == want, (task, problem, raw)
            assert spec.label(spec.truth_value(field)) == want, (task, problem, field)


@pytest.mark.parametrize(
    "field",
    ["1_110_1100", "1_11000_1100", "1_11a0_1100", "1__1100", "1", "", None, float("nan"), "1_ 1 00_1100"],
)
def test_a_malformed_task_b_part_gives_no_task_b_class(field):
    for spec in DEFINED["B"].problems.values():
        assert spec.label(spec.truth_value(field)) is None, (spec.name, field)


def test_an_intensity_above_the_scale_or_a_binary_digit_above_one_gives_no_class():
    c, b = DEFINED["C"].problems, DEFINED["B"].problems
    assert c["humour"].truth_value("1_1100_4100") == "4"
    assert c["humour"].label("4") is None
    assert c["motivational"].label(c["motivational"].truth_value("1_1100_1102")) is None  # 0-1 scale
    assert b["humour"].label(b["humour"].truth_value("1_2100_1100")) is None
    assert c["sarcasm"].label(c["sarcasm"].truth_value("1_1100_1300")) == "very_twisted"


def test_each_class_has_one_official_code():
    assert [
        DEFINED["A"].problems["sentiment"].truth_code(c) for c in ("negative", "neutral", "positive")
    ] == [
        "-1",
        "0",
        "1",
    ]
    assert [DEFINED["C"].problems["humour"].truth_code(c) for c in LEVEL_ORDER] == ["0", "1", "2", "3"]
    no_code = Problem.from_config("humour", HUMOUR_C | {"fold": {}})
    with pytest.raises(ConfigError, match=r"class 'funny' needs exactly one numeric fold key"):
        no_code.truth_code("funny")


LEVEL_ORDER = ("not_funny", "funny", "very_funny", "hilarious")


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


def test_a_task_defined_in_config_runs_with_its_classes_checked():
    config = validate_config(
        merge(
            PAPER,
            {
                "tasks": ["C_humour"],
                "labels": {"C_humour": {"title": "Task C humour", "problems": {"humour": HUMOUR_C}}},
            },
        )
    )
    (task,) = run_tasks(config)
    assert task.title == "Task C humour" and task.problems["humour"].classes == tuple(HUMOUR_C["classes"])
    assert {"A", "B", "C"} <= set(config["labels"])  # the default definitions stay beside a new one
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
    with pytest.raises(ConfigError, match=r"tasks: \['D'\] not defined under labels"):
        validate_config(merge(PAPER, {"tasks": ["D"]}))
    with pytest.raises(
        ConfigError, match=r"variants\.lstm_t\.tasks: \['D'\] not defined under labels \['A', 'B', 'C'\]"
    ):
        validate_config(merge(PAPER, {"variants": {"lstm_t": {"tasks": ["D"]}}}))
    validate_config(merge(PAPER, {"variants": {"lstm_t": {"tasks": ["C"]}}}))  # defined, not run: not trained
    with pytest.raises(ConfigError, match=r"split\.stratify: labels\.A\.problems\.humour is not defined"):
        validate_config(merge(PAPER, {"split": {"stratify": {"task": "A", "problem": "humour"}}}))
    weights = {"remedies": {"cw": {"method": "class_weight", "weights": {"negative": 2.0}}}}
    weights["variants"] = {"lstm_t": {"balance": "cw"}}
    validate_config(merge(PAPER, weights))  # Task A's classes: fine on Task A
    with pytest.raises(
        ConfigError, match=r"remedies\.cw\.weights: .* the classes of labels\.B\.problems\.humour"
    ):
        validate_config(merge(PAPER, weights | {"tasks": ["A", "B"]}))


def test_a_null_problem_is_not_run_and_a_task_keeps_at_least_one():
    config = validate_config(
        merge(
            PAPER,
            {"tasks": ["A", "B"], "labels": {"B": {"problems": {"offensive": None, "motivational": None}}}},
        )
    )
    assert [list(t.problems) for t in run_tasks(config)] == [["sentiment"], ["humour", "sarcasm"]]
    assert list(validate_config(merge(PAPER, {"tasks": ["C"]}))["labels"]["B"]["problems"]) == [
        "humour",
        "sarcasm",
        "offensive",
        "motivational",
    ]  # the other configs' defaults are whole
    every = dict.fromkeys(["humour", "sarcasm", "offensive", "motivational"])
    with pytest.raises(ConfigError, match=r"labels\.B\.problems: every problem is null"):
        validate_config(merge(PAPER, {"tasks": ["A", "B"], "labels": {"B": {"problems": every}}}))


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
