"""The package is laid out by stage: each subpackage imports only from itself and from the stages
before it, and says in its docstring what it owns."""

import ast
import importlib

import pytest
from workflow_utils import REPO

PACKAGE = REPO / "workflow" / "memotion_gmm"
STAGES = ["core", "data", "text", "resampling", "models", "evaluation", "pipeline"]
"""The subpackages in import order (the package docstring lists them the same way)."""


def imported_stages(path) -> set[str]:
    """The stages a module imports from (relative imports, at any depth of the function bodies too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.level == 1:
                found.add(path.parent.name)
            elif node.module:
                found.add(node.module.split(".")[0])
            else:
                found.add("")  # `from .. import x`: the package root
    return found


def test_every_module_lives_in_a_stage():
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(
        STAGES
    )
    assert [p.name for p in PACKAGE.glob("*.py")] == ["__init__.py"]


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_from_itself_and_earlier_stages(stage):
    allowed = set(STAGES[: STAGES.index(stage) + 1])
    for path in sorted((PACKAGE / stage).glob("*.py")):
        assert imported_stages(path) <= allowed, (
            f"{path.relative_to(REPO)} imports {imported_stages(path) - allowed}"
        )


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_it_owns(stage):
    module = importlib.import_module(f"memotion_gmm.{stage}")
    assert module.__doc__ and len(module.__doc__) > 80
    assert f"``{stage}``" in importlib.import_module("memotion_gmm").__doc__


def test_rules_and_scripts_follow_the_stages():
    rules = {p.stem for p in (REPO / "workflow/rules").glob("*.smk")}
    assert rules == {"common", "data", "text", "resampling", "models", "evaluation"}
    scripts = {p.name for p in (REPO / "workflow/scripts").iterdir() if p.is_dir()}
    assert scripts == rules - {"common"}


def test_building_the_dag_imports_no_machine_learning_library():
    """Every Snakemake start (each dry run, each run of the suite) parses the Snakefile: the package
    modules it imports must not pull in scikit-learn, Keras or TensorFlow (each costs about a second)."""
    import re
    import subprocess
    import sys

    sources = [REPO / "Snakefile", *sorted((REPO / "workflow" / "rules").glob("*.smk"))]
    found = (re.findall(r"^\s*from (memotion_gmm[\w.]*) import", p.read_text(), re.M) for p in sources)
    modules = sorted({m for names in found for m in names})
    assert "memotion_gmm.pipeline.configuration" in modules
    check = "import sys\n" + "".join(f"import {m}\n" for m in modules)
    check += (
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'keras', 'tensorflow', 'scipy'}))"
    )
    heavy = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=REPO / "workflow"
    ).stdout.strip()
    assert heavy == "[]", f"the Snakefile's imports load {heavy}"
