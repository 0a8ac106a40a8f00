"""Every Python example in the README runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_has_python_examples() -> None:
    assert python_blocks(), "the README should show the library in Python"


def test_readme_python_examples_run(capsys) -> None:
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), {})  # our own README, not user input
    printed = capsys.readouterr().out
    accuracy = float(re.search(r"test accuracy ([\d.]+)%", printed).group(1))
    assert accuracy > 90
    assert "passed" in printed
