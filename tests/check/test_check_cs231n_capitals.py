"""CS231n's code writes a batch's matrices with capitals (``Z = X W + b``, ``A = f(Z)``,
``dZ``, ``dA``; the course's ``dW = Aᵀ dZ``, ``db`` = Σ over the rows): a claim in those names
reads them as the lower-case quantities, echoes the reading, and is checked entry by entry.
The right formulas are the course's own; each wrong one differs from it by a transpose or a
factor, found by hand; the engine's gradients are checked against PyTorch in
test_check_matrix_claims.py."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from chainrule.check import check_network_claim
from chainrule.cli import app

RIGHT = (0, 4)  # correct (proven), or probably correct (every entry agrees, not proven)


@pytest.mark.parametrize("claim", [
    "dW2 = A1.T @ dZ2", "dW_2 = A_1^T dZ_2", "db2 = np.sum(dZ2, axis=0)",
    "dA1 = dZ2 @ W2.T", "dZ1 = dA1 * (1 - A1**2)", "dZ1 = dZ2 @ W2.T * (1 - A1**2)",
    "dW1 = X.T @ dZ1", "dZ2 = (yhat - Y)/N",
])
def test_capital_matrix_names_are_read_and_checked(claim: str) -> None:
    result = CliRunner().invoke(app, ["check", claim, "--example", "cs231n"])
    assert result.exit_code in RIGHT, result.output
    assert "compared entry by entry" in result.output


def test_capitals_are_echoed_as_the_quantities_they_name() -> None:
    result = check_network_claim("dW2 = A1.T @ dZ2", example="cs231n")
    assert result.verdict in ("correct", "probably_correct"), str(result)
    reading = "\n".join(result.reading)
    assert "read A_1 as the outputs of layer 1, 8×500" in reading
    assert "read dZ_2 as ∂L/∂z of layer 2" in reading


@pytest.mark.parametrize(("claim", "said"), [
    ("dW2 = dZ2.T @ A1", "transpose of dW2 (2×500, not 500×2)"),  # (Aᵀ dZ)ᵀ = dZᵀ A
    ("dZ1 = dA1 * (1 - Z1**2)", ""),  # tanh′ at the signal written with Z, not A = tanh(Z)
])
def test_wrong_capital_formulas_are_incorrect(claim: str, said: str) -> None:
    result = check_network_claim(claim, example="cs231n")
    assert result.verdict == "incorrect", str(result)
    assert said in str(result)


def test_capitals_are_still_unknown_where_a_course_writes_no_d_names() -> None:
    """Nielsen writes no dZ: a capital A there is no quantity, refused, never guessed."""
    result = CliRunner().invoke(app, ["check", r"\delta^{(3)} = A^{(3)}", "--example",
                                      "nielsen"])
    assert result.exit_code == 2, result.output
