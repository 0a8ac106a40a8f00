"""Free-form gradients of vectors and matrices with declared shapes (``--where 'x: 3'``).

Expected verdicts are matrix-cookbook identities derived by hand: ∂(xᵀx)/∂x = 2x,
∂(xᵀAx)/∂x = (A + Aᵀ)x, ∂‖Wx − y‖²/∂W = 2(Wx − y)xᵀ, ∂‖Wx − y‖²/∂x = 2Wᵀ(Wx − y),
∂(yᵀWx)/∂W = y xᵀ, so ∂(xᵀAy)/∂A = x yᵀ.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from typer.testing import CliRunner

from chainrule.check.vector_check import check_gradient
from chainrule.check.vector_eval import read_shapes
from chainrule.cli import app
from chainrule.errors import ConfigError, ParseError, ShapeError

runner = CliRunner()
LSQ = ["W: 2x3", "x: 3", "y: 2"]


@pytest.mark.parametrize(("claim", "of", "wrt", "shapes"), [
    ("2x", "x^T x", "x", ["x: 3"]),
    ("(A + A^T) x", "x^T A x", "x", ["x: 3", "A: 3x3"]),
    ("A x + A^T x", "x^T A x", "x", ["x: 2", "A: 2x2"]),
    ("2 (Wx - y) x^T", r"\|Wx - y\|^2", "W", LSQ),
    ("2 (W x - y) x^T", "‖W x − y‖^2", "W", LSQ),
    ("2 W^T (W x - y)", "(Wx - y)^T (Wx - y)", "x", LSQ),
    ("y x^T", "y^T W x", "W", LSQ),
    ("W^T", "sum(W x)", "x", ["W: 1x3", "x: 3"]),
    ("x", "x^T x / 2", "x", ["x: 3"]),
    ("exp(x)", "sum(exp(x))", "x", ["x: 2"]),  # ∂(Σ eˣⁱ)/∂xᵢ = eˣⁱ
    ("(1 - tanh(W x)⊙tanh(W x)) x^T", "sum(tanh(W x))", "W", ["W: 2x2", "x: 2"]),
])
def test_cookbook_identities_are_correct(claim: str, of: str, wrt: str,
                                         shapes: list[str]) -> None:
    result = check_gradient(claim, of, wrt, shapes)
    assert result.verdict == "correct", str(result)
    assert result.exit_code == 0
    assert f"laid out with the shape of {wrt}" in str(result)


@pytest.mark.parametrize(("claim", "of", "wrt", "shapes"), [
    ("2 A x", "x^T A x", "x", ["x: 3", "A: 3x3"]),  # A symmetric only: Aᵀ missing
    ("(A + A) x", "x^T A x", "x", ["x: 3", "A: 3x3"]),
    ("(Wx - y) x^T", "‖Wx - y‖^2", "W", LSQ),  # the 2 missing
    ("W^T (W x - y)", "‖Wx - y‖^2", "x", LSQ),
    ("x", "x^T x", "x", ["x: 3"]),
    ("tanh(W x) x^T", "sum(tanh(W x))", "W", ["W: 2x2", "x: 2"]),  # tanh, not tanh′
])
def test_wrong_claims_are_incorrect(claim: str, of: str, wrt: str, shapes: list[str]) -> None:
    result = check_gradient(claim, of, wrt, shapes)
    assert result.verdict == "incorrect", str(result)
    assert result.exit_code == 1


def test_counterexample_numbers_are_the_hand_formula() -> None:
    text = str(check_gradient("(Wx - y) x^T", "‖Wx - y‖^2", "W", LSQ))
    values = dict(re.findall(r"(\w_\d+) = (−?[\d.]+)", text))
    number = {k: float(v.replace("−", "-")) for k, v in values.items()}
    W = np.array([[number[f"W_{i}{j}"] for j in (1, 2, 3)] for i in (1, 2)])
    x = np.array([[number[f"x_{i}"]] for i in (1, 2, 3)])
    y = np.array([[number[f"y_{i}"]] for i in (1, 2)])
    gradient = 2 * (W @ x - y) @ x.T  # the cookbook's gradient
    i, j, claimed, true = re.search(r"entry \((\d), (\d)\) of the claim is (−?[\d.]+), of the "
                                    r"gradient (−?[\d.]+)", text).groups()
    assert float(true.replace("−", "-")) == pytest.approx(gradient[int(i) - 1, int(j) - 1])
    assert float(claimed.replace("−", "-")) == pytest.approx(gradient[int(i) - 1,
                                                                      int(j) - 1] / 2)


def test_transposed_claims_are_named_as_the_transpose() -> None:
    matrix = check_gradient("2 x (Wx - y)^T", "‖Wx - y‖^2", "W", LSQ)
    assert matrix.verdict == "incorrect"
    assert "is the transpose of the gradient: it is 3×2, the gradient 2×3" in str(matrix)
    square = check_gradient("y x^T", "x^T A y", "A", ["x: 3", "y: 3", "A: 3x3"])
    assert square.verdict == "incorrect"
    assert "this is the transpose of the gradient" in str(square)


def test_a_claim_of_the_wrong_shape_is_refused_naming_both_shapes() -> None:
    with pytest.raises(ShapeError, match="is 3×1 but the gradient has the shape of the "
                                         "variable, 2×3"):
        check_gradient("2 W^T (Wx - y)", "‖Wx - y‖^2", "W", LSQ)
    with pytest.raises(ShapeError, match="matrix product of a 2×3 and a 2×1"):
        check_gradient("2 W (Wx - y)", "‖Wx - y‖^2", "x", LSQ)


def test_shapes_are_read_and_bounded() -> None:
    assert read_shapes(["x: 3", "W: 2x3", "B: 4×2"]) == {"x": (3, 1), "W": (2, 3), "B": (4, 2)}
    for item in ("x: 7", "W: 2x0", "x 3", "x: three"):
        with pytest.raises(ConfigError):
            read_shapes([item])


def test_undeclared_names_and_a_vector_function_are_refused() -> None:
    with pytest.raises(ConfigError, match="z has no declared shape"):
        check_gradient("2x", "x^T z", "x", ["x: 3"])
    with pytest.raises(ShapeError, match="--of must be a number"):
        check_gradient("2x", "2x", "x", ["x: 3"])
    with pytest.raises(ParseError, match="not closed"):
        check_gradient("2x", "‖x", "x", ["x: 3"])


def test_cli_exit_codes() -> None:
    base = ["check", "--of", "x^T A x", "--wrt", "x", "--where", "x: 3", "--where", "A: 3x3"]
    assert runner.invoke(app, [*base, "--", "(A + A^T) x"]).exit_code == 0
    assert runner.invoke(app, [*base, "--", "2 A x"]).exit_code == 1
    wrong_shape = runner.invoke(app, [*base, "--", "x^T A"])
    assert wrong_shape.exit_code == 2
    assert "1×3" in wrong_shape.output and "3×1" in wrong_shape.output
    mixed = runner.invoke(app, [*base, "--where", "a=2", "--", "2x"])
    assert mixed.exit_code == 2 and "only shapes" in mixed.output


def test_a_transpose_without_shapes_points_to_declaring_them() -> None:
    result = runner.invoke(app, ["check", "--of", "x^T x", "--wrt", "x", "--", "2x"])
    assert result.exit_code == 2
    assert "declared, --where 'x: 3'" in " ".join(result.output.split())
