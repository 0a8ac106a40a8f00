r"""Cases that say nothing at one point: ReLU′ written ``0 & x < 0 \\ 1 & x > 0`` (leapai.top's
ReLU page, a data-science Stack Exchange answer) is right everywhere but at the kink, where no
derivative exists; a gap where the derivative does exist, or over an interval, is never called
correct.
"""

from __future__ import annotations

import pytest

from chainrule.calculus import read_formula
from chainrule.calculus.activations import step
from chainrule.check import check
from chainrule.errors import ParseError

RELU_PRIME_GAP = r"\begin{cases} 0 & x < 0 \\ 1 & x > 0\end{cases}"


@pytest.mark.parametrize("claim", [
    RELU_PRIME_GAP,
    r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
    r"\begin{cases} 0, & \text{if } x < 0 \\ 1, & \text{if } x > 0 \end{cases}",
])
def test_relu_prime_with_the_kink_left_out_is_correct_with_a_note(claim: str) -> None:
    result = check(claim, of=r"\max(0, x)", wrt="x")
    assert result.correct
    note = next(line for line in result.reading if "undefined" in line)
    assert "x = 0" in note and "ReLU′(0) = 0" in note


def test_the_gap_reads_as_zero_like_the_engines_relu_prime() -> None:
    reading = read_formula(RELU_PRIME_GAP)
    x = next(iter(reading.expr.free_symbols))
    assert reading.expr.subs(x, 0) == 0  # PyTorch: relu'(0) = 0
    assert reading.expr.subs(x, 2) == 1 and reading.expr.subs(x, -2) == 0
    assert reading.expr == step(x)


def test_a_gap_at_a_kink_of_relu_of_a_product() -> None:
    # d/dw relu(w x) = x [w x > 0]: the cases jump from x to 0 where w x = 0 (by hand).
    result = check(r"\begin{cases} x & w x > 0 \\ 0 & w x < 0 \end{cases}", of="relu(w x)", wrt="w")
    assert result.correct


@pytest.mark.parametrize(
    ("claim", "of"),
    [
        (r"\begin{cases} 2x & x < 0 \\ 2x & x > 0 \end{cases}", "x^2"),  # d/dx x² exists at 0
        (r"\begin{cases} 1 & x > 0 \\ 1 & x < 0 \end{cases}", "x"),
        (r"\begin{cases} 2x & x < -1 \\ 2x & x > 1 \end{cases}", "x^2"),  # a gap of width 2
        (r"\begin{cases} 0 & x < -1 \\ 1 & x > 0 \end{cases}", r"\max(0, x)"),
    ],
)
def test_a_gap_where_the_derivative_exists_is_never_correct(claim: str, of: str) -> None:
    try:
        result = check(claim, of=of, wrt="x")
    except ParseError as error:
        assert "undefined" in str(error) or "opposite" in str(error)
    else:
        assert not result.correct


def test_a_wrong_claim_with_a_gap_at_the_kink_is_incorrect() -> None:
    # relu'(x) is 1 for x > 0, not 2.
    assert not check(r"\begin{cases} 0 & x < 0 \\ 2 & x > 0 \end{cases}", of="relu(x)",
                     wrt="x").correct  # fmt: skip
