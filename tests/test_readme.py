"""Every example in the README runs as written: the Python blocks, and each `chainrule` line."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chainrule.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text()


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", TEXT, flags=re.S)


def command_lines() -> list[str]:
    """Lines starting with `chainrule` in the bash blocks (the `./dev` set-up lines excluded)."""
    blocks = re.findall(r"```bash\n(.*?)```", TEXT, flags=re.S)
    return [line for block in blocks for line in block.splitlines()
            if line.startswith("chainrule ")]


def test_readme_has_examples() -> None:
    assert python_blocks(), "the README should show the library in Python"
    assert len(command_lines()) >= 8, "the README should show every command"


def test_readme_python_examples_run(capsys) -> None:
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), {})  # our own README, not user input
    printed = capsys.readouterr().out
    accuracy = float(re.search(r"test accuracy ([\d.]+)%", printed).group(1))
    assert accuracy > 90
    assert "passed" in printed


# `check "2h"` is the wrong answer of seed 003: the README shows it to get exit code 1.
EXPECTED_EXIT = {'chainrule check "2h" --of "(y-h)^2" --wrt h': 1}
# claims about the layer examples: one right (exit 4), two classic mistakes (exit 1)
EXPECTED_EXIT |= {
    "chainrule check 'dK[o,c,u,v] = sum_{n,i,j} dY[n,o,i,j] x[n,c,i+u,j+v]' --example conv": 4,
    "chainrule check 'dW[i,j] = h[5,i] delta[6,j]' --example rnn": 1,
    "chainrule check 'dx[i,f] = dxhat[i,f]/sqrt(var[f]+eps) + dvar[f] 2(x[i,f]-mu[f])/m' "
    "--example batchnorm": 1,
    "chainrule check 'dx[n,c,p,q] = sum_{i,j} dy[n,c,i,j] window[i,j,p,q]' --example pool": 1,
    "chainrule check 'dc[n,t-1,j] = dh[n,t-1,j] o[n,t-1,j] (1 - tanh(c[n,t-1,j])^2)' "
    "--example lstm": 1,
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """One folder for all README commands, so `--save model.npz` feeds `--model model.npz`."""
    return tmp_path_factory.mktemp("readme")


@pytest.mark.parametrize("line", command_lines())
def test_readme_command_runs(line: str, workdir: Path, monkeypatch) -> None:
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(app, shlex.split(line)[1:])
    assert result.exit_code == EXPECTED_EXIT.get(line, 0), result.output
    assert "Traceback" not in result.output
