"""Where a sum starts matters: Σ from 0 is not Σ from 1 (a lower limit of 0 was once read as 1)."""

from __future__ import annotations

import pytest
import sympy

from chainrule.calculus import derive, parse
from chainrule.errors import ParseError


def test_a_sum_from_zero_keeps_its_zeroth_term() -> None:
    w0, w1, w2, x0, x1, x2 = sympy.symbols("w_0 w_1 w_2 x_0 x_1 x_2")
    assert parse(r"\sum_{k=0}^{2} w_k x_k") == w0 * x0 + w1 * x1 + w2 * x2
    assert derive(r"\sum_{k=0}^{2} w_k x_k", wrt="x_0").result == w0


def test_a_product_from_zero_keeps_its_zeroth_factor() -> None:
    x0, x1, x2 = sympy.symbols("x_0 x_1 x_2")
    assert parse(r"\prod_{k=0}^{2} x_k") == x0 * x1 * x2


def test_a_sum_from_zero_up_to_a_name_is_refused_not_shifted() -> None:
    with pytest.raises(ParseError, match="starts at k = 1"):
        parse(r"\sum_{k=0}^{K} w_k x_k")
