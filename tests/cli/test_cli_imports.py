"""Each command imports only what it needs (a structural property; the seconds are measured in
``bench/cli_latency.py``, never here), and the ``chainrule`` script's entry point keeps the
commands' output and exit codes.

Every case runs in a fresh interpreter: ``sys.modules`` of the test process is shared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import chainrule

SOURCE = str(Path(chainrule.__file__).resolve().parents[1])

RUN = """
import json, sys
sys.argv = ["chainrule", *json.loads(sys.argv[1])]
from chainrule.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _run(*arguments: str) -> tuple[int, str, set[str]]:
    """Exit code, standard output and the imported modules of ``chainrule ARGUMENTS``."""
    env = dict(os.environ, PYTHONPATH=SOURCE + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", RUN, json.dumps(arguments)],
                          capture_output=True, text=True, env=env, check=False, timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], done.stdout, set(report["modules"])


def _packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_help_imports_no_numeric_or_plotting_package() -> None:
    code, out, modules = _run("--help")
    assert code == 0 and "derive" in out
    assert _packages(modules).isdisjoint({"numpy", "sympy", "matplotlib", "torch", "rich"})


def test_import_of_the_cli_alone_imports_no_command_dependency() -> None:
    env = dict(os.environ, PYTHONPATH=SOURCE)
    code = ("import sys, chainrule.cli; print(' '.join(sorted(m for m in "
            "('numpy', 'sympy', 'matplotlib', 'torch', 'rich', 'pydantic') if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True, timeout=120)
    assert done.stdout.strip() == ""


def test_derive_needs_sympy_but_not_numpy() -> None:
    code, out, modules = _run("derive", "tanh(w*x+b)^2", "--wrt", "w")
    assert code == 0 and "(1 − tanh²(b + w·x))" in out
    assert "sympy" in _packages(modules)
    assert _packages(modules).isdisjoint({"numpy", "matplotlib", "torch", "pydantic"})


@pytest.mark.parametrize(("claim", "expected_code", "verdict"), [
    ("2(x-y)(1-x^2)", 0, "correct"),  # d/ds (tanh(s)-y)² = 2(x-y)(1-x²), x = tanh(s)
    ("2(x-y)", 1, "incorrect"),  # the factor tanh' = 1-x² is missing
])
def test_check_exit_code_through_the_script_entry(claim: str, expected_code: int,
                                                  verdict: str) -> None:
    code, out, modules = _run("check", claim, "--of", "(x-y)^2", "--wrt", "s",
                              "--where", "x=tanh(s)")
    assert code == expected_code
    assert out.startswith(f"{verdict}:")
    # options already of their type skip Typer's pydantic coercion; the free form needs no
    # network: neither the networks nor the claims about them are imported
    assert _packages(modules).isdisjoint({"matplotlib", "torch", "pydantic"})
    assert modules.isdisjoint({"chainrule.nn", "chainrule.check.network_claim"})
    # nor does it derive step by step: the calculus' rules and steps stay unloaded
    assert modules.isdisjoint({"chainrule.calculus.derive", "chainrule.calculus.steps"})
    # the formulas are compiled against NumPy's namespace: NumPy's lazily loaded
    # subpackages (its test suite, the Fortran wrapper generator) stay unloaded
    assert modules.isdisjoint({"numpy.testing", "numpy.f2py", "numpy.polynomial", "numpy.ma"})


def test_explain_of_one_weight_imports_no_plotting_or_torch(tmp_path: Path) -> None:
    net = chainrule.Network([chainrule.Dense(2, 3), chainrule.Tanh(), chainrule.Dense(3, 2)],
                            loss=chainrule.SoftmaxCrossEntropy(), seed=0)
    model = tmp_path / "net.npz"
    net.save(str(model))
    code, out, modules = _run("explain", "--model", str(model), "--weight", "w_12^(2)")
    assert code == 0 and out.strip()
    assert _packages(modules).isdisjoint({"matplotlib", "torch", "pydantic"})
