"""The calculus package loads its names on first use, and ``chainrule.calculus.derive`` stays
the function even after its module of the same name is imported. Each case runs in a fresh
interpreter: the test process has imported everything already."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import chainrule

SOURCE = str(Path(chainrule.__file__).resolve().parents[1])

CODE = """
import sys
import chainrule.calculus as calculus
loaded_at_start = "chainrule.calculus.derive" in sys.modules
import chainrule.calculus.derive
from chainrule.calculus import derive
print(loaded_at_start, derive is calculus.derive, derive.__module__)
print(derive("tanh(s)", wrt="s").result)
"""


def test_derive_is_the_function_whatever_was_imported_first() -> None:
    env = dict(os.environ, PYTHONPATH=SOURCE)
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          env=env, check=True, timeout=120)
    first, result = done.stdout.strip().splitlines()
    assert first == "False True chainrule.calculus.derive"
    assert result == "1 - tanh(s)**2"  # d/ds tanh(s) = 1 − tanh²(s)
