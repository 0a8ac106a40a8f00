r"""Mitchell's hidden-unit δ (Machine Learning, ch. 4, Table 4.2):
δ_h = o_h(1 − o_h) Σ_{k ∈ outputs} w_kh δ_k, and its general form over Downstream(h)
(eq. 4.20). The set is found in the network and echoed; a set that is not the units above the
claim's unit is refused, never read as them.
"""

from __future__ import annotations

import pytest

from chainrule.calculus import read_formula
from chainrule.calculus.printing import to_latex
from chainrule.check import check
from chainrule.errors import ConfigError, ParseError

TABLE_4_2 = r"\delta_h = o_h(1 - o_h) \sum_{k \in outputs} w_{kh} \delta_k"


def test_mitchells_hidden_delta_over_the_outputs_is_correct_and_names_them() -> None:
    # The mitchell example is 2 → 2 → 2 with units numbered through the net: outputs 5, 6.
    result = check(TABLE_4_2, example="mitchell")
    assert result.correct
    assert "k runs over the output units 5, 6" in result.reading


@pytest.mark.parametrize("claim", [
    r"\delta_h = o_h(1 - o_h) \sum_{k \in Downstream(h)} w_{kh} \delta_k",
    r"\delta_3 = o_3(1 - o_3) \sum_{k \in outputs} w_{k3} \delta_k",
    "δ_h = o_h(1 − o_h) Σ_{k∈outputs} w_{kh} δ_k",
])
def test_the_other_ways_to_write_it_are_correct(claim: str) -> None:
    assert check(claim, example="mitchell").correct


@pytest.mark.parametrize("claim", [
    r"\delta_h = \sum_{k \in outputs} w_{kh} \delta_k",  # o_h(1 − o_h) left out
    r"\delta_h = o_h(1 - o_h) \sum_{k \in outputs} w_{hk} \delta_k",  # the weight's indices
])
def test_a_wrong_hidden_delta_over_the_outputs_is_incorrect(claim: str) -> None:
    assert not check(claim, example="mitchell").correct


def test_outputs_in_a_deeper_network_is_refused_not_read_as_the_layer_above() -> None:
    # Nielsen's example has two hidden layers: a general hidden unit's sum is over the layer
    # above it, which is not the output layer for the first hidden layer.
    with pytest.raises(ConfigError, match="Downstream"):
        check(TABLE_4_2, example="nielsen", notation="mitchell")


def test_downstream_of_another_unit_is_refused() -> None:
    with pytest.raises(ConfigError, match="Downstream"):
        check(r"\delta_h = o_h(1 - o_h) \sum_{k \in Downstream(j)} w_{kh} \delta_k",
              example="mitchell")


@pytest.mark.parametrize(("text", "fragment"), [
    (r"\sum_{k \in hidden} x_k", "over the network's units"),
    (r"\sum_{k \in outputs}^{3} x_k", "no upper limit"),
    (r"\sum_{k \in Downstream} x_k", "Downstream(h)"),
    (r"x \in y", "unexpected"),
])
def test_a_set_that_is_not_read_is_an_error_at_its_position(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment.replace("(", r"\(").replace(")", r"\)")) as e:
        read_formula(text)
    assert e.value.position is not None


def test_a_named_set_is_printed_back_as_written() -> None:
    reading = read_formula(r"\sum_{k \in Downstream(h)} w_{kh} \delta_k")
    assert "\\in \\mathrm{downstream}(h)" in to_latex(reading.expr)


def test_a_named_set_in_the_free_form_is_refused() -> None:
    with pytest.raises(ParseError, match="claim about a network"):
        check(r"\sum_{k \in outputs} x_k", of="x_1 + x_2", wrt="x_1")
