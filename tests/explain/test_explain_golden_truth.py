"""The golden files hold true numbers: each is checked against a hand computation of
Mitchell's 2-2-2 sigmoid network (seed 002, E = ½ Σ (t − o)², δ = −∂E/∂net), written here in
a few lines of NumPy from the textbook formulas; and the golden test's update mode fails."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

GOLDEN = Path(__file__).with_name("golden")
SUFFIXES = ("txt", "md", "tex", "html")


def _hand() -> dict[str, float]:
    """Every value the explanation of ∂E/∂w₅₃ uses; units 1-2 in, 3-4 hidden, 5-6 out."""
    x, t = np.array([0.05, 0.10]), np.array([0.01, 0.99])
    w31, w41, w32, w42 = 0.15, 0.25, 0.20, 0.30  # w_ji: into unit j from unit i
    w53, w63, w54, w64 = 0.40, 0.50, 0.45, 0.55
    sigma = lambda s: 1 / (1 + np.exp(-s))  # noqa: E731 - a formula, written as one
    net3, net4 = w31 * x[0] + w32 * x[1], w41 * x[0] + w42 * x[1]
    o3, o4 = sigma(net3), sigma(net4)
    net5, net6 = w53 * o3 + w54 * o4, w63 * o3 + w64 * o4
    o5, o6 = sigma(net5), sigma(net6)
    error = ((t[0] - o5) ** 2 + (t[1] - o6) ** 2) / 2
    delta5 = (t[0] - o5) * o5 * (1 - o5)  # Mitchell's δ = −∂E/∂net
    return {"x1": x[0], "x2": x[1], "t5": t[0], "t6": t[1], "net3": net3, "net4": net4,
            "o3": o3, "o4": o4, "net5": net5, "net6": net6, "o5": o5, "o6": o6, "E": error,
            "dE/do5": o5 - t[0], "do5/dnet5": o5 * (1 - o5), "delta5": delta5,
            "dE/dw53": -delta5 * o3}


def _shown(value: float) -> str:
    return f"{value:.6g}"


def test_the_hand_computation_is_the_published_one() -> None:
    """The well-known numbers of this example, as published with it (to the digits given)."""
    hand = _hand()
    assert round(hand["net3"], 4) == 0.0275 and round(hand["o3"], 6) == 0.506875
    assert round(hand["o5"], 6) == 0.606478 and round(hand["E"], 5) == 0.24252


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_hand_value_is_in_the_golden_file(suffix: str) -> None:
    text = (GOLDEN / f"mitchell_w53.{suffix}").read_text(encoding="utf-8")
    # a minus is "−" in text and MathML, "-" in LaTeX; in MathML it is an operator of its own
    text = re.sub(r"−(</mo><mn>)?", "-", text)
    missing = [name for name, value in _hand().items() if _shown(value) not in text]
    assert not missing, f"mitchell_w53.{suffix} lacks the true value of {missing}"


DECIMAL = re.compile(r"(?<![\w.])[−-]?\d+\.\d+(?:e[+−-]?\d+)?")


def test_every_decimal_of_the_text_golden_is_a_hand_value() -> None:
    """No decimal in the derivation that the hand computation does not give (or minus it);
    the only others are the check's finite-difference step and its measured error."""
    allowed = {_shown(v) for v in _hand().values()} | {_shown(-v) for v in _hand().values()}
    text = (GOLDEN / "mitchell_w53.txt").read_text(encoding="utf-8")
    body, check = text.split("## The check")
    found = [d.replace("−", "-") for d in DECIMAL.findall(body)]
    assert len(found) > 25
    assert [d for d in found if d not in allowed] == []
    check_numbers = [d.replace("−", "-") for d in DECIMAL.findall(check)]
    assert check_numbers[:3] == [_shown(_hand()["dE/dw53"])] * 3  # chain, backprop, FD


def test_update_mode_writes_and_then_fails(tmp_path) -> None:
    """CHAINRULE_UPDATE_GOLDEN rewrites the golden files and fails the run, saying so."""
    copy = tmp_path / "explain"
    copy.mkdir()
    (copy / "golden").mkdir()
    for suffix in SUFFIXES:
        name = f"mitchell_w53.{suffix}"
        (copy / "golden" / name).write_text("stale", encoding="utf-8")
    (copy / "test_explain_render.py").write_text(
        (Path(__file__).with_name("test_explain_render.py")).read_text(encoding="utf-8"))
    env = {**os.environ, "CHAINRULE_UPDATE_GOLDEN": "1"}
    env.pop("CI", None)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-k", "golden_output", str(copy / "test_explain_render.py")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0, run.stdout
    assert "4 failed" in run.stdout
    assert "CHAINRULE_UPDATE_GOLDEN is set: wrote mitchell_w53.txt (changed)" in run.stdout
    for suffix in SUFFIXES:  # written: now equal to the real golden files
        assert (copy / "golden" / f"mitchell_w53.{suffix}").read_text(encoding="utf-8") == \
            (GOLDEN / f"mitchell_w53.{suffix}").read_text(encoding="utf-8")
