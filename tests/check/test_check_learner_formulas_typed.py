"""Learners' network formulas as they typed them, which the checker once refused or misread;
each verdict established by hand from the course's own formula, cited in the test."""

from __future__ import annotations

from typer.testing import CliRunner

from chainrule.cli import app

runner = CliRunner()


def _check(claim: str, *options: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", claim, *options])
    return result.exit_code, result.output


def test_an_equals_sign_in_a_sum_s_limits_is_not_a_second_equation() -> None:
    # Learning From Data's slides: δ_i^(l) = (1 − (x_i^(l))²) Σ_j w_ij^(l+1) δ_j^(l+1) (tanh);
    # the example has one output, so j runs from 1 to 1.
    claim = r"\delta_1^{(1)} = (1-(x_1^{(1)})^2)\sum_{j=1}^{1} w_{1j}^{(2)}\delta_j^{(2)}"
    code, output = _check(claim, "--example", "lfd")
    assert code == 0 and output.splitlines()[-2].startswith("correct:"), output
    no_square = claim.replace(r"(x_1^{(1)})^2", "x_1^{(1)}")  # θ′ of tanh is 1 − x², not 1 − x
    code, output = _check(no_square, "--example", "lfd")
    assert code == 1 and "incorrect:" in output, output
    code, output = _check(r"\delta_1^{(1)} = 1 = 2", "--example", "lfd")
    assert code == 2 and "found 2" in output, output
