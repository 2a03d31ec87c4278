"""The code style CI enforces: ruff (format + lint) for Python, snakefmt for the Snakefile and rules."""

import subprocess
import sys

import pytest
from workflow_utils import REPO

CHECKS = {
    "ruff format": [sys.executable, "-m", "ruff", "format", "--check", "."],
    "ruff lint": [sys.executable, "-m", "ruff", "check", "."],
    "snakefmt": [sys.executable, "-m", "snakefmt", "--check", "Snakefile", "workflow/rules"],
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_code_style(name):
    proc = subprocess.run(CHECKS[name], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, (
        f"{name} found problems (run it without --check to fix):\n{proc.stdout}{proc.stderr}"
    )
