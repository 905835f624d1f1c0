"""The code stays as the style guide asks: ruff-clean (lint and format) and type-checked."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT


def tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def test_ruff_finds_nothing() -> None:
    lint = tool("ruff", "check", ".")
    assert lint.returncode == 0, lint.stdout[-5000:]
    formatting = tool("ruff", "format", "--check", ".")
    assert formatting.returncode == 0, formatting.stdout[-5000:]


def test_mypy_finds_nothing_in_the_packages() -> None:
    checked = tool("mypy")  # the packages listed in pyproject.toml [tool.mypy]
    assert checked.returncode == 0, checked.stdout[-5000:]
