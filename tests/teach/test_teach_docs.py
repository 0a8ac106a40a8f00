"""Every example of docs/teaching.md runs as written: its `chainrule` lines, in order, in one
folder, and its Python blocks."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from chainrule.cli import app

PAGE = Path(__file__).resolve().parents[2] / "docs" / "teaching.md"
TEXT = PAGE.read_text(encoding="utf-8")


def test_the_commands_run_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```bash\n(.*?)```", TEXT, flags=re.S)
    lines = [line for block in blocks for line in block.splitlines()
             if line.startswith("chainrule ")]
    assert [shlex.split(line)[1] for line in lines] == ["exercise", "grade"]
    for line in lines:
        result = CliRunner().invoke(app, shlex.split(line)[1:])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "gradebook.html").is_file()


def test_the_python_blocks_run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for block in re.findall(r"```python\n(.*?)```", TEXT, flags=re.S):
        exec(compile(block, str(PAGE), "exec"), {})  # our own documentation, not user input
    assert "Variant ada" in capsys.readouterr().out
