"""Notations: each preset names the same engine weight its own way, and names parse back."""

from __future__ import annotations

from itertools import pairwise

import pytest

from chainrule.calculus.math_names import MathName
from chainrule.calculus.printing.latex import name_latex
from chainrule.errors import ConfigError
from chainrule.explain.letter_names import read_name
from chainrule.explain.notation import PRESETS, custom_notation
from chainrule.explain.quantity import Quantity, every_quantity, parse_quantity
from chainrule.explain.quantity_names import Namer

WIDTHS = (2, 3, 2)  # input, hidden, output
BIAS = [True, True]


@pytest.mark.parametrize(("preset", "name", "engine"), [
    # engine W2[0, 1]: from hidden unit 1 to output unit 2 (1-based)
    ("lfd", "w_12^(2)", Quantity("weight", 2, 0, 1)),  # w_ij from i to j, layer 0 = input
    ("lfd", "w_12^(L)", Quantity("weight", 2, 0, 1)),
    ("lfd", "w_01^(1)", Quantity("bias", 1, j=0)),  # bias as w_0j with x_0 = 1
    ("nielsen", "w_21^(3)", Quantity("weight", 2, 0, 1)),  # w_jk from k to j, input = layer 1
    ("nielsen", "b_3^(2)", Quantity("bias", 1, j=2)),
    ("mitchell", "w_74", Quantity("weight", 2, 1, 1)),  # units numbered 1..7 through the net
    ("cs231n", "(W_2)_12", Quantity("weight", 2, 0, 1)),  # row vectors: W[i, j] as in code
    ("cs231n", "dz_1^(2)", Quantity("delta", 2, j=0)),  # the formula parser's spelling
    ("cs231n", "(dz_2)_1", Quantity("delta", 2, j=0)),
    ("jhz", "w_21^(2)", Quantity("weight", 2, 0, 1)),  # to-from, weight tag = source layer
    ("lfd", "delta_2^(L)", Quantity("delta", 2, j=1)),
    ("lfd", "δ₂⁽²⁾", Quantity("delta", 2, j=1)),
    ("nielsen", "delta_1^(L-1)", Quantity("delta", 1, j=0)),
    ("lfd", "layer 2", Quantity("layer", 2)),
    ("nielsen", "3", Quantity("layer", 2)),
])
def test_names_parse_to_engine_indices(preset, name, engine):
    names = Namer(PRESETS[preset], WIDTHS)
    assert parse_quantity(name, names, BIAS) == engine


def test_same_weight_written_in_each_notation():
    written = {key: name_latex(Namer(n, WIDTHS).weight(2, 0, 1)) for key, n in PRESETS.items()}
    assert written == {"lfd": "w_{12}^{(L)}", "nielsen": "w_{21}^{(L)}", "mitchell": "w_{73}",
                       "cs231n": "(W_{2})_{12}", "jhz": "w_{21}^{(2)}",
                       "ng": "w_{21}^{[2]}"}


def test_layer_offsets_of_jhz():
    names = Namer(PRESETS["jhz"], (3, 3, 1))
    assert names.pre(2, 0) == MathName("z", "1", "(2)")
    assert names.post(2, 0) == MathName("h", "1", "(3)")
    assert names.post(1, 1) == MathName("h", "2", "(2)")


def test_custom_notation_and_errors():
    notation = custom_notation("loss=J,post=h,pre=z,delta_sign=-1")
    assert (notation.loss, notation.post, notation.pre, notation.delta_sign) == ("J", "h", "z", -1)
    with pytest.raises(ConfigError, match="custom symbol name"):
        custom_notation("colour=red")
    with pytest.raises(ConfigError, match="`layout` must be one of"):
        custom_notation("layout=diagonal")
    with pytest.raises(ConfigError, match="valid names look like"):
        parse_quantity("w_99^(2)", Namer(PRESETS["lfd"], WIDTHS), BIAS)


@pytest.mark.parametrize("preset", sorted(PRESETS))
@pytest.mark.parametrize("widths", [(2, 3, 2), (12, 11, 3), (3, 4, 10, 2)])
def test_every_name_of_every_preset_parses_back(preset, widths):
    """Each weight, bias and δ, named by the notation, reads back as itself; labels of one
    digit are written side by side (w_12), longer ones with a comma (w_12,3)."""
    names = Namer(PRESETS[preset], widths)
    has_bias = [True] * (len(widths) - 1)
    seen = 0
    for name, quantity in every_quantity(names, has_bias):
        assert parse_quantity(name, names, has_bias) == quantity, name
        seen += 1
    weights = sum(a * b for a, b in pairwise(widths))
    assert seen == weights + 2 * sum(widths[1:])


@pytest.mark.parametrize(("field", "written", "expected"), [
    ("pre", r"\mathrm{net}", MathName("net", upright=True)),  # Mitchell
    ("output", r"\hat{y}", MathName("y", accent="hat")),  # CS231n
    ("activation", r"\theta", MathName("θ")),  # LFD
    ("delta", "dz", MathName("dz")),  # CS231n's δ, italic letters
    ("loss", r"\mathrm{e}", MathName("e", upright=True)),  # LFD's loss e, not Euler's number
    ("single_target", "y_{n}", MathName("y", sub="n")),
    ("loss", "C_0", MathName("C", sub="0")),
    ("input", r"\mathbf{x}", MathName("x", bold=True)),
])
def test_a_notation_letter_is_read_once_into_a_name(field, written, expected):
    assert read_name(field, written) == expected


@pytest.mark.parametrize(("symbols", "message"), [
    ("post=x+y", "post=x\\+y: .* not one symbol"),
    (r"pre=\ell", "not a name the formula parser reads"),
    ("post=h_{1}", r"post 'h_\{1\}' takes the quantity's indices"),
])
def test_a_custom_letter_that_is_not_one_name_is_refused_naming_it(symbols, message):
    with pytest.raises(ConfigError, match=message):
        custom_notation(symbols)
