r"""Partial derivatives of names: ``∂A/∂B`` and ``\frac{\partial A}{\partial B}`` are one symbol
standing for the derivative, its parts retrievable; malformed ones are refused with a caret."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from test_calculus_fuzz import _parses_or_refuses

from chainrule.calculus import IndexSum, Limits, expand_sums, parse
from chainrule.calculus.partials import (
    is_partial,
    partial_parts,
    partial_symbol,
    partial_with_index,
)
from chainrule.errors import ParseError

S = sympy.Symbol


@pytest.mark.parametrize("text", [
    r"\frac{\partial e}{\partial w_{12}^{(2)}}",
    r"\dfrac{\partial e}{\partial w_{12}^{(2)}}",
    r"\frac{\partial{e}}{\partial{w_{12}^{(2)}}}",
    r"\partial e/\partial w_{12}^{(2)}",
    r"\partial e / \partial w_{12}^{(2)}",
    "∂e/∂w_12^(2)",
    "∂e/∂w₁₂⁽²⁾",
    r"\frac{\partial \mathrm{e}}{\partial w_{12}^{(2)}}",
    r"\frac{\partial \mathrm{e}(\mathbf{w})}{\partial w_{12}^{(2)}}",  # seed 000: e of w
    r"\frac{\partial \mathrm{e}(\mathrm{w})}{\partial w_{12}^{(2)}}",
    "∂e(w)/∂w_12^(2)",
])
def test_every_spelling_is_the_same_symbol(text: str) -> None:
    value = parse(text)
    assert value == S("de/dw_12^(2)")
    assert partial_parts(value) == (S("e"), S("w_12^(2)"))  # e is a name here, not 2.718…


def test_parts_of_seed_001s_factor_are_retrievable() -> None:
    value = parse(r"\frac{\partial C_0}{\partial a_j^{(L-m)}}")
    assert value.name == "dC_0/da_j^(L-m)"
    assert is_partial(value)
    assert partial_parts(value) == (S("C_0"), S("a_j^(L-m)"))
    assert partial_parts(S("x_1^(L)")) is None and not is_partial(S("x"))


def test_seed_001_literal_recurrence_is_a_sum_of_products_of_partials() -> None:
    text = (r"\sum_i \frac{\partial C_0}{\partial a_i^{(L-m+1)}} "
            r"\frac{\partial a_i^{(L-m+1)}}{\partial z_i^{(L-m+1)}} "
            r"\frac{\partial z_i^{(L-m+1)}}{\partial a_j^{(L-m)}}")
    value = parse(text)
    assert isinstance(value, IndexSum) and value.index == S("i")
    expected = (S("dC_0/da_i^(L-m+1)") * S("da_i^(L-m+1)/dz_i^(L-m+1)")
                * S("dz_i^(L-m+1)/da_j^(L-m)"))
    assert value.body == expected


def test_partials_multiply_with_juxtaposition_and_other_factors() -> None:
    assert parse("∂J/∂h ∂h/∂z ∂z/∂w") == S("dJ/dh") * S("dh/dz") * S("dz/dw")
    assert parse("2 ∂e/∂x (1-x^2)") == 2 * S("de/dx") * (1 - S("x") ** 2)
    assert parse(r"x_i^{(l-1)} \frac{\partial e}{\partial s_j^{(l)}}") == (
        S("x_i^(l-1)") * S("de/ds_j^(l)"))
    assert parse("1/∂e/∂x") == 1 / S("de/dx")  # ∂e/∂x is one primary


def test_partial_with_index_replaces_the_index_in_both_names() -> None:
    factor = S("dz_i^(l+1)/da_j^(l)")
    assert partial_with_index(factor, "i", "2") == S("dz_2^(l+1)/da_j^(l)")
    assert partial_with_index(factor, "j", "3") == S("dz_i^(l+1)/da_3^(l)")
    assert partial_with_index(S("w_ij"), "j", "1") == S("w_i1")  # plain names as before
    # the plain expander does not know partials; callers expand them with partial_with_index
    assert expand_sums(parse("sum_k w_k"), {"k": 2}) == S("w_1") + S("w_2")


def test_partial_symbol_refuses_nested_partials() -> None:
    with pytest.raises(ValueError, match="two plain names"):
        partial_symbol(S("de/dx"), S("y"))
    assert partial_symbol("C_0", "a_j^(L-m)") == S("dC_0/da_j^(L-m)")


@pytest.mark.parametrize(("text", "position", "fragment"), [
    (r"\frac{\partial}{\partial x} x^2", 14, "operator form"),
    ("∂²e/∂x²", 1, "only first partial derivatives"),
    ("∂(x^2)/∂x", 1, "needs a variable name"),
    ("∂e", 2, "expected '/∂'"),
    ("∂e/x", 3, "expected ∂ after '/'"),
    ("∂tanh/∂x", 1, "not the function 'tanh'"),
    ("∂x/∂x", 0, "is 1"),
    (r"\frac{\partial e}{2}", 17, "must be {\\partial B}"),
    ("∂e/∂", 4, "needs a variable name"),
    (r"\partial e/\partial w_{12", 25, "cannot be part of a subscript"),
])
def test_malformed_partials_point_at_the_problem(text: str, position: int, fragment: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    error = caught.value
    assert fragment in error.reason
    assert error.position == position, str(error)
    assert str(error).splitlines()[-1].index("^") == position + 2  # the caret under it


def test_partials_count_towards_the_size_limit() -> None:
    assert parse(" ".join(["∂e/∂x"] * 5), limits=Limits(nodes=20)) == S("de/dx") ** 5
    with pytest.raises(ParseError, match="formula too large"):
        parse(" ".join(["∂e/∂x"] * 12), limits=Limits(nodes=20))


_PIECES = ["∂", "\\partial", "\\frac", "{", "}", "/", "e", "C_0", "w_{12}", "^{(l)}", "^(L)",
           "a_j", "²", "(", ")", "\\sum_i", "x", "2", " ", "=", "∂∂", "\\mathrm{e}", "_"]


@settings(max_examples=800, deadline=1000)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_random_partial_formulas_parse_or_are_refused_without_running_code(text: str) -> None:
    _parses_or_refuses(text)


def test_a_note_of_arguments_stands_only_on_top() -> None:
    """On the bottom, parentheses after the name are a factor: ∂e/∂x (1 - x)."""
    assert parse("∂e/∂x (1-x)") == S("de/dx") * (1 - S("x"))
    with pytest.raises(ParseError, match="only names may stand") as caught:
        parse("∂e(1)/∂x")
    assert caught.value.position == 3
