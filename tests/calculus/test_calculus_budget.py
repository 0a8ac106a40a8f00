"""Time and memory bounded by design: the cost model refuses what explodes before SymPy
builds it, a CPU-time deadline stops the rest, and worker processes die with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sympy

from chainrule.calculus import derive, parse
from chainrule.calculus.budget import deadline, nonlinear_depth
from chainrule.errors import ConfigError, ParseError, TooLargeError

x = sympy.Symbol("x")


def _nested(function: str, levels: int, inner: str = "s") -> str:
    return f"{function}(" * levels + inner + ")" * levels


@pytest.mark.parametrize("text", [
    _nested("θ'", 6),                        # parsed in 10 s before the cost model
    _nested("θ'", 4),                        # 2 s to derive
    _nested("tanh", 10),                     # 12 s to parse
    "x^x^x^x^x^x^x^x^x^x",                   # 25 s to derive
])  # fmt: skip
def test_deep_nesting_of_non_linear_functions_is_refused_with_its_position(text: str) -> None:
    with pytest.raises(ParseError, match="nested too deeply") as error:
        parse(text)
    assert error.value.position is not None


@pytest.mark.parametrize("text", ["8^(w-83605875477036304266254193870)",
                                  "8^(83605875477036304266254193870 w)", "(2x)^(w+10^40)"])
def test_a_huge_constant_in_the_exponent_of_a_number_is_refused(text: str) -> None:
    # 8^(w − N) would become 8^(−N)·8^w: a number of about 0.9 N digits.
    with pytest.raises(ParseError, match="exponent too large"):
        parse(text)


def test_the_nesting_depth_counts_calls_roots_symbolic_powers_and_their_powers() -> None:
    s, w = sympy.symbols("s w")
    assert nonlinear_depth(s**2 + 3 * s) == 0
    assert nonlinear_depth(sympy.tanh(2 * sympy.tanh(s))) == 2
    assert nonlinear_depth(1 - sympy.tanh(s) ** 2) == 2  # θ'(s): tanh, then its square
    assert nonlinear_depth(sympy.sqrt(s)) == 1
    assert nonlinear_depth(s ** (s**s)) == 2
    assert nonlinear_depth(sympy.exp(w) * sympy.log(s)) == 1


@pytest.mark.parametrize(("text", "by_hand"), [
    (_nested("tanh", 6, "x"), None),
    (_nested("θ'", 3, "x"), None),
    ("x^x^x^x", None),
    ("8^(w-836)", sympy.log(8) * 8 ** (sympy.Symbol("w") - 836)),
])  # fmt: skip
def test_what_is_within_the_model_is_derived(text: str, by_hand: sympy.Expr | None) -> None:
    derivation = derive(text)
    assert derivation.result.free_symbols == derivation.expr.free_symbols
    if by_hand is not None:
        assert sympy.simplify(derivation.result - by_hand) == 0


def test_zero_to_the_x_is_refused_clearly_not_reported_as_a_bug() -> None:
    # 0^x is 0 for x > 0 and undefined for x < 0: its derivative has no finite value anywhere
    # chainrule can show (SymPy: 0**x*log(0)).
    with pytest.raises(ConfigError, match="no finite value"):
        derive("0^x")


def test_a_deadline_stops_work_that_runs_too_long_and_restores_the_handler() -> None:
    before = signal.getsignal(signal.SIGPROF)
    start = time.process_time()
    message = r"too large to spin: stopped after 0\.2 s"
    with pytest.raises(TooLargeError, match=message), deadline(0.2, "to spin"):
        while True:
            pass
    assert time.process_time() - start < 2
    assert signal.getsignal(signal.SIGPROF) == before


def test_nested_deadlines_keep_the_earliest() -> None:
    with pytest.raises(TooLargeError, match="outer"), deadline(0.2, "outer"), \
            deadline(30, "inner"):
        while True:
            pass


def test_a_swallowed_deadline_fires_again() -> None:
    swallowed = 0
    with pytest.raises(TooLargeError), deadline(0.1, "to spin"):
        while True:
            try:
                while True:
                    pass
            except TooLargeError:  # as library code catching Exception would
                swallowed += 1
                if swallowed > 3:
                    raise
    assert swallowed == 4


def test_a_deadline_that_is_not_reached_leaves_no_signal_behind() -> None:
    with deadline(0.05, "to wait"):
        value = derive("x^2").result
    time.sleep(0.01)
    for _ in range(200_000):  # CPU time past the deadline: nothing may fire now
        pass
    assert value == 2 * x


_CHILD_SCRIPT = textwrap.dedent("""
    import sys, time
    from chainrule.check import confirm
    def spin():
        while True:
            pass
    print("start", flush=True)
    confirm.bounded(spin, limit=60)
""")


@pytest.mark.skipif(sys.platform != "linux", reason="confirmation children exist on Linux only")
def test_the_confirmation_child_dies_with_its_parent_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    parent = subprocess.Popen([sys.executable, "-c", _CHILD_SCRIPT], env=env,
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline().strip() == "start"
    children = Path(f"/proc/{parent.pid}/task/{parent.pid}/children")
    for _ in range(100):
        pids = children.read_text().split()
        if pids:
            break
        time.sleep(0.05)
    assert pids, "the confirmation child did not start"
    parent.send_signal(signal.SIGTERM)
    parent.wait(10)
    child = int(pids[0])
    for _ in range(100):
        if not _alive(child):
            break
        time.sleep(0.02)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_derive_refuses_the_reproducers_through_the_cli_with_exit_2() -> None:
    from typer.testing import CliRunner

    from chainrule.cli import app

    runner = CliRunner()
    for text in ("0^x", "x^x^x^x^x^x^x^x^x^x", "8^(w-83605875477036304266254193870)",
                 _nested("θ'", 6), _nested("tanh", 10)):
        result = runner.invoke(app, ["derive", text])
        assert result.exit_code == 2, (text, result.output)
        assert "error:" in result.output and "Traceback" not in result.output
    assert "3 a bug in chainrule" in " ".join(runner.invoke(app, ["derive", "--help"])
                                             .output.split())
