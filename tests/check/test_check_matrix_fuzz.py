"""Random whole-matrix claims: each gives a result or a ChainruleError, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainrule.check import check_network_claim
from chainrule.errors import ChainruleError

LEFT = {
    "cs231n": ["dW_2", "db_2", "dz_1", "da_1", "db", "dW1"],
    "ng": ["dW^{[2]}", "db^{[1]}", "dZ^{[2]}", "dA1", "dZ2"],
    "nielsen": [r"\delta^{(l)}", r"\delta^L", r"\frac{\partial C}{\partial w^{l}}"],
}
PIECES = [
    "a_1", "dz_2", "W_2", "^T", "ᵀ", ".T", "@", r"\odot ", "⊙", "*", "(", ")", "{", "}",
    "np.sum(", "np.dot(", ", axis=0", ", axis=1", ", keepdims=True", ",", r"\sum_n ", "Σₙ",
    "A^{[1]}", "dZ^{[2]}", "W^{[l+1]T}", r"\delta^{(l+1)}", "z^{(l)}", r"\sigma'(", "g'(",
    "f'(", "1/m", r"\frac{1}{m}", "N", "2", "-", "+", "^2", r"\hat{y}", "y", "Y", "^{[", "]}",
    "q", "_", "^", "'", r"\nabla_a C", "np.power(", "**", ".dot(", ".sum(", ".transpose()",
    r"d\mathbf{W}", r"\mathbf{d}\mathbf{z}",
]  # fmt: skip
NOTATION = {"cs231n": ("cs231n", "cs231n"), "ng": ("cs231n", "ng"),
            "nielsen": ("nielsen", "nielsen")}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LEFT)).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(LEFT[name]),
                           st.lists(st.sampled_from(PIECES), min_size=1, max_size=9))))
def test_random_matrix_claims_give_a_result_or_a_clear_error(case) -> None:
    name, left, pieces = case
    example, notation = NOTATION[name]
    try:
        result = check_network_claim(f"{left} = {' '.join(pieces)}", example=example,
                                     notation=notation)
    except ChainruleError as error:
        assert str(error)
    else:
        assert result.verdict != "incorrect" or result.diagnosis is not None


def test_deep_nesting_big_powers_and_division_by_zero_are_answered() -> None:
    import pytest

    from chainrule.errors import ParseError

    with pytest.raises(ParseError, match="nested too deeply"):
        check_network_claim("dW_2 = " + "(" * 100 + "a_1" + ")" * 100, example="cs231n")
    with pytest.raises(ParseError, match="exponent too large"):
        check_network_claim("dW_2 = a_1^T dz_2^99999", example="cs231n")
    result = check_network_claim("dW_2 = 1/0 a_1^T dz_2", example="cs231n")
    assert not result.correct and "not finite" in result.diagnosis.message
    result = check_network_claim("db_2 = np.sum(dz_2, axis=5)", example="cs231n")
    assert not result.correct and "axes 0 (rows) and 1" in result.diagnosis.message
